/*
 * ptp.c
 *	  NCCI PTP checks: hcpcs_ptp_check (one pair) and hcpcs_ptp_claim (every
 *	  pair of lines of a claim), answered from a per-backend cache of the
 *	  edit table.
 *
 * The cache (see cache.c for when it is rebuilt) holds, per catalog
 * version: the current release of each setting, the loaded PTP releases,
 * the modifier policy (65,536 bytes: PTP-associated and anatomic bits),
 * and, built on first use, the edits of each release a query asks for:
 *
 *	 first[ordinal(column1)] .. first[ordinal(column1) + 1]
 *		 the windows of every pair with that Column 1 code, sorted by
 *		 Column 2 code, then effective date; 16 bytes each.
 *
 * A probe is an array index and a binary search among the edits of one
 * Column 1 code (a few hundred at most), so no per-call planning, no
 * allocation and a few cache misses.  The full practitioner table (2.5 M
 * rows) takes about 40 MB per backend; a parallel worker loads its own.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "cache.h"
#include "hcpcs.h"
#include "ptp.h"
#include "core/ptp_rule.h"

const char *const hcpcs_ptp_settings[HCPCS_NSETTINGS] = {
	"practitioner", "hospital", "medicaid_practitioner", "medicaid_hospital",
	"medicaid_dme"
};

int
hcpcs_ptp_setting_parse(const char *name)
{
	int			i;

	for (i = 0; i < HCPCS_NSETTINGS; i++)
		if (strcmp(name, hcpcs_ptp_settings[i]) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown PTP setting \"%s\"", name),
			 errhint("Settings are practitioner, hospital, medicaid_practitioner, medicaid_hospital and medicaid_dme.")));
	return -1;					/* not reached */
}

static HcpcsModifierOn
modifier_on_parse(const char *name)
{
	if (strcmp(name, "either") == 0)
		return HCPCS_MODON_EITHER;
	if (strcmp(name, "column2") == 0)
		return HCPCS_MODON_COLUMN2;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid modifier_on \"%s\"", name),
			 errhint("Use 'either' (a PTP-associated modifier on either line bypasses, as claims systems do) or 'column2' (only on the Column 2 line, as CMS instructs).")));
	return HCPCS_MODON_EITHER;	/* not reached */
}

/* One edit window, as the cache holds it (16 bytes) */
typedef struct PtpEntry
{
	int32		column2;
	int32		effective;		/* DateADT */
	int32		deletion;		/* DateADT, HCPCS_PTP_NO_DELETION if none */
	int8		indicator;
	uint8		pad;
	uint16		rationale;		/* index into PtpRelease.rationales */
} PtpEntry;

typedef struct PtpRelease
{
	int64		release_id;
	int			setting;
	int64		row_count;
	bool		built;
	int32	   *first;			/* HCPCS_NCODES + 1 offsets into entries */
	PtpEntry   *entries;
	int64		nentries;
	char	  **rationales;
	int			nrationales;
} PtpRelease;

typedef struct PtpCache
{
	HcpcsCache	base;
	char	   *schema;
	Oid			nsp;			/* the extension's schema */
	int64		current[HCPCS_NSETTINGS];	/* 0: none loaded */
	PtpRelease *releases;
	int			nreleases;
	uint8	   *policy;			/* 65,536 bytes, HCPCS_MODPOLICY_* */
} PtpCache;

static HcpcsCache *
build_ptp(MemoryContext cxt, const char *schema, Oid nsp)
{
	PtpCache   *pc = MemoryContextAllocZero(cxt, sizeof(PtpCache));
	uint64		i;

	pc->schema = MemoryContextStrdup(cxt, schema);
	pc->nsp = nsp;

	/* the loaded PTP releases and the current one of each setting */
	if (SPI_execute(psprintf("SELECT r.release_id, r.setting, r.row_count, "
							 "c.release_id IS NOT NULL "
							 "FROM %s.hcpcs_releases r "
							 "LEFT JOIN %s.hcpcs_ptp_current c ON c.release_id = r.release_id "
							 "WHERE r.kind = 'ptp' ORDER BY r.release_id",
							 schema, schema), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "hcpcs: could not read the PTP releases");
	pc->nreleases = SPI_processed;
	pc->releases = MemoryContextAllocZero(cxt, sizeof(PtpRelease) * Max(SPI_processed, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		PtpRelease *r = &pc->releases[i];

		r->release_id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		r->setting = hcpcs_ptp_setting_parse(TextDatumGetCString(SPI_getbinval(tup, desc, 2, &isnull)));
		r->row_count = DatumGetInt64(SPI_getbinval(tup, desc, 3, &isnull));
		if (DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull)))
			pc->current[r->setting] = r->release_id;
	}

	/* the modifier policy */
	pc->policy = MemoryContextAllocZero(cxt, 65536);
	if (SPI_execute(psprintf("SELECT modifier::text, ptp_associated, ptp_group = 'anatomic' "
							 "FROM %s.hcpcs_modifiers", schema), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "hcpcs: could not read the modifier policy");
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		char	   *m = TextDatumGetCString(SPI_getbinval(tup, desc, 1, &isnull));
		uint16		v = (uint16) (((unsigned char) m[0] << 8) | (unsigned char) m[1]);
		Datum		anat;

		if (DatumGetBool(SPI_getbinval(tup, desc, 2, &isnull)))
			pc->policy[v] |= HCPCS_MODPOLICY_PTP;
		anat = SPI_getbinval(tup, desc, 3, &isnull);
		if (!isnull && DatumGetBool(anat))
			pc->policy[v] |= HCPCS_MODPOLICY_ANATOMIC;
	}
	return &pc->base;
}

