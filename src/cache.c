/*
 * cache.c
 *	  Per-backend caches of the reference tables, and hcpcs_is_active().
 *
 * A function such as hcpcs_is_active() is called once per claim line; an
 * index probe per call would make it slower than the join a user writes by
 * hand.  So each backend keeps the data it needs in memory, built once from
 * the tables and reused by every query until the catalog changes.
 *
 * Correctness under concurrent loads: every change to a reference table
 * bumps hcpcs_catalog_state.version (statement triggers, same transaction).
 * The first call of a function in a query reads that version under the
 * query's snapshot; if the cache was built from another version it is built
 * again, from the tables, under the same snapshot.  A query therefore sees
 * exactly the release that was committed when it started, never a mix, and
 * a session sees a new release in its next statement, prepared or not.
 *
 * Lifetime: a query holds a reference to the cache it started with (its
 * FmgrInfo's fn_extra), released by a callback on the function's memory
 * context, so a cache replaced while an open cursor still uses it is freed
 * only when that cursor ends.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "funcapi.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "cache.h"
#include "hcpcs.h"
#include "ptp.h"

/*
 * The schema the extension lives in, quoted: that of the calling function,
 * since every function of the extension is in its schema.  Queries name
 * their tables with it, never through search_path.
 */
char *
hcpcs_schema_name(FunctionCallInfo fcinfo)
{
	return pstrdup(quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid))));
}

/*
 * SPI for the extension's own queries.  They name the extension's tables
 * with their schema, and run with search_path set to pg_catalog (as core's
 * foreign-key triggers do), so that no operator or function in them can
 * resolve to an object a user put earlier on the caller's search_path.
 * Returns the GUC nest level to pass to hcpcs_spi_end.
 */
int
hcpcs_spi_begin(void)
{
	int			nestlevel;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "hcpcs: SPI_connect failed");
	nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nestlevel;
}

void
hcpcs_spi_end(int nestlevel)
{
	AtEOXact_GUC(true, nestlevel);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "hcpcs: SPI_finish failed");
}

/* Run a query through SPI that returns one bigint; caller is connected */
static int64
spi_bigint(const char *sql)
{
	bool		isnull;
	Datum		d;

	if (SPI_execute(sql, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "hcpcs: query failed: %s", sql);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt64(d);
}

int64
hcpcs_catalog_version(const char *schema)
{
	return spi_bigint(psprintf("SELECT version FROM %s.hcpcs_catalog_state",
							   schema));
}

static void
cache_release(void *arg)
{
	HcpcsCache *cache = (HcpcsCache *) arg;

	Assert(cache->refcount > 0);
	if (--cache->refcount == 0 && cache->stale)
		MemoryContextDelete(cache->cxt);
}

/*
 * The cache a query should use: the one in fn_extra if this query already
 * chose one, else the slot's current cache if it matches the catalog
 * version under this query's snapshot, else a new one from build().
 */
void *
hcpcs_cache_acquire(FunctionCallInfo fcinfo, HcpcsCacheSlot *slot)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	HcpcsCache *cache;
	MemoryContextCallback *cb;
	int64		version;
	char	   *schema;
	int			spi;

	if (flinfo->fn_extra != NULL)
		return flinfo->fn_extra;

	schema = hcpcs_schema_name(fcinfo);
	spi = hcpcs_spi_begin();
	version = hcpcs_catalog_version(schema);
	cache = slot->current;
	if (cache == NULL || cache->version != version)
	{
		MemoryContext cxt = AllocSetContextCreate(TopMemoryContext,
												  "hcpcs cache",
												  ALLOCSET_DEFAULT_SIZES);
		HcpcsCache *fresh;

		MemoryContextSetIdentifier(cxt, slot->name);
		PG_TRY();
		{
			fresh = slot->build(cxt, schema,
								get_func_namespace(fcinfo->flinfo->fn_oid));
		}
		PG_CATCH();
		{
			MemoryContextDelete(cxt);
			PG_RE_THROW();
		}
		PG_END_TRY();
		fresh->cxt = cxt;
		fresh->version = version;
		fresh->refcount = 0;
		fresh->stale = false;

		if (cache != NULL)
		{
			if (cache->refcount == 0)
				MemoryContextDelete(cache->cxt);
			else
				cache->stale = true;
		}
		slot->current = cache = fresh;
		slot->builds++;
		slot->detail[0] = '\0';
	}
	hcpcs_spi_end(spi);

	cache->refcount++;
	cb = MemoryContextAlloc(flinfo->fn_mcxt, sizeof(MemoryContextCallback));
	cb->func = cache_release;
	cb->arg = cache;
	MemoryContextRegisterResetCallback(flinfo->fn_mcxt, cb);
	flinfo->fn_extra = cache;
	return cache;
}

/*
 * hcpcs_bump_version(): statement trigger on every reference table.  The
 * version moves at most once per transaction: later statements of the same
 * transaction (a loader inserts row by row) find it moved already, at the
 * cost of a flag test.  The flag follows subtransactions: if the one that
 * bumped is rolled back, so is the bump, and the next statement bumps again.
 */
static TransactionId bumped_xid = InvalidTransactionId;
static SubTransactionId bumped_subxid = InvalidSubTransactionId;
static bool callbacks_registered = false;

static void
bump_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					  SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB && mySubid == bumped_subxid)
		bumped_xid = InvalidTransactionId;
	else if (event == SUBXACT_EVENT_COMMIT_SUB && mySubid == bumped_subxid)
		bumped_subxid = parentSubid;
}

