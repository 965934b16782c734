/*
 * test_ptp.c
 *	  C-level test of the NCCI PTP edit file parser (src/core/cms_ptp.c),
 *	  run by `make check-core`.  No server needed.
 *
 * Usage: test_ptp [DATA_DIR]	(default: $HCPCS_DATA, else ../shared/data)
 *
 * WHAT THIS CHECKS
 *
 * 1. The real CMS excerpt ccipra-v322r0-f1.excerpt.txt (2026 Q3,
 *	  practitioner, part f1): 6 preamble lines, 154 rows, 9 / 139 / 6 with
 *	  modifier indicator 0 / 1 / 9, 88 with a deletion date and 66 without;
 *	  rows checked field by field; the same with LF line ends.
 * 2. The full practitioner and hospital tables of 2024 Q3 (the .txt next
 *	  to the .gz, as scripts/test-data.sh unpacks them, else the .gz read
 *	  through `gzip -dc`; skipped with a message when neither is there):
 *	  exact row counts (2,546,017 and 1,775,818), counts by indicator and
 *	  by deletion date, no error, and the parser's speed in lines/s
 *	  ($HCPCS_PTP_BENCH_RUNS timed passes, default 3; the best is shown).
 * 3. A constructed Medicaid-layout file (6 columns, empty deletion date).
 * 4. Every error the parser reports, with its line, field, column,
 *	  position and reason, on constructed bad input; an MUE CSV, a HCPCS
 *	  Level II file, empty input and binary lines are "not an NCCI PTP
 *	  file".
 *
 * Every line of 1, 3 and 4, and every line of 2 in a second, untimed
 * pass, is handed to the parser in a heap block of exactly its length,
 * without a NUL, so that valgrind or AddressSanitizer catch a read past
 * the end.
 */
#define _POSIX_C_SOURCE 200809L	/* popen, clock_gettime */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cms_ptp.h"
#include "code.h"

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