static HcpcsCacheSlot ptp_slot = {"hcpcs PTP edit cache", build_ptp};

HcpcsCacheSlot *
hcpcs_ptp_cache_slot(void)
{
	return &ptp_slot;
}

static uint16
intern_rationale(PtpRelease *r, MemoryContext cxt, const char *s, int len,
				 int *capacity)
{
	int			i;

	/* rows come sorted by code, not rationale: try the last hit first */
	for (i = r->nrationales - 1; i >= 0; i--)
		if (strncmp(r->rationales[i], s, len) == 0 && r->rationales[i][len] == '\0')
			return (uint16) i;
	if (r->nrationales >= PG_UINT16_MAX)
		elog(ERROR, "hcpcs: too many distinct PTP rationales");
	if (r->nrationales == *capacity)
	{
		*capacity *= 2;
		r->rationales = repalloc(r->rationales, sizeof(char *) * *capacity);
	}
	r->rationales[r->nrationales] = MemoryContextStrdup(cxt, pnstrdup(s, len));
	return (uint16) r->nrationales++;
}

/* Order of the windows of one pair: by effective date */
static int
entry_cmp(const void *a, const void *b)
{
	const PtpEntry *x = (const PtpEntry *) a;
	const PtpEntry *y = (const PtpEntry *) b;

	if (x->column2 != y->column2)
		return x->column2 < y->column2 ? -1 : 1;
	return (x->effective > y->effective) - (x->effective < y->effective);
}

/*
 * Build the edit index of one release from the table, under the current
 * snapshot.  A direct scan of the (release_id, column1, column2) index
 * returns the rows in the order the index needs, without SPI's per-row
 * copies: about four times faster than a cursor.
 */
