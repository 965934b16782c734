/*
 * ptp_load.c
 *	  Loading one CMS NCCI PTP release (its parts f1-f4, as downloaded, or
 *	  as a client staged them) into hcpcs_ptp_edits, and making it current.
 *
 * Steps, all in the caller's transaction (so a failure changes nothing,
 * and concurrent readers see the old release or the new one, never a mix):
 *	 1. parse every line of every part (core/cms_ptp.c) into a compact
 *		array, rationales interned and converted from cp1252 once each;
 *	 2. recognize a release loaded before by its checksum: then only make it
 *		current;
 *	 3. check that no two indicator-0/1 rows of a pair (either direction)
 *		are in force on the same day;
 *	 4. insert the rows through COPY's own machinery (batched inserts, index
 *		maintenance, statement triggers, and progress in
 *		pg_stat_progress_copy), fed by a callback;
 *	 5. make the release current for its setting.
 */
#include "postgres.h"

#include "access/sysattr.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/copy.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "nodes/makefuncs.h"
#include "parser/parse_node.h"
#include "parser/parse_relation.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "cache.h"
#include "catalog.h"
#include "hcpcs.h"
#include "lines.h"
#include "ptp.h"
#include "core/cms_ptp.h"
#include "core/ptp_rule.h"

/* One parsed row (24 bytes: the full practitioner table is 60 MB) */
typedef struct LoadRow
{
	int32		column1;
	int32		column2;
	int32		effective;		/* DateADT */
	int32		deletion;		/* DateADT or HCPCS_PTP_NO_DELETION */
	int8		indicator;
	int8		prior;			/* 1, 0, or -1: no such column */
	uint16		rationale;		/* index into PtpLoad.rationales */
	uint16		part;			/* which file */
	uint16		pad;
	uint32		line;
} LoadRow;

typedef struct PtpLoad
{
	const char *schema;			/* quoted, for SQL */
	Oid			nsp;			/* the extension's schema */
	int			setting;
	int64		release_id;
	LoadRow    *rows;
	int64		nrows;
	int64		cap;
	char	  **raw_rationales; /* as in the file (cp1252) */
	int		   *raw_len;
	char	  **rationales;		/* COPY-escaped, database encoding */
	int			nrationales;
	int			rcap;
	char	  **names;			/* file names, for messages */
	int			nparts;

	/* the COPY data source */
	int64		next;
	StringInfoData pending;
	int			pending_off;
} PtpLoad;

/* COPY's data source callback takes no argument: the load under way */
static PtpLoad *copy_load = NULL;

