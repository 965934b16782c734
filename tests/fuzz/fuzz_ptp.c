/*
 * fuzz_ptp.c
 *	  libFuzzer harness for the NCCI PTP edit file parser
 *	  (src/core/cms_ptp.c), both layouts (Medicare, 7 columns; Medicaid, 6):
 *	  the input is one file, split into lines as src/lines.c does, fed
 *	  line by line as src/ptp_load.c does, then finished.
 *
 * Invariants (cms_ptp.h):
 *	- a row has valid codes, a real effective date, a deletion date that is
 *	  0 or real and not before the effective date, indicator 0/1/9,
 *	  prior_1996 1/0 (Medicare) or -1 (Medicaid), a rationale inside the
 *	  fed line with no trailing space and no control or undefined cp1252
 *	  byte, the current line number; the variant is fixed by the first row
 *	  and never changes, and n_rows counts the rows;
 *	- an error has a field, a reason, a printable NUL-terminated value of
 *	  at most 80 bytes, a line number no later than the last line fed and
 *	  a position inside the line; the reader then stays dead (feed and
 *	  finish return the same error);
 *	- finish fails iff no row was returned; a second finish agrees;
 *	- the parser never reads outside the line (each line is in its own
 *	  exact-size heap block) and needs no NUL.
 */
#include "fuzz_common.h"
#include "cms_common.h"
#include "cms_ptp.h"
#include "code.h"

typedef struct State
{
	HcpcsPtpReader r;
	HcpcsPtpVariant variant;
	long		rows;
	bool		dead;
	HcpcsPtpError first_err;
} State;

static bool
undefined_cp1252(unsigned char c)
{
	return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

/*
 * The layout whose column names an error uses: the file's, or before the
 * first data row, the one the line's own field count suggests (Medicare
 * for any count but 6).
 */
static HcpcsPtpVariant
names_layout(const State *st, const char *line, size_t len)
{
	size_t		tabs = 0,
				i;

	if (st->r.nfields != 0)
		return st->r.nfields == HCPCS_PTP_MEDICAID_FIELDS
			? HCPCS_PTP_MEDICAID : HCPCS_PTP_MEDICARE;
	for (i = 0; i < len; i++)
		tabs += line[i] == '\t';
	return tabs + 1 == HCPCS_PTP_MEDICAID_FIELDS
		? HCPCS_PTP_MEDICAID : HCPCS_PTP_MEDICARE;
}

static void
check_error(const State *st, const HcpcsPtpError *e, const char *line,
			size_t len)
{
	size_t		n,
				i;

	FUZZ_CHECK(e->field != NULL && e->field[0] != '\0');
	FUZZ_CHECK(e->reason != NULL && e->reason[0] != '\0');
	FUZZ_CHECK(fuzz_terminated(e->value, sizeof(e->value)));
	n = strlen(e->value);
	FUZZ_CHECK(n <= 80);
	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) e->value[i];

		FUZZ_CHECK(c >= 0x20 && c != 0x7F && !undefined_cp1252(c));
	}
	FUZZ_CHECK(e->line >= 0 && e->line <= st->r.line);
	FUZZ_CHECK(e->column >= 0 && e->column <= HCPCS_PTP_MEDICARE_FIELDS);
	FUZZ_CHECK(e->pos >= 0 && (size_t) e->pos <= len);
	if (e->column > 0)
	{
		/* a field error names the field of its layout */
		const char *name = hcpcs_ptp_column_name(names_layout(st, line, len),
												 e->column);

		FUZZ_CHECK(name != NULL && strcmp(name, e->field) == 0);
	}
	FUZZ_CHECK(hcpcs_ptp_column_name(HCPCS_PTP_MEDICAID,
									 HCPCS_PTP_MEDICAID_FIELDS + 1) == NULL);
}

static bool
same_error(const HcpcsPtpError *a, const HcpcsPtpError *b)
{
	return a->line == b->line && a->field == b->field &&
		a->column == b->column && a->pos == b->pos &&
		a->reason == b->reason && strcmp(a->value, b->value) == 0;
}