static void
build_from_table(MemoryContext cxt, Oid nsp, PtpRelease *r)
{
	int64		cap = Max(r->row_count, 1024);
	int			rcap = 16;
	int32		prev_ord = -1,
				ord;
	Oid			relid,
				indexid;
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tup;
	TupleDesc	desc;
	int64		i,
				run;
	AttrNumber	att_c1,
				att_c2,
				att_eff,
				att_del,
				att_ind,
				att_rat;

	relid = get_relname_relid("hcpcs_ptp_edits", nsp);
	indexid = get_relname_relid("hcpcs_ptp_edits_pair", nsp);
	if (!OidIsValid(relid) || !OidIsValid(indexid))
		elog(ERROR, "hcpcs: table hcpcs_ptp_edits or its index is missing");
	rel = table_open(relid, AccessShareLock);
	desc = RelationGetDescr(rel);
	att_c1 = get_attnum(relid, "column1");
	att_c2 = get_attnum(relid, "column2");
	att_eff = get_attnum(relid, "effective");
	att_del = get_attnum(relid, "deletion");
	att_ind = get_attnum(relid, "modifier_indicator");
	att_rat = get_attnum(relid, "rationale");

	r->first = MemoryContextAlloc(cxt, sizeof(int32) * (HCPCS_NCODES + 1));
	r->entries = MemoryContextAllocHuge(cxt, sizeof(PtpEntry) * cap);
	r->rationales = MemoryContextAlloc(cxt, sizeof(char *) * rcap);

	/* (systable_beginscan maps heap attribute numbers to index columns) */
	ScanKeyInit(&key, get_attnum(relid, "release_id"), BTEqualStrategyNumber, F_INT8EQ,
				Int64GetDatum(r->release_id));
	scan = systable_beginscan(rel, indexid, true, GetActiveSnapshot(), 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		bool		isnull;
		PtpEntry   *e;
		Datum		d;
		text	   *t;

		ord = hcpcs_code_ordinal(DatumGetHcpcsCode(heap_getattr(tup, att_c1, desc, &isnull)));
		if (r->nentries == cap)
		{
			cap *= 2;
			r->entries = repalloc_huge(r->entries, sizeof(PtpEntry) * cap);
		}
		/* every Column 1 ordinal up to this one starts here */
		while (prev_ord < ord)
			r->first[++prev_ord] = (int32) r->nentries;
		e = &r->entries[r->nentries++];
		e->column2 = DatumGetHcpcsCode(heap_getattr(tup, att_c2, desc, &isnull));
		e->effective = DatumGetDateADT(heap_getattr(tup, att_eff, desc, &isnull));
		d = heap_getattr(tup, att_del, desc, &isnull);
		e->deletion = isnull ? HCPCS_PTP_NO_DELETION : DatumGetDateADT(d);
		e->indicator = (int8) DatumGetInt16(heap_getattr(tup, att_ind, desc, &isnull));
		e->pad = 0;
		t = DatumGetTextPP(heap_getattr(tup, att_rat, desc, &isnull));
		e->rationale = intern_rationale(r, cxt, VARDATA_ANY(t),
										VARSIZE_ANY_EXHDR(t), &rcap);
		if ((Pointer) t != DatumGetPointer(heap_getattr(tup, att_rat, desc, &isnull)))
			pfree(t);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	while (prev_ord < HCPCS_NCODES)
		r->first[++prev_ord] = (int32) r->nentries;

	/*
	 * The index orders a pair's windows by heap position: by date here,
	 * within each Column 1 code's range.
	 */
	for (ord = 0; ord < HCPCS_NCODES; ord++)
	{
		int64		end = r->first[ord + 1];

		for (i = r->first[ord]; i < end; i = run)
		{
			for (run = i + 1; run < end &&
				 r->entries[run].column2 == r->entries[i].column2; run++)
				;
			if (run - i > 1)
				qsort(&r->entries[i], run - i, sizeof(PtpEntry), entry_cmp);
		}
	}
}

/*
 * The stored image of a release's edit index
 *
 * Building the index from 2.5 M rows takes a backend one to three seconds,
 * and every backend and every parallel worker needs it.  So the loader
 * stores the built index, as one bytea per release, in hcpcs_ptp_index, and
 * a backend reads it back (about 40 MB) instead of scanning the edits.
 * The image belongs to the same MVCC snapshot as the edits, and any change
 * to hcpcs_ptp_edits other than the loader's own insert deletes the images
 * it could make stale (hcpcs_ptp_edits_changed below), so a backend never
 * reads an image that disagrees with the table; without an image it builds
 * from the table.  The image is in this server's byte order and struct
 * layout, and checked before use: a wrong or damaged one is ignored.
 */
#define PTP_IMAGE_MAGIC		"HCPCSPT1"
#define PTP_IMAGE_ENDIAN	0x01020304

typedef struct PtpImageHeader
{
	char		magic[8];
	uint32		endian;
	uint32		entry_size;
	int64		release_id;
	int64		nentries;
	int32		ncodes;
	int32		nrationales;
	int64		rationale_bytes;
} PtpImageHeader;

static bytea *
image_from_release(const PtpRelease *r)
{
	PtpImageHeader h;
	Size		rbytes = 0,
				size;
	bytea	   *img;
	char	   *p;
	int			i;

	for (i = 0; i < r->nrationales; i++)
		rbytes += strlen(r->rationales[i]) + 1;
	size = VARHDRSZ + sizeof(h) + sizeof(int32) * (HCPCS_NCODES + 1) +
		sizeof(PtpEntry) * r->nentries + rbytes;
	if (!AllocSizeIsValid(size))
		elog(ERROR, "hcpcs: PTP index image too large");
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, PTP_IMAGE_MAGIC, 8);
	h.endian = PTP_IMAGE_ENDIAN;
	h.entry_size = sizeof(PtpEntry);
	h.release_id = r->release_id;
	h.nentries = r->nentries;
	h.ncodes = HCPCS_NCODES;
	h.nrationales = r->nrationales;
	h.rationale_bytes = rbytes;

	img = palloc(size);
	SET_VARSIZE(img, size);
	p = VARDATA(img);
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	memcpy(p, r->first, sizeof(int32) * (HCPCS_NCODES + 1));
	p += sizeof(int32) * (HCPCS_NCODES + 1);
	memcpy(p, r->entries, sizeof(PtpEntry) * r->nentries);
	p += sizeof(PtpEntry) * r->nentries;
	for (i = 0; i < r->nrationales; i++)
	{
		Size		n = strlen(r->rationales[i]) + 1;

		memcpy(p, r->rationales[i], n);
		p += n;
	}
	return img;
}

