/*
 * test_level2.c
 *	  C-level test of the HCPCS Level II file parser (src/core/cms_level2.c),
 *	  run by `make check-core`.  No server needed.
 *
 * Usage: test_level2 [DATA_DIR]	(default: $HCPCS_DATA, else ../shared/data)
 *
 * WHAT THIS CHECKS
 *
 * 1. The three real CMS TXT files parse without error, with the figures
 *	  CMS and the project documents give: 2017 6,155 procedure codes and 343
 *	  modifiers, 2018 6,205 + 354, 2019 6,440 + 360, and 506 procedure codes
 *	  of 2019 with a termination date; every entry is well formed (code
 *	  shape, real dates, no trailing blanks).
 * 2. Long descriptions joined over continuation records, hard-coded from
 *	  each year's file (Level II text only, public domain): a 2017 modifier
 *	  whose continuation record is cut to 91 characters, continuations that
 *	  start with a blank (a double space of the text), a break after "/",
 *	  the longest description (17 records), text changed between years.
 * 3. The real 2026 CSV excerpt: 35 modifiers, trimmed, quoted fields; and
 *	  constructed CSV: quoted fields spanning lines, doubled quotes, BOM,
 *	  CRLF, continuation rows.
 * 4. Every error the parser reports, with its line, field, position and
 *	  reason, on constructed bad input; a PTP text file and binary lines are
 *	  "not a HCPCS Level II file".
 *
 * Every line is handed to the parser in a heap block of exactly its
 * length, without a NUL, so that valgrind or AddressSanitizer catch a read
 * past the end.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms_level2.h"
#include "cms_common.h"

static long n_checks;
static long n_failures;

static void
check(bool ok, const char *fmt,...)
{
	va_list		ap;

	n_checks++;
	if (ok)
		return;
	n_failures++;
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
		fseek(f, 0, SEEK_SET) != 0)
	{
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t) n + 1);
	if (!buf || fread(buf, 1, (size_t) n, f) != (size_t) n)
	{
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t) n;
	return buf;
}

/* Feed one line from a heap block of exactly len bytes. */
static int
feed_exact(HcpcsL2Reader *r, const char *p, size_t len, HcpcsL2Entry *e,
		   HcpcsL2Error *err)
{
	char	   *copy = malloc(len > 0 ? len : 1);
	int			rc;

	if (!copy)
	{
		printf("out of memory\n");
		exit(2);
	}
	memcpy(copy, p, len);
	rc = hcpcs_l2_feed(r, copy, len, e, err);
	free(copy);
	return rc;
}

typedef void (*EntryFn) (const HcpcsL2Entry *e, void *arg);

/*
 * Feed a whole buffer, split at LF as a file reader would (no empty line
 * after a final LF), then finish.  Returns 0, or -1 with *err filled.
 */
static int
feed_buffer(HcpcsL2Reader *r, const char *buf, size_t len, EntryFn fn,
			void *arg, HcpcsL2Error *err)
{
	static HcpcsL2Entry e;
	size_t		b = 0;
	int			rc;

	while (b < len)
	{
		const char *nl = memchr(buf + b, '\n', len - b);
		size_t		end = nl ? (size_t) (nl - buf) : len;

		rc = feed_exact(r, buf + b, end - b, &e, err);
		if (rc == HCPCS_L2_ERROR)
			return -1;
		if (rc == HCPCS_L2_ENTRY && fn)
			fn(&e, arg);
		b = end + 1;
	}
	while ((rc = hcpcs_l2_finish(r, &e, err)) == HCPCS_L2_ENTRY)
		if (fn)
			fn(&e, arg);
	return rc == HCPCS_L2_ERROR ? -1 : 0;
}

/* ---------------------------------------------------------------------
 * 1 and 2: the real TXT files
 * ---------------------------------------------------------------------
 */

typedef struct Expect
{
	const char *code;
	bool		is_modifier;
	int			nrecords;
	const char *long_desc;		/* exact, or NULL */
	size_t		long_len;		/* exact length, or 0 */
	const char *prefix;			/* start of long_desc, or NULL */
	const char *short_desc;		/* exact, or NULL */
	int32_t		added,
				action_effective,
				terminated;
	bool		found;
} Expect;

typedef struct Stats
{
	long		procs,
				mods,
				term_procs,
				term_mods,
				malformed;
	size_t		max_long;
	char		max_long_code[6];
	long		shifted;
	Expect	   *expect;
	int			nexpect;
	const char *label;
} Stats;

static bool
no_trailing_blank(const char *s)
{
	size_t		n = strlen(s);

	return n == 0 || s[n - 1] != ' ';
}

static bool
date_ok(int32_t d)
{
	return d == 0 || hcpcs_valid_yyyymmdd(d);
}

static void
collect(const HcpcsL2Entry *e, void *arg)
{
	Stats	   *st = arg;
	size_t		n = strlen(e->long_desc);
	bool		shape;
	int			i;

	if (e->is_modifier)
	{
		st->mods++;
		st->term_mods += e->terminated != 0;
		shape = strlen(e->code) == 2;
	}
	else
	{
		st->procs++;
		st->term_procs += e->terminated != 0;
		shape = strlen(e->code) == 5 && e->code[0] >= 'A' && e->code[0] <= 'V';
		for (i = 1; i < 5 && shape; i++)
			shape = e->code[i] >= '0' && e->code[i] <= '9';
	}
	if (!shape || n == 0 || !no_trailing_blank(e->long_desc) ||
		!no_trailing_blank(e->short_desc) || !no_trailing_blank(e->mcm[0]) ||
		!date_ok(e->added) || !date_ok(e->action_effective) ||
		!date_ok(e->terminated) || !date_ok(e->asc_date) ||
		!date_ok(e->opps_date) || e->added == 0 || e->line <= 0 ||
		e->nrecords < 1)
	{
		if (st->malformed++ < 5)
			printf("   %s: malformed entry %s at line %ld\n", st->label,
				   e->code, e->line);
	}
	if (n > st->max_long)
	{
		st->max_long = n;
		memcpy(st->max_long_code, e->code, 6);
	}
	st->shifted += e->asc_date_shifted;

	for (i = 0; i < st->nexpect; i++)
	{
		Expect	   *x = &st->expect[i];

		if (strcmp(x->code, e->code) != 0 || x->is_modifier != e->is_modifier)
			continue;
		x->found = true;
		check(e->nrecords == x->nrecords, "%s %s: %d records, expected %d",
			  st->label, x->code, e->nrecords, x->nrecords);
		if (x->long_desc)
			check(strcmp(e->long_desc, x->long_desc) == 0,
				  "%s %s: long description\n  got      \"%s\"\n  expected \"%s\"",
				  st->label, x->code, e->long_desc, x->long_desc);
		if (x->long_len)
			check(n == x->long_len, "%s %s: long description of %zu bytes, expected %zu",
				  st->label, x->code, n, x->long_len);
		if (x->prefix)
			check(strncmp(e->long_desc, x->prefix, strlen(x->prefix)) == 0,
				  "%s %s: long description starts \"%.60s\"", st->label,
				  x->code, e->long_desc);
		if (x->short_desc)
			check(strcmp(e->short_desc, x->short_desc) == 0,
				  "%s %s: short description \"%s\", expected \"%s\"",
				  st->label, x->code, e->short_desc, x->short_desc);
		check(e->added == x->added && e->action_effective == x->action_effective &&
			  e->terminated == x->terminated,
			  "%s %s: dates %d %d %d, expected %d %d %d", st->label, x->code,
			  e->added, e->action_effective, e->terminated,
			  x->added, x->action_effective, x->terminated);
	}
}

