/*
 * catalog.c
 *	  Loading the CMS HCPCS Level II file into the reference catalog, and
 *	  the release bookkeeping every loader shares.
 *
 * A load is one call, so one transaction: the release row, every history
 * row and the catalog version bump commit together, or an error leaves the
 * catalog exactly as it was.  Loading the same files twice is recognized by
 * their checksum and changes nothing.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"

#include "cache.h"
#include "catalog.h"
#include "hcpcs.h"
#include "lines.h"
#include "core/cms_level2.h"

/*
 * Release bookkeeping
 */

/*
 * An existing release of this kind, setting and checksum, or 0.  (Not
 * read-only: in READ COMMITTED each look takes a new snapshot, so that one
 * committed since the load began is seen.)
 */
int64
hcpcs_release_find(const char *schema, const char *kind, const char *setting,
				   const char *checksum, int64 *row_count)
{
	Oid			types[3] = {TEXTOID, TEXTOID, TEXTOID};
	Datum		values[3];
	char		nulls[3] = {' ', setting ? ' ' : 'n', ' '};
	bool		isnull;
	int64		id;

	values[0] = CStringGetTextDatum(kind);
	values[1] = setting ? CStringGetTextDatum(setting) : (Datum) 0;
	values[2] = CStringGetTextDatum(checksum);
	if (SPI_execute_with_args(psprintf("SELECT release_id, row_count FROM %s.hcpcs_releases "
									   "WHERE kind = $1 AND setting IS NOT DISTINCT FROM $2 "
									   "AND checksum = $3", schema),
							  3, types, values, nulls, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "hcpcs: could not look up releases");
	if (SPI_processed == 0)
		return 0;
	id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	*row_count = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	return id;
}

/*
 * The release row of a new load; or, when another session loaded the same
 * release (kind, setting, checksum) while this one was parsing, 0 with that
 * release in *existing and its *row_count, as if it had been found before.
 * (Without that, the second of two loads of one file failed with a unique
 * violation once the first committed.  Under REPEATABLE READ the insert
 * fails with a serialization failure instead, as PostgreSQL's ON CONFLICT
 * does: a retry finds the release.)
 */
int64
hcpcs_release_create(const char *schema, const char *kind, const char *setting,
					 const char *period, DateADT as_of, List *files,
					 const char *checksum, int64 *existing, int64 *row_count)
{
	Oid			types[6] = {TEXTOID, TEXTOID, TEXTOID, DATEOID, TEXTARRAYOID, TEXTOID};
	Datum		values[6];
	char		nulls[6] = {' ', setting ? ' ' : 'n', ' ', ' ', ' ', ' '};
	Datum	   *elems = palloc(sizeof(Datum) * Max(list_length(files), 1));
	ListCell   *lc;
	int			n = 0;
	bool		isnull;

	foreach(lc, files)
		elems[n++] = CStringGetTextDatum((char *) lfirst(lc));
	values[0] = CStringGetTextDatum(kind);
	values[1] = setting ? CStringGetTextDatum(setting) : (Datum) 0;
	values[2] = CStringGetTextDatum(period);
	values[3] = DateADTGetDatum(as_of);
	values[4] = PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
	values[5] = CStringGetTextDatum(checksum);
	if (SPI_execute_with_args(psprintf("INSERT INTO %s.hcpcs_releases "
									   "(kind, setting, period, as_of, source_files, row_count, checksum) "
									   "VALUES ($1, $2, $3, $4, $5, 0, $6) "
									   "ON CONFLICT ON CONSTRAINT hcpcs_releases_once DO NOTHING "
									   "RETURNING release_id",
									   schema),
							  6, types, values, nulls, false, 1) != SPI_OK_INSERT_RETURNING)
		elog(ERROR, "hcpcs: could not create the release");
	*existing = 0;
	if (SPI_processed == 0)
	{
		*existing = hcpcs_release_find(schema, kind, setting, checksum, row_count);
		if (*existing == 0)
			elog(ERROR, "hcpcs: a release loaded concurrently is not visible");
		return 0;
	}
	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

void
hcpcs_release_set_count(const char *schema, int64 release_id, int64 row_count)
{
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		values[2] = {Int64GetDatum(release_id), Int64GetDatum(row_count)};

	if (SPI_execute_with_args(psprintf("UPDATE %s.hcpcs_releases SET row_count = $2 "
									   "WHERE release_id = $1", schema),
							  2, types, values, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "hcpcs: could not update the release");
}

/* The last path component */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * The period and first day of a HCPCS Level II file, from its name:
 * HCPC17_..., HCPC2019_... (annual, January 1) and HCPC2026_OCT_... (the
 * quarterly files: that month's first day).  False if the name says none.
 */
static bool
level2_period_from_name(const char *path, char **period, DateADT *as_of)
{
	static const char *const months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
	"JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
	const char *p;

	/* the CMS name may come with a prefix: try every "HCPC" in it */
	for (p = base_name(path); *p; p++)
	{
		const char *q = p + 4;
		int			ndigits = 0,
					year,
					month = 0,
					i;

		if (pg_strncasecmp(p, "HCPC", 4) != 0)
			continue;
		if (*q == 'S' || *q == 's')
			q++;				/* HCPCS2019... */
		while (isdigit((unsigned char) q[ndigits]) && ndigits < 5)
			ndigits++;
		if (ndigits != 2 && ndigits != 4)
			continue;
		year = atoi(pnstrdup(q, ndigits)) + (ndigits == 2 ? 2000 : 0);
		q += ndigits;
		if (*q == '_' || *q == '-')
		{
			for (i = 0; i < 12; i++)
				if (pg_strncasecmp(q + 1, months[i], 3) == 0)
					month = i + 1;
		}
		*as_of = date2j(year, month ? month : 1, 1) - POSTGRES_EPOCH_JDATE;
		*period = month ? psprintf("%04d-%02d", year, month) : psprintf("%04d", year);
		return true;
	}
	return false;
}

/*
 * Loading the Level II file
 */

typedef struct Level2Load
{
	HcpcsLines *src;
	const char *schema;
	int64		release_id;
	SPIPlanPtr	code_plan;
	SPIPlanPtr	modifier_plan;
	int64		ncodes;
	int64		nmodifiers;
} Level2Load;

#define NCODECOLS 26
#define NMODCOLS 9

static void
prepare_plans(Level2Load *ld)
{
	Oid			ctypes[NCODECOLS] = {
		TEXTOID, INT8OID, TEXTOID, TEXTOID, DATEOID, DATEOID, DATEOID, TEXTOID,
		TEXTOID, TEXTOID, TEXTARRAYOID, TEXTOID, TEXTARRAYOID, TEXTARRAYOID,
		TEXTOID, TEXTARRAYOID, TEXTARRAYOID, TEXTOID, DATEOID, TEXTOID, TEXTOID,
		DATEOID, TEXTOID, TEXTARRAYOID, INT2OID, INT8OID
	};
	Oid			mtypes[NMODCOLS] = {
		TEXTOID, INT8OID, TEXTOID, TEXTOID, DATEOID, DATEOID, DATEOID, TEXTOID,
		INT8OID
	};

	ld->code_plan = SPI_prepare(psprintf(
										 "INSERT INTO %s.hcpcs_code_history (code, release_id, long_description, "
										 "short_description, added, action_effective, terminated, action_code, "
										 "coverage_code, betos, pricing_indicators, multiple_pricing, "
										 "cim_references, mcm_references, statute, lab_certifications, "
										 "cross_references, asc_group, asc_effective, opps_group, opps_indicator, "
										 "opps_effective, processing_note, type_of_service, anesthesia_units, "
										 "source_line) VALUES ($1::%s.hcpcs_code, $2, $3, $4, $5, $6, $7, $8, $9, "
										 "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, "
										 "$24, $25, $26)",
										 ld->schema, ld->schema),
								NCODECOLS, ctypes);
	ld->modifier_plan = SPI_prepare(psprintf(
											 "INSERT INTO %s.hcpcs_modifier_history (modifier, release_id, "
											 "long_description, short_description, added, action_effective, "
											 "terminated, action_code, source_line) "
											 "VALUES ($1::%s.hcpcs_modifier, $2, $3, $4, $5, $6, $7, $8, $9)",
											 ld->schema, ld->schema),
									NMODCOLS, mtypes);
	if (ld->code_plan == NULL || ld->modifier_plan == NULL)
		elog(ERROR, "hcpcs: could not prepare the catalog inserts");
}

/* A text field: NULL when empty, else converted to the database encoding */
static void
set_text(Level2Load *ld, Datum *values, char *nulls, int i, const char *s)
{
	if (*s == '\0')
	{
		nulls[i] = 'n';
		values[i] = (Datum) 0;
	}
	else
	{
		nulls[i] = ' ';
		values[i] = CStringGetTextDatum(hcpcs_lines_to_server(ld->src, s));
	}
}

static void
set_date(Datum *values, char *nulls, int i, int32 yyyymmdd)
{
	if (yyyymmdd == 0)
	{
		nulls[i] = 'n';
		values[i] = (Datum) 0;
	}
	else
	{
		nulls[i] = ' ';
		values[i] = DateADTGetDatum(date2j(yyyymmdd / 10000, yyyymmdd / 100 % 100,
										   yyyymmdd % 100) - POSTGRES_EPOCH_JDATE);
	}
}

/* A text[] of the non-empty strings among n at base, stride apart; NULL if none */
static void
set_array(Level2Load *ld, Datum *values, char *nulls, int i,
		  const char *base, int n, size_t stride)
{
	Datum		elems[8];
	int			k,
				used = 0;

	for (k = 0; k < n; k++)
	{
		const char *s = base + k * stride;

		if (*s != '\0')
			elems[used++] = CStringGetTextDatum(hcpcs_lines_to_server(ld->src, s));
	}
	if (used == 0)
	{
		nulls[i] = 'n';
		values[i] = (Datum) 0;
		return;
	}
	nulls[i] = ' ';
	values[i] = PointerGetDatum(construct_array(elems, used, TEXTOID, -1, false, TYPALIGN_INT));
}

static void
insert_entry(Level2Load *ld, const HcpcsL2Entry *e)
{
	Datum		values[NCODECOLS];
	char		nulls[NCODECOLS];
	int			rc;

	memset(nulls, ' ', sizeof(nulls));
	values[0] = CStringGetTextDatum(e->code);
	values[1] = Int64GetDatum(ld->release_id);
	set_text(ld, values, nulls, 2, e->long_desc);
	set_text(ld, values, nulls, 3, e->short_desc);
	set_date(values, nulls, 4, e->added);
	set_date(values, nulls, 5, e->action_effective);
	set_date(values, nulls, 6, e->terminated);
	set_text(ld, values, nulls, 7, e->action_code);

	if (e->is_modifier)
	{
		values[8] = Int64GetDatum(e->line);
		rc = SPI_execute_plan(ld->modifier_plan, values, nulls, false, 0);
		ld->nmodifiers++;
	}
	else
	{
		set_text(ld, values, nulls, 8, e->coverage);
		set_text(ld, values, nulls, 9, e->betos);
		set_array(ld, values, nulls, 10, e->pricing[0], 4, sizeof(e->pricing[0]));
		set_text(ld, values, nulls, 11, e->mult_pricing);
		set_array(ld, values, nulls, 12, e->cim[0], 3, sizeof(e->cim[0]));
		set_array(ld, values, nulls, 13, e->mcm[0], 3, sizeof(e->mcm[0]));
		set_text(ld, values, nulls, 14, e->statute);
		set_array(ld, values, nulls, 15, e->lab_cert[0], 8, sizeof(e->lab_cert[0]));
		set_array(ld, values, nulls, 16, e->xref[0], 5, sizeof(e->xref[0]));
		set_text(ld, values, nulls, 17, e->asc_group);
		set_date(values, nulls, 18, e->asc_date);
		set_text(ld, values, nulls, 19, e->opps);
		set_text(ld, values, nulls, 20, e->opps_pi);
		set_date(values, nulls, 21, e->opps_date);
		set_text(ld, values, nulls, 22, e->proc_note);
		set_array(ld, values, nulls, 23, e->tos[0], 5, sizeof(e->tos[0]));
		if (e->anesthesia_units < 0)
			nulls[24] = 'n';
		values[24] = Int16GetDatum((int16) Max(e->anesthesia_units, 0));
		values[25] = Int64GetDatum(e->line);
		rc = SPI_execute_plan(ld->code_plan, values, nulls, false, 0);
		ld->ncodes++;
	}
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "hcpcs: could not insert %s", e->code);
}

static void
report_level2_error(HcpcsLines *src, const HcpcsL2Error *err)
{
	hcpcs_report_file_error("HCPCS Level II", src->name, err->line, err->field,
							err->value, err->reason, src->file_encoding);
}

/* Context line for errors raised while inserting an entry */
typedef struct EntryContext
{
	const char *name;
	const HcpcsL2Entry *entry;
} EntryContext;

static void
entry_error_context(void *arg)
{
	EntryContext *ec = (EntryContext *) arg;

	if (ec->entry)
		errcontext("HCPCS Level II file \"%s\", line %ld, %s %s",
				   ec->name, ec->entry->line,
				   ec->entry->is_modifier ? "modifier" : "code", ec->entry->code);
}

/*
 * Load one Level II file from src (SPI connected).  Returns the number of
 * codes and modifiers the release holds.
 */
static int64
load_level2(FunctionCallInfo fcinfo, HcpcsLines *src, HcpcsLines *again,
			const char *source_name, bool have_as_of, DateADT as_of,
			bool encoding_given)
{
	Level2Load	ld;
	HcpcsL2Reader *reader = palloc(sizeof(HcpcsL2Reader));
	HcpcsL2Entry *entry = palloc(sizeof(HcpcsL2Entry));
	HcpcsL2Error err;
	const char *line;
	size_t		len;
	char	   *checksum;
	char	   *period;
	int64		existing,
				existing_count = 0;
	DateADT		name_as_of;
	int			rc;
	ErrorContextCallback errcb;
	EntryContext ec = {source_name, NULL};

	memset(&ld, 0, sizeof(ld));
	ld.schema = hcpcs_schema_name(fcinfo);
	ld.src = again;

	if (!level2_period_from_name(source_name, &period, &name_as_of))
	{
		if (!have_as_of)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot tell which year or quarter \"%s\" is for", source_name),
					 errhint("Pass the first day the file applies as as_of, e.g. as_of => '2019-01-01'.")));
		period = DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(as_of)));
	}
	if (!have_as_of)
		as_of = name_as_of;

	/* first pass: the checksum, to recognize a release loaded before */
	while (hcpcs_lines_next(src, &line, &len))
		;
	checksum = hcpcs_lines_checksum(src);
	hcpcs_lines_close(src);
	existing = hcpcs_release_find(ld.schema, "level2", NULL, checksum, &existing_count);
	if (!existing)
		ld.release_id = hcpcs_release_create(ld.schema, "level2", NULL, period, as_of,
											 list_make1(pstrdup(base_name(source_name))),
											 checksum, &existing, &existing_count);
	if (existing)
	{
		hcpcs_lines_close(again);
		ereport(NOTICE,
				(errmsg("\"%s\" is already loaded, as release %lld; nothing changed",
						source_name, (long long) existing)));
		return existing_count;
	}
	prepare_plans(&ld);

	/* second pass: parse and insert */
	errcb.callback = entry_error_context;
	errcb.arg = &ec;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;

	hcpcs_l2_init(reader);
	reader->c1_controls = again->file_encoding == PG_LATIN1;
	while (hcpcs_lines_next(again, &line, &len))
	{
		rc = hcpcs_l2_feed(reader, line, len, entry, &err);
		if (rc == HCPCS_L2_ERROR)
			report_level2_error(again, &err);
		/* a byte order mark says UTF-8, unless the caller said otherwise */
		if (reader->utf8_bom && !encoding_given)
			again->file_encoding = PG_UTF8;
		reader->c1_controls = again->file_encoding == PG_LATIN1;
		if (rc == HCPCS_L2_ENTRY)
		{
			ec.entry = entry;
			insert_entry(&ld, entry);
			ec.entry = NULL;
		}
	}
	/*
	 * (the CSV export need not end its last line: only the TXT form must;
	 * and a file with no record at all is not a Level II file, as the
	 * parser says next)
	 */
	if (reader->format != HCPCS_L2_FORMAT_CSV && reader->n_records > 0)
		hcpcs_lines_check_complete(again, "HCPCS Level II");
	while ((rc = hcpcs_l2_finish(reader, entry, &err)) != HCPCS_L2_NONE)
	{
		if (rc == HCPCS_L2_ERROR)
			report_level2_error(again, &err);
		ec.entry = entry;
		insert_entry(&ld, entry);
		ec.entry = NULL;
	}
	error_context_stack = errcb.previous;

	/* the file may have changed between the passes: never mislabel it */
	if (strcmp(hcpcs_lines_checksum(again), checksum) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("\"%s\" changed while it was being loaded", source_name)));
	hcpcs_lines_close(again);

	if (reader->n_asc_shifted > 0)
		ereport(NOTICE,
				(errmsg("%ld record(s) of \"%s\" had their ASC date two positions early; read as the ASC date",
						reader->n_asc_shifted, source_name),
				 errdetail("A known defect of the CMS file of 2018 (codes C9488, C9745-C9748).")));

	hcpcs_release_set_count(ld.schema, ld.release_id, ld.ncodes + ld.nmodifiers);
	return ld.ncodes + ld.nmodifiers;
}

