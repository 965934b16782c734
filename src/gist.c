/*
 * gist.c
 *	  GiST operator class for hcpcs_code, so that users can write
 *	  EXCLUDE USING gist (code WITH =, valid WITH &&) without btree_gist,
 *	  and search a GiST index by comparison, class (@@) or range (<@).
 *
 * An index key is the inclusive interval [lo, hi] of encoded codes below a
 * node, packed into one int8 (lo in the high 32 bits, hi in the low 32 bits;
 * both are non-negative, so int8 order is lo-then-hi order).  A leaf key is
 * [code, code].
 */
#include "postgres.h"

#include "access/gist.h"
#include "access/stratnum.h"
#include "utils/rangetypes.h"
#include "utils/sortsupport.h"

#include "hcpcs.h"
#include "core/classify.h"

/* Strategy numbers beyond btree's, as in hcpcs--1.0.sql */
#define HCPCS_GIST_NE			6	/* <> (btree_gist's number) */
#define HCPCS_GIST_CLASS		20	/* code @@ class */
#define HCPCS_GIST_RANGE		21	/* code <@ range */

#define KEY(lo, hi)		((int64) (((uint64) (uint32) (lo) << 32) | (uint32) (hi)))
#define KEY_LO(k)		((int32) ((uint64) (k) >> 32))
#define KEY_HI(k)		((int32) ((uint64) (k) & 0xFFFFFFFF))

PG_FUNCTION_INFO_V1(hcpcs_gist_compress);
Datum
hcpcs_gist_compress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *retval;
	int32		code;

	if (!entry->leafkey)
		PG_RETURN_POINTER(entry);
	code = DatumGetHcpcsCode(entry->key);
	retval = palloc(sizeof(GISTENTRY));
	gistentryinit(*retval, Int64GetDatum(KEY(code, code)),
				  entry->rel, entry->page, entry->offset, false);
	PG_RETURN_POINTER(retval);
}

/* For index-only scans: a leaf key back into the code */
PG_FUNCTION_INFO_V1(hcpcs_gist_fetch);
Datum
hcpcs_gist_fetch(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *retval = palloc(sizeof(GISTENTRY));

	gistentryinit(*retval, HcpcsCodeGetDatum(KEY_LO(DatumGetInt64(entry->key))),
				  entry->rel, entry->page, entry->offset, false);
	PG_RETURN_POINTER(retval);
}

/* Does [lo, hi] meet [qlo, qhi]? */
static inline bool
overlaps(int32 lo, int32 hi, int32 qlo, int32 qhi)
{
	return lo <= qhi && qlo <= hi;
}

PG_FUNCTION_INFO_V1(hcpcs_gist_consistent);
Datum
hcpcs_gist_consistent(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	int64		key = DatumGetInt64(entry->key);
	int32		lo = KEY_LO(key),
				hi = KEY_HI(key);
	int32		q;

	*recheck = false;
	switch (strategy)
	{
		case BTLessStrategyNumber:
			q = PG_GETARG_INT32(1);
			PG_RETURN_BOOL(lo < q);
		case BTLessEqualStrategyNumber:
			q = PG_GETARG_INT32(1);
			PG_RETURN_BOOL(lo <= q);
		case BTEqualStrategyNumber:
			q = PG_GETARG_INT32(1);
			PG_RETURN_BOOL(lo <= q && q <= hi);
		case BTGreaterEqualStrategyNumber:
			q = PG_GETARG_INT32(1);
			PG_RETURN_BOOL(hi >= q);
		case BTGreaterStrategyNumber:
			q = PG_GETARG_INT32(1);
			PG_RETURN_BOOL(hi > q);
		case HCPCS_GIST_NE:
			q = PG_GETARG_INT32(1);
			PG_RETURN_BOOL(!(lo == q && hi == q));
		case HCPCS_GIST_CLASS:
			{
				HcpcsRun	runs[HCPCS_MAX_RUNS];
				int			n = hcpcs_class_runs(PG_GETARG_INT16(1), runs);
				int			i;

				for (i = 0; i < n; i++)
					if (overlaps(lo, hi, runs[i].lo, runs[i].hi))
						PG_RETURN_BOOL(true);
				PG_RETURN_BOOL(false);
			}
		case HCPCS_GIST_RANGE:
			{
				bool		has_lo,
							has_hi;
				int32		qlo = 0,
							qhi = 0;

				if (!hcpcs_range_code_bounds(PG_GETARG_RANGE_P(1),
											 &has_lo, &qlo, &has_hi, &qhi))
					PG_RETURN_BOOL(false);
				PG_RETURN_BOOL(overlaps(lo, hi,
										has_lo ? qlo : PG_INT32_MIN,
										has_hi ? qhi : PG_INT32_MAX));
			}
		default:
			elog(ERROR, "unrecognized strategy number: %d", strategy);
	}
	PG_RETURN_BOOL(false);		/* not reached */
}