static uint16
intern(PtpLoad *ld, const char *s, size_t len)
{
	int			i;
	char	   *conv;
	StringInfoData esc;
	const char *p;

	for (i = ld->nrationales - 1; i >= 0; i--)
		if ((size_t) ld->raw_len[i] == len && memcmp(ld->raw_rationales[i], s, len) == 0)
			return (uint16) i;
	if (ld->nrationales >= PG_UINT16_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct PTP rationales")));
	if (ld->nrationales == ld->rcap)
	{
		ld->rcap *= 2;
		ld->raw_rationales = repalloc(ld->raw_rationales, sizeof(char *) * ld->rcap);
		ld->raw_len = repalloc(ld->raw_len, sizeof(int) * ld->rcap);
		ld->rationales = repalloc(ld->rationales, sizeof(char *) * ld->rcap);
	}
	ld->raw_rationales[ld->nrationales] = pnstrdup(s, len);
	ld->raw_len[ld->nrationales] = (int) len;

	/* cp1252 to the database encoding (undefined bytes are an error) */
	conv = pg_any_to_server(s, (int) len, PG_WIN1252);
	initStringInfo(&esc);
	for (p = conv; p < conv + strlen(conv); p++)
	{
		if (*p == '\\' || *p == '\t' || *p == '\n' || *p == '\r')
			appendStringInfoChar(&esc, '\\');
		appendStringInfoChar(&esc, *p);
	}
	ld->rationales[ld->nrationales] = esc.data;
	return (uint16) ld->nrationales++;
}

static int32
yyyymmdd_to_date(int32 v)
{
	return date2j(v / 10000, v / 100 % 100, v % 100) - POSTGRES_EPOCH_JDATE;
}

/* Error context: which file and line is being parsed */
typedef struct ParseContext
{
	const char *name;
	long	   *line;
} ParseContext;

static void
parse_error_context(void *arg)
{
	ParseContext *pc = (ParseContext *) arg;

	errcontext("NCCI PTP file \"%s\", line %ld", pc->name, *pc->line);
}

static void
report_ptp_error(const char *name, const HcpcsPtpError *err)
{
	hcpcs_report_file_error("NCCI PTP", name, err->line, err->field,
							err->value, err->reason, PG_WIN1252);
}

/* Parse one part into ld->rows */
static void
parse_part(PtpLoad *ld, HcpcsLines *src, int part)
{
	HcpcsPtpReader *reader = palloc(sizeof(HcpcsPtpReader));
	HcpcsPtpRow row;
	HcpcsPtpError err;
	const char *line;
	size_t		len;
	int			rc;
	ErrorContextCallback errcb;
	ParseContext pctx = {src->name, &src->lineno};

	errcb.callback = parse_error_context;
	errcb.arg = &pctx;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;

	hcpcs_ptp_init(reader);
	while (hcpcs_lines_next(src, &line, &len))
	{
		LoadRow    *r;

		rc = hcpcs_ptp_feed(reader, line, len, &row, &err);
		if (rc == HCPCS_PTP_ERROR)
		{
			error_context_stack = errcb.previous;
			report_ptp_error(src->name, &err);
		}
		if (rc != HCPCS_PTP_ROW)
			continue;
		if (ld->nrows == ld->cap)
		{
			ld->cap *= 2;
			ld->rows = repalloc_huge(ld->rows, sizeof(LoadRow) * ld->cap);
		}
		r = &ld->rows[ld->nrows++];
		r->column1 = row.column1;
		r->column2 = row.column2;
		r->effective = yyyymmdd_to_date(row.effective);
		r->deletion = row.deletion ? yyyymmdd_to_date(row.deletion) : HCPCS_PTP_NO_DELETION;
		r->indicator = (int8) row.indicator;
		r->prior = (int8) row.prior_1996;
		r->rationale = intern(ld, row.rationale, row.rationale_len);
		r->part = (uint16) part;
		r->pad = 0;
		r->line = (uint32) row.line;
	}
	if (hcpcs_ptp_finish(reader, &err) == HCPCS_PTP_ERROR)
	{
		error_context_stack = errcb.previous;
		report_ptp_error(src->name, &err);
	}
	error_context_stack = errcb.previous;
	hcpcs_lines_check_complete(src, "NCCI PTP");
}

/* Sort order for the overlap check: unordered pair, then effective date */
static int
pair_cmp(const void *a, const void *b)
{
	const LoadRow *x = (const LoadRow *) a;
	const LoadRow *y = (const LoadRow *) b;
	int32		xlo = Min(x->column1, x->column2),
				xhi = Max(x->column1, x->column2),
				ylo = Min(y->column1, y->column2),
				yhi = Max(y->column1, y->column2);

	if (xlo != ylo)
		return xlo < ylo ? -1 : 1;
	if (xhi != yhi)
		return xhi < yhi ? -1 : 1;
	if (x->effective != y->effective)
		return x->effective < y->effective ? -1 : 1;
	return (x->part != y->part) ? (x->part < y->part ? -1 : 1) :
		(x->line < y->line ? -1 : (x->line > y->line));
}

static char *
show_row(PtpLoad *ld, const LoadRow *r)
{
	char		c1[6],
				c2[6];

	hcpcs_code_format(r->column1, c1);
	hcpcs_code_format(r->column2, c2);
	return psprintf("line %u of \"%s\" (%s/%s, indicator %d, effective %s, deletion %s)",
					r->line, ld->names[r->part], c1, c2, r->indicator,
					DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(r->effective))),
					r->deletion == HCPCS_PTP_NO_DELETION ? "none" :
					DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(r->deletion))));
}

