/*
 * range.c
 *	  hcpcs_range support: the canonical function of the discrete range type
 *	  and the code <@ range / range @> code operators that the planner can
 *	  turn into btree index bounds (planner.c).
 */
#include "postgres.h"

#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "compat.h"
#include "hcpcs.h"

/*
 * Canonical form: inclusive lower bound, exclusive upper bound, both valid
 * codes, like core's discrete ranges.  The successor is the next *valid*
 * code, so [00100,99999] becomes [00100,0000A).  The last code of all,
 * V9999, has no successor: an inclusive upper bound there stays inclusive.
 */
PG_FUNCTION_INFO_V1(hcpcs_range_canonical);
Datum
hcpcs_range_canonical(PG_FUNCTION_ARGS)
{
	RangeType  *r = PG_GETARG_RANGE_P(0);
	TypeCacheEntry *typcache;
	RangeBound	lower,
				upper;
	bool		empty;
	int32		next;

	typcache = range_get_typcache(fcinfo, RangeTypeGetOid(r));
	range_deserialize(typcache, r, &lower, &upper, &empty);
	if (empty)
		PG_RETURN_RANGE_P(r);

	if (!lower.infinite && !lower.inclusive)
	{
		if (hcpcs_code_next(DatumGetHcpcsCode(lower.val), &next))
		{
			lower.val = HcpcsCodeGetDatum(next);
			lower.inclusive = true;
		}
		else
		{
			/* (V9999, ...) holds nothing */
			PG_RETURN_RANGE_P(make_empty_range(typcache));
		}
	}
	if (!upper.infinite && upper.inclusive &&
		hcpcs_code_next(DatumGetHcpcsCode(upper.val), &next))
	{
		upper.val = HcpcsCodeGetDatum(next);
		upper.inclusive = false;
	}
	PG_RETURN_RANGE_P(hcpcs_range_serialize(typcache, &lower, &upper, false));
}

/*
 * The codes a range holds, as inclusive bounds (an unbounded side has
 * *has_lo or *has_hi false).  Returns false when the range holds no code.
 * Used by the planner support and the GiST opclass, so that both read a
 * range the way the canonical function writes it.
 */
bool
hcpcs_range_code_bounds(RangeType *r, bool *has_lo, int32 *lo,
						bool *has_hi, int32 *hi)
{
	TypeCacheEntry *typcache;
	RangeBound	lower,
				upper;
	bool		empty;

	typcache = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	range_deserialize(typcache, r, &lower, &upper, &empty);
	if (empty)
		return false;
	*has_lo = !lower.infinite;
	if (*has_lo)
	{
		*lo = DatumGetHcpcsCode(lower.val);
		if (!lower.inclusive && !hcpcs_code_next(*lo, lo))
			return false;
	}
	*has_hi = !upper.infinite;
	if (*has_hi)
	{
		*hi = DatumGetHcpcsCode(upper.val);
		if (!upper.inclusive && !hcpcs_code_prev(*hi, hi))
			return false;
	}
	return !(*has_lo && *has_hi && *lo > *hi);
}

static bool
code_in_range(FunctionCallInfo fcinfo, RangeType *r, int32 code)
{
	TypeCacheEntry *typcache = range_get_typcache(fcinfo, RangeTypeGetOid(r));

	return range_contains_elem_internal(typcache, r, HcpcsCodeGetDatum(code));
}

/* code <@ range */
PG_FUNCTION_INFO_V1(hcpcs_code_contained_by);
Datum
hcpcs_code_contained_by(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(code_in_range(fcinfo, PG_GETARG_RANGE_P(1),
								 PG_GETARG_HCPCS_CODE(0)));
}

/* range @> code */
PG_FUNCTION_INFO_V1(hcpcs_range_contains_code);
Datum
hcpcs_range_contains_code(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(code_in_range(fcinfo, PG_GETARG_RANGE_P(0),
								 PG_GETARG_HCPCS_CODE(1)));
}

/*
 * First and last code a range holds; the first and last valid codes for an
 * unbounded side; NULL for a range that holds no code.  The planner uses
 * them as index bounds when the range is not a constant (planner.c).
 */
PG_FUNCTION_INFO_V1(hcpcs_range_first);
Datum
hcpcs_range_first(PG_FUNCTION_ARGS)
{
	bool		has_lo,
				has_hi;
	int32		lo = HCPCS_CODE_MIN,
				hi;

	if (!hcpcs_range_code_bounds(PG_GETARG_RANGE_P(0), &has_lo, &lo, &has_hi, &hi))
		PG_RETURN_NULL();
	PG_RETURN_HCPCS_CODE(has_lo ? lo : hcpcs_code_from_ordinal(0));
}

PG_FUNCTION_INFO_V1(hcpcs_range_last);
Datum
hcpcs_range_last(PG_FUNCTION_ARGS)
{
	bool		has_lo,
				has_hi;
	int32		lo,
				hi = HCPCS_CODE_MAX;

	if (!hcpcs_range_code_bounds(PG_GETARG_RANGE_P(0), &has_lo, &lo, &has_hi, &hi))
		PG_RETURN_NULL();
	PG_RETURN_HCPCS_CODE(has_hi ? hi : hcpcs_code_from_ordinal(HCPCS_NCODES - 1));
}