/* s[0..n) without the ASCII spaces at both ends */
static void
strip_spaces(const char **s, size_t *n)
{
	while (*n > 0 && (*s)[*n - 1] == ' ')
		(*n)--;
	while (*n > 0 && (*s)[0] == ' ')
		(*s)++, (*n)--;
}

static int32_t
date_of(const char *s, size_t n)
{
	int32_t		d = 0;
	size_t		i;

	strip_spaces(&s, &n);
	if (n != 8)
		return -1;
	for (i = 0; i < 8; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = d * 10 + (s[i] - '0');
	}
	return d;
}

/*
 * A row against a naive reading of its line: split at every TAB, fields
 * parsed on their own.  Catches a row whose values come from the wrong
 * place in the line.
 */
static void
check_row_fields(const State *st, const HcpcsPtpRow *row, const char *line,
				 size_t len)
{
	const char *f[HCPCS_PTP_MEDICARE_FIELDS];
	size_t		fn[HCPCS_PTP_MEDICARE_FIELDS];
	size_t		nf = 0,
				start = 0,
				i;
	bool		medicare = st->variant == HCPCS_PTP_MEDICARE;
	size_t		eff = medicare ? 3 : 2;
	int32_t		v,
				d;
	const char *rat;
	size_t		ratn;

	if (len > 0 && line[len - 1] == '\r')
		len--;					/* the parser strips one CR */
	for (i = 0; i <= len; i++)
	{
		if (i == len || line[i] == '\t')
		{
			FUZZ_CHECK(nf < HCPCS_PTP_MEDICARE_FIELDS);
			f[nf] = line + start;
			fn[nf] = i - start;
			nf++;
			start = i + 1;
		}
		else
		{
			unsigned char c = (unsigned char) line[i];

			/* no control byte anywhere, ASCII before the rationale */
			FUZZ_CHECK(c >= 0x20 && c != 0x7F && !undefined_cp1252(c));
			FUZZ_CHECK(c < 0x80 || nf == eff + 3);
		}
	}
	FUZZ_CHECK(nf == (medicare ? HCPCS_PTP_MEDICARE_FIELDS
					  : HCPCS_PTP_MEDICAID_FIELDS));
	FUZZ_CHECK(hcpcs_code_parse(f[0], fn[0], 0, &v, NULL) && v == row->column1);
	FUZZ_CHECK(hcpcs_code_parse(f[1], fn[1], 0, &v, NULL) && v == row->column2);
	if (medicare)
	{
		const char *p = f[2];
		size_t		n = fn[2];

		strip_spaces(&p, &n);
		FUZZ_CHECK(row->prior_1996 == (n == 1 && p[0] == '*'));
	}
	FUZZ_CHECK(date_of(f[eff], fn[eff]) == row->effective);
	d = date_of(f[eff + 1], fn[eff + 1]);
	FUZZ_CHECK(d == 99991231 ? row->deletion == 0 :
			   d > 0 ? row->deletion == d : row->deletion == 0);
	{
		const char *p = f[eff + 2];
		size_t		n = fn[eff + 2];

		strip_spaces(&p, &n);
		FUZZ_CHECK(n == 1 && p[0] - '0' == row->indicator);
	}
	rat = f[eff + 3];
	ratn = fn[eff + 3];
	while (ratn > 0 && rat[ratn - 1] == ' ')
		ratn--;
	FUZZ_CHECK(row->rationale_len == ratn);
	FUZZ_CHECK(ratn == 0 || row->rationale == rat);
}