/* Fill r from a stored image, if it is there and sound; else false */
static bool
release_from_image(MemoryContext cxt, const char *schema, PtpRelease *r)
{
	Oid			argtypes[1] = {INT8OID};
	Datum		args[1] = {Int64GetDatum(r->release_id)};
	bool		isnull;
	bytea	   *img = NULL;
	Datum		d;
	MemoryContext old;
	const char *p,
			   *end;
	PtpImageHeader h;
	Size		len,
				fixed;
	int64		i;
	int			spi = hcpcs_spi_begin();
	bool		ok = false;

	/* the arrays are used in place: they must be int32-aligned there */
	StaticAssertStmt((VARHDRSZ + sizeof(PtpImageHeader)) % sizeof(int32) == 0 &&
					 sizeof(PtpEntry) % sizeof(int32) == 0,
					 "PTP image arrays would be misaligned");

	if (SPI_execute_with_args(psprintf("SELECT image FROM %s.hcpcs_ptp_index WHERE release_id = $1",
									   schema),
							  1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "hcpcs: could not read hcpcs_ptp_index");
	if (SPI_processed != 1)
		goto done;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		goto done;

	/*
	 * Detoast straight into the cache's context and use the image's arrays
	 * where they are: one copy of the 40 MB instead of two.  Every backend
	 * and every parallel worker pays this, and fresh memory costs page
	 * faults; this cut the load by about 40 % (doc/ptp.md, "Parallel
	 * query").
	 */
	old = MemoryContextSwitchTo(cxt);
	img = DatumGetByteaPCopy(d);
	MemoryContextSwitchTo(old);
	len = VARSIZE(img) - VARHDRSZ;
	p = VARDATA(img);
	end = p + len;
	if (len < sizeof(h))
		goto done;
	memcpy(&h, p, sizeof(h));
	fixed = sizeof(h) + sizeof(int32) * (HCPCS_NCODES + 1);
	if (memcmp(h.magic, PTP_IMAGE_MAGIC, 8) != 0 || h.endian != PTP_IMAGE_ENDIAN ||
		h.entry_size != sizeof(PtpEntry) || h.release_id != r->release_id ||
		h.ncodes != HCPCS_NCODES || h.nentries < 0 || h.nrationales < 0 ||
		h.nrationales > PG_UINT16_MAX || h.rationale_bytes < 0 ||
		/* bounds first, so that the sum below cannot wrap around */
		h.nentries > (int64) (len / sizeof(PtpEntry)) || h.rationale_bytes > (int64) len ||
		len != fixed + sizeof(PtpEntry) * (Size) h.nentries + (Size) h.rationale_bytes)
		goto done;
	p += sizeof(h);

	r->first = (int32 *) p;
	p += sizeof(int32) * (HCPCS_NCODES + 1);
	r->entries = (PtpEntry *) p;
	p += sizeof(PtpEntry) * h.nentries;
	r->nentries = h.nentries;

	/* never trust offsets from a table: check them all */
	if (r->first[0] != 0 || r->first[HCPCS_NCODES] != h.nentries)
		goto done;
	for (i = 0; i < HCPCS_NCODES; i++)
		if (r->first[i] > r->first[i + 1])
			goto done;
	for (i = 0; i < h.nentries; i++)
	{
		const PtpEntry *e = &r->entries[i];

		if ((e->indicator != 0 && e->indicator != 1 && e->indicator != 9) ||
			e->rationale >= h.nrationales ||
			!hcpcs_code_is_valid_value(e->column2))
			goto done;
	}
	r->rationales = MemoryContextAlloc(cxt, sizeof(char *) * Max(h.nrationales, 1));
	for (i = 0; i < h.nrationales; i++)
	{
		const char *nul = memchr(p, '\0', end - p);

		if (nul == NULL)
			goto done;
		r->rationales[i] = unconstify(char *, p);
		p = nul + 1;
	}
	if (p != end)
		goto done;
	r->nrationales = h.nrationales;
	ok = true;

done:
	hcpcs_spi_end(spi);
	if (!ok)
	{
		r->nentries = r->nrationales = 0;
		r->first = NULL;
		r->entries = NULL;
		if (img != NULL)
			pfree(img);
	}
	return ok;
}

static int	releases_from_image = 0;
static int	releases_from_table = 0;

static void
build_release(PtpCache *pc, PtpRelease *r)
{
	if (release_from_image(pc->base.cxt, pc->schema, r))
		releases_from_image++;
	else
	{
		build_from_table(pc->base.cxt, pc->nsp, r);
		releases_from_table++;
	}
	r->built = true;
	snprintf(ptp_slot.detail, sizeof(ptp_slot.detail),
			 "releases loaded in this backend: %d from stored images, %d built from the table",
			 releases_from_image, releases_from_table);
}

/*
 * Store the image of a release just loaded (ptp_load.c; SPI connected).
 * Built from the table, so that the image is exactly what a backend
 * would build.
 */
void
hcpcs_ptp_store_image(const char *schema, Oid nsp, int64 release_id, int64 row_count)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext,
											  "hcpcs PTP image",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	PtpRelease	r;
	Oid			argtypes[2] = {INT8OID, BYTEAOID};
	Datum		args[2];

	memset(&r, 0, sizeof(r));
	r.release_id = release_id;
	r.row_count = row_count;

	/* see the rows this transaction just inserted */
	CommandCounterIncrement();
	PushCopiedSnapshot(GetActiveSnapshot());
	UpdateActiveSnapshotCommandId();
	build_from_table(cxt, nsp, &r);
	PopActiveSnapshot();
	args[0] = Int64GetDatum(release_id);
	args[1] = PointerGetDatum(image_from_release(&r));
	if (SPI_execute_with_args(psprintf("INSERT INTO %s.hcpcs_ptp_index (release_id, image) "
									   "VALUES ($1, $2)", schema),
							  2, argtypes, args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "hcpcs: could not store the PTP index image");
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
}

/*
 * hcpcs_ptp_edits_changed(): statement trigger on hcpcs_ptp_edits.  Any
 * change but the loader's own insert makes stored images unsafe: an
 * insert, update or truncate deletes them all; a delete (dropping a release
 * cascades to its edits) deletes those of the releases it touched.
 */
static bool ptp_loading = false;

void
hcpcs_ptp_set_loading(bool loading)
{
	ptp_loading = loading;
}

PG_FUNCTION_INFO_V1(hcpcs_ptp_edits_changed);
Datum
hcpcs_ptp_edits_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	char	   *schema;
	int			spi;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "hcpcs_ptp_edits_changed: not called as a trigger");
	if (ptp_loading && TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		return PointerGetDatum(NULL);

	schema = hcpcs_schema_name(fcinfo);
	spi = hcpcs_spi_begin();
	if (TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) && trigdata->tg_oldtable)
	{
		SPI_register_trigger_data(trigdata);
		if (SPI_execute(psprintf("DELETE FROM %s.hcpcs_ptp_index WHERE release_id IN "
								 "(SELECT DISTINCT release_id FROM old_edits)", schema),
						false, 0) != SPI_OK_DELETE)
			elog(ERROR, "hcpcs: could not invalidate PTP index images");
	}
	else if (SPI_execute(psprintf("DELETE FROM %s.hcpcs_ptp_index", schema),
						 false, 0) != SPI_OK_DELETE)
		elog(ERROR, "hcpcs: could not invalidate PTP index images");
	hcpcs_spi_end(spi);
	return PointerGetDatum(NULL);
}