typedef struct YearCase
{
	const char *file;
	long		procs,
				mods,
				term_procs;		/* -1: not asserted */
	long		records;
	long		first_record_line;
	long		shifted;
	Expect	   *expect;
	int			nexpect;
} YearCase;

/* Level II descriptions (public domain), as joined from each year's file */
static const char g0501[] =
"Resource-intensive services for patients for whom the use of specialized "
"mobility-assistive technology (such as adjustable height chairs or tables, "
"patient lift, and adjustable padded leg supports) is medically necessary and "
"used during the provision of an office/outpatient, evaluation and management "
" visit (list separately in addition to primary service)";
static const char g9678[] =
"Oncology care model (ocm) monthly enhanced oncology services (meos) payment for "
" ocm enhanced services.  g9678 payments may only be made to ocm practitioners "
"for ocm beneficiaries for the furnishment of enhanced services as defined in "
"the ocm participation agreement";
static const char ad[] =
"Medical supervision by a physician: more than four concurrent anesthesia procedures";

static Expect expect2017[] = {
	/* the continuation record is 91 characters in 2017 */
	{"AD", true, 2, ad, 0, NULL, "Md supervision, >4 anes proc", 19840101, 20010101, 0, false},
	{"J7321", false, 2,
		"Hyaluronan or derivative, hyalgan or supartz, for intra-articular injection, per dose",
	0, NULL, "Hyalgan/supartz inj per dose", 20080101, 20080101, 0, false},
	{"G0501", false, 5, g0501, 0, NULL, NULL, 20170101, 20170101, 0, false},
	{"E0748", false, 1,
		"Osteogenesis stimulator, electrical, non-invasive, spinal applications",
	0, NULL, "Elec osteogen stim spinal", 19960101, 19970101, 0, false},
};

static Expect expect2018[] = {
	{"J7321", false, 2,
		"Hyaluronan or derivative, hyalgan, supartz or visco-3, for intra-articular injection, per dose",
	0, NULL, "Hyalgan supartz visco-3 dose", 20080101, 20180101, 0, false},
	{"K0553", false, 2,
		"Supply allowance for therapeutic continuous glucose monitor (cgm), includes all "
		"supplies and accessories, 1 month supply = 1 unit of service",
	0, NULL, "Ther cgm supply allowance", 20170701, 20170701, 0, false},
	{"A0427", false, 2,
		"Ambulance service, advanced life support, emergency transport, level 1 (als 1 - emergency)",
	0, NULL, "Als1-emergency", 20010101, 20010101, 0, false},
	{"G9678", false, 4, g9678, 0, NULL, NULL, 20160401, 20160401, 0, false},
};

static Expect expect2019[] = {
	{"G0501", false, 5, g0501, 0, NULL, "Resource-inten svc during ov", 20170101, 20170101, 0, false},
	{"G9678", false, 4, g9678, 0, NULL, "Oncology care model service", 20160401, 20160401, 0, false},
	{"L3900", false, 2,
		"Wrist hand finger orthosis, dynamic flexor hinge, reciprocal wrist extension/ "
		"flexion, finger flexion/extension, wrist or finger driven, custom fabricated",
	0, NULL, "Hinge extension/flex wrist/f", 19860101, 20010101, 0, false},
	/* text changed since 2018 ("(or higher)"); blank ACT EFF DT */
	{"A5513", false, 4,
		"For diabetics only, multiple density insert, custom molded from model of "
		"patient's foot, total contact with patient's foot, including arch, base layer "
		"minimum of 3/16 inch material of shore a 35 durometer (or higher), includes "
		"arch filler and other shaping material, custom fabricated, each",
	0, NULL, "Multi den insert custom mold", 20060101, 0, 0, false},
	/* the longest description of the three files */
	{"G0503", false, 17, NULL, 1251, "Subsequent psychiatric collaborative care management",
	NULL, 20170101, 20180101, 20171231, false},
	{"AD", true, 2, ad, 0, NULL, "Md supervision, >4 anes proc", 19840101, 20010101, 0, false},
};

static void
test_year(const char *dir, const YearCase *yc)
{
	char		path[4096];
	char	   *buf;
	size_t		len;
	HcpcsL2Reader *r = malloc(sizeof(HcpcsL2Reader));
	HcpcsL2Error err;
	Stats		st;
	int			i;

	snprintf(path, sizeof(path), "%s/cms/hcpcs-level2/%s", dir, yc->file);
	buf = read_file(path, &len);
	check(buf != NULL, "cannot read %s", path);
	if (!buf || !r)
	{
		free(r);
		return;
	}
	memset(&st, 0, sizeof(st));
	st.expect = yc->expect;
	st.nexpect = yc->nexpect;
	st.label = yc->file;
	hcpcs_l2_init(r);
	if (feed_buffer(r, buf, len, collect, &st, &err) != 0)
		check(false, "%s: line %ld, %s (position %d) \"%s\": %s", yc->file,
			  err.line, err.field, err.pos, err.value, err.reason);
	else
	{
		check(r->format == HCPCS_L2_FORMAT_FIXED, "%s: format %d", yc->file, r->format);
		check(st.procs == yc->procs, "%s: %ld procedure codes, expected %ld",
			  yc->file, st.procs, yc->procs);
		check(st.mods == yc->mods, "%s: %ld modifiers, expected %ld",
			  yc->file, st.mods, yc->mods);
		check(r->n_procedures == st.procs && r->n_modifiers == st.mods,
			  "%s: reader counts %ld/%ld differ from entries %ld/%ld", yc->file,
			  r->n_procedures, r->n_modifiers, st.procs, st.mods);
		if (yc->term_procs >= 0)
			check(st.term_procs == yc->term_procs,
				  "%s: %ld procedure codes with a termination date, expected %ld",
				  yc->file, st.term_procs, yc->term_procs);
		check(r->n_records == yc->records, "%s: %ld records, expected %ld",
			  yc->file, r->n_records, yc->records);
		check(r->n_asc_shifted == yc->shifted && st.shifted == yc->shifted,
			  "%s: %ld shifted ASC dates, expected %ld", yc->file,
			  r->n_asc_shifted, yc->shifted);
		check(st.malformed == 0, "%s: %ld malformed entries", yc->file, st.malformed);
		check(st.max_long == 1251 && strcmp(st.max_long_code, "G0503") == 0,
			  "%s: longest description %zu bytes (%s)", yc->file, st.max_long,
			  st.max_long_code);
		check(r->line == yc->records + r->n_preamble + r->n_blank,
			  "%s: %ld lines = %ld records + %ld preamble + %ld blank",
			  yc->file, r->line, r->n_records, r->n_preamble, r->n_blank);
		check(r->n_preamble + r->n_blank == yc->first_record_line - 1,
			  "%s: %ld lines before the first record, expected %ld", yc->file,
			  r->n_preamble + r->n_blank, yc->first_record_line - 1);
		for (i = 0; i < yc->nexpect; i++)
			check(yc->expect[i].found, "%s: %s not found", yc->file,
				  yc->expect[i].code);
		printf("   %s: %ld codes (%ld terminated) + %ld modifiers (%ld terminated), "
			   "%ld records, %ld disclaimer + %ld blank lines skipped, "
			   "%ld ASC dates repaired\n",
			   yc->file, st.procs, st.term_procs, st.mods, st.term_mods,
			   r->n_records, r->n_preamble, r->n_blank, r->n_asc_shifted);
	}
	free(buf);
	free(r);
}