/*
 * Among indicator 0/1 rows the windows of a pair are disjoint, in both
 * directions (DOMAIN.md section 4): otherwise a check could not say which
 * code is denied.  Indicator-9 rows may overlap anything.
 */
static void
check_overlaps(PtpLoad *ld)
{
	int64		i;
	const LoadRow *prev = NULL;

	qsort(ld->rows, ld->nrows, sizeof(LoadRow), pair_cmp);
	for (i = 0; i < ld->nrows; i++)
	{
		const LoadRow *r = &ld->rows[i];

		if (r->indicator == 9)
			continue;
		if (prev != NULL &&
			Min(prev->column1, prev->column2) == Min(r->column1, r->column2) &&
			Max(prev->column1, prev->column2) == Max(r->column1, r->column2) &&
			r->effective <= prev->deletion)
			ereport(ERROR,
					(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
					 errmsg("invalid NCCI PTP release: two edits of one pair are in force on the same day"),
					 errdetail("%s overlaps %s.", show_row(ld, r), show_row(ld, prev)),
					 errhint("Among rows of indicator 0 or 1, a pair (in either direction) has at most one edit in force on any date.")));
		/* keep the row that reaches furthest as the one to compare with */
		if (prev == NULL ||
			Min(prev->column1, prev->column2) != Min(r->column1, r->column2) ||
			Max(prev->column1, prev->column2) != Max(r->column1, r->column2) ||
			r->deletion > prev->deletion)
			prev = r;
	}
}

/* A date as YYYY-MM-DD, which COPY reads whatever DateStyle says */
static void
append_iso_date(StringInfo buf, DateADT d)
{
	int			y,
				m,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	appendStringInfo(buf, "%04d-%02d-%02d", y, m, day);
}

/*
 * The COPY data source: the parsed rows as COPY text lines, in the column
 * order given to BeginCopyFrom.
 */
static int
copy_source(void *outbuf, int minread, int maxread)
{
	PtpLoad    *ld = copy_load;
	int			done = 0;

	while (done < minread || (done < maxread && ld->pending_off < ld->pending.len))
	{
		int			n;

		if (ld->pending_off >= ld->pending.len)
		{
			const LoadRow *r;
			char		c1[6],
						c2[6];

			if (ld->next >= ld->nrows)
				break;
			r = &ld->rows[ld->next++];
			hcpcs_code_format(r->column1, c1);
			hcpcs_code_format(r->column2, c2);
			resetStringInfo(&ld->pending);
			ld->pending_off = 0;
			appendStringInfo(&ld->pending, INT64_FORMAT "\t%s\t%s\t%s\t%s\t",
							 ld->release_id, hcpcs_ptp_settings[ld->setting],
							 c1, c2, r->prior < 0 ? "\\N" : (r->prior ? "t" : "f"));
			append_iso_date(&ld->pending, r->effective);
			appendStringInfoChar(&ld->pending, '\t');
			if (r->deletion == HCPCS_PTP_NO_DELETION)
				appendStringInfoString(&ld->pending, "\\N");
			else
				append_iso_date(&ld->pending, r->deletion);
			appendStringInfo(&ld->pending, "\t%d\t%s\n", r->indicator,
							 ld->rationales[r->rationale]);
		}
		n = Min(maxread - done, ld->pending.len - ld->pending_off);
		memcpy((char *) outbuf + done, ld->pending.data + ld->pending_off, n);
		done += n;
		ld->pending_off += n;
	}
	return done;
}