/* The file_encoding argument: an encoding name, or latin-1 when NULL */
static int
file_encoding_arg(FunctionCallInfo fcinfo, int argno)
{
	int			enc;

	if (PG_ARGISNULL(argno))
		return PG_LATIN1;
	enc = pg_char_to_encoding(text_to_cstring(PG_GETARG_TEXT_PP(argno)));
	if (enc < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown encoding \"%s\"",
						text_to_cstring(PG_GETARG_TEXT_PP(argno)))));
	return enc;
}

/* hcpcs_load_level2(path text, as_of date DEFAULT NULL, file_encoding text DEFAULT NULL) */
PG_FUNCTION_INFO_V1(hcpcs_load_level2);
Datum
hcpcs_load_level2(PG_FUNCTION_ARGS)
{
	char	   *path;
	HcpcsLines	src,
				again;
	int64		n;
	int			spi,
				enc;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the file path must not be NULL")));
	hcpcs_check_server_file_access("hcpcs_load_level2");
	path = text_to_cstring(PG_GETARG_TEXT_PP(0));

	spi = hcpcs_spi_begin();
	enc = file_encoding_arg(fcinfo, 2);
	hcpcs_lines_open_file(&src, path, enc);
	hcpcs_lines_open_file(&again, path, enc);
	n = load_level2(fcinfo, &src, &again, path, !PG_ARGISNULL(1),
					PG_ARGISNULL(1) ? 0 : PG_GETARG_DATEADT(1), !PG_ARGISNULL(2));
	hcpcs_spi_end(spi);
	PG_RETURN_INT64(n);
}