PG_FUNCTION_INFO_V1(hcpcs_gist_union);
Datum
hcpcs_gist_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	int32		lo = PG_INT32_MAX,
				hi = PG_INT32_MIN;
	int			i;

	for (i = 0; i < entryvec->n; i++)
	{
		int64		k = DatumGetInt64(entryvec->vector[i].key);

		lo = Min(lo, KEY_LO(k));
		hi = Max(hi, KEY_HI(k));
	}
	*size = sizeof(int64);
	PG_RETURN_INT64(KEY(lo, hi));
}

/* How much the interval grows, in codes (ordinals: reserved slots are free) */
PG_FUNCTION_INFO_V1(hcpcs_gist_penalty);
Datum
hcpcs_gist_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *origentry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *newentry = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);
	int64		o = DatumGetInt64(origentry->key);
	int64		n = DatumGetInt64(newentry->key);
	int32		olo = hcpcs_code_ordinal(KEY_LO(o)),
				ohi = hcpcs_code_ordinal(KEY_HI(o)),
				nlo = hcpcs_code_ordinal(KEY_LO(n)),
				nhi = hcpcs_code_ordinal(KEY_HI(n));

	*penalty = (float) (Max(0, nhi - ohi) + Max(0, olo - nlo));
	PG_RETURN_POINTER(penalty);
}

typedef struct SplitItem
{
	int64		key;
	OffsetNumber off;
} SplitItem;

static int
split_item_cmp(const void *a, const void *b)
{
	int64		ka = ((const SplitItem *) a)->key;
	int64		kb = ((const SplitItem *) b)->key;

	return (ka > kb) - (ka < kb);
}

/* Sort by interval and cut in the middle, as btree_gist does for scalars */
PG_FUNCTION_INFO_V1(hcpcs_gist_picksplit);
Datum
hcpcs_gist_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	OffsetNumber maxoff = entryvec->n - 1;
	int			nitems = maxoff - FirstOffsetNumber + 1;
	SplitItem  *items = palloc(sizeof(SplitItem) * nitems);
	int32		llo = PG_INT32_MAX,
				lhi = PG_INT32_MIN,
				rlo = PG_INT32_MAX,
				rhi = PG_INT32_MIN;
	int			i;

	for (i = 0; i < nitems; i++)
	{
		items[i].off = FirstOffsetNumber + i;
		items[i].key = DatumGetInt64(entryvec->vector[items[i].off].key);
	}
	qsort(items, nitems, sizeof(SplitItem), split_item_cmp);

	v->spl_left = palloc(sizeof(OffsetNumber) * nitems);
	v->spl_right = palloc(sizeof(OffsetNumber) * nitems);
	v->spl_nleft = v->spl_nright = 0;
	for (i = 0; i < nitems; i++)
	{
		int32		lo = KEY_LO(items[i].key),
					hi = KEY_HI(items[i].key);

		if (i < nitems / 2)
		{
			v->spl_left[v->spl_nleft++] = items[i].off;
			llo = Min(llo, lo);
			lhi = Max(lhi, hi);
		}
		else
		{
			v->spl_right[v->spl_nright++] = items[i].off;
			rlo = Min(rlo, lo);
			rhi = Max(rhi, hi);
		}
	}
	v->spl_ldatum = Int64GetDatum(KEY(llo, lhi));
	v->spl_rdatum = Int64GetDatum(KEY(rlo, rhi));
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(hcpcs_gist_same);
Datum
hcpcs_gist_same(PG_FUNCTION_ARGS)
{
	bool	   *result = (bool *) PG_GETARG_POINTER(2);

	*result = PG_GETARG_INT64(0) == PG_GETARG_INT64(1);
	PG_RETURN_POINTER(result);
}

static int
gist_key_cmp(Datum a, Datum b, SortSupport ssup)
{
	int64		ka = DatumGetInt64(a);
	int64		kb = DatumGetInt64(b);

	return (ka > kb) - (ka < kb);
}

/* Sorted GiST build (PostgreSQL 14+): keys in code order */
PG_FUNCTION_INFO_V1(hcpcs_gist_sortsupport);
Datum
hcpcs_gist_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = gist_key_cmp;
	PG_RETURN_VOID();
}