/* The 2018 file's five ASC dates written two positions early */
static void
shifted_one(const HcpcsL2Entry *e, void *arg)
{
	int		   *n = arg;

	if (strcmp(e->code, "C9488") == 0)
	{
		(*n)++;
		check(e->asc_date_shifted && e->asc_date == 20170401 &&
			  e->asc_group[0] == '\0' && strcmp(e->coverage, "D") == 0 &&
			  strcmp(e->betos, "O1E") == 0 && e->added == 20170401,
			  "2018 C9488: asc_date %d group \"%s\" shifted %d",
			  e->asc_date, e->asc_group, e->asc_date_shifted);
	}
	else if (e->asc_date_shifted)
		check(strncmp(e->code, "C974", 4) == 0 && e->code[4] >= '5' &&
			  e->code[4] <= '8' && e->asc_group[0] == '\0',
			  "2018: unexpected ASC repair on %s", e->code);
	else if (strcmp(e->code, "A4206") == 0)
		check(e->asc_date == 0 && e->asc_group[0] == '\0',
			  "2018 A4206: asc fields \"%s\" %d", e->asc_group, e->asc_date);
}

static void
test_2018_shift(const char *dir)
{
	char		path[4096];
	char	   *buf;
	size_t		len;
	HcpcsL2Reader *r = malloc(sizeof(HcpcsL2Reader));
	HcpcsL2Error err;
	int			n = 0;

	snprintf(path, sizeof(path), "%s/cms/hcpcs-level2/HCPC2018_CONTR_ANWEB_disc.txt", dir);
	buf = read_file(path, &len);
	if (!buf || !r)
	{
		check(false, "cannot read %s", path);
		free(buf);
		free(r);
		return;
	}
	hcpcs_l2_init(r);
	check(feed_buffer(r, buf, len, shifted_one, &n, &err) == 0, "2018 shift pass failed");
	check(n == 1, "2018: C9488 seen %d times", n);
	free(buf);
	free(r);
}

/* ---------------------------------------------------------------------
 * 3: CSV
 * ---------------------------------------------------------------------
 */

static const char csv_header_text[] =
"HCPC,SEQNUM,RECID,LONG DESCRIPTION,SHORT DESCRIPTION,PRICE1,PRICE2,PRICE3,"
"PRICE4,MULT_PI,CIM1,CIM2,CIM3,MCM1,MCM2,MCM3,STATUTE,LABCERT1,LABCERT2,"
"LABCERT3,LABCERT4,LABCERT5,LABCERT6,LABCERT7,LABCERT8,XREF1,XREF2,XREF3,"
"XREF4,XREF5,COV,ASC_GRP,ASC_DT,OPPS,OPPS_PI,OPPS_DT,PROCNOTE,BETOS,TOS1,"
"TOS2,TOS3,TOS4,TOS5,ANEST_BU,ADD DT,ACT EFF DT,TERM DT,ACTION CD";

typedef struct CsvStats
{
	long		n,
				mods;
	bool		ab,
				am,
				aa,
				cp;
	bool		all_trimmed;
} CsvStats;

static void
csv_collect(const HcpcsL2Entry *e, void *arg)
{
	CsvStats   *st = arg;

	st->n++;
	st->mods += e->is_modifier;
	if (strlen(e->code) != 2 || e->code[0] == ' ')
		st->all_trimmed = false;
	if (strcmp(e->code, "AB") == 0)
		st->ab = strcmp(e->long_desc, "Audiology service furnished personally by an "
						"audiologist without a physician/npp order for non-acute "
						"hearing assessment unrelated to disequilibrium, or hearing "
						"aids, or examinations for the purpose of prescribing, "
						"fitting, or changing hearing aids; service may be performed "
						"once every 12 months, per beneficiary") == 0 &&
			strcmp(e->short_desc, "Aud svs w/o order evry 12mo") == 0 &&
			e->added == 20230101 && e->seqnum == 10 && e->nrecords == 1;
	if (strcmp(e->code, "AM") == 0)
		st->am = strcmp(e->long_desc, "Physician, team member service") == 0 &&
			strcmp(e->short_desc, "Physician, team member svc") == 0 &&
			strcmp(e->mcm[0], "4105.7") == 0 && strcmp(e->xref[0], "QM") == 0 &&
			strcmp(e->coverage, "D") == 0 && strcmp(e->proc_note, "0069") == 0 &&
			e->anesthesia_units == -1 && e->terminated == 0 &&
			strcmp(e->action_code, "N") == 0;
	if (strcmp(e->code, "AA") == 0)
		st->aa = strcmp(e->mcm[0], "3350.5") == 0 && e->added == 19840101 &&
			e->action_effective == 20010101 && e->line == 11;
	if (strcmp(e->code, "CP") == 0)
		st->cp = e->added == 20160101 && e->action_effective == 20180101 &&
			e->terminated == 20171231;
}

