/*
 * compat.h
 *	  Differences between the PostgreSQL major versions hcpcs builds on.
 *
 * Soft errors: from PostgreSQL 16 an input function can report a bad value
 * to its caller (pg_input_is_valid, COPY ... ON_ERROR) instead of throwing,
 * through fcinfo->context.  Before 16 there is no such context and the
 * error is thrown as usual.
 */
#ifndef HCPCS_COMPAT_H
#define HCPCS_COMPAT_H

#include "postgres.h"
#include "fmgr.h"

#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#define HCPCS_ESCONTEXT(fcinfo)		((fcinfo)->context)
#define HCPCS_ERETURN(ctx, dummy, ...)	ereturn((ctx), (dummy), __VA_ARGS__)
#define HCPCS_SOFT_ERROR_OCCURRED(ctx)	SOFT_ERROR_OCCURRED(ctx)
#else
#define HCPCS_ESCONTEXT(fcinfo)		((Node *) NULL)
#define HCPCS_ERETURN(ctx, dummy, ...) \
	do { \
		(void) (ctx); \
		ereport(ERROR, __VA_ARGS__); \
		return (dummy); \
	} while (0)
#define HCPCS_SOFT_ERROR_OCCURRED(ctx)	false
#endif

/* range_serialize() gained an escontext argument in 16 */
#if PG_VERSION_NUM >= 160000
#define hcpcs_range_serialize(tc, lo, up, empty) \
	range_serialize((tc), (lo), (up), (empty), NULL)
#else
#define hcpcs_range_serialize(tc, lo, up, empty) \
	range_serialize((tc), (lo), (up), (empty))
#endif

#endif							/* HCPCS_COMPAT_H */
