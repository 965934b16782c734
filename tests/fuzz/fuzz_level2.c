/*
 * fuzz_level2.c
 *	  libFuzzer harness for the HCPCS Level II file parser
 *	  (src/core/cms_level2.c), fixed-width and CSV: the input is one file,
 *	  split into lines as src/lines.c does, fed line by line and finished
 *	  as src/catalog.c does.
 *
 * Invariants (cms_level2.h):
 *	- an entry's code is a canonical Level II code (it parses, is
 *	  >= HCPCS_LEVEL2_BASE and formats to itself) or a modifier of two
 *	  uppercase [0-9A-Z]; every text field is NUL-terminated inside its
 *	  array, has no trailing blank and no control byte (a '\n' only in the
 *	  CSV descriptions; in latin-1 mode, c1_controls without a byte
 *	  order mark, no byte 0x80-0x9F either); the long description is at most
 *	  HCPCS_L2_MAX_LONG bytes; dates are 0 or real YYYYMMDD days; the
 *	  anesthesia units are -1 or 0..999; a repaired ASC date is real and
 *	  its group blank; nrecords >= 1; its line is one already fed;
 *	- the format, once decided, never changes; entries come out in line
 *	  order; when the input is read without error, the entries handed out
 *	  are exactly the code and modifier records counted
 *	  (n_procedures + n_modifiers) and finish then returns NONE;
 *	- an error has a field (a column name, "record" or "file"), a reason,
 *	  a NUL-terminated value of at most 80 bytes without control bytes, a
 *	  line no later than the last fed; the reader then stays dead;
 *	- the parser never reads outside the line (each line in its own
 *	  exact-size heap block).
 */
#include "fuzz_common.h"
#include "cms_common.h"
#include "cms_level2.h"
#include "code.h"

typedef struct State
{
	HcpcsL2Reader r;			/* about 11 kB: on the heap */
	HcpcsL2Entry entry;
	HcpcsL2Format format;
	long		entries;
	long		last_line;
	bool		dead;
	HcpcsL2Error first_err;
	const uint8_t *data;		/* the whole input, to look records up */
	size_t		size;
} State;

/*
 * Latin-1 input (the glue sets c1_controls for it): bytes 0x80-0x9F are
 * control characters too.  Chosen by the input's length, so that every
 * corpus entry stays meaningful and both modes are fuzzed.
 */
static bool c1_mode;

static bool
is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7F || (c1_mode && c >= 0x80 && c <= 0x9F);
}

/* A text field: terminated in its array, no trailing blank, clean */
static void
check_text(const char *s, size_t size, bool newline_ok)
{
	size_t		n,
				i;

	FUZZ_CHECK(fuzz_terminated(s, size));
	n = strlen(s);
	if (n > 0)
		FUZZ_CHECK(s[n - 1] != ' ');
	for (i = 0; i < n; i++)
		FUZZ_CHECK(!is_control((unsigned char) s[i]) ||
				   (newline_ok && s[i] == '\n'));
}

static void
check_date(int32_t d)
{
	FUZZ_CHECK(d == 0 || hcpcs_valid_yyyymmdd(d));
}

/* Physical line lineno (1-based) of the input, as the parser saw it */
static bool
find_line(const State *st, long lineno, const char **rec, size_t *len)
{
	size_t		pos = 0;
	long		l = 1;

	while (pos < st->size && l < lineno)
	{
		const uint8_t *nl = memchr(st->data + pos, '\n', st->size - pos);

		if (nl == NULL)
			return false;
		pos = (size_t) (nl - st->data) + 1;
		l++;
	}
	if (pos >= st->size)
		return false;
	*rec = (const char *) st->data + pos;
	*len = st->size - pos;
	{
		const char *nl = memchr(*rec, '\n', *len);

		if (nl)
			*len = (size_t) (nl - *rec);
	}
	/* one CR stripped by lines.c, one by the parser; the BOM of line 1 */
	if (*len > 0 && (*rec)[*len - 1] == '\r')
		(*len)--;
	if (*len > 0 && (*rec)[*len - 1] == '\r')
		(*len)--;
	if (lineno == 1 && st->r.utf8_bom)
		*rec += 3, *len -= 3;
	return true;
}

/* Positions pos..pos+width-1 (1-based) of a record, trailing blanks off */
static void
field_at(const char *rec, size_t len, size_t pos, size_t width,
		 const char **p, size_t *n)
{
	size_t		b = pos - 1;

	*p = rec + (b < len ? b : len);
	*n = b < len ? (len - b < width ? len - b : width) : 0;
	while (*n > 0 && (*p)[*n - 1] == ' ')
		(*n)--;
}

static bool
field_is(const char *rec, size_t len, size_t pos, size_t width, const char *v)
{
	const char *p;
	size_t		n;

	field_at(rec, len, pos, width, &p, &n);
	return n == strlen(v) && memcmp(p, v, n) == 0;
}