/*
 * hcpcs_load_level2_staged(staging regclass, source_name text,
 *							as_of date DEFAULT NULL, file_encoding text DEFAULT NULL)
 * The client-side path: a client copied the file's lines into a staging
 * table (lineno, line) with COPY ... FROM STDIN (scripts/hcpcs-load does).
 */
PG_FUNCTION_INFO_V1(hcpcs_load_level2_staged);
Datum
hcpcs_load_level2_staged(PG_FUNCTION_ARGS)
{
	Oid			staging;
	char	   *name;
	int			enc;
	HcpcsLines	src,
				again;
	int64		n;
	int			spi;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the staging table and the source name must not be NULL")));
	staging = PG_GETARG_OID(0);
	name = text_to_cstring(PG_GETARG_TEXT_PP(1));
	enc = file_encoding_arg(fcinfo, 3);

	spi = hcpcs_spi_begin();
	hcpcs_lines_open_staged(&src, staging, 0, name, enc);
	hcpcs_lines_open_staged(&again, staging, 0, name, enc);
	n = load_level2(fcinfo, &src, &again, name, !PG_ARGISNULL(2),
					PG_ARGISNULL(2) ? 0 : PG_GETARG_DATEADT(2), !PG_ARGISNULL(3));
	hcpcs_spi_end(spi);
	PG_RETURN_INT64(n);
}