static void
test_csv_excerpt(const char *dir)
{
	char		path[4096];
	char	   *buf;
	size_t		len;
	HcpcsL2Reader *r = malloc(sizeof(HcpcsL2Reader));
	HcpcsL2Error err;
	CsvStats	st;

	snprintf(path, sizeof(path), "%s/cms/hcpcs-level2/HCPC2026_OCT_ANWEB.excerpt.csv", dir);
	buf = read_file(path, &len);
	check(buf != NULL, "cannot read %s", path);
	if (!buf || !r)
	{
		free(buf);
		free(r);
		return;
	}
	memset(&st, 0, sizeof(st));
	st.all_trimmed = true;
	hcpcs_l2_init(r);
	if (feed_buffer(r, buf, len, csv_collect, &st, &err) != 0)
		check(false, "CSV excerpt: line %ld, %s (column %d) \"%s\": %s",
			  err.line, err.field, err.pos, err.value, err.reason);
	else
	{
		check(r->format == HCPCS_L2_FORMAT_CSV, "CSV excerpt: format %d", r->format);
		check(st.n == 35 && st.mods == 35, "CSV excerpt: %ld entries, %ld modifiers",
			  st.n, st.mods);
		check(st.all_trimmed, "CSV excerpt: modifier codes not trimmed");
		check(st.ab, "CSV excerpt: AB (quoted description with commas)");
		check(st.am, "CSV excerpt: AM (quoted short description, MCM, XREF)");
		check(st.aa, "CSV excerpt: AA");
		check(st.cp, "CSV excerpt: CP (termination date)");
		printf("   HCPC2026_OCT_ANWEB.excerpt.csv: %ld modifiers\n", st.mods);
	}
	free(buf);
	free(r);
}

/* One CSV row from 48 values (already quoted where needed). */
static void
csv_row(char *out, size_t cap, const char *const *v)
{
	size_t		n = 0;
	int			i;

	out[0] = '\0';
	for (i = 0; i < HCPCS_L2_NCOLUMNS; i++)
		n += (size_t) snprintf(out + n, cap - n, "%s%s", i ? "," : "", v[i] ? v[i] : "");
}

/* A CSV modifier or procedure row with the fields tests vary */
static void
csv_simple(char *out, size_t cap, const char *hcpc, const char *recid,
		   const char *longd, const char *shortd, const char *add)
{
	const char *v[HCPCS_L2_NCOLUMNS] = {0};

	v[0] = hcpc;
	/* the 2026 export numbers first records 0010; continuations follow */
	v[1] = (recid[0] == '3' || recid[0] == '7') ? "0010" : "0020";
	v[2] = recid;
	v[3] = longd;
	v[4] = shortd;
	v[30] = (recid[0] == '3' || recid[0] == '7') ? "C" : "";
	v[44] = add;
	v[45] = add;
	v[47] = (recid[0] == '3' || recid[0] == '7') ? "N" : "";
	csv_row(out, cap, v);
}

/* ---------------------------------------------------------------------
 * Constructed inputs
 * ---------------------------------------------------------------------
 */

#define MAXLINES 64

typedef struct Input
{
	int			n;
	char	   *line[MAXLINES];
	size_t		len[MAXLINES];
} Input;

static void
in_add(Input *in, const char *s, size_t len)
{
	if (in->n >= MAXLINES)
	{
		printf("test bug: too many lines\n");
		exit(2);
	}
	in->line[in->n] = malloc(len > 0 ? len : 1);
	memcpy(in->line[in->n], s, len);
	in->len[in->n] = len;
	in->n++;
}

static void
in_str(Input *in, const char *s)
{
	in_add(in, s, strlen(s));
}

static void
in_free(Input *in)
{
	int			i;

	for (i = 0; i < in->n; i++)
		free(in->line[i]);
	in->n = 0;
}

typedef struct Outcome
{
	int			rc;				/* 0, or HCPCS_L2_ERROR */
	bool		in_finish;		/* the error came from hcpcs_l2_finish */
	HcpcsL2Error err;
	int			nentries;
	HcpcsL2Entry last;
} Outcome;

/* what run() sets HcpcsL2Reader.c1_controls to (latin-1 input) */
static bool run_c1_controls;

static void
run(Input *in, Outcome *o)
{
	static HcpcsL2Reader r;
	HcpcsL2Entry e;
	int			i,
				rc;

	memset(o, 0, sizeof(*o));
	hcpcs_l2_init(&r);
	r.c1_controls = run_c1_controls;
	for (i = 0; i < in->n; i++)
	{
		rc = feed_exact(&r, in->line[i], in->len[i], &e, &o->err);
		if (rc == HCPCS_L2_ERROR)
		{
			HcpcsL2Error again;

			o->rc = rc;
			/* a dead reader stays dead, with the same error */
			rc = hcpcs_l2_feed(&r, "x", 1, &e, &again);
			check(rc == HCPCS_L2_ERROR && again.line == o->err.line &&
				  again.reason == o->err.reason,
				  "dead reader: feed returned %d", rc);
			rc = hcpcs_l2_finish(&r, &e, &again);
			check(rc == HCPCS_L2_ERROR && again.reason == o->err.reason,
				  "dead reader: finish returned %d", rc);
			return;
		}
		if (rc == HCPCS_L2_ENTRY)
		{
			o->nentries++;
			o->last = e;
		}
	}
	while ((rc = hcpcs_l2_finish(&r, &e, &o->err)) == HCPCS_L2_ENTRY)
	{
		o->nentries++;
		o->last = e;
	}
	if (rc == HCPCS_L2_ERROR)
	{
		o->rc = rc;
		o->in_finish = true;
	}
}

/*
 * Expect an error at line with field, position (-1: any), value (NULL:
 * any) and a reason containing reason_part.
 */
static void
expect_error(const char *name, Input *in, long line, const char *field,
			 int pos, const char *value, const char *reason_part)
{
	Outcome		o;

	run(in, &o);
	if (o.rc != HCPCS_L2_ERROR)
	{
		check(false, "%s: no error (%d entries)", name, o.nentries);
		in_free(in);
		return;
	}
	check(o.err.line == line && o.err.field && strcmp(o.err.field, field) == 0 &&
		  (pos < 0 || o.err.pos == pos) &&
		  (!value || strcmp(o.err.value, value) == 0) &&
		  o.err.reason && strstr(o.err.reason, reason_part) != NULL,
		  "%s: got line %ld, field %s, position %d, value \"%s\": %s\n"
		  "        expected line %ld, field %s, position %d, value \"%s\": ...%s...",
		  name, o.err.line, o.err.field ? o.err.field : "(null)", o.err.pos,
		  o.err.value, o.err.reason ? o.err.reason : "(null)",
		  line, field, pos, value ? value : "*", reason_part);
	in_free(in);
}

static void
expect_ok(const char *name, Input *in, int nentries, Outcome *o)
{
	run(in, o);
	check(o->rc == 0 && o->nentries == nentries,
		  "%s: rc %d, %d entries (expected %d); error line %ld %s: %s",
		  name, o->rc, o->nentries, nentries, o->err.line,
		  o->rc ? o->err.field : "", o->rc ? o->err.reason : "");
	in_free(in);
}