/*
 * hcpcs_ptp_refresh_index(release_id bigint DEFAULT NULL): store the index
 * images again, of one PTP release or of all (after a restore, which does
 * not dump them, or after editing hcpcs_ptp_edits by hand).
 */
PG_FUNCTION_INFO_V1(hcpcs_ptp_refresh_index);
Datum
hcpcs_ptp_refresh_index(PG_FUNCTION_ARGS)
{
	char	   *schema = hcpcs_schema_name(fcinfo);
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	int			spi = hcpcs_spi_begin();
	int64	   *ids;
	int64	   *counts;
	uint64		n,
				i;
	char	   *filter = PG_ARGISNULL(0) ? "" :
		psprintf(" AND release_id = " INT64_FORMAT, PG_GETARG_INT64(0));

	if (SPI_execute(psprintf("DELETE FROM %s.hcpcs_ptp_index WHERE true%s", schema, filter),
					false, 0) != SPI_OK_DELETE ||
		SPI_execute(psprintf("SELECT release_id, row_count FROM %s.hcpcs_releases "
							 "WHERE kind = 'ptp'%s ORDER BY release_id", schema, filter),
					false, 0) != SPI_OK_SELECT)
		elog(ERROR, "hcpcs: could not refresh the PTP index images");
	n = SPI_processed;
	if (n == 0 && !PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("release " INT64_FORMAT " is not a loaded PTP release",
						PG_GETARG_INT64(0))));
	ids = palloc(sizeof(int64) * Max(n, 1));
	counts = palloc(sizeof(int64) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		bool		isnull;

		ids[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		counts[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull));
	}
	for (i = 0; i < n; i++)
		hcpcs_ptp_store_image(schema, nsp, ids[i], counts[i]);
	hcpcs_spi_end(spi);
	PG_RETURN_INT64((int64) n);
}