/* Insert the rows with COPY FROM our callback; returns the rows inserted */
static uint64
insert_rows(PtpLoad *ld)
{
	ParseState *pstate = make_parsestate(NULL);
	Oid			relid;
	Relation	rel;
	ParseNamespaceItem *nsitem;
	RangeTblEntry *rte;
	List	   *attnames = NIL;
	CopyFromState cstate;
	uint64		processed;
	const char *const cols[] = {"release_id", "setting", "column1", "column2",
		"prior_1996", "effective", "deletion", "modifier_indicator", "rationale"};
	int			i;

	relid = get_relname_relid("hcpcs_ptp_edits", ld->nsp);
	if (!OidIsValid(relid))
		elog(ERROR, "hcpcs: table hcpcs_ptp_edits is missing");
	rel = table_open(relid, RowExclusiveLock);
	nsitem = addRangeTableEntryForRelation(pstate, rel, RowExclusiveLock, NULL, false, false);
	rte = nsitem->p_rte;
	rte->requiredPerms = ACL_INSERT;
	for (i = 0; i < lengthof(cols); i++)
	{
		AttrNumber	attno = get_attnum(relid, cols[i]);

		attnames = lappend(attnames, makeString(pstrdup(cols[i])));
		rte->insertedCols = bms_add_member(rte->insertedCols,
										   attno - FirstLowInvalidHeapAttributeNumber);
	}
	/* the caller's INSERT privilege, as COPY checks it */
	ExecCheckRTPerms(pstate->p_rtable, true);

	initStringInfo(&ld->pending);
	ld->pending_off = 0;
	ld->next = 0;
	copy_load = ld;
	hcpcs_ptp_set_loading(true);
	PG_TRY();
	{
		cstate = BeginCopyFrom(pstate, rel, NULL, NULL, false, copy_source, attnames,
							   list_make1(makeDefElem("encoding",
													  (Node *) makeString(pstrdup(GetDatabaseEncodingName())),
													  -1)));
		processed = CopyFrom(cstate);
		EndCopyFrom(cstate);
	}
	PG_FINALLY();
	{
		copy_load = NULL;
		hcpcs_ptp_set_loading(false);
	}
	PG_END_TRY();
	table_close(rel, NoLock);
	return processed;
}

/*
 * The period and first day of a PTP release, from its file names:
 * "ccipra-v322r0-f1" is NCCI version 32.2, that is 2026 Q3 (version 30.0 =
 * 2024 Q1); "...2024q3..." says it directly.
 */
static bool
ptp_period_from_name(const char *name, char **period, DateADT *as_of)
{
	const char *p;
	int			year = 0,
				quarter = 0;

	for (p = name; *p; p++)
	{
		if ((p[0] == 'v' || p[0] == 'V') && isdigit((unsigned char) p[1]) &&
			isdigit((unsigned char) p[2]) && isdigit((unsigned char) p[3]) &&
			(p[4] == 'r' || p[4] == 'R') && p[3] <= '3')
		{
			year = 1994 + (p[1] - '0') * 10 + (p[2] - '0');
			quarter = p[3] - '0' + 1;
			break;
		}
		if (isdigit((unsigned char) p[0]) && isdigit((unsigned char) p[1]) &&
			isdigit((unsigned char) p[2]) && isdigit((unsigned char) p[3]) &&
			(p[4] == 'q' || p[4] == 'Q') && p[5] >= '1' && p[5] <= '4')
		{
			year = atoi(pnstrdup(p, 4));
			quarter = p[5] - '0';
			break;
		}
	}
	if (year == 0)
		return false;
	*period = psprintf("%04dQ%d", year, quarter);
	*as_of = date2j(year, 3 * (quarter - 1) + 1, 1) - POSTGRES_EPOCH_JDATE;
	return true;
}