/* A blank 320-byte fixed-width record, NUL-terminated. */
typedef char Rec[HCPCS_L2_RECORD_LEN + 1];

static void
put(Rec rec, int pos, const char *s)
{
	memcpy(rec + pos - 1, s, strlen(s));
}

/* A valid first record (RECID 3 or 7) with made-up text. */
static void
rec_first(Rec rec, const char *hcpc, char recid, const char *longd)
{
	memset(rec, ' ', HCPCS_L2_RECORD_LEN);
	rec[HCPCS_L2_RECORD_LEN] = '\0';
	put(rec, 1, hcpc);
	put(rec, 6, "00100");
	rec[10] = recid;
	put(rec, 12, longd);
	put(rec, 92, "Test short");
	put(rec, 230, "C");
	if (recid == '3')
	{
		put(rec, 120, "00");
		put(rec, 128, "9");
		put(rec, 257, "O1A");
		put(rec, 261, "D");
		put(rec, 266, "  0");
	}
	put(rec, 269, "20190101");
	put(rec, 277, "20190101");
	put(rec, 293, "N");
}

/* A continuation record, cut after position 91 as in 2017 if cut. */
static void
rec_cont(Rec rec, const char *hcpc, const char *seq, char recid,
		 const char *longd, bool cut)
{
	memset(rec, ' ', HCPCS_L2_RECORD_LEN);
	rec[HCPCS_L2_RECORD_LEN] = '\0';
	put(rec, 1, hcpc);
	put(rec, 6, seq);
	rec[10] = recid;
	put(rec, 12, longd);
	if (cut)
		rec[91] = '\0';
}