/* The release to check against: the one named, or the setting's current */
static PtpRelease *
choose_release(PtpCache *pc, int setting, bool have_release, int64 release_id)
{
	int			i;

	if (!have_release)
	{
		release_id = pc->current[setting];
		if (release_id == 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("no PTP release is loaded for setting \"%s\"",
							hcpcs_ptp_settings[setting]),
					 errhint("Load one with hcpcs_load_ptp() or scripts/hcpcs-load.")));
	}
	for (i = 0; i < pc->nreleases; i++)
	{
		PtpRelease *r = &pc->releases[i];

		if (r->release_id != release_id)
			continue;
		if (r->setting != setting)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("PTP release %lld is for setting \"%s\", not \"%s\"",
							(long long) release_id, hcpcs_ptp_settings[r->setting],
							hcpcs_ptp_settings[setting]),
					 errhint("Pass setting => '%s' with this release.",
							 hcpcs_ptp_settings[r->setting])));
		if (!r->built)
			build_release(pc, r);
		return r;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("PTP release %lld does not exist", (long long) release_id),
			 errhint("SELECT * FROM hcpcs_ptp_releases lists the loaded releases.")));
	return NULL;				/* not reached */
}

/* The window of edit (c1, c2) in force on dos, or NULL */
static const PtpEntry *
find_in_force(const PtpRelease *r, int32 c1, int32 c2, int32 dos)
{
	int32		ord = hcpcs_code_ordinal(c1);
	int32		lo = r->first[ord],
				hi = r->first[ord + 1];
	int32		i;

	/* binary search for the first window of column2 = c2 */
	while (lo < hi)
	{
		int32		mid = lo + (hi - lo) / 2;

		if (r->entries[mid].column2 < c2)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < r->first[ord + 1] && r->entries[i].column2 == c2; i++)
	{
		HcpcsPtpWindow w;

		w.effective = r->entries[i].effective;
		w.deletion = r->entries[i].deletion;
		w.indicator = r->entries[i].indicator;
		if (hcpcs_ptp_in_force(&w, dos))
			return &r->entries[i];
	}
	return NULL;
}

/* The modifiers of an array argument, NULL elements skipped */
static int
read_modifiers(ArrayType *arr, int16 *out, int max)
{
	int16	   *data;
	bits8	   *nulls;
	int			n,
				i,
				k = 0;

	if (arr == NULL || ARR_NDIM(arr) == 0)
		return 0;
	n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	data = (int16 *) ARR_DATA_PTR(arr);
	nulls = ARR_NULLBITMAP(arr);
	for (i = 0; i < n; i++)
	{
		if (nulls && !(nulls[i / 8] & (1 << (i % 8))))
			continue;
		if (k == max)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a claim line has more than %d modifiers", max)));
		out[k++] = *data++;
	}
	return k;
}

#define MAX_MODIFIERS 64

static char *
note_text(int notes)
{
	StringInfoData s;

	if (notes == 0)
		return NULL;
	initStringInfo(&s);
	if (notes & HCPCS_PTP_NOTE_COLUMN1_ONLY)
		appendStringInfoString(&s, "bypass modifier only on the Column 1 line (CMS instructs the Column 2 line)");
	if (notes & HCPCS_PTP_NOTE_SAME_ANATOMIC)
		appendStringInfo(&s, "%ssame anatomic modifier on both lines (a bypass needs different sites)",
						 s.len ? "; " : "");
	return s.data;
}

/*
 * The edit in force between two coded lines (either order), decided.
 * Fills the result columns shared by hcpcs_ptp_check and hcpcs_ptp_claim
 * (column1 .. note, 11 values) and returns whether an edit applies, and
 * which of the two lines (0 = a, 1 = b) holds Column 1.
 */
typedef struct PtpAnswer
{
	bool		applies;
	int			column1_is_b;
	Datum		values[11];
	bool		nulls[11];
} PtpAnswer;