/* Read all of f into a block of exactly its size (+1 so 0 bytes work). */
static char *
read_stream(FILE *f, size_t *len)
{
	size_t		cap = 1 << 20,
				n = 0,
				got;
	char	   *buf = malloc(cap),
			   *exact;

	if (!buf)
		return NULL;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0)
	{
		n += got;
		if (n == cap)
		{
			char	   *bigger = realloc(buf, cap * 2);

			if (!bigger)
			{
				free(buf);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (ferror(f))
	{
		free(buf);
		return NULL;
	}
	/* exactly n bytes: a read past the last line's end is caught */
	exact = realloc(buf, n > 0 ? n : 1);
	*len = n;
	return exact ? exact : buf;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;

	if (!f)
		return NULL;
	buf = read_stream(f, len);
	fclose(f);
	return buf;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Feed one line from a heap block of exactly len bytes. */
static int
feed_exact(HcpcsPtpReader *r, const char *p, size_t len, HcpcsPtpRow *row,
		   HcpcsPtpError *err, char *rationale, size_t rcap)
{
	char	   *copy = malloc(len > 0 ? len : 1);
	int			rc;

	if (!copy)
	{
		printf("out of memory\n");
		exit(2);
	}
	memcpy(copy, p, len);
	rc = hcpcs_ptp_feed(r, copy, len, row, err);
	/* the rationale points into the line: take it before the line goes */
	if (rc == HCPCS_PTP_ROW && rationale)
	{
		size_t		n = row->rationale_len < rcap - 1 ? row->rationale_len : rcap - 1;

		check(row->rationale >= copy && row->rationale + row->rationale_len <= copy + len,
			  "line %ld: rationale outside the line", row->line);
		memcpy(rationale, row->rationale, n);
		rationale[n] = '\0';
	}
	free(copy);
	return rc;
}

typedef void (*RowFn) (const HcpcsPtpRow *row, const char *rationale, void *arg);

/*
 * Feed a whole buffer, split at LF as a file reader would (no empty line
 * after a final LF), each line an exact heap copy, then finish.  Returns
 * 0, or -1 with *err filled.
 */
static int
feed_buffer(HcpcsPtpReader *r, const char *buf, size_t len, bool strip_cr,
			RowFn fn, void *arg, HcpcsPtpError *err)
{
	HcpcsPtpRow row;
	char		rationale[1024];
	size_t		b = 0;
	int			rc;

	while (b < len)
	{
		const char *nl = memchr(buf + b, '\n', len - b);
		size_t		end = nl ? (size_t) (nl - buf) : len;
		size_t		n = end - b;

		if (strip_cr && n > 0 && buf[b + n - 1] == '\r')
			n--;
		rc = feed_exact(r, buf + b, n, &row, err, rationale, sizeof(rationale));
		if (rc == HCPCS_PTP_ERROR)
			return -1;
		if (rc == HCPCS_PTP_ROW && fn)
			fn(&row, rationale, arg);
		b = end + 1;
	}
	rc = hcpcs_ptp_finish(r, err);
	return rc == HCPCS_PTP_ERROR ? -1 : 0;
}

static bool
code_is(int32_t v, const char *text)
{
	char		buf[6];

	if (!hcpcs_code_is_valid_value(v))
		return false;
	hcpcs_code_format(v, buf);
	return strcmp(buf, text) == 0;
}

/* ---------------------------------------------------------------------
 * 1: the real excerpt
 * ---------------------------------------------------------------------
 */

typedef struct ExpectRow
{
	long		line;
	const char *c1,
			   *c2;
	int			prior;
	int32_t		effective,
				deletion;
	int			indicator;
	const char *rationale;
	bool		found;
} ExpectRow;

typedef struct Stats
{
	long		rows,
				ind[10],
				deleted,
				not_deleted,
				prior,
				ind9_not_same_day,
				empty_rationale,
				trailing_blank,
				bad_line;
	long		last_line;
	ExpectRow  *expect;
	int			nexpect;
	const char *label;
} Stats;

static void
collect(const HcpcsPtpRow *row, const char *rationale, void *arg)
{
	Stats	   *st = arg;
	size_t		n = strlen(rationale);
	int			i;

	st->rows++;
	if (row->indicator >= 0 && row->indicator <= 9)
		st->ind[row->indicator]++;
	if (row->deletion)
		st->deleted++;
	else
		st->not_deleted++;
	st->prior += row->prior_1996 == 1;
	if (row->indicator == 9 && row->deletion != row->effective)
		st->ind9_not_same_day++;
	st->empty_rationale += n == 0;
	st->trailing_blank += n > 0 && rationale[n - 1] == ' ';
	if (row->line <= st->last_line)
		st->bad_line++;
	st->last_line = row->line;

	for (i = 0; i < st->nexpect; i++)
	{
		ExpectRow  *x = &st->expect[i];

		if (x->line != row->line)
			continue;
		x->found = true;
		check(code_is(row->column1, x->c1) && code_is(row->column2, x->c2) &&
			  row->prior_1996 == x->prior && row->effective == x->effective &&
			  row->deletion == x->deletion && row->indicator == x->indicator &&
			  strcmp(rationale, x->rationale) == 0,
			  "%s line %ld: got %d %d prior %d %d-%d ind %d \"%s\"", st->label,
			  x->line, row->column1, row->column2, row->prior_1996,
			  row->effective, row->deletion, row->indicator, rationale);
	}
}

static ExpectRow excerpt_rows[] = {
	{7, "0001A", "0591T", 0, 20220101, 20231231, 1,
	"CPT Manual or CMS manual coding instruction", false},
	{10, "0001A", "36591", 0, 20220101, 20231231, 0,
	"CPT Manual or CMS manual coding instruction", false},
	{61, "0001A", "G0008", 0, 20220101, 20220101, 9,
	"Mutually exclusive procedures", false},
	{71, "0001M", "80050", 0, 20170401, 20181231, 0,
	"Misuse of Column Two code with Column One code", false},
	{85, "0001T", "36000", 0, 20021001, 20041231, 1,
	"Standards of medical/surgical practice", false},
	{89, "0001U", "0029U", 0, 20180701, 20260630, 1,
	"Misuse of Column Two code with Column One code", false},
	{90, "0001U", "0030U", 0, 20180701, 0, 1,
	"Misuse of Column Two code with Column One code", false},
	{160, "0001U", "81166", 0, 20190101, 0, 1,
	"Misuse of Column Two code with Column One code", false},
};

static void
test_excerpt(const char *dir)
{
	char		path[4096];
	char	   *buf;
	size_t		len;
	HcpcsPtpReader r;
	HcpcsPtpError err;
	Stats		st;
	int			pass;
	size_t		i;

	snprintf(path, sizeof(path), "%s/cms/ncci/ccipra-v322r0-f1.excerpt.txt", dir);
	buf = read_file(path, &len);
	check(buf != NULL, "cannot read %s", path);
	if (!buf)
		return;

	/* pass 0: as the file is (CRLF); pass 1: LF line ends */
	for (pass = 0; pass < 2; pass++)
	{
		memset(&st, 0, sizeof(st));
		for (i = 0; i < sizeof(excerpt_rows) / sizeof(excerpt_rows[0]); i++)
			excerpt_rows[i].found = false;
		st.expect = excerpt_rows;
		st.nexpect = (int) (sizeof(excerpt_rows) / sizeof(excerpt_rows[0]));
		st.label = pass ? "excerpt (LF)" : "excerpt";
		hcpcs_ptp_init(&r);
		if (feed_buffer(&r, buf, len, pass == 1, collect, &st, &err) != 0)
		{
			check(false, "%s: line %ld, %s (column %d) \"%s\": %s", st.label,
				  err.line, err.field, err.column, err.value, err.reason);
			continue;
		}
		check(r.variant == HCPCS_PTP_MEDICARE, "%s: variant %d", st.label, r.variant);
		check(st.rows == 154 && r.n_rows == 154, "%s: %ld rows (reader %ld), expected 154",
			  st.label, st.rows, r.n_rows);
		check(st.ind[0] == 9 && st.ind[1] == 139 && st.ind[9] == 6,
			  "%s: indicators 0/1/9 = %ld/%ld/%ld, expected 9/139/6", st.label,
			  st.ind[0], st.ind[1], st.ind[9]);
		check(st.deleted == 88 && st.not_deleted == 66,
			  "%s: %ld deleted, %ld not, expected 88 and 66", st.label,
			  st.deleted, st.not_deleted);
		check(st.prior == 0, "%s: %ld rows marked prior to 1996", st.label, st.prior);
		check(st.ind9_not_same_day == 0 && st.empty_rationale == 0 &&
			  st.trailing_blank == 0 && st.bad_line == 0,
			  "%s: %ld indicator-9 rows with effective != deletion, %ld empty "
			  "rationales, %ld with trailing blanks, %ld out of order", st.label,
			  st.ind9_not_same_day, st.empty_rationale, st.trailing_blank,
			  st.bad_line);
		check(r.line == 160 && r.n_preamble == 6 && r.n_blank == 0 &&
			  r.first_row_line == 7,
			  "%s: %ld lines, %ld preamble, %ld blank, first row at %ld",
			  st.label, r.line, r.n_preamble, r.n_blank, r.first_row_line);
		for (i = 0; i < sizeof(excerpt_rows) / sizeof(excerpt_rows[0]); i++)
			check(excerpt_rows[i].found, "%s: line %ld not seen", st.label,
				  excerpt_rows[i].line);
		check(hcpcs_ptp_finish(&r, &err) == HCPCS_PTP_NONE, "%s: second finish",
			  st.label);
	}
	printf("   ccipra-v322r0-f1.excerpt.txt: %ld rows (indicator 0/1/9: %ld/%ld/%ld; "
		   "%ld deleted, %ld not), %ld preamble lines\n",
		   st.rows, st.ind[0], st.ind[1], st.ind[9], st.deleted, st.not_deleted,
		   r.n_preamble);
	free(buf);
}

/* ---------------------------------------------------------------------
 * 2: the full tables
 * ---------------------------------------------------------------------
 */

typedef struct FullCase
{
	const char *file;			/* under cms/ncci/, without .gz */
	long		rows;
	long		ind0,
				ind1,
				ind9;
	long		deleted;
} FullCase;

/* The file, or its .gz through gzip -dc; NULL (and a message) if neither */
static char *
load_full(const char *dir, const char *file, size_t *len)
{
	char		path[4096],
				cmd[4200];
	char	   *buf;
	FILE	   *p;

	snprintf(path, sizeof(path), "%s/cms/ncci/%s", dir, file);
	if ((buf = read_file(path, len)) != NULL)
		return buf;
	snprintf(path, sizeof(path), "%s/cms/ncci/%s.gz", dir, file);
	if ((p = fopen(path, "rb")) == NULL)
	{
		printf("   SKIPPED %s: neither it nor %s.gz is in %s/cms/ncci\n", file,
			   file, dir);
		return NULL;
	}
	fclose(p);
	if (strchr(path, '\'') != NULL)
	{
		printf("   SKIPPED %s: a quote in the path\n", file);
		return NULL;
	}
	snprintf(cmd, sizeof(cmd), "gzip -dc '%s'", path);
	if ((p = popen(cmd, "r")) == NULL)
	{
		printf("   SKIPPED %s: cannot run gzip\n", file);
		return NULL;
	}
	buf = read_stream(p, len);
	if (pclose(p) != 0 || !buf)
	{
		printf("   SKIPPED %s: gzip -dc failed\n", file);
		free(buf);
		return NULL;
	}
	return buf;
}

static void
test_full(const char *dir, const FullCase *fc, int runs)
{
	size_t		len;
	char	   *buf = load_full(dir, fc->file, &len);
	HcpcsPtpReader r;
	HcpcsPtpRow row;
	HcpcsPtpError err;
	Stats		st;
	double		best = 0;
	int			run;

	if (!buf)
		return;

	/* timed passes: what a loader does, minus the inserts */
	for (run = 0; run < runs; run++)
	{
		long		ind[10] = {0},
					deleted = 0;
		size_t		b = 0;
		int			rc = HCPCS_PTP_NONE;
		double		t0 = now(),
					t;

		hcpcs_ptp_init(&r);
		while (b < len)
		{
			const char *nl = memchr(buf + b, '\n', len - b);
			size_t		end = nl ? (size_t) (nl - buf) : len;

			rc = hcpcs_ptp_feed(&r, buf + b, end - b, &row, &err);
			if (rc == HCPCS_PTP_ROW)
			{
				ind[row.indicator]++;
				deleted += row.deletion != 0;
			}
			else if (rc == HCPCS_PTP_ERROR)
				break;
			b = end + 1;
		}
		if (rc != HCPCS_PTP_ERROR)
			rc = hcpcs_ptp_finish(&r, &err);
		t = now() - t0;
		if (rc == HCPCS_PTP_ERROR)
		{
			check(false, "%s: line %ld, %s (column %d, byte %d) \"%s\": %s", fc->file,
				  err.line, err.field, err.column, err.pos, err.value, err.reason);
			free(buf);
			return;
		}
		check(r.n_rows == fc->rows && ind[0] == fc->ind0 && ind[1] == fc->ind1 &&
			  ind[9] == fc->ind9 && deleted == fc->deleted,
			  "%s: %ld rows (expected %ld), indicators 0/1/9 %ld/%ld/%ld "
			  "(expected %ld/%ld/%ld), %ld deleted (expected %ld)", fc->file,
			  r.n_rows, fc->rows, ind[0], ind[1], ind[9], fc->ind0, fc->ind1,
			  fc->ind9, deleted, fc->deleted);
		if (run == 0 || t < best)
			best = t;
	}
	if (runs > 0)
		printf("   %s: %ld rows, %ld lines, %.1f MB: best of %d passes %.3f s = "
			   "%.2f M lines/s, %.0f MB/s\n",
			   fc->file, r.n_rows, r.line, len / 1e6, runs, best,
			   r.line / best / 1e6, len / best / 1e6);

	/* untimed pass: exact heap copies, every row checked */
	memset(&st, 0, sizeof(st));
	st.label = fc->file;
	hcpcs_ptp_init(&r);
	if (feed_buffer(&r, buf, len, false, collect, &st, &err) != 0)
		check(false, "%s: line %ld, %s (column %d, byte %d) \"%s\": %s", fc->file,
			  err.line, err.field, err.column, err.pos, err.value, err.reason);
	else
	{
		check(st.rows == fc->rows && st.ind[0] == fc->ind0 &&
			  st.ind[1] == fc->ind1 && st.ind[9] == fc->ind9 &&
			  st.deleted == fc->deleted && st.not_deleted == fc->rows - fc->deleted,
			  "%s (exact copies): %ld rows, indicators %ld/%ld/%ld, %ld deleted",
			  fc->file, st.rows, st.ind[0], st.ind[1], st.ind[9], st.deleted);
		check(r.variant == HCPCS_PTP_MEDICARE && r.n_preamble == 6 &&
			  r.n_blank == 0 && r.first_row_line == 7 && r.line == fc->rows + 6,
			  "%s: variant %d, %ld preamble, %ld blank, first row %ld, %ld lines",
			  fc->file, r.variant, r.n_preamble, r.n_blank, r.first_row_line, r.line);
		check(st.ind9_not_same_day == 0 && st.empty_rationale == 0 &&
			  st.trailing_blank == 0 && st.bad_line == 0,
			  "%s: %ld indicator-9 rows with effective != deletion, %ld empty "
			  "rationales, %ld with trailing blanks, %ld out of order", fc->file,
			  st.ind9_not_same_day, st.empty_rationale, st.trailing_blank,
			  st.bad_line);
		printf("   %s: %ld rows, indicator 0/1/9 %ld/%ld/%ld, %ld deleted, "
			   "%ld not; no error\n", fc->file, st.rows, st.ind[0], st.ind[1],
			   st.ind[9], st.deleted, st.not_deleted);
	}
	free(buf);
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

/* A string literal with NUL bytes in it */
#define IN_LIT(in, lit)		in_add((in), (lit), sizeof(lit) - 1)

static void
in_free(Input *in)
{
	int			i;

	for (i = 0; i < in->n; i++)
		free(in->line[i]);
	in->n = 0;
}

/* The six preamble lines of the CMS files (2026 Q3), CRLF */
static void
in_preamble(Input *in)
{
	in_str(in, "CPT only copyright 2025 American Medical Association.  All rights reserved.\t\t\t\t\t\t\r");
	in_str(in, "Column1/Column2 Edits\t\t\t\t\t\t\r");
	in_str(in, "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r");
	in_str(in, "\t\tprior to 1996\tDate\tDate\t0=not allowed\t\r");
	in_str(in, "\t\t\t\t*=no data\t1=allowed\t\r");
	in_str(in, "\t\t\t\t\t9=not applicable\t\r");
}

/* A Medicare row, CRLF */
static void
in_row7(Input *in, const char *c1, const char *c2, const char *prior,
		const char *eff, const char *del, const char *ind, const char *rat)
{
	char		buf[1024];

	snprintf(buf, sizeof(buf), "%s\t%s\t%s\t%s\t%s\t%s\t%s\r", c1, c2, prior, eff,
			 del, ind, rat);
	in_str(in, buf);
}

/* A good Medicare row */
static void
in_good(Input *in)
{
	in_row7(in, "0001A", "0591T", "", "20220101", "20231231", "1",
			"CPT Manual or CMS manual coding instruction");
}

/* A Medicaid row (no prior-1996 column) */
static void
in_row6(Input *in, const char *c1, const char *c2, const char *eff,
		const char *del, const char *ind, const char *rat)
{
	char		buf[1024];

	snprintf(buf, sizeof(buf), "%s\t%s\t%s\t%s\t%s\t%s\r\n", c1, c2, eff, del, ind, rat);
	/* the LF is not part of a line: feed without it, with the CR */
	in_add(in, buf, strlen(buf) - 1);
}

#define MAXROWS 16

typedef struct Outcome
{
	int			rc;				/* 0, or HCPCS_PTP_ERROR */
	bool		in_finish;		/* the error came from hcpcs_ptp_finish */
	HcpcsPtpError err;
	int			nrows;
	HcpcsPtpRow rows[MAXROWS];	/* rationale pointers are stale: see rat */
	char		rat[MAXROWS][128];
	HcpcsPtpReader r;			/* the reader at the end */
} Outcome;

static void
run(Input *in, Outcome *o)
{
	HcpcsPtpReader *r = &o->r;
	HcpcsPtpRow row;
	char		rationale[128];
	int			i,
				rc;

	memset(o, 0, sizeof(*o));
	hcpcs_ptp_init(r);
	for (i = 0; i < in->n; i++)
	{
		rc = feed_exact(r, in->line[i], in->len[i], &row, &o->err, rationale,
						sizeof(rationale));
		if (rc == HCPCS_PTP_ERROR)
		{
			HcpcsPtpError again;

			o->rc = rc;
			check(o->err.field && o->err.reason && strlen(o->err.value) <= 80,
				  "error without field or reason, or a long value");
			/* a dead reader stays dead, with the same error */
			rc = hcpcs_ptp_feed(r, "x", 1, &row, &again);
			check(rc == HCPCS_PTP_ERROR && again.line == o->err.line &&
				  again.reason == o->err.reason,
				  "dead reader: feed returned %d", rc);
			rc = hcpcs_ptp_finish(r, &again);
			check(rc == HCPCS_PTP_ERROR && again.reason == o->err.reason,
				  "dead reader: finish returned %d", rc);
			return;
		}
		if (rc == HCPCS_PTP_ROW)
		{
			if (o->nrows < MAXROWS)
			{
				o->rows[o->nrows] = row;
				memcpy(o->rat[o->nrows], rationale, sizeof(rationale));
			}
			o->nrows++;
		}
		else
			check(rc == HCPCS_PTP_NONE, "feed returned %d", rc);
	}
	rc = hcpcs_ptp_finish(r, &o->err);
	if (rc == HCPCS_PTP_ERROR)
	{
		o->rc = rc;
		o->in_finish = true;
	}
	else
		check(rc == HCPCS_PTP_NONE, "finish returned %d", rc);
}

/*
 * Expect an error at line with field, column, byte position (-1: any),
 * value (NULL: any) and a reason containing reason_part.
 */
static void
expect_error(const char *name, Input *in, long line, const char *field,
			 int column, int pos, const char *value, const char *reason_part)
{
	static Outcome o;

	run(in, &o);
	if (o.rc != HCPCS_PTP_ERROR)
	{
		check(false, "%s: no error (%d rows)", name, o.nrows);
		in_free(in);
		return;
	}
	check(o.err.line == line && o.err.field && strcmp(o.err.field, field) == 0 &&
		  o.err.column == column && (pos < 0 || o.err.pos == pos) &&
		  (!value || strcmp(o.err.value, value) == 0) &&
		  o.err.reason && strstr(o.err.reason, reason_part) != NULL,
		  "%s: got line %ld, field %s, column %d, byte %d, value \"%s\": %s\n"
		  "        expected line %ld, field %s, column %d, byte %d, value \"%s\": ...%s...",
		  name, o.err.line, o.err.field ? o.err.field : "(null)", o.err.column,
		  o.err.pos, o.err.value, o.err.reason ? o.err.reason : "(null)",
		  line, field, column, pos, value ? value : "*", reason_part);
	in_free(in);
}

static void
expect_ok(const char *name, Input *in, int nrows, Outcome *o)
{
	run(in, o);
	check(o->rc == 0 && o->nrows == nrows,
		  "%s: rc %d, %d rows (expected %d); error line %ld %s: %s \"%s\"",
		  name, o->rc, o->nrows, nrows, o->err.line,
		  o->rc ? o->err.field : "", o->rc ? o->err.reason : "",
		  o->rc ? o->err.value : "");
	in_free(in);
}

/* A bad value in one field of the second data row (line 8) */
typedef struct BadField
{
	const char *c1,
			   *c2,
			   *prior,
			   *eff,
			   *del,
			   *ind;
	const char *field;
	int			column;
	int			pos;			/* byte position in the line, -1 any */
	const char *value;
	const char *reason;
} BadField;

static void
test_bad_fields(void)
{
	/* defaults: the good row */
	static const BadField cases[] = {
		/* Column 1 */
		{"100", 0, 0, 0, 0, 0, "Column 1", 1, 1, "100", "leading zeros lost"},
		{"9921", 0, 0, 0, 0, 0, "Column 1", 1, 1, "9921", "leading zeros"},
		{"992134", 0, 0, 0, 0, 0, "Column 1", 1, 1, "992134", "not 5 characters"},
		{"10004.0", 0, 0, 0, 0, 0, "Column 1", 1, 1, "10004.0", "decimals"},
		{"99213-25", 0, 0, 0, 0, 0, "Column 1", 1, 1, "99213-25", "modifier attached"},
		{"N1234", 0, 0, 0, 0, 0, "Column 1", 1, 1, "N1234", "starts no Level II code"},
		{"0001Z", 0, 0, 0, 0, 0, "Column 1", 1, 5, "0001Z", "ends in a digit or in A, F, M, T or U"},
		{"J10O0", 0, 0, 0, 0, 0, "Column 1", 1, 4, "J10O0", "letter and 4 digits"},
		{"99O13", 0, 0, 0, 0, 0, "Column 1", 1, 3, "99O13", "positions 2-4"},
		{"CCCCC", 0, 0, 0, 0, 0, "Column 1", 1, 2, "CCCCC", "CCCCC placeholder"},
		{"", 0, 0, 0, 0, 0, "Column 1", 1, 1, "", "code is empty"},
		{"   ", 0, 0, 0, 0, 0, "Column 1", 1, 1, "   ", "code is empty"},
		{"9921 3", 0, 0, 0, 0, 0, "Column 1", 1, 1, "9921 3", "not 5 characters"},
		{"0001\xC9", 0, 0, 0, 0, 0, "Column 1", 1, 5, "0001\xC9", "non-ASCII"},
		{"\xA0" "0001A", 0, 0, 0, 0, 0, "Column 1", 1, 1, "\xA0" "0001A", "non-ASCII"},
		/* Column 2 */
		{0, "ABCDE", 0, 0, 0, 0, "Column 2", 2, 8, "ABCDE", "letter and 4 digits"},
		{0, "", 0, 0, 0, 0, "Column 2", 2, 7, "", "code is empty"},
		{0, "LT", 0, 0, 0, 0, "Column 2", 2, 7, "LT", "a modifier?"},
		{0, "0591\x92", 0, 0, 0, 0, "Column 2", 2, 11, "0591\x92", "non-ASCII"},
		/* Prior to 1996 */
		{0, 0, "Y", 0, 0, 0, "Prior to 1996", 3, 13, "Y", "not \"*\" or empty"},
		{0, 0, "**", 0, 0, 0, "Prior to 1996", 3, 13, "**", "not \"*\" or empty"},
		{0, 0, "1", 0, 0, 0, "Prior to 1996", 3, 13, "1", "not \"*\" or empty"},
		{0, 0, "\xB7", 0, 0, 0, "Prior to 1996", 3, 13, "\xB7", "non-ASCII"},
		/* Effective Date */
		{0, 0, 0, "2022010", 0, 0, "Effective Date", 4, 14, "2022010", "8 digits YYYYMMDD expected"},
		{0, 0, 0, "220220101", 0, 0, "Effective Date", 4, 14, "220220101", "8 digits"},
		{0, 0, 0, "2022-01-01", 0, 0, "Effective Date", 4, 14, "2022-01-01", "8 digits"},
		{0, 0, 0, "20220230", 0, 0, "Effective Date", 4, 14, "20220230", "not a real calendar date"},
		{0, 0, 0, "20230229", 0, 0, "Effective Date", 4, 14, "20230229", "not a real calendar date"},
		{0, 0, 0, "21000229", 0, 0, "Effective Date", 4, 14, "21000229", "not a real calendar date"},
		{0, 0, 0, "20221301", 0, 0, "Effective Date", 4, 14, "20221301", "not a real calendar date"},
		{0, 0, 0, "00000101", 0, 0, "Effective Date", 4, 14, "00000101", "not a real calendar date"},
		{0, 0, 0, "01012022", 0, 0, "Effective Date", 4, 14, "01012022", "not a real calendar date"},
		{0, 0, 0, "", 0, 0, "Effective Date", 4, 14, "", "effective date is empty"},
		{0, 0, 0, "*", 0, 0, "Effective Date", 4, 14, "*", "8 digits"},
		{0, 0, 0, "2022\xBD" "101", 0, 0, "Effective Date", 4, 18, "2022\xBD" "101", "non-ASCII"},
		/* Deletion Date */
		{0, 0, 0, 0, "20231231x", 0, "Deletion Date", 5, 23, "20231231x", "or \"*\" or empty for none"},
		{0, 0, 0, 0, "20230631", 0, "Deletion Date", 5, 23, "20230631", "not a real calendar date"},
		{0, 0, 0, 0, "0", 0, "Deletion Date", 5, 23, "0", "8 digits"},
		{0, 0, 0, 0, "**", 0, "Deletion Date", 5, 23, "**", "8 digits"},
		{0, 0, 0, 0, "99999999", 0, "Deletion Date", 5, 23, "99999999", "not a real calendar date"},
		{0, 0, 0, 0, "20211231", 0, "Deletion Date", 5, 23, "20211231", "deletion date before the effective date"},
		/* Modifier Indicator */
		{0, 0, 0, 0, 0, "2", "Modifier Indicator", 6, 32, "2", "not 0, 1 or 9"},
		{0, 0, 0, 0, 0, "", "Modifier Indicator", 6, 32, "", "not 0, 1 or 9"},
		{0, 0, 0, 0, 0, "01", "Modifier Indicator", 6, 32, "01", "not 0, 1 or 9"},
		{0, 0, 0, 0, 0, "10", "Modifier Indicator", 6, 32, "10", "not 0, 1 or 9"},
		{0, 0, 0, 0, 0, "1.0", "Modifier Indicator", 6, 32, "1.0", "not 0, 1 or 9"},
		{0, 0, 0, 0, 0, "*", "Modifier Indicator", 6, 32, "*", "not 0, 1 or 9"},
		{0, 0, 0, 0, 0, "Y", "Modifier Indicator", 6, 32, "Y", "not 0, 1 or 9"},
		{0, 0, 0, 0, 0, "\xB9", "Modifier Indicator", 6, 32, "\xB9", "non-ASCII"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const BadField *c = &cases[i];
		Input		in = {0};
		char		name[128];

		snprintf(name, sizeof(name), "bad %s \"%s\"", c->field,
				 c->c1 ? c->c1 : c->c2 ? c->c2 : c->prior ? c->prior :
				 c->eff ? c->eff : c->del ? c->del : c->ind);
		in_preamble(&in);
		in_good(&in);
		in_row7(&in, c->c1 ? c->c1 : "0001A", c->c2 ? c->c2 : "0592T",
				c->prior ? c->prior : "", c->eff ? c->eff : "20220101",
				c->del ? c->del : "20231231", c->ind ? c->ind : "1",
				"CPT Manual or CMS manual coding instruction");
		expect_error(name, &in, 8, c->field, c->column, c->pos, c->value, c->reason);

		/* the same as the first data row: reported, not skipped */
		in_preamble(&in);
		in_row7(&in, c->c1 ? c->c1 : "0001A", c->c2 ? c->c2 : "0592T",
				c->prior ? c->prior : "", c->eff ? c->eff : "20220101",
				c->del ? c->del : "20231231", c->ind ? c->ind : "1",
				"CPT Manual or CMS manual coding instruction");
		strcat(name, " (first row)");
		expect_error(name, &in, 7, c->field, c->column, c->pos, c->value, c->reason);
	}
}

static void
test_good_values(void)
{
	Input		in = {0};
	static Outcome o;
	char		buf[512];

	/* spaces around values, lower case, "*", 99991231, empty deletion */
	in_preamble(&in);
	in_row7(&in, " 0001a ", "  j1100", "*", " 19960101 ", "*", "0",
			"Mutually exclusive procedures   ");
	in_row7(&in, "99213", "G0008 ", " * ", "20220101", "99991231", " 1 ",
			"  leading blanks kept");
	in_row7(&in, "0591T", "0001U", "", "20220101", "", "9", "");
	in_row7(&in, "0591T", "0002U", "", "20200229", "20200229", "9", "Same day");
	in_row7(&in, "D0120", "V5010", "", "00010101", "99991230", "1",
			"Cp1252: \x93quoted\x94 \x96 caf\xE9 \x80 \xA0" "nbsp");
	/* blank lines, TABs only, 0x1A only: ignored */
	in_str(&in, "");
	in_str(&in, "\r");
	in_str(&in, "\t\t\t\t\t\t\r");
	in_str(&in, "   ");
	in_str(&in, "\x1A");
	in_row7(&in, "0001A", "0591T", "", "20220101", "20231231", "1", "Last");
	expect_ok("good values", &in, 6, &o);
	if (o.rc == 0 && o.nrows == 6)
	{
		check(code_is(o.rows[0].column1, "0001A") && code_is(o.rows[0].column2, "J1100") &&
			  o.rows[0].prior_1996 == 1 && o.rows[0].effective == 19960101 &&
			  o.rows[0].deletion == 0 && o.rows[0].indicator == 0 &&
			  strcmp(o.rat[0], "Mutually exclusive procedures") == 0 &&
			  o.rows[0].rationale_len == 29 && o.rows[0].line == 7,
			  "good values row 1: %d %d %d %d %d %d \"%s\" line %ld",
			  o.rows[0].column1, o.rows[0].column2, o.rows[0].prior_1996,
			  o.rows[0].effective, o.rows[0].deletion, o.rows[0].indicator,
			  o.rat[0], o.rows[0].line);
		check(code_is(o.rows[1].column1, "99213") && code_is(o.rows[1].column2, "G0008") &&
			  o.rows[1].prior_1996 == 1 && o.rows[1].deletion == 0 &&
			  o.rows[1].indicator == 1 && strcmp(o.rat[1], "  leading blanks kept") == 0,
			  "good values row 2: \"%s\" %d", o.rat[1], o.rows[1].deletion);
		check(o.rows[2].prior_1996 == 0 && o.rows[2].deletion == 0 &&
			  o.rows[2].indicator == 9 && o.rows[2].rationale_len == 0 &&
			  o.rat[2][0] == '\0',
			  "good values row 3 (empty deletion and rationale)");
		check(o.rows[3].effective == 20200229 && o.rows[3].deletion == 20200229,
			  "good values row 4 (same day)");
		check(code_is(o.rows[4].column1, "D0120") && code_is(o.rows[4].column2, "V5010") &&
			  o.rows[4].effective == 10101 && o.rows[4].deletion == 99991230 &&
			  strcmp(o.rat[4], "Cp1252: \x93quoted\x94 \x96 caf\xE9 \x80 \xA0" "nbsp") == 0,
			  "good values row 5 (cp1252 bytes passed through): \"%s\"", o.rat[4]);
		check(o.rows[5].line == 17 && o.r.n_blank == 5 && o.r.n_preamble == 6 &&
			  o.r.line == 17 && o.r.first_row_line == 7 &&
			  o.r.variant == HCPCS_PTP_MEDICARE,
			  "good values: line %ld, %ld blank, %ld preamble", o.rows[5].line,
			  o.r.n_blank, o.r.n_preamble);
	}

	/* no preamble at all, LF line ends; blank lines before the data */
	in_str(&in, "");
	in_str(&in, "0001A\t0591T\t\t20220101\t20231231\t1\tx");
	expect_ok("no preamble", &in, 1, &o);
	check(o.r.n_preamble == 0 && o.r.n_blank == 1 && o.r.first_row_line == 2,
		  "no preamble: %ld preamble lines", o.r.n_preamble);

	/* 10 preamble lines is the most */
	{
		int			i;

		for (i = 0; i < HCPCS_PTP_MAX_PREAMBLE; i++)
		{
			snprintf(buf, sizeof(buf), "Notice line %d\t\t\t\t\t\t", i + 1);
			in_str(&in, buf);
			in_str(&in, "");
		}
		in_good(&in);
		expect_ok("10 preamble lines", &in, 1, &o);
		check(o.r.n_preamble == 10 && o.r.n_blank == 10, "10 preamble lines: %ld",
			  o.r.n_preamble);

		for (i = 0; i <= HCPCS_PTP_MAX_PREAMBLE; i++)
		{
			snprintf(buf, sizeof(buf), "Notice line %d", i + 1);
			in_str(&in, buf);
		}
		in_good(&in);
		expect_error("11 preamble lines", &in, 11, "file", 0, 0, "Notice line 11",
					 "no data row among the first 10 non-blank lines");
	}

	/* a long line: the value shown is cut at 80 bytes */
	memset(buf, 'x', 300);
	buf[300] = '\0';
	in_preamble(&in);
	in_row7(&in, "0001A", "0591T", "", "20220101", "20231231", buf, "Long");
	{
		char		eighty[81];

		memset(eighty, 'x', 80);
		eighty[80] = '\0';
		expect_error("long value", &in, 7, "Modifier Indicator", 6, 32, eighty,
					 "not 0, 1 or 9");
	}
}

static void
test_medicaid(void)
{
	Input		in = {0};
	static Outcome o;

	in_str(&in, "Medicaid NCCI Edits - Practitioner PTP\r");
	in_str(&in, "Column 1\tColumn 2\tEffective Date\tDeletion Date\tModifier Indicator\tPTP Edit Rationale\r");
	in_row6(&in, "0001A", "0591T", "20220101", "", "1", "CPT Manual or CMS manual coding instruction");
	in_row6(&in, "0001A", "36591", "20220101", "20231231", "0", "Misuse of Column Two code with Column One code");
	in_row6(&in, "0001A", "90473", "20220101", "20220101", "9", "Mutually exclusive procedures");
	in_row6(&in, "J1100", "96372", "20100101", "99991231", "1", "Standards of medical/surgical practice");
	in_row6(&in, "J1100", "96374", "20100101", "*", "1", "");
	expect_ok("Medicaid layout", &in, 5, &o);
	if (o.rc == 0 && o.nrows == 5)
	{
		check(o.r.variant == HCPCS_PTP_MEDICAID && o.r.n_preamble == 2 &&
			  o.r.first_row_line == 3, "Medicaid: variant %d, %ld preamble",
			  o.r.variant, o.r.n_preamble);
		check(code_is(o.rows[0].column1, "0001A") && code_is(o.rows[0].column2, "0591T") &&
			  o.rows[0].prior_1996 == -1 && o.rows[0].effective == 20220101 &&
			  o.rows[0].deletion == 0 && o.rows[0].indicator == 1 &&
			  strcmp(o.rat[0], "CPT Manual or CMS manual coding instruction") == 0 &&
			  o.rows[0].line == 3,
			  "Medicaid row 1: prior %d %d-%d ind %d \"%s\"", o.rows[0].prior_1996,
			  o.rows[0].effective, o.rows[0].deletion, o.rows[0].indicator, o.rat[0]);
		check(o.rows[1].deletion == 20231231 && o.rows[1].indicator == 0 &&
			  o.rows[1].prior_1996 == -1, "Medicaid row 2");
		check(o.rows[2].deletion == 20220101 && o.rows[2].indicator == 9, "Medicaid row 3");
		check(code_is(o.rows[3].column1, "J1100") && o.rows[3].deletion == 0 &&
			  o.rows[3].effective == 20100101, "Medicaid row 4 (99991231)");
		check(o.rows[4].deletion == 0 && o.rows[4].rationale_len == 0, "Medicaid row 5 (*)");
	}
	check(hcpcs_ptp_column_name(HCPCS_PTP_MEDICAID, 3) &&
		  strcmp(hcpcs_ptp_column_name(HCPCS_PTP_MEDICAID, 3), "Effective Date") == 0 &&
		  strcmp(hcpcs_ptp_column_name(HCPCS_PTP_MEDICARE, 3), "Prior to 1996") == 0 &&
		  strcmp(hcpcs_ptp_column_name(HCPCS_PTP_MEDICARE, 7), "PTP Edit Rationale") == 0 &&
		  hcpcs_ptp_column_name(HCPCS_PTP_MEDICAID, 7) == NULL &&
		  hcpcs_ptp_column_name(HCPCS_PTP_MEDICARE, 0) == NULL &&
		  hcpcs_ptp_column_name(HCPCS_PTP_VARIANT_UNKNOWN, 1) == NULL,
		  "hcpcs_ptp_column_name");

	/* Medicaid errors: column numbers follow the layout */
	in_row6(&in, "0001A", "0591T", "20220101", "", "1", "x");
	in_row6(&in, "0001A", "0592T", "20220101", "20211231", "1", "x");
	expect_error("Medicaid deletion before effective", &in, 2, "Deletion Date", 4, 22,
				 "20211231", "before the effective date");

	in_row6(&in, "0001A", "0591T", "20220101", "", "1", "x");
	in_row6(&in, "0001A", "0592T", "20220101", "", "2", "x");
	expect_error("Medicaid indicator", &in, 2, "Modifier Indicator", 5, 23, "2",
				 "not 0, 1 or 9");

	in_row6(&in, "0001A", "0591T", "20220101", "", "1", "x");
	in_row7(&in, "0001A", "0592T", "", "20220101", "*", "1", "x");
	expect_error("Medicaid then 7 columns", &in, 2, "record", 0, 0, "7 columns",
				 "the first data row had 6 columns (Medicaid layout)");

	/* a Medicare row without its rationale looks like 6 columns */
	in_preamble(&in);
	in_str(&in, "0001A\t0591T\t\t20220101\t*\t1\r");
	expect_error("Medicare row without rationale", &in, 7, "Effective Date", 3, 13, "",
				 "looks like a Medicare row without its rationale");
}

static void
test_errors(void)
{
	Input		in = {0};
	char		buf[512];

	/* column counts */
	in_preamble(&in);
	in_str(&in, "0001A\t0591T\t20220101\t20231231\t1\r");
	expect_error("first row of 5 columns", &in, 7, "record", 0, 0, "5 columns",
				 "7 columns (Medicare) or 6 (Medicaid)");

	in_preamble(&in);
	in_str(&in, "0001A\t0591T\t\t20220101\t20231231\t1\tRationale\textra\r");
	expect_error("first row of 8 columns", &in, 7, "record", 0, 0, "8 columns",
				 "7 columns (Medicare) or 6 (Medicaid)");

	in_preamble(&in);
	in_str(&in, "0001A\t0591T\t\t20220101\t20231231\t1\tRationale\t\r");
	expect_error("first row with a trailing TAB", &in, 7, "record", 0, 0, "8 columns",
				 "7 columns (Medicare) or 6 (Medicaid)");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tRationale\t\r");
	expect_error("trailing TAB", &in, 8, "record", 0, 0, "8 columns", "a trailing TAB?");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tRationale\textra\r");
	expect_error("8 columns after 7", &in, 8, "record", 0, 0, "8 columns",
				 "the first data row had 7 columns (Medicare layout)");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t20220101\t20231231\t1\r");
	expect_error("5 columns after 7", &in, 8, "record", 0, 0, "5 columns",
				 "the first data row had 7 columns");

	in_preamble(&in);
	in_good(&in);
	in_row6(&in, "0001A", "0592T", "20220101", "", "1", "Rationale");
	expect_error("6 columns after 7", &in, 8, "record", 0, 0, "6 columns",
				 "the first data row had 7 columns (Medicare layout)");

	/* not a data row after the data */
	in_preamble(&in);
	in_good(&in);
	in_str(&in, "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r");
	expect_error("header after data", &in, 8, "record", 0, 0,
				 "Column 1 Column 2 *=in existence Effective Deletion Modifier PTP Edit Rationale",
				 "not an NCCI PTP data row");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "End of file");
	expect_error("text after data", &in, 8, "record", 0, 0, "End of file",
				 "not an NCCI PTP data row");

	/* bytes */
	in_preamble(&in);
	in_good(&in);
	IN_LIT(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tCPT\0Manual\r");
	expect_error("NUL in the rationale", &in, 8, "PTP Edit Rationale", 7, 37, "CPT?Manual",
				 "NUL byte");

	in_preamble(&in);
	in_good(&in);
	IN_LIT(&in, "00\0" "1A\t0592T\t\t20220101\t20231231\t1\tx\r");
	expect_error("NUL in a code", &in, 8, "Column 1", 1, 3, "00?1A", "NUL byte");

	in_preamble(&in);
	IN_LIT(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tx\0\r");
	expect_error("NUL in the first row", &in, 7, "PTP Edit Rationale", 7, 35, "x?",
				 "NUL byte");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tCPT \x01Manual\r");
	expect_error("control byte", &in, 8, "PTP Edit Rationale", 7, 38, "CPT ?Manual",
				 "control character");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tCPT Manual\x7F\r");
	expect_error("DEL byte", &in, 8, "PTP Edit Rationale", 7, 44, "CPT Manual?",
				 "control character");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t2022\x0B" "0101\t20231231\t1\tx\r");
	expect_error("vertical tab in a date", &in, 8, "Effective Date", 4, 18, "2022?0101",
				 "control character");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tx\r\r");
	expect_error("two CRs", &in, 8, "PTP Edit Rationale", 7, 35, "x?",
				 "carriage return inside the line");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tx\x1A");
	expect_error("0x1A in a row", &in, 8, "PTP Edit Rationale", 7, 35, "x?",
				 "control character");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tx\ty\x01z");
	expect_error("control byte in an extra column", &in, 8, "record", 0, 37, "y?z",
				 "control character");

	in_preamble(&in);
	in_good(&in);
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\tsmart \x9D quote\r");
	expect_error("byte undefined in cp1252", &in, 8, "PTP Edit Rationale", 7, 40,
				 "smart ? quote", "undefined in Windows-1252");

	in_preamble(&in);
	in_good(&in);
	/* UTF-8 right double quote E2 80 9D: not cp1252 */
	in_str(&in, "0001A\t0592T\t\t20220101\t20231231\t1\t\xE2\x80\x9Cx\xE2\x80\x9D\r");
	expect_error("UTF-8 text", &in, 8, "PTP Edit Rationale", 7, 40, NULL,
				 "undefined in Windows-1252");

	/* deletion before effective, indicator 2: with the dates of a real row */
	in_preamble(&in);
	in_row7(&in, "0001U", "81164", "", "20190101", "20181231", "1", "x");
	expect_error("deletion before effective", &in, 7, "Deletion Date", 5, 23, "20181231",
				 "deletion date before the effective date");

	in_preamble(&in);
	in_row7(&in, "0001U", "81164", "", "20190101", "*", "2", "x");
	expect_error("indicator 2", &in, 7, "Modifier Indicator", 6, 25, "2",
				 "not 0, 1 or 9");

	/* BOM, feeding after finish */
	in_str(&in, "\xEF\xBB\xBF" "CPT only copyright 2025\t\t\t\t\t\t\r");
	in_good(&in);
	expect_error("UTF-8 BOM", &in, 1, "file", 0, 1, NULL, "UTF-8 byte order mark");

	{
		HcpcsPtpReader r;
		HcpcsPtpRow row;
		HcpcsPtpError err;
		const char *good = "0001A\t0591T\t\t20220101\t20231231\t1\tx";
		int			rc;

		hcpcs_ptp_init(&r);
		rc = hcpcs_ptp_feed(&r, good, strlen(good), &row, &err);
		check(rc == HCPCS_PTP_ROW && r.n_rows == 1, "direct feed: %d", rc);
		check(hcpcs_ptp_finish(&r, &err) == HCPCS_PTP_NONE, "direct finish");
		check(hcpcs_ptp_finish(&r, NULL) == HCPCS_PTP_NONE, "second finish");
		rc = hcpcs_ptp_feed(&r, good, strlen(good), &row, &err);
		check(rc == HCPCS_PTP_ERROR && err.line == 1 &&
			  strstr(err.reason, "after the end of input") != NULL,
			  "feed after finish: %d line %ld", rc, err.line);
		/* err may be NULL */
		hcpcs_ptp_init(&r);
		rc = hcpcs_ptp_feed(&r, "0001A\t", 6, &row, NULL);
		check(rc == HCPCS_PTP_ERROR && r.error.line == 1, "NULL err: %d", rc);
	}

	/* no data row */
	expect_error("empty input", &in, 0, "file", 0, 0, "", "the input is empty");

	in_str(&in, "");
	in_str(&in, "\r");
	in_str(&in, " \t ");
	expect_error("blank lines only", &in, 3, "file", 0, 0, "", "the input is empty");

	in_preamble(&in);
	expect_error("preamble only", &in, 6, "file", 0, 0, "", "not an NCCI PTP file (no data row)");

	in_str(&in, "Some text");
	in_str(&in, "\x01\x02\x03 binary");
	expect_error("control byte in the preamble", &in, 2, "file", 0, 1, "??? binary",
				 "a binary or UTF-16 file?");

	/* UTF-16LE: every other byte NUL */
	IN_LIT(&in, "\xFF\xFE" "C\0P\0T\0");
	expect_error("UTF-16", &in, 1, "file", 0, 4, NULL, "a binary or UTF-16 file?");

	snprintf(buf, sizeof(buf), "%s", "0001A 0591T 20220101 20231231 1 space-separated");
	in_preamble(&in);
	in_str(&in, buf);
	expect_error("space-separated", &in, 7, "file", 0, 0, "", "no data row");
}

/* Feed a whole file through run(); more than MAXLINES lines: stream it */
static void
expect_file_error(const char *name, const char *path, long line, const char *reason_part)
{
	char	   *buf;
	size_t		len;
	HcpcsPtpReader r;
	HcpcsPtpError err;

	buf = read_file(path, &len);
	check(buf != NULL, "cannot read %s", path);
	if (!buf)
		return;
	hcpcs_ptp_init(&r);
	check(feed_buffer(&r, buf, len, false, NULL, NULL, &err) != 0 &&
		  err.line == line && strcmp(err.field, "file") == 0 && err.column == 0 &&
		  strstr(err.reason, reason_part) != NULL && r.n_rows == 0,
		  "%s: line %ld, %s: %s (expected line %ld, file, ...%s...)", name,
		  err.line, err.field, err.reason, line, reason_part);
	printf("   %s: line %ld: %s\n", name, err.line, err.reason);
	free(buf);
}

static void
test_not_ptp(const char *dir)
{
	char		path[4096];
	Input		in = {0};
	static Outcome o;
	unsigned	seed = 12345;
	int			i,
				j,
				errors = 0;

	snprintf(path, sizeof(path), "%s/cms/ncci/MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv", dir);
	/* 3 blank lines among the first 13; line 14 is the 11th non-blank */
	expect_file_error("MUE CSV excerpt", path, 14,
					  "no data row among the first 10 non-blank lines");

	snprintf(path, sizeof(path), "%s/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt", dir);
	/* 4 disclaimer lines, 4 blank ones, then records from line 9 */
	expect_file_error("HCPCS Level II file", path, 15,
					  "no data row among the first 10 non-blank lines");

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
	check(o.rc == HCPCS_PTP_ERROR && !o.in_finish && o.err.line <= 11 &&
		  strcmp(o.err.field, "file") == 0 &&
		  strstr(o.err.reason, "not an NCCI PTP file") != NULL,
		  "binary lines: rc %d line %ld %s: %s", o.rc, o.err.line,
		  o.err.field ? o.err.field : "", o.err.reason ? o.err.reason : "");
	in_free(&in);

	/* binary lines without control bytes: given up at the 11th */
	for (i = 0; i < 20; i++)
	{
		unsigned char line[300];
		size_t		n;

		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 16) % sizeof(line);
		for (j = 0; j < (int) n; j++)
		{
			seed = seed * 1103515245u + 12345u;
			line[j] = (unsigned char) (0x20 + (seed >> 16) % 0xE0);
			if (line[j] == 0x7F)
				line[j] = 0xFF;
		}
		in_add(&in, (const char *) line, n);
	}
	run(&in, &o);
	check(o.rc == HCPCS_PTP_ERROR && o.err.line == 11 &&
		  strstr(o.err.reason, "no data row among the first 10") != NULL,
		  "printable binary lines: rc %d line %ld: %s", o.rc, o.err.line,
		  o.err.reason ? o.err.reason : "");
	in_free(&in);

	/* binary after a good row, and mutated good rows: an error, never a crash */
	for (i = 0; i < 2000; i++)
	{
		unsigned char line[200];
		size_t		n;
		const char *good = "0001A\t0591T\t\t20220101\t20231231\t1\tCPT Manual or CMS manual coding instruction\r";

		in_preamble(&in);
		in_good(&in);
		seed = seed * 1103515245u + 12345u;
		if (i % 2 == 0)
		{
			n = 1 + (seed >> 16) % sizeof(line);
			for (j = 0; j < (int) n; j++)
			{
				seed = seed * 1103515245u + 12345u;
				line[j] = (unsigned char) (seed >> 16);
			}
		}
		else
		{
			/* a good row with a few bytes changed, or cut short */
			n = strlen(good);
			memcpy(line, good, n);
			for (j = 0; j < 3; j++)
			{
				seed = seed * 1103515245u + 12345u;
				line[(seed >> 16) % n] = (unsigned char) (seed >> 8);
			}
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 4 == 0)
				n = (seed >> 8) % n;
		}
		in_add(&in, (const char *) line, n);
		run(&in, &o);
		if (o.rc == HCPCS_PTP_ERROR)
		{
			errors++;
			check(o.err.line == 8 && o.err.field && o.err.reason &&
				  strlen(o.err.value) <= 80 && o.err.column >= 0 && o.err.column <= 7 &&
				  o.err.pos >= 0 && o.err.pos <= (int) n + 1,
				  "binary after a row (%d): rc %d line %ld column %d byte %d", i,
				  o.rc, o.err.line, o.err.column, o.err.pos);
		}
		else
		{
			/* accepted: must be a well-formed row */
			check(o.nrows == 1 || (o.nrows == 2 &&
								   hcpcs_code_is_valid_value(o.rows[1].column1) &&
								   hcpcs_code_is_valid_value(o.rows[1].column2) &&
								   (o.rows[1].indicator == 0 || o.rows[1].indicator == 1 ||
									o.rows[1].indicator == 9) &&
								   (o.rows[1].deletion == 0 ||
									o.rows[1].deletion >= o.rows[1].effective)),
				  "mutated row (%d) accepted with bad values", i);
		}
		in_free(&in);
	}
	check(errors > 1000, "mutated rows: only %d errors", errors);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HCPCS_DATA");
	const char *runs_env = getenv("HCPCS_PTP_BENCH_RUNS");
	int			runs = runs_env && *runs_env ? atoi(runs_env) : 3;
	static const FullCase full[] = {
		{"ptp-practitioner-2024q3.cms-layout.txt", 2546017, 739553, 1707611, 98853, 876197},
		{"ptp-hospital-2024q3.cms-layout.txt", 1775818, 60675, 1685259, 29884, 439961},
	};
	size_t		i;

	if (!dir || !*dir)
		dir = "../shared/data";
	if (runs < 1)
		runs = 1;
	printf("test_ptp: data from %s\n", dir);

	printf("1. the real excerpt\n");
	test_excerpt(dir);
	printf("2. the full tables\n");
	for (i = 0; i < sizeof(full) / sizeof(full[0]); i++)
		test_full(dir, &full[i], runs);
	printf("3. constructed files: Medicare values, Medicaid layout\n");
	test_good_values();
	test_medicaid();
	printf("4. errors\n");
	test_bad_fields();
	test_errors();
	test_not_ptp(dir);

	printf("test_ptp: %ld checks, %ld failed\n", n_checks, n_failures);
	return n_failures == 0 ? 0 : 1;
}