static void
test_fixed_constructed(void)
{
	Input		in = {0};
	Outcome		o;
	Rec			a,
				b,
				c;
	char		buf[400];
	int			i;

	/* disclaimers, BOM, CRLF, blank lines, EOF byte, short records */
	in_str(&in, "\xEF\xBB\xBF***Disclaimers\t\t\r");
	in_str(&in, "\t\t\t\r");
	in_str(&in, "-- Some words, 12345 of them\r");
	rec_first(a, "A0021", '3', "Test procedure with a description that goes on");
	strcpy(buf, a);
	strcat(buf, "\r");
	in_str(&in, buf);
	rec_cont(b, "A0021", "00200", '4', " over two records", true);
	in_str(&in, b);
	in_str(&in, "");
	rec_first(a, "   XY", '7', "Test modifier");
	in_str(&in, a);
	rec_cont(b, "   xy", "00200", '8', "continued", false);
	in_str(&in, b);
	rec_first(a, "j1234", '3', "Lowercase code");
	put(a, 266, " 12");
	put(a, 285, "20200229");
	in_str(&in, a);
	in_str(&in, "\x1A");
	expect_ok("fixed constructed", &in, 3, &o);
	check(strcmp(o.last.code, "J1234") == 0 && o.last.anesthesia_units == 12 &&
		  o.last.terminated == 20200229 && o.last.line == 9 &&
		  strcmp(o.last.long_desc, "Lowercase code") == 0,
		  "fixed constructed: last entry %s units %d term %d line %ld",
		  o.last.code, o.last.anesthesia_units, o.last.terminated, o.last.line);

	/* join rule: leading blank of a piece kept, empty piece adds nothing */
	rec_first(a, "A0021", '3', "One");
	in_str(&in, a);
	rec_cont(b, "A0021", "00200", '4', " two", true);
	in_str(&in, b);
	rec_cont(b, "A0021", "00300", '4', "", true);
	in_str(&in, b);
	rec_cont(b, "A0021", "00400", '4', "three   ", false);
	in_str(&in, b);
	expect_ok("join rule", &in, 1, &o);
	check(strcmp(o.last.long_desc, "One  two three") == 0 && o.last.nrecords == 4,
		  "join rule: \"%s\" (%d records)", o.last.long_desc, o.last.nrecords);

	/* --- errors --- */
	rec_first(a, "A0021", '3', "Good");
	rec_first(b, "A0022", '3', "Bad date");
	put(b, 269, "20190231");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("bad date 20190231", &in, 2, "ADD DT", 269, "20190231",
				 "not a real calendar date");

	rec_first(b, "A0022", '3', "Bad date");
	put(b, 285, "20190229");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("bad date 20190229", &in, 2, "TERM DT", 285, "20190229",
				 "not a real calendar date");

	rec_first(b, "A0022", '3', "Bad date");
	put(b, 277, "2019 101");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("date with a blank", &in, 2, "ACT EFF DT", 277, "2019 101",
				 "8 digits");

	rec_first(b, "A0022", '3', "Bad date");
	put(b, 233, "190101");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("6-digit ASC date", &in, 2, "ASC_DT", 233, "190101", "8 digits");

	rec_first(b, "A0022", '3', "Bad date");
	put(b, 245, "00000000");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("zero OPPS date", &in, 2, "OPPS_DT", 245, "00000000",
				 "not a real calendar date");

	rec_first(b, "Z1234", '3', "Bad code");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("bad code Z1234", &in, 2, "HCPC", 1, "Z1234",
				 "starts no Level II code");

	rec_first(b, "A12B4", '3', "Bad code");
	in_str(&in, b);
	expect_error("bad code A12B4 as first record", &in, 1, "HCPC", 1, "A12B4",
				 "a Level II code is a letter and 4 digits");

	rec_first(b, "99213", '3', "A CPT code");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("CPT code", &in, 2, "HCPC", 1, "99213", "CPT");

	rec_first(b, " A123", '3', "Short code");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("4-character code", &in, 2, "HCPC", 1, " A123", "not 5 characters");

	rec_first(b, "  A1B", '7', "Bad modifier");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("3-character modifier", &in, 2, "HCPC", 1, "  A1B", "bad modifier");

	rec_first(b, "   A-", '7', "Bad modifier");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("modifier with a dash", &in, 2, "HCPC", 1, "   A-", "bad modifier");

	rec_first(b, "A0022", '3', "Bad seqnum");
	put(b, 6, "001X0");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("non-numeric SEQNUM", &in, 2, "SEQNUM", 6, "001X0", "not numeric");

	rec_first(b, "A0022", '5', "Unknown recid");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("unknown RECID", &in, 2, "RECID", 11, "5", "unknown record type");

	rec_first(b, "A0022", '3', "Bad units");
	put(b, 266, " 1X");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("non-numeric ANEST_BU", &in, 2, "ANEST_BU", 266, " 1X", "not numeric");

	rec_cont(b, "A0021", "00200", '4', "orphan continuation", true);
	in_str(&in, b);
	in_str(&in, a);
	expect_error("continuation first", &in, 1, "RECID", 11, "4", "no code or modifier record before");

	in_str(&in, "***Disclaimers");
	in_str(&in, "");
	rec_cont(b, "   AA", "00200", '8', "orphan modifier continuation", false);
	in_str(&in, b);
	expect_error("continuation after the disclaimer", &in, 3, "RECID", 11, "8",
				 "no code or modifier record before");

	rec_cont(b, "A0022", "00200", '4', "continuation of another code", true);
	in_str(&in, a);
	in_str(&in, b);
	expect_error("continuation of another code", &in, 2, "HCPC", 1, "A0022",
				 "another code");

	rec_first(c, "   AA", '7', "Modifier");
	rec_cont(b, "A0021", "00200", '4', "procedure continuation", true);
	in_str(&in, c);
	in_str(&in, b);
	expect_error("4 after 7", &in, 2, "RECID", 11, "4", "after a modifier record");

	rec_cont(b, "   AA", "00200", '8', "modifier continuation", true);
	in_str(&in, a);
	in_str(&in, b);
	expect_error("8 after 3", &in, 2, "RECID", 11, "8", "after a procedure code record");

	rec_cont(b, "A0021", "00100", '4', "same SEQNUM", true);
	in_str(&in, a);
	in_str(&in, b);
	expect_error("continuation SEQNUM", &in, 2, "SEQNUM", 6, "00100", "not greater");

	rec_cont(b, "A0021", "00200", '4', "with a short description", false);
	put(b, 92, "Not here");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("continuation with data", &in, 2, "SHORT DESCRIPTION", 92, "Not here",
				 "data outside the long description");

	/* 79 + 24 * 80 = 1999 bytes fit; the 25th continuation does not */
	memset(buf, 'x', 79);
	buf[79] = '\0';
	rec_first(a, "A0021", '3', buf);
	in_str(&in, a);
	for (i = 1; i <= 25; i++)
	{
		char		seq[8];

		snprintf(seq, sizeof(seq), "%05d", (i + 1) * 100);
		rec_cont(b, "A0021", seq, '4', buf, true);
		in_str(&in, b);
	}
	expect_error("long description too long", &in, 26, "LONG DESCRIPTION", 12, NULL,
				 "longer than 2000");

	rec_first(a, "A0021", '3', "Good");
	memset(buf, 'x', 79);
	buf[79] = '\0';
	in_str(&in, a);
	for (i = 1; i <= 24; i++)
	{
		char		seq[8];

		snprintf(seq, sizeof(seq), "%05d", (i + 1) * 100);
		rec_cont(b, "A0021", seq, '4', buf, true);
		in_str(&in, b);
	}
	expect_ok("long description of 1924 bytes", &in, 1, &o);
	check(strlen(o.last.long_desc) == 4 + 24 * 80 && o.last.nrecords == 25,
		  "long description: %zu bytes", strlen(o.last.long_desc));

	rec_first(a, "A0021", '3', "Good");
	memcpy(buf, a, HCPCS_L2_RECORD_LEN);
	buf[HCPCS_L2_RECORD_LEN] = 'x';
	in_str(&in, a);
	in_add(&in, buf, HCPCS_L2_RECORD_LEN + 1);
	expect_error("record of 321 characters", &in, 2, "record", 321, "321 characters",
				 "longer than 320");

	/* the CR is not part of the record: 320 + CR is fine */
	memcpy(buf, a, HCPCS_L2_RECORD_LEN);
	buf[HCPCS_L2_RECORD_LEN] = '\r';
	in_add(&in, buf, HCPCS_L2_RECORD_LEN + 1);
	expect_ok("record of 320 characters + CR", &in, 1, &o);

	rec_first(b, "A0022", '3', "Filler");
	put(b, 300, "Z");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("data in filler", &in, 2, "record", 300, "Z", "filler");

	rec_first(b, "A0022", '3', "Filler");
	put(b, 260, "Z");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("data in filler 260", &in, 2, "record", 260, "Z", "filler");

	in_str(&in, a);
	in_str(&in, "A0022");
	expect_error("short line after records", &in, 2, "record", 0, "A0022", "too short");

	in_str(&in, a);
	in_str(&in, "Some trailing note");
	expect_error("text after records", &in, 2, "RECID", 11, "i", "unknown record type");

	rec_first(b, "A0022", '3', "Tab\there");
	in_str(&in, a);
	in_str(&in, b);
	expect_error("control character", &in, 2, "LONG DESCRIPTION", 12, NULL, "control character");

	rec_first(b, "A0022", '3', "Nul");
	b[95] = '\0';				/* in the short description */
	in_str(&in, a);
	in_add(&in, b, HCPCS_L2_RECORD_LEN);
	expect_error("NUL byte", &in, 2, "SHORT DESCRIPTION", 92, NULL, "control character");

	/*
	 * 0x80-0x9F: C1 control codes in latin-1 input (0x8D is one of the bytes
	 * cp1252 leaves undefined), shown as '?'; in UTF-8 input a continuation
	 * byte, so text ("\xC2\x8D" is U+008D, but so is any 2-byte character)
	 */
	rec_first(b, "A0022", '3', "Inte\xC2\x8Drated");
	in_str(&in, a);
	in_str(&in, b);
	expect_ok("0x8D in UTF-8 input", &in, 2, &o);
	run_c1_controls = true;
	in_str(&in, a);
	in_str(&in, b);
	expect_error("0x8D in latin-1 input", &in, 2, "LONG DESCRIPTION", 12, NULL, "control character");
	rec_first(b, "A0022", '3', "Inte\x81rated");
	in_str(&in, a);
	in_str(&in, b);
	run(&in, &o);
	check(o.rc == HCPCS_L2_ERROR && strncmp(o.err.value, "Inte?rated", 10) == 0,
		  "0x81 in latin-1 input: value \"%s\" shown with '?'", o.err.value);
	in_free(&in);
	run_c1_controls = false;

	/* no record at all */
	expect_error("empty input", &in, 0, "file", 0, "", "not a HCPCS Level II file");

	in_str(&in, "***Disclaimers");
	in_str(&in, "");
	in_str(&in, "-- words");
	expect_error("disclaimers only", &in, 3, "file", 0, "", "not a HCPCS Level II file");
}