static void
answer_pair(const PtpRelease *r, const uint8 *policy, HcpcsModifierOn on,
			int32 a, const int16 *ma, int na, int32 b, const int16 *mb, int nb,
			int32 dos, PtpAnswer *ans)
{
	const PtpEntry *e = find_in_force(r, a, b, dos);
	int32		c1 = a,
				c2 = b;
	HcpcsPtpDecision dec;
	char	   *note;
	int			i;

	ans->column1_is_b = 0;
	if (e == NULL && a != b && (e = find_in_force(r, b, a, dos)) != NULL)
	{
		c1 = b;
		c2 = a;
		ans->column1_is_b = 1;
	}
	for (i = 0; i < 11; i++)
		ans->nulls[i] = true;
	ans->nulls[9] = false;
	ans->values[9] = Int64GetDatum(r->release_id);
	ans->applies = (e != NULL);
	if (e == NULL)
		return;

	if (ans->column1_is_b)
		hcpcs_ptp_decide(e->indicator, mb, nb, ma, na, on, policy, &dec);
	else
		hcpcs_ptp_decide(e->indicator, ma, na, mb, nb, on, policy, &dec);

	ans->values[0] = HcpcsCodeGetDatum(c1);
	ans->values[1] = HcpcsCodeGetDatum(c2);
	ans->values[2] = HcpcsCodeGetDatum(c2);
	ans->values[3] = Int16GetDatum(e->indicator);
	ans->values[4] = BoolGetDatum(dec.bypassed);
	ans->values[5] = Int16GetDatum((int16) dec.bypass_modifier);
	ans->values[6] = DateADTGetDatum(e->effective);
	ans->values[7] = DateADTGetDatum(e->deletion);
	ans->values[8] = CStringGetTextDatum(r->rationales[e->rationale]);
	ans->nulls[0] = ans->nulls[1] = ans->nulls[3] = ans->nulls[4] = false;
	ans->nulls[2] = dec.bypassed;
	ans->nulls[5] = dec.bypass_modifier < 0;
	ans->nulls[6] = false;
	ans->nulls[7] = (e->deletion == HCPCS_PTP_NO_DELETION);
	ans->nulls[8] = false;
	note = note_text(dec.notes);
	ans->nulls[10] = (note == NULL);
	if (note)
		ans->values[10] = CStringGetTextDatum(note);
}

/*
 * hcpcs_ptp_check(code_a, code_b, dos, modifiers_a, modifiers_b, setting,
 *				   modifier_on, release_id) -> hcpcs_ptp_result
 * Not strict: NULL modifier arrays mean no modifiers; a NULL code or date
 * gives the one row with applies NULL (unknown), never a silent "no edit".
 */
PG_FUNCTION_INFO_V1(hcpcs_ptp_check);
Datum
hcpcs_ptp_check(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[12];
	bool		nulls[12];
	int			setting;
	HcpcsModifierOn on;
	PtpCache   *pc;
	PtpRelease *r;
	int16		ma[MAX_MODIFIERS],
				mb[MAX_MODIFIERS];
	int			na,
				nb,
				i;
	PtpAnswer	ans;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "hcpcs_ptp_check: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	if (PG_ARGISNULL(5) || PG_ARGISNULL(6))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("setting and modifier_on must not be NULL")));
	setting = hcpcs_ptp_setting_parse(text_to_cstring(PG_GETARG_TEXT_PP(5)));
	on = modifier_on_parse(text_to_cstring(PG_GETARG_TEXT_PP(6)));

	pc = hcpcs_cache_acquire(fcinfo, &ptp_slot);
	r = choose_release(pc, setting, !PG_ARGISNULL(7),
					   PG_ARGISNULL(7) ? 0 : PG_GETARG_INT64(7));

	for (i = 0; i < 12; i++)
		nulls[i] = true;
	values[10] = Int64GetDatum(r->release_id);
	nulls[10] = false;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));

	na = read_modifiers(PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3), ma, MAX_MODIFIERS);
	nb = read_modifiers(PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4), mb, MAX_MODIFIERS);
	answer_pair(r, pc->policy, on,
				PG_GETARG_HCPCS_CODE(0), ma, na, PG_GETARG_HCPCS_CODE(1), mb, nb,
				PG_GETARG_DATEADT(2), &ans);
	values[0] = BoolGetDatum(ans.applies);
	nulls[0] = false;
	memcpy(values + 1, ans.values, sizeof(ans.values));
	memcpy(nulls + 1, ans.nulls, sizeof(ans.nulls));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

typedef struct ClaimLine
{
	int32		line;
	bool		line_null;
	int32		code;
	int32		dos;
	bool		usable;			/* code and dos not NULL */
	int16		mods[MAX_MODIFIERS];
	int			nmods;
} ClaimLine;