static void
check_row(State *st, const HcpcsPtpRow *row, const char *line, size_t len)
{
	size_t		i;

	FUZZ_CHECK(hcpcs_code_is_valid_value(row->column1));
	FUZZ_CHECK(hcpcs_code_is_valid_value(row->column2));
	FUZZ_CHECK(hcpcs_valid_yyyymmdd(row->effective));
	FUZZ_CHECK(row->deletion == 0 ||
			   (hcpcs_valid_yyyymmdd(row->deletion) &&
				row->deletion >= row->effective && row->deletion != 99991231));
	FUZZ_CHECK(row->indicator == 0 || row->indicator == 1 || row->indicator == 9);
	FUZZ_CHECK(row->line == st->r.line);

	if (st->variant == HCPCS_PTP_VARIANT_UNKNOWN)
	{
		FUZZ_CHECK(st->r.variant != HCPCS_PTP_VARIANT_UNKNOWN);
		st->variant = st->r.variant;
		FUZZ_CHECK(st->r.first_row_line == st->r.line);
	}
	FUZZ_CHECK(st->r.variant == st->variant);
	if (st->variant == HCPCS_PTP_MEDICARE)
		FUZZ_CHECK(row->prior_1996 == 0 || row->prior_1996 == 1);
	if (st->variant == HCPCS_PTP_MEDICAID)
		FUZZ_CHECK(row->prior_1996 == -1);

	/* the rationale lies in the line, cleaned as promised */
	FUZZ_CHECK(row->rationale_len <= len);
	if (row->rationale_len > 0)
		FUZZ_CHECK(row->rationale >= line &&
				   row->rationale + row->rationale_len <= line + len);
	if (row->rationale_len > 0)
		FUZZ_CHECK(row->rationale[row->rationale_len - 1] != ' ');
	for (i = 0; i < row->rationale_len; i++)
	{
		unsigned char c = (unsigned char) row->rationale[i];

		FUZZ_CHECK(c >= 0x20 && c != 0x7F && !undefined_cp1252(c));
	}
	check_row_fields(st, row, line, len);
	st->rows++;
	FUZZ_CHECK(st->r.n_rows == st->rows);
}

static bool
feed_one(void *arg, const char *line, size_t len)
{
	State	   *st = arg;
	HcpcsPtpRow row;
	HcpcsPtpError err;
	int			rc;

	memset(&err, 0x55, sizeof(err));
	rc = hcpcs_ptp_feed(&st->r, line, len, &row, &err);
	FUZZ_CHECK(rc == HCPCS_PTP_NONE || rc == HCPCS_PTP_ROW ||
			   rc == HCPCS_PTP_ERROR);
	if (st->dead)
	{
		/* a dead reader repeats its error */
		FUZZ_CHECK(rc == HCPCS_PTP_ERROR && same_error(&err, &st->first_err));
		return false;
	}
	if (rc == HCPCS_PTP_ERROR)
	{
		check_error(st, &err, line, len);
		FUZZ_CHECK(err.line == st->r.line);
		st->dead = true;
		st->first_err = err;
		return true;			/* one more line, to see it stays dead */
	}
	if (rc == HCPCS_PTP_ROW)
		check_row(st, &row, line, len);
	else
		FUZZ_CHECK(st->r.n_rows == st->rows);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	State	   *st = calloc(1, sizeof(State));
	HcpcsPtpError err,
				err2;
	int			rc,
				rc2;

	hcpcs_ptp_init(&st->r);
	fuzz_split_lines(data, size, feed_one, st);
	FUZZ_CHECK(st->r.line >= 0);

	rc = hcpcs_ptp_finish(&st->r, &err);
	rc2 = hcpcs_ptp_finish(&st->r, &err2);
	if (st->dead)
		FUZZ_CHECK(rc == HCPCS_PTP_ERROR && same_error(&err, &st->first_err));
	else if (st->rows == 0)
	{
		FUZZ_CHECK(rc == HCPCS_PTP_ERROR);
		check_error(st, &err, "", 0);
	}
	else
		FUZZ_CHECK(rc == HCPCS_PTP_NONE);
	if (rc == HCPCS_PTP_ERROR)
		FUZZ_CHECK(rc2 == HCPCS_PTP_ERROR && same_error(&err, &err2));
	else
		FUZZ_CHECK(rc2 == HCPCS_PTP_NONE);

	/* after the end, a line is refused */
	if (rc == HCPCS_PTP_NONE)
	{
		HcpcsPtpRow row;

		FUZZ_CHECK(hcpcs_ptp_feed(&st->r, "00100\t00200", 11, &row, &err) ==
				   HCPCS_PTP_ERROR);
	}
	free(st);
	return 0;
}
