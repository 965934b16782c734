/*
 * cache.h
 *	  Per-backend caches of the reference tables (see cache.c).
 */
#ifndef HCPCS_CACHE_H
#define HCPCS_CACHE_H

#include "postgres.h"
#include "fmgr.h"

/* Common head of every cache; the builder fills in what follows it */
typedef struct HcpcsCache
{
	MemoryContext cxt;			/* holds the cache and everything it points to */
	int64		version;		/* hcpcs_catalog_state.version it was built from */
	int			refcount;		/* queries using it */
	bool		stale;			/* replaced: free when refcount drops to 0 */
} HcpcsCache;

/* One kind of cache: its current instance and how to build one */
typedef struct HcpcsCacheSlot
{
	const char *name;
	/* build from the tables (SPI is connected); allocate in cxt */
	HcpcsCache *(*build) (MemoryContext cxt, const char *schema, Oid nsp);
	HcpcsCache *current;
	int64		builds;
	/* how the parts of the current cache were built, for the stats */
	char		detail[128];
} HcpcsCacheSlot;

extern int	hcpcs_spi_begin(void);
extern void hcpcs_spi_end(int nestlevel);
extern void *hcpcs_cache_acquire(FunctionCallInfo fcinfo, HcpcsCacheSlot *slot);
extern int64 hcpcs_catalog_version(const char *schema);
extern char *hcpcs_schema_name(FunctionCallInfo fcinfo);

#endif							/* HCPCS_CACHE_H */