static int32_t
date_at(const char *rec, size_t len, size_t pos)
{
	const char *p;
	size_t		n,
				i;
	int32_t		d = 0;

	field_at(rec, len, pos, 8, &p, &n);
	for (i = 0; i < n; i++)
		d = d * 10 + (p[i] - '0');
	return d;
}

/*
 * A fixed-width entry against its first record, read at the positions of
 * the layout (cms_level2.h) without the parser's help.
 */
static void
check_fixed_fields(const State *st, const HcpcsL2Entry *e)
{
	const char *rec,
			   *p;
	size_t		len,
				n,
				i;
	int			seq = 0;

	FUZZ_CHECK(find_line(st, e->line, &rec, &len));
	FUZZ_CHECK(len >= 11 && len <= HCPCS_L2_RECORD_LEN);
	field_at(rec, len, 1, 5, &p, &n);
	if (e->is_modifier)
	{
		while (n > 0 && p[0] == ' ')
			p++, n--;
	}
	FUZZ_CHECK(n == strlen(e->code));
	for (i = 0; i < n; i++)
		FUZZ_CHECK((p[i] >= 'a' && p[i] <= 'z' ? p[i] - 'a' + 'A' : p[i]) ==
				   e->code[i]);
	FUZZ_CHECK(rec[10] == (e->is_modifier ? '7' : '3'));
	field_at(rec, len, 6, 5, &p, &n);
	for (i = 0; i < n; i++)
		if (p[i] != ' ')
			seq = seq * 10 + (p[i] - '0');
	FUZZ_CHECK(seq == e->seqnum);
	FUZZ_CHECK(field_is(rec, len, 92, 28, e->short_desc));
	FUZZ_CHECK(field_is(rec, len, 171, 10, e->statute));
	FUZZ_CHECK(field_is(rec, len, 230, 1, e->coverage));
	FUZZ_CHECK(field_is(rec, len, 257, 3, e->betos));
	FUZZ_CHECK(field_is(rec, len, 293, 1, e->action_code));
	FUZZ_CHECK(date_at(rec, len, 269) == e->added);
	FUZZ_CHECK(date_at(rec, len, 277) == e->action_effective);
	FUZZ_CHECK(date_at(rec, len, 285) == e->terminated);
	if (e->asc_date_shifted)
		FUZZ_CHECK(date_at(rec, len, 231) == e->asc_date);
	else
	{
		FUZZ_CHECK(date_at(rec, len, 233) == e->asc_date);
		FUZZ_CHECK(field_is(rec, len, 231, 2, e->asc_group));
	}
	/* the description starts with the first record's piece */
	field_at(rec, len, 12, 80, &p, &n);
	FUZZ_CHECK(strncmp(e->long_desc, p, n) == 0);
}

static void
check_entry(State *st, const HcpcsL2Entry *e)
{
	bool		csv = st->r.format == HCPCS_L2_FORMAT_CSV;
	int			i;

	FUZZ_CHECK(fuzz_terminated(e->code, sizeof(e->code)));
	if (e->is_modifier)
	{
		FUZZ_CHECK(strlen(e->code) == 2);
		for (i = 0; i < 2; i++)
			FUZZ_CHECK((e->code[i] >= '0' && e->code[i] <= '9') ||
					   (e->code[i] >= 'A' && e->code[i] <= 'Z'));
	}
	else
	{
		int32_t		v;
		char		buf[HCPCS_CODE_LEN + 1];

		FUZZ_CHECK(strlen(e->code) == HCPCS_CODE_LEN);
		FUZZ_CHECK(hcpcs_code_parse(e->code, HCPCS_CODE_LEN, 0, &v, NULL));
		FUZZ_CHECK(v >= HCPCS_LEVEL2_BASE);
		hcpcs_code_format(v, buf);
		FUZZ_CHECK(strcmp(buf, e->code) == 0);
	}
	FUZZ_CHECK(e->seqnum >= 0 && e->seqnum <= 99999);

	check_text(e->long_desc, sizeof(e->long_desc), csv);
	FUZZ_CHECK(strlen(e->long_desc) <= HCPCS_L2_MAX_LONG);
	check_text(e->short_desc, sizeof(e->short_desc), csv);
	for (i = 0; i < 4; i++)
		check_text(e->pricing[i], sizeof(e->pricing[i]), false);
	check_text(e->mult_pricing, sizeof(e->mult_pricing), false);
	for (i = 0; i < 3; i++)
	{
		check_text(e->cim[i], sizeof(e->cim[i]), false);
		check_text(e->mcm[i], sizeof(e->mcm[i]), false);
	}
	check_text(e->statute, sizeof(e->statute), false);
	for (i = 0; i < 8; i++)
		check_text(e->lab_cert[i], sizeof(e->lab_cert[i]), false);
	for (i = 0; i < 5; i++)
	{
		check_text(e->xref[i], sizeof(e->xref[i]), false);
		check_text(e->tos[i], sizeof(e->tos[i]), false);
	}
	check_text(e->coverage, sizeof(e->coverage), false);
	check_text(e->asc_group, sizeof(e->asc_group), false);
	check_text(e->opps, sizeof(e->opps), false);
	check_text(e->opps_pi, sizeof(e->opps_pi), false);
	check_text(e->proc_note, sizeof(e->proc_note), false);
	check_text(e->betos, sizeof(e->betos), false);
	check_text(e->action_code, sizeof(e->action_code), false);

	check_date(e->asc_date);
	check_date(e->opps_date);
	check_date(e->added);
	check_date(e->action_effective);
	check_date(e->terminated);
	FUZZ_CHECK(e->anesthesia_units >= -1 && e->anesthesia_units <= 999);
	if (e->asc_date_shifted)
		FUZZ_CHECK(!csv && e->asc_date != 0 && e->asc_group[0] == '\0');
	FUZZ_CHECK(e->nrecords >= 1);
	FUZZ_CHECK(e->line >= 1 && e->line <= st->r.line);
	FUZZ_CHECK(e->line > st->last_line);
	if (!csv)
		check_fixed_fields(st, e);
	st->last_line = e->line;
	st->entries++;
}