static void
set_current(const char *schema, int setting, int64 release_id)
{
	Oid			types[2] = {TEXTOID, INT8OID};
	Datum		values[2];

	values[0] = CStringGetTextDatum(hcpcs_ptp_settings[setting]);
	values[1] = Int64GetDatum(release_id);
	if (SPI_execute_with_args(psprintf("INSERT INTO %s.hcpcs_ptp_current (setting, release_id) "
									   "VALUES ($1::%s.hcpcs_ptp_setting, $2) "
									   "ON CONFLICT (setting) DO UPDATE SET release_id = excluded.release_id",
									   schema, schema),
							  2, types, values, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "hcpcs: could not make the release current");
}

/*
 * The load itself (SPI connected).  sources[i] delivers part i.
 */
static int64
load_ptp(FunctionCallInfo fcinfo, HcpcsLines *sources, char **names, int nparts,
		 int setting, char *period, bool have_as_of, DateADT as_of, bool make_current)
{
	PtpLoad		ld;
	pg_cryptohash_ctx *sha = pg_cryptohash_create(PG_SHA256);
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	char		hex[PG_SHA256_DIGEST_LENGTH * 2 + 1];
	char	   *name_period = NULL;
	DateADT		name_as_of = 0;
	int64		existing,
				existing_count = 0;
	List	   *files = NIL;
	int			i;
	uint64		inserted;

	memset(&ld, 0, sizeof(ld));
	ld.schema = hcpcs_schema_name(fcinfo);
	ld.nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	ld.setting = setting;
	ld.names = names;
	ld.nparts = nparts;
	ld.cap = 1 << 16;
	ld.rows = palloc_extended(sizeof(LoadRow) * ld.cap, MCXT_ALLOC_HUGE);
	ld.rcap = 16;
	ld.raw_rationales = palloc(sizeof(char *) * ld.rcap);
	ld.raw_len = palloc(sizeof(int) * ld.rcap);
	ld.rationales = palloc(sizeof(char *) * ld.rcap);

	for (i = 0; i < nparts; i++)
	{
		const char *base = strrchr(names[i], '/') ? strrchr(names[i], '/') + 1 : names[i];

		files = lappend(files, pstrdup(base));
		if (name_period == NULL)
			(void) ptp_period_from_name(base, &name_period, &name_as_of);
	}
	if (period == NULL)
		period = name_period;
	if (!have_as_of)
		as_of = name_as_of;
	if (period == NULL || (!have_as_of && name_period == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot tell which quarter the PTP files are for"),
				 errhint("Pass period and as_of, e.g. period => '2024Q3', as_of => '2024-07-01'.")));

	/* 1. parse everything, computing the release checksum on the way */
	if (sha == NULL || pg_cryptohash_init(sha) < 0)
		elog(ERROR, "could not initialize SHA-256");
	for (i = 0; i < nparts; i++)
	{
		parse_part(&ld, &sources[i], i);
		{
			char	   *part_sum = hcpcs_lines_checksum(&sources[i]);

			if (pg_cryptohash_update(sha, (uint8 *) part_sum, strlen(part_sum)) < 0)
				elog(ERROR, "could not compute SHA-256");
		}
		hcpcs_lines_close(&sources[i]);
	}
	if (pg_cryptohash_final(sha, digest, sizeof(digest)) < 0)
		elog(ERROR, "could not compute SHA-256");
	pg_cryptohash_free(sha);
	for (i = 0; i < PG_SHA256_DIGEST_LENGTH; i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);

	/*
	 * 2. loaded before (or by another session meanwhile: step 4 finds it):
	 * only make it current
	 */
	existing = hcpcs_release_find(ld.schema, "ptp", hcpcs_ptp_settings[setting], hex,
								  &existing_count);
	if (!existing)
	{
		/* 3. one edit in force per pair and day */
		check_overlaps(&ld);

		/* 4. the release */
		ld.release_id = hcpcs_release_create(ld.schema, "ptp", hcpcs_ptp_settings[setting],
											 period, as_of, files, hex,
											 &existing, &existing_count);
	}
	if (existing)
	{
		if (make_current)
			set_current(ld.schema, setting, existing);
		ereport(NOTICE,
				(errmsg("this PTP release is already loaded, as release %lld; nothing loaded",
						(long long) existing),
				 make_current ? errdetail("Release %lld is now the current release for \"%s\".",
										  (long long) existing, hcpcs_ptp_settings[setting]) : 0));
		return existing_count;
	}

	/* 4. its rows */
	inserted = insert_rows(&ld);
	hcpcs_release_set_count(ld.schema, ld.release_id, (int64) inserted);
	hcpcs_ptp_store_image(ld.schema, ld.nsp, ld.release_id, (int64) inserted);

	/* 5. current */
	if (make_current)
		set_current(ld.schema, setting, ld.release_id);

	/*
	 * 6. Fresh statistics: the planner needs them for users' own queries on
	 * the table right after a load (a join to 2.5 M new rows planned without
	 * them can take a hundred times longer).  Only the owner may ANALYZE;
	 * for others autovacuum does it soon.
	 */
	if (pg_class_ownercheck(get_relname_relid("hcpcs_ptp_edits", ld.nsp), GetUserId()) &&
		SPI_execute(psprintf("ANALYZE %s.hcpcs_ptp_edits", ld.schema), false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "hcpcs: could not analyze hcpcs_ptp_edits");
	return (int64) inserted;
}

static char *
optional_text(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

/* hcpcs_load_ptp(paths text[], setting text, period, as_of, make_current) */
PG_FUNCTION_INFO_V1(hcpcs_load_ptp);
Datum
hcpcs_load_ptp(PG_FUNCTION_ARGS)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				setting;
	HcpcsLines *sources;
	char	  **names;
	int64		result;
	int			spi;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("paths, setting and make_current must not be NULL")));
	setting = hcpcs_ptp_setting_parse(text_to_cstring(PG_GETARG_TEXT_PP(1)));
	hcpcs_check_server_file_access("hcpcs_load_ptp");
	deconstruct_array(PG_GETARG_ARRAYTYPE_P(0), TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no PTP file given")));
	if (n > PG_UINT16_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many PTP files")));
	sources = palloc(sizeof(HcpcsLines) * n);
	names = palloc(sizeof(char *) * n);
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("a PTP file path must not be NULL")));
		names[i] = TextDatumGetCString(elems[i]);
	}
	spi = hcpcs_spi_begin();
	for (i = 0; i < n; i++)
		hcpcs_lines_open_file(&sources[i], names[i], PG_WIN1252);
	result = load_ptp(fcinfo, sources, names, n, setting, optional_text(fcinfo, 2),
					  !PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_DATEADT(3),
					  PG_GETARG_BOOL(4));
	hcpcs_spi_end(spi);
	PG_RETURN_INT64(result);
}

