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
 * rows) takes about 40 MB per backend; a parallel worker builds its own.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/pg_type.h"
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
 * Build the edit index of one release from the table, under the query's
 * snapshot.  A direct scan of the (release_id, column1, column2) index
 * returns the rows in the order the index needs, without SPI's per-row
 * copies: about four times faster than a cursor, which matters because
 * every backend (and every parallel worker) builds its own.
 */
static void
build_release(PtpCache *pc, PtpRelease *r)
{
	MemoryContext cxt = pc->base.cxt;
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

	relid = get_relname_relid("hcpcs_ptp_edits", pc->nsp);
	indexid = get_relname_relid("hcpcs_ptp_edits_pair", pc->nsp);
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
	r->built = true;
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
	InitMaterializedSRF(fcinfo, 0);

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