static void
check_error(const State *st, const HcpcsL2Error *e)
{
	size_t		n,
				i;
	bool		known = strcmp(e->field, "record") == 0 ||
		strcmp(e->field, "file") == 0;

	FUZZ_CHECK(e->field != NULL && e->reason != NULL && e->reason[0] != '\0');
	for (i = 0; i < HCPCS_L2_NCOLUMNS && !known; i++)
		known = strcmp(e->field, hcpcs_l2_column_name((int) i)) == 0;
	FUZZ_CHECK(known);
	FUZZ_CHECK(fuzz_terminated(e->value, sizeof(e->value)));
	n = strlen(e->value);
	FUZZ_CHECK(n <= 80);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(!is_control((unsigned char) e->value[i]));
	FUZZ_CHECK(e->line >= 0 && e->line <= st->r.line);
	FUZZ_CHECK(e->pos >= 0 && e->pos <= HCPCS_L2_RECORD_LEN + 1);
}

static bool
same_error(const HcpcsL2Error *a, const HcpcsL2Error *b)
{
	return a->line == b->line && a->field == b->field && a->pos == b->pos &&
		a->reason == b->reason && strcmp(a->value, b->value) == 0;
}

static bool
feed_one(void *arg, const char *line, size_t len)
{
	State	   *st = arg;
	HcpcsL2Error err;
	int			rc;

	rc = hcpcs_l2_feed(&st->r, line, len, &st->entry, &err);
	/* a byte order mark says UTF-8, whatever the caller said */
	c1_mode = st->r.c1_controls && !st->r.utf8_bom;
	FUZZ_CHECK(rc == HCPCS_L2_NONE || rc == HCPCS_L2_ENTRY ||
			   rc == HCPCS_L2_ERROR);
	if (st->dead)
	{
		FUZZ_CHECK(rc == HCPCS_L2_ERROR && same_error(&err, &st->first_err));
		return false;
	}
	if (st->format != HCPCS_L2_FORMAT_UNKNOWN)
		FUZZ_CHECK(st->r.format == st->format);
	st->format = st->r.format;
	if (rc == HCPCS_L2_ERROR)
	{
		check_error(st, &err);
		st->dead = true;
		st->first_err = err;
		return true;			/* one more line, to see it stays dead */
	}
	if (rc == HCPCS_L2_ENTRY)
		check_entry(st, &st->entry);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	State	   *st = calloc(1, sizeof(State));
	HcpcsL2Error err;
	int			rc,
				n;

	st->data = data;
	st->size = size;
	hcpcs_l2_init(&st->r);
	c1_mode = (size & 1) != 0;
	st->r.c1_controls = c1_mode;
	fuzz_split_lines(data, size, feed_one, st);

	for (n = 0; (rc = hcpcs_l2_finish(&st->r, &st->entry, &err)) == HCPCS_L2_ENTRY; n++)
	{
		FUZZ_CHECK(!st->dead && n == 0);
		check_entry(st, &st->entry);
	}
	if (st->dead)
		FUZZ_CHECK(rc == HCPCS_L2_ERROR && same_error(&err, &st->first_err));
	else if (rc == HCPCS_L2_ERROR)
		check_error(st, &err);
	else
	{
		FUZZ_CHECK(rc == HCPCS_L2_NONE);
		FUZZ_CHECK(st->r.n_records > 0);
		FUZZ_CHECK(st->entries == st->r.n_procedures + st->r.n_modifiers);
		FUZZ_CHECK(hcpcs_l2_finish(&st->r, &st->entry, &err) == HCPCS_L2_NONE);
		/* after the end, a line is refused */
		FUZZ_CHECK(hcpcs_l2_feed(&st->r, "HCPC,", 5, &st->entry, &err) ==
				   HCPCS_L2_ERROR);
		check_error(st, &err);
	}
	free(st);
	return 0;
}