static void
test_not_level2(void)
{
	Input		in = {0};
	char	   *buf;
	size_t		len,
				b;
	Outcome		o;
	unsigned	seed = 12345;
	int			i,
				j;
	Rec			a;
	static const char *const fixtures[] = {
		"tests/fixtures/ccipra-v322r0-f1.excerpt.txt",
		"../main/tests/fixtures/ccipra-v322r0-f1.excerpt.txt",
	};

	/* an NCCI PTP text file */
	buf = NULL;
	for (i = 0; i < 2 && !buf; i++)
		buf = read_file(fixtures[i], &len);
	check(buf != NULL, "cannot read the PTP fixture (run from the project root)");
	if (buf)
	{
		for (b = 0; b < len && in.n < MAXLINES;)
		{
			const char *nl = memchr(buf + b, '\n', len - b);
			size_t		end = nl ? (size_t) (nl - buf) : len;

			in_add(&in, buf + b, end - b);
			b = end + 1;
		}
		/* 64 of its lines: none is a record, so finish says it */
		expect_error("PTP file excerpt (64 lines)", &in, 64, "file", 0, "",
					 "not a HCPCS Level II file");

		/* the whole file: more than 100 lines, so feed gives up early */
		{
			HcpcsL2Reader *r = malloc(sizeof(HcpcsL2Reader));
			HcpcsL2Error err;

			hcpcs_l2_init(r);
			check(feed_buffer(r, buf, len, NULL, NULL, &err) != 0 &&
				  strcmp(err.field, "file") == 0 && err.line == 101 &&
				  strstr(err.reason, "not a HCPCS Level II file") != NULL,
				  "PTP file excerpt (whole): line %ld %s: %s", err.line,
				  err.field, err.reason);
			free(r);
		}
		free(buf);
	}

	/* random binary lines (a fixed seed: the test is repeatable) */
	for (i = 0; i < 20; i++)
	{
		unsigned char line[300];
		size_t		n;

		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 16) % sizeof(line);
		for (j = 0; j < (int) n; j++)
		{
			seed = seed * 1103515245u + 12345u;
			line[j] = (unsigned char) (seed >> 16);
			if (line[j] == '\n')
				line[j] = 0;
		}
		in_add(&in, (const char *) line, n);
	}
	run(&in, &o);
	check(o.rc == HCPCS_L2_ERROR && o.in_finish && o.err.line == 20 &&
		  strcmp(o.err.field, "file") == 0 &&
		  strstr(o.err.reason, "not a HCPCS Level II file") != NULL,
		  "binary lines: rc %d line %ld %s: %s", o.rc, o.err.line,
		  o.err.field ? o.err.field : "", o.err.reason ? o.err.reason : "");
	in_free(&in);

	/* binary after a good record: an error, never a crash */
	rec_first(a, "A0021", '3', "Good");
	for (i = 0; i < 200; i++)
	{
		unsigned char line[330];
		size_t		n;

		in_str(&in, a);
		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 16) % sizeof(line);
		for (j = 0; j < (int) n; j++)
		{
			seed = seed * 1103515245u + 12345u;
			line[j] = (unsigned char) (seed >> 16);
		}
		in_add(&in, (const char *) line, n);
		run(&in, &o);
		check(o.rc == HCPCS_L2_ERROR && o.err.line == 2 && o.err.field &&
			  o.err.reason && strlen(o.err.value) <= 80,
			  "binary after a record (%d): rc %d line %ld", i, o.rc, o.err.line);
		in_free(&in);
	}
}