PG_FUNCTION_INFO_V1(hcpcs_bump_version);
Datum
hcpcs_bump_version(PG_FUNCTION_ARGS)
{
	TransactionId xid = GetTopTransactionId();

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "hcpcs_bump_version: not called as a trigger");
	if (!callbacks_registered)
	{
		RegisterSubXactCallback(bump_subxact_callback, NULL);
		callbacks_registered = true;
	}
	if (bumped_xid != xid)
	{
		char	   *schema = hcpcs_schema_name(fcinfo);
		int			spi = hcpcs_spi_begin();

		if (SPI_execute(psprintf("UPDATE %s.hcpcs_catalog_state SET version = version + 1",
								 schema), false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "hcpcs: could not bump the catalog version");
		hcpcs_spi_end(spi);
		bumped_xid = xid;
		bumped_subxid = GetCurrentSubTransactionId();
	}
	return PointerGetDatum(NULL);
}

/*
 * hcpcs_is_active: the validity of every known code, indexed by the code's
 * dense ordinal, as half-open date intervals [lo, hi).
 */
typedef struct ValidityCache
{
	HcpcsCache	base;
	int32	   *first;			/* per ordinal: index into lo/hi, -1 unknown */
	int16	   *count;			/* per ordinal: number of intervals */
	DateADT    *lo;
	DateADT    *hi;
	int			nintervals;
	int			ncodes;
} ValidityCache;

static HcpcsCache *
build_validity(MemoryContext cxt, const char *schema, Oid nsp)
{
	ValidityCache *vc;
	uint64		i;
	int			n = 0;
	const char *sql;

	sql = psprintf("SELECT v.code, lower(r), upper(r), r IS NULL "
				   "FROM %s.hcpcs_code_validity v "
				   "LEFT JOIN LATERAL unnest(v.validity) r ON true "
				   "ORDER BY v.code, lower(r) NULLS FIRST",
				   schema);
	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "hcpcs: could not read the code validity");

	vc = MemoryContextAllocZero(cxt, sizeof(ValidityCache));
	vc->first = MemoryContextAlloc(cxt, sizeof(int32) * HCPCS_NCODES);
	vc->count = MemoryContextAllocZero(cxt, sizeof(int16) * HCPCS_NCODES);
	memset(vc->first, 0xFF, sizeof(int32) * HCPCS_NCODES);	/* all -1 */
	vc->lo = MemoryContextAlloc(cxt, sizeof(DateADT) * Max(SPI_processed, 1));
	vc->hi = MemoryContextAlloc(cxt, sizeof(DateADT) * Max(SPI_processed, 1));

	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull,
					norange;
		int32		ord = hcpcs_code_ordinal(DatumGetHcpcsCode(SPI_getbinval(tup, desc, 1, &isnull)));
		Datum		d;

		if (vc->first[ord] < 0)
		{
			vc->first[ord] = n;
			vc->ncodes++;
		}
		norange = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		if (norange)
			continue;			/* known code, never in force */
		d = SPI_getbinval(tup, desc, 2, &isnull);
		vc->lo[n] = isnull ? DATEVAL_NOBEGIN : DatumGetDateADT(d);
		d = SPI_getbinval(tup, desc, 3, &isnull);
		vc->hi[n] = isnull ? DATEVAL_NOEND : DatumGetDateADT(d);
		vc->count[ord]++;
		n++;
	}
	vc->nintervals = n;
	return &vc->base;
}

static HcpcsCacheSlot validity_slot = {"hcpcs validity cache", build_validity};

PG_FUNCTION_INFO_V1(hcpcs_is_active);
Datum
hcpcs_is_active(PG_FUNCTION_ARGS)
{
	ValidityCache *vc = hcpcs_cache_acquire(fcinfo, &validity_slot);
	int32		ord = hcpcs_code_ordinal(PG_GETARG_HCPCS_CODE(0));
	DateADT		day = PG_GETARG_DATEADT(1);
	int32		i,
				end;

	if (vc->first[ord] < 0)
		PG_RETURN_NULL();		/* the catalog does not know the code */
	end = vc->first[ord] + vc->count[ord];
	for (i = vc->first[ord]; i < end; i++)
	{
		/* infinite dates compare as their sentinels do */
		if (vc->lo[i] <= day && day < vc->hi[i])
			PG_RETURN_BOOL(true);
	}
	PG_RETURN_BOOL(false);
}


/*
 * hcpcs_cache_stats(): this backend's caches: how often each was built, the
 * catalog version and memory of the current one.
 */
PG_FUNCTION_INFO_V1(hcpcs_cache_stats);
Datum
hcpcs_cache_stats(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HcpcsCacheSlot *all_slots[] = {&validity_slot, hcpcs_ptp_cache_slot()};
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < lengthof(all_slots); i++)
	{
		HcpcsCacheSlot *slot = all_slots[i];
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = CStringGetTextDatum(slot->name);
		values[1] = Int64GetDatum(slot->builds);
		if (slot->current)
		{
			values[2] = Int64GetDatum(slot->current->version);
			values[3] = Int64GetDatum(MemoryContextMemAllocated(slot->current->cxt, true));
		}
		else
			nulls[2] = nulls[3] = true;
		values[4] = CStringGetTextDatum(slot->detail);
		nulls[4] = slot->detail[0] == '\0';
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