/*
 * hcpcs_load_ptp_staged(staging regclass, source_names text[], setting,
 *						 period, as_of, make_current)
 * The staging table has columns part (1, 2, ...: the position of the file
 * in source_names), lineno and line.
 */
PG_FUNCTION_INFO_V1(hcpcs_load_ptp_staged);
Datum
hcpcs_load_ptp_staged(PG_FUNCTION_ARGS)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				setting;
	HcpcsLines *sources;
	char	  **names;
	int64		result;
	int			spi;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("staging, source_names, setting and make_current must not be NULL")));
	setting = hcpcs_ptp_setting_parse(text_to_cstring(PG_GETARG_TEXT_PP(2)));
	deconstruct_array(PG_GETARG_ARRAYTYPE_P(1), TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);
	if (n == 0 || n > PG_UINT16_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("source_names must name 1 to 65535 files")));
	sources = palloc(sizeof(HcpcsLines) * n);
	names = palloc(sizeof(char *) * n);
	spi = hcpcs_spi_begin();
	for (i = 0; i < n; i++)
	{
		names[i] = nulls[i] ? psprintf("part %d", i + 1) : TextDatumGetCString(elems[i]);
		hcpcs_lines_open_staged(&sources[i], PG_GETARG_OID(0), i + 1, names[i], PG_WIN1252);
	}
	result = load_ptp(fcinfo, sources, names, n, setting, optional_text(fcinfo, 3),
					  !PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_DATEADT(4),
					  PG_GETARG_BOOL(5));
	hcpcs_spi_end(spi);
	PG_RETURN_INT64(result);
}