static void
test_csv_constructed(void)
{
	Input		in = {0};
	Outcome		o;
	char		row[HCPCS_L2_MAX_CSV_RECORD + 200];
	char		hdr[1024];
	char		big[HCPCS_L2_MAX_CSV_RECORD + 10];
	HcpcsL2Reader *r;
	HcpcsL2Entry e;
	HcpcsL2Error err;
	int			rc;

	/* BOM + CRLF + quoted field over two lines + doubled quotes */
	snprintf(hdr, sizeof(hdr), "\xEF\xBB\xBF%s\r", csv_header_text);
	in_str(&in, hdr);
	csv_simple(row, sizeof(row), "   XA", "7", "\"Line one \"\"quoted\"\"", "Short", "20200101");
	/* cut the row after the first line of the quoted field */
	{
		char	   *cut = strstr(row, "\"\"quoted\"\"") + strlen("\"\"quoted\"\"");
		char		rest[1024];

		snprintf(rest, sizeof(rest), "%s", cut);
		*cut = '\0';
		in_str(&in, row);
		in_str(&in, "");		/* an empty line inside the field */
		snprintf(row, sizeof(row), "line two, with a comma\"%s\r", rest);
		in_str(&in, row);
	}
	csv_simple(row, sizeof(row), "A0021", "3", "First piece", "\"Short, quoted\"", "20200229");
	in_str(&in, row);
	csv_simple(row, sizeof(row), "A0021", "4", "second piece", "", "");
	in_str(&in, row);
	in_str(&in, "");
	expect_ok("CSV constructed", &in, 2, &o);
	check(o.rc == 0 && strcmp(o.last.code, "A0021") == 0 &&
		  strcmp(o.last.long_desc, "First piece second piece") == 0 &&
		  strcmp(o.last.short_desc, "Short, quoted") == 0 &&
		  o.last.added == 20200229 && o.last.nrecords == 2 && o.last.line == 5,
		  "CSV constructed: %s \"%s\" \"%s\" line %ld", o.last.code,
		  o.last.long_desc, o.last.short_desc, o.last.line);

	/* the multi-line field, checked through the API directly */
	r = malloc(sizeof(HcpcsL2Reader));
	hcpcs_l2_init(r);
	rc = hcpcs_l2_feed(r, csv_header_text, strlen(csv_header_text), &e, &err);
	csv_simple(row, sizeof(row), "   xa", "7", "\"Line one \"\"quoted\"\"", "S", "20200101");
	{
		char	   *cut = strstr(row, "\"\"quoted\"\"") + strlen("\"\"quoted\"\"");
		char		rest[1024];

		snprintf(rest, sizeof(rest), "line two, with a comma\"%s", cut);
		*cut = '\0';
		rc |= hcpcs_l2_feed(r, row, strlen(row), &e, &err);
		rc |= hcpcs_l2_feed(r, "", 0, &e, &err);
		rc |= hcpcs_l2_feed(r, rest, strlen(rest), &e, &err);
	}
	check(rc == HCPCS_L2_NONE, "CSV multi-line: feed returned %d", rc);
	rc = hcpcs_l2_finish(r, &e, &err);
	check(rc == HCPCS_L2_ENTRY && strcmp(e.code, "XA") == 0 && e.is_modifier &&
		  strcmp(e.long_desc, "Line one \"quoted\"\n\nline two, with a comma") == 0 &&
		  e.line == 2 && r->utf8_bom == false,
		  "CSV multi-line: rc %d code %s \"%s\" line %ld", rc, e.code, e.long_desc, e.line);
	check(hcpcs_l2_finish(r, &e, &err) == HCPCS_L2_NONE, "second finish not NONE");
	rc = hcpcs_l2_feed(r, "x", 1, &e, &err);
	check(rc == HCPCS_L2_ERROR && strstr(err.reason, "after the end of input"),
		  "feed after finish: %d", rc);
	free(r);

	/* --- CSV errors --- */
	{
		char		bad[1024];

		snprintf(bad, sizeof(bad), "%s", csv_header_text);
		memcpy(strstr(bad, "ADD DT"), "ADD_DT", 6);
		in_str(&in, bad);
		expect_error("CSV header name", &in, 1, "ADD DT", 45, "ADD_DT",
					 "column name differs");

		snprintf(bad, sizeof(bad), "%s", csv_header_text);
		*strstr(bad, ",ACTION CD") = '\0';
		in_str(&in, "");
		in_str(&in, bad);
		expect_error("CSV header of 47 columns", &in, 2, "record", 0, "47 columns",
					 "CSV header without the 48 columns");
	}

	in_str(&in, csv_header_text);
	expect_error("CSV header only", &in, 1, "file", 0, "", "a CSV header but no record");

	in_str(&in, csv_header_text);
	csv_simple(row, sizeof(row), "   AA", "7", "Good", "Good", "20190101");
	in_str(&in, row);
	csv_simple(row, sizeof(row), "   AB", "7", "Bad date", "Bad", "20190231");
	in_str(&in, row);
	expect_error("CSV bad date", &in, 3, "ADD DT", 45, "20190231", "not a real calendar date");

	in_str(&in, csv_header_text);
	csv_simple(row, sizeof(row), "   AB", "7", "Long short", "A short description of 29 chx", "20190101");
	in_str(&in, row);
	expect_error("CSV short description too long", &in, 2, "SHORT DESCRIPTION", 5,
				 "A short description of 29 chx", "longer than the field width");

	in_str(&in, csv_header_text);
	csv_simple(row, sizeof(row), "   AB", "7", "Bad \"quote", "Bad", "20190101");
	in_str(&in, row);
	expect_error("CSV quote in unquoted field", &in, 2, "LONG DESCRIPTION", 4, NULL,
				 "quote inside an unquoted");

	in_str(&in, csv_header_text);
	csv_simple(row, sizeof(row), "   AB", "7", "\"Quoted\" then", "Bad", "20190101");
	in_str(&in, row);
	expect_error("CSV text after closing quote", &in, 2, "LONG DESCRIPTION", 4, NULL,
				 "after the closing quote");

	in_str(&in, csv_header_text);
	csv_simple(row, sizeof(row), "   AB", "7", "Good", "Good", "20190101");
	*strrchr(row, ',') = '\0';	/* 47 columns */
	in_str(&in, row);
	expect_error("CSV record of 47 columns", &in, 2, "record", 0, "47 columns",
				 "without 48 columns");

	in_str(&in, csv_header_text);
	csv_simple(row, sizeof(row), "   AB", "7", "Good", "Good", "20190101");
	strcat(row, ",extra");
	in_str(&in, row);
	expect_error("CSV record of 49 columns", &in, 2, "record", 49, "",
				 "more than 48 columns");

	in_str(&in, csv_header_text);
	in_str(&in, "   AB,0010,7,\"An open quote");
	in_str(&in, "that never closes,");
	expect_error("CSV unterminated quote", &in, 2, "record", 4, NULL,
				 "end of input inside a quoted CSV field");

	in_str(&in, csv_header_text);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(row, sizeof(row), "   AB,0010,7,\"%s\",", big);
	in_str(&in, row);
	expect_error("CSV record too long", &in, 2, "LONG DESCRIPTION", 4, NULL,
				 "CSV record longer than 8192 bytes");

	in_str(&in, csv_header_text);
	memset(big, 'x', 2001);
	big[2001] = '\0';
	csv_simple(row, sizeof(row), "   AB", "7", big, "Long", "20190101");
	in_str(&in, row);
	expect_error("CSV long description too long", &in, 2, "LONG DESCRIPTION", 4, NULL,
				 "longer than 2000 bytes");

	in_str(&in, csv_header_text);
	csv_simple(row, sizeof(row), "A0021", "3", "Good", "Good", "20190101");
	in_str(&in, row);
	csv_simple(row, sizeof(row), "   AA", "8", "Wrong continuation", "", "");
	in_str(&in, row);
	expect_error("CSV 8 after 3", &in, 3, "RECID", 3, "8", "after a procedure code record");
}

static void
test_dates(void)
{
	static const struct
	{
		int32_t		d;
		bool		ok;
	}			cases[] = {
		{20190101, true}, {20191231, true}, {20190229, false}, {20200229, true},
		{20000229, true}, {21000229, false}, {19000229, false}, {20190431, false},
		{20190631, false}, {20190930, true}, {20191131, false}, {20190132, false},
		{20191301, false}, {20190001, false}, {20190100, false}, {10101, true}, {101, false},
		{99991231, true}, {0, false}, {-20190101, false}, {100000101, false},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(hcpcs_valid_yyyymmdd(cases[i].d) == cases[i].ok,
			  "hcpcs_valid_yyyymmdd(%d) should be %d", cases[i].d, cases[i].ok);
	check(hcpcs_l2_column_name(0) && strcmp(hcpcs_l2_column_name(0), "HCPC") == 0 &&
		  strcmp(hcpcs_l2_column_name(47), "ACTION CD") == 0 &&
		  hcpcs_l2_column_name(48) == NULL && hcpcs_l2_column_name(-1) == NULL,
		  "hcpcs_l2_column_name");
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HCPCS_DATA");
	YearCase	years[] = {
		{"HCPC17_CONTR_ANWEB.txt", 6155, 343, -1, 10828, 1, 0,
		expect2017, (int) (sizeof(expect2017) / sizeof(expect2017[0]))},
		{"HCPC2018_CONTR_ANWEB_disc.txt", 6205, 354, -1, 10985, 12, 5,
		expect2018, (int) (sizeof(expect2018) / sizeof(expect2018[0]))},
		{"HCPC2019_CONTR_ANWEB.txt", 6440, 360, 506, 11622, 9, 0,
		expect2019, (int) (sizeof(expect2019) / sizeof(expect2019[0]))},
	};
	size_t		i;

	if (!dir || !*dir)
		dir = "../shared/data";
	printf("test_level2: data from %s\n", dir);

	printf("1-2. real TXT files\n");
	for (i = 0; i < sizeof(years) / sizeof(years[0]); i++)
		test_year(dir, &years[i]);
	test_2018_shift(dir);
	printf("3. CSV\n");
	test_csv_excerpt(dir);
	test_csv_constructed();
	printf("4. constructed fixed-width input and errors\n");
	test_fixed_constructed();
	test_not_level2();
	test_dates();

	printf("test_level2: %ld checks, %ld failed\n", n_checks, n_failures);
	return n_failures == 0 ? 0 : 1;
}
