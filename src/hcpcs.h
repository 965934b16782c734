/*
 * hcpcs.h
 *	  Declarations shared by the PostgreSQL glue of the hcpcs extension.
 */
#ifndef HCPCS_H
#define HCPCS_H

#include "postgres.h"
#include "fmgr.h"
#include "nodes/nodes.h"
#include "utils/rangetypes.h"

#include "core/code.h"
#include "core/modifier.h"

/* The SQL types' Datum conversions: hcpcs_code is an int4, by value. */
#define DatumGetHcpcsCode(d)	DatumGetInt32(d)
#define HcpcsCodeGetDatum(v)	Int32GetDatum(v)
#define PG_GETARG_HCPCS_CODE(n) DatumGetHcpcsCode(PG_GETARG_DATUM(n))
#define PG_RETURN_HCPCS_CODE(v) return HcpcsCodeGetDatum(v)

/* hcpcs_modifier is an int2, by value */
#define PG_GETARG_HCPCS_MODIFIER(n) PG_GETARG_INT16(n)
#define PG_RETURN_HCPCS_MODIFIER(v) PG_RETURN_INT16(v)

/* hcpcs_class is an int2, by value */
#define PG_GETARG_HCPCS_CLASS(n) ((int) PG_GETARG_INT16(n))

/* parse options for the database encoding (no-break space as one byte) */
extern unsigned hcpcs_parse_options(void);

/*
 * Parse text of the given length; on failure report the error (soft when
 * escontext allows) and return false.  The one place that turns the core's
 * reasons into messages.
 */
extern bool hcpcs_code_parse_or_report(const char *s, size_t len,
									   int32 *out, Node *escontext);

/* The errdetail and errhint (or NULL) texts of a failed parse */
extern char *hcpcs_code_error_detail(const char *s, size_t len,
									 const HcpcsParseInfo *info);
extern char *hcpcs_code_error_hint(const char *s, const HcpcsParseInfo *info);

/* The same for hcpcs_modifier */
extern bool hcpcs_modifier_parse_or_report(const char *s, size_t len,
										   int16 *out, Node *escontext);
extern char *hcpcs_modifier_error_detail(const char *s, size_t len,
										 const HcpcsModifierInfo *info);
extern char *hcpcs_modifier_error_hint(const char *s,
									   const HcpcsModifierInfo *info);

/* range.c: the codes a range holds, as inclusive bounds */
extern bool hcpcs_range_code_bounds(RangeType *r, bool *has_lo,
									int32 *lo, bool *has_hi, int32 *hi);

#endif							/* HCPCS_H */