/*
 * hcpcs_ptp_claim(lines hcpcs_claim_line[], setting, modifier_on,
 *				   release_id) -> one row per edit that applies between two
 * lines with the same date of service.  Lines with a NULL code or date take
 * part in no pair.
 */
PG_FUNCTION_INFO_V1(hcpcs_ptp_claim);
Datum
hcpcs_ptp_claim(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			setting;
	HcpcsModifierOn on;
	PtpCache   *pc;
	PtpRelease *r;
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *elemnulls;
	int			nelems,
				i,
				j;
	ClaimLine  *lines;
	TupleDesc	linedesc = NULL;
	Oid			elemtype;
	int16		elemlen;
	bool		elembyval;
	char		elemalign;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("setting and modifier_on must not be NULL")));
	setting = hcpcs_ptp_setting_parse(text_to_cstring(PG_GETARG_TEXT_PP(1)));
	on = modifier_on_parse(text_to_cstring(PG_GETARG_TEXT_PP(2)));

	/*
	 * Called once per claim: take the result descriptor the executor
	 * expects rather than building it from the catalogs at every call
	 * (which costs time and leaks per-query memory, a kilobyte a claim).
	 */
	InitMaterializedSRF(fcinfo, rsinfo->expectedDesc ? MAT_SRF_USE_EXPECTED_DESC : 0);

	pc = hcpcs_cache_acquire(fcinfo, &ptp_slot);
	r = choose_release(pc, setting, !PG_ARGISNULL(3),
					   PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3));
	if (PG_ARGISNULL(0))
		return (Datum) 0;

	arr = PG_GETARG_ARRAYTYPE_P(0);
	elemtype = ARR_ELEMTYPE(arr);
	get_typlenbyvalalign(elemtype, &elemlen, &elembyval, &elemalign);
	deconstruct_array(arr, elemtype, elemlen, elembyval, elemalign,
					  &elems, &elemnulls, &nelems);
	lines = palloc(sizeof(ClaimLine) * Max(nelems, 1));
	for (i = 0; i < nelems; i++)
	{
		HeapTupleHeader th;
		HeapTupleData tuple;
		Datum		v[5];
		bool		n[5];

		lines[i].usable = false;
		if (elemnulls[i])
			continue;
		th = DatumGetHeapTupleHeader(elems[i]);
		if (linedesc == NULL)
			linedesc = lookup_rowtype_tupdesc_copy(HeapTupleHeaderGetTypeId(th),
												   HeapTupleHeaderGetTypMod(th));
		tuple.t_len = HeapTupleHeaderGetDatumLength(th);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = th;
		heap_deform_tuple(&tuple, linedesc, v, n);
		lines[i].line_null = n[0];
		lines[i].line = n[0] ? 0 : DatumGetInt32(v[0]);
		lines[i].usable = !n[1] && !n[3];
		lines[i].code = n[1] ? 0 : DatumGetHcpcsCode(v[1]);
		lines[i].dos = n[3] ? 0 : DatumGetDateADT(v[3]);
		lines[i].nmods = n[2] ? 0 : read_modifiers(DatumGetArrayTypeP(v[2]),
													lines[i].mods, MAX_MODIFIERS);
	}

	for (i = 0; i < nelems; i++)
	{
		if (!lines[i].usable)
			continue;
		for (j = i + 1; j < nelems; j++)
		{
			PtpAnswer	ans;
			Datum		values[14];
			bool		nulls[14];
			ClaimLine  *l1,
					   *l2;

			if (!lines[j].usable || lines[j].dos != lines[i].dos ||
				lines[j].code == lines[i].code)
				continue;
			answer_pair(r, pc->policy, on,
						lines[i].code, lines[i].mods, lines[i].nmods,
						lines[j].code, lines[j].mods, lines[j].nmods,
						lines[i].dos, &ans);
			if (!ans.applies)
				continue;
			l1 = ans.column1_is_b ? &lines[j] : &lines[i];
			l2 = ans.column1_is_b ? &lines[i] : &lines[j];
			values[0] = Int32GetDatum(l1->line);
			nulls[0] = l1->line_null;
			values[1] = Int32GetDatum(l2->line);
			nulls[1] = l2->line_null;
			values[2] = Int32GetDatum(l2->line);
			nulls[2] = l2->line_null || ans.nulls[2];	/* bypassed */
			memcpy(values + 3, ans.values, sizeof(ans.values));
			memcpy(nulls + 3, ans.nulls, sizeof(ans.nulls));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}
