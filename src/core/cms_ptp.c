/*
 * cms_ptp.c
 *	  Streaming parser of one NCCI PTP edit file, Medicare and Medicaid
 *	  layouts.
 *
 * The layouts, the rules and the choices are described in cms_ptp.h.  This
 * file must stay free of PostgreSQL headers and of allocation: it is linked
 * unchanged into the extension and the unit test, and all of its memory is
 * the caller's reader, row, error and line.
 *
 * Each line is scanned once, byte by byte: the scan finds the TABs and the
 * first byte that is not allowed anywhere, so that the field checks that
 * follow only look at the few bytes of codes, dates and the indicator.
 * The rationale, most of the line, is never looked at again.
 */
#include "cms_ptp.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cms_common.h"
#include "code.h"

#define STR_(x)		#x
#define STR(x)		STR_(x)

/* Fields whose bounds the scan records: a row's 7, and one more to see */
#define MAX_SPLIT	(HCPCS_PTP_MEDICARE_FIELDS + 1)

#define NOPOS		((size_t) -1)

/* Field indexes (0-based) in each layout */
enum
{
	F_COL1 = 0,
	F_COL2 = 1
};

static const char *const medicare_names[HCPCS_PTP_MEDICARE_FIELDS] = {
	"Column 1", "Column 2", "Prior to 1996", "Effective Date",
	"Deletion Date", "Modifier Indicator", "PTP Edit Rationale"
};

static const char *const medicaid_names[HCPCS_PTP_MEDICAID_FIELDS] = {
	"Column 1", "Column 2", "Effective Date", "Deletion Date",
	"Modifier Indicator", "PTP Edit Rationale"
};

/* Where the bytes of one field are */
typedef struct Span
{
	const unsigned char *p;
	size_t		n;
} Span;

/* One line, split at its TABs */
typedef struct Split
{
	const unsigned char *s;
	size_t		len;
	size_t		nfields;		/* all of them, even past MAX_SPLIT */
	size_t		start[MAX_SPLIT];	/* bounds of the first MAX_SPLIT fields */
	size_t		end[MAX_SPLIT];
	size_t		first_ctl;		/* first NUL or control byte, or NOPOS */
	size_t		first_undef;	/* first byte undefined in cp1252, or NOPOS */
	size_t		first_high;		/* first byte >= 0x80, or NOPOS */
	size_t		first_high_field;	/* the field holding it */
} Split;

static const char reason_not_ptp_preamble[] =
"not an NCCI PTP file (no data row among the first "
STR(HCPCS_PTP_MAX_PREAMBLE) " non-blank lines)";
static const char reason_not_ptp_binary[] =
"not an NCCI PTP file (a NUL or control byte before the first data row: "
"a binary or UTF-16 file?)";
static const char reason_not_ptp_empty[] =
"not an NCCI PTP file (the input is empty)";
static const char reason_not_ptp[] =
"not an NCCI PTP file (no data row)";


/* The five bytes Windows-1252 leaves undefined */
static inline bool
is_undefined_cp1252(unsigned char c)
{
	return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

static inline Span
field(const Split *sp, int i)
{
	Span		f;

	f.p = sp->s + sp->start[i];
	f.n = sp->end[i] - sp->start[i];
	return f;
}

/* Without the ASCII spaces at both ends (see cms_ptp.h) */
static inline Span
trim(Span f)
{
	while (f.n > 0 && f.p[f.n - 1] == ' ')
		f.n--;
	while (f.n > 0 && f.p[0] == ' ')
	{
		f.p++;
		f.n--;
	}
	return f;
}

static inline bool
is_date_shaped(Span f)
{
	size_t		i;

	if (f.n != 8)
		return false;
	for (i = 0; i < 8; i++)
		if (!hcpcs_is_digit(f.p[i]))
			return false;
	return true;
}

static inline int32_t
digits8(const unsigned char *p)
{
	int32_t		v = 0;
	int			i;

	for (i = 0; i < 8; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/*
 * Is YYYYMMDD a real calendar day?  Days 1-28 of any month of years 1-9999
 * are, which settles nearly every date here without a call; the rest go to
 * the one calendar rule of the core, hcpcs_valid_yyyymmdd.
 */
static inline bool
valid_date(int32_t d)
{
	int32_t		md = d % 10000;

	if (d >= 10000 && md >= 101 && md <= 1228 && md % 100 >= 1 && md % 100 <= 28)
		return true;
	return hcpcs_valid_yyyymmdd(d);
}

/*
 * Does this 8-byte word hold only printable ASCII (0x20 .. 0x7E)?  The
 * usual word-at-a-time tests: "some byte below 0x20" and "some byte above
 * 0x7E" are exact as yes/no answers (a borrow or carry can only mark bytes
 * next to a byte that is itself marked).  The byte order does not matter.
 */
static inline bool
word_plain(uint64_t w)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t highs = UINT64_C(0x8080808080808080);
	uint64_t	below = (w - ones * 0x20) & ~w & highs;
	uint64_t	above = ((w + ones) | w) & highs;

	return (below | above) == 0;
}

/*
 * Split a line at its TABs and find the bytes that need attention.  Eight
 * bytes at a time while they are printable ASCII (most of the rationale),
 * byte by byte where a word holds a TAB or anything else.
 */
static void
scan(const unsigned char *s, size_t len, Split *sp)
{
	size_t		i = 0,
				end,
				nf = 0,
				fstart = 0;

	sp->s = s;
	sp->len = len;
	sp->first_ctl = sp->first_undef = sp->first_high = NOPOS;
	sp->first_high_field = 0;
	while (i < len)
	{
		if (len - i >= 8)
		{
			uint64_t	w;

			memcpy(&w, s + i, 8);
			if (word_plain(w))
			{
				i += 8;
				continue;
			}
			end = i + 8;
		}
		else
			end = len;
		for (; i < end; i++)
		{
			unsigned char c = s[i];

			if ((unsigned) (c - 0x20) < 0x5Fu)	/* 0x20 .. 0x7E */
				continue;
			if (c == '\t')
			{
				if (nf < MAX_SPLIT)
				{
					sp->start[nf] = fstart;
					sp->end[nf] = i;
				}
				nf++;
				fstart = i + 1;
			}
			else if (c >= 0x80)
			{
				if (sp->first_high == NOPOS)
				{
					sp->first_high = i;
					sp->first_high_field = nf;
				}
				if (sp->first_undef == NOPOS && is_undefined_cp1252(c))
					sp->first_undef = i;
			}
			else if (sp->first_ctl == NOPOS)
				sp->first_ctl = i;
		}
	}
	if (nf < MAX_SPLIT)
	{
		sp->start[nf] = fstart;
		sp->end[nf] = len;
	}
	sp->nfields = nf + 1;
}


/* See PREAMBLE in cms_ptp.h */
static bool
data_shaped(const Split *sp)
{
	Span		f = trim(field(sp, 0));

	if (f.n == 5 && hcpcs_is_alnum(f.p[0]) && hcpcs_is_alnum(f.p[1]) &&
		hcpcs_is_alnum(f.p[2]) && hcpcs_is_alnum(f.p[3]) && hcpcs_is_alnum(f.p[4]))
		return true;
	if (sp->nfields >= 3 && is_date_shaped(trim(field(sp, 2))))
		return true;
	if (sp->nfields >= 4 && is_date_shaped(trim(field(sp, 3))))
		return true;
	return false;
}

/*
 * Copy at most 80 bytes of a value for an error message: TAB as a space,
 * other control bytes and the bytes cp1252 leaves undefined as '?', so
 * that the message is one printable line that always converts from
 * Windows-1252.
 */
static void
copy_value(char *dst, const unsigned char *p, size_t n)
{
	size_t		i;

	if (n > 80)
		n = 80;
	for (i = 0; i < n; i++)
	{
		unsigned char c = p[i];

		dst[i] = c == '\t' ? ' ' :
			(hcpcs_is_control(c) || is_undefined_cp1252(c)) ? '?' : (char) c;
	}
	dst[n] = '\0';
}

static int
pos_of(size_t off)
{
	return off >= (size_t) INT_MAX ? INT_MAX : (int) off + 1;
}

/* Record an error, kill the reader, hand the error back. */
static int
fail(HcpcsPtpReader *r, HcpcsPtpError *err, const char *field, int column,
	 int pos, const unsigned char *v, size_t vn, const char *reason)
{
	r->error.line = r->line;
	r->error.field = field;
	r->error.column = column;
	r->error.pos = pos;
	copy_value(r->error.value, v, v ? vn : 0);
	r->error.reason = reason;
	r->dead = true;
	if (err)
		*err = r->error;
	return HCPCS_PTP_ERROR;
}

/* Field names of a layout, by field count (Medicare for a wrong count) */
static const char *const *
names_for(size_t nfields, size_t *nnames)
{
	if (nfields == HCPCS_PTP_MEDICAID_FIELDS)
	{
		*nnames = HCPCS_PTP_MEDICAID_FIELDS;
		return medicaid_names;
	}
	*nnames = HCPCS_PTP_MEDICARE_FIELDS;
	return medicare_names;
}

/* An error about field i (0-based) of a data line, value = the field */
static int
fail_field(HcpcsPtpReader *r, HcpcsPtpError *err, const Split *sp,
		   const char *const *names, int i, size_t pos, const char *reason)
{
	Span		f = field(sp, i);

	return fail(r, err, names[i], i + 1, pos_of(pos), f.p, f.n, reason);
}

/* A byte not allowed in a data line: the first one, in its field */
static int
fail_byte(HcpcsPtpReader *r, HcpcsPtpError *err, const Split *sp, size_t at)
{
	unsigned char c = sp->s[at];
	size_t		nnames;
	const char *const *names = names_for(r->nfields ? (size_t) r->nfields
										 : sp->nfields, &nnames);
	size_t		fi = 0,
				i;
	const char *reason;

	if (c == 0)
		reason = "NUL byte";
	else if (c == '\r')
		reason = "carriage return inside the line (CR-only line ends?)";
	else if (hcpcs_is_control(c))
		reason = "control character (a byte below 0x20 other than TAB, or 0x7F)";
	else
		reason = "byte undefined in Windows-1252 (0x81, 0x8D, 0x8F, 0x90 or 0x9D)";

	for (i = 0; i < at; i++)
		fi += sp->s[i] == '\t';
	if (fi < nnames && fi < MAX_SPLIT)
		return fail_field(r, err, sp, names, (int) fi, at, reason);
	/* past the fields of the layout: show what follows the last TAB */
	for (i = at; i > 0 && sp->s[i - 1] != '\t'; i--)
		;
	return fail(r, err, "record", 0, pos_of(at), sp->s + i, sp->len - i, reason);
}

static int
parse_code(HcpcsPtpReader *r, HcpcsPtpError *err, const Split *sp,
		   const char *const *names, int i, int32_t *out)
{
	Span		f = field(sp, i);
	HcpcsParseInfo info;

	if (hcpcs_code_parse((const char *) f.p, f.n, 0, out, &info))
		return HCPCS_PTP_NONE;
	return fail_field(r, err, sp, names, i,
					  sp->start[i] + (info.pos > 0 ? info.trimmed_off + (size_t) info.pos - 1 : 0),
					  hcpcs_code_reason(&info));
}

/*
 * A date field: *out = YYYYMMDD, or 0 for "no date" where none_ok (the
 * deletion date: "*", empty, 99991231).
 */
static int
parse_date(HcpcsPtpReader *r, HcpcsPtpError *err, const Split *sp,
		   const char *const *names, int i, bool none_ok, int32_t *out)
{
	Span		f = trim(field(sp, i));
	int32_t		d;

	if (is_date_shaped(f))
	{
		d = digits8(f.p);
		if (!valid_date(d))
			return fail_field(r, err, sp, names, i, sp->start[i],
							  "not a real calendar date");
		*out = (none_ok && d == 99991231) ? 0 : d;
		return HCPCS_PTP_NONE;
	}
	if (none_ok && (f.n == 0 || (f.n == 1 && f.p[0] == '*')))
	{
		*out = 0;
		return HCPCS_PTP_NONE;
	}
	if (!none_ok && r->nfields == HCPCS_PTP_MEDICAID_FIELDS &&
		(f.n == 0 || (f.n == 1 && f.p[0] == '*')))
		return fail_field(r, err, sp, names, i, sp->start[i],
						  "effective date missing (a 6-column row whose third column is "
						  "\"*\" or empty looks like a Medicare row without its rationale)");
	if (f.n == 0)
		return fail_field(r, err, sp, names, i, sp->start[i],
						  "effective date is empty");
	return fail_field(r, err, sp, names, i, sp->start[i],
					  none_ok
					  ? "not a date (8 digits YYYYMMDD, or \"*\" or empty for none, expected)"
					  : "not a date (8 digits YYYYMMDD expected)");
}

/* Does field i hold the first non-ASCII byte of the line? */
static inline bool
has_high(const Split *sp, int i)
{
	return sp->first_high != NOPOS && sp->first_high_field == (size_t) i;
}

/*
 * One data line, every byte already allowed or reported.  A non-ASCII byte
 * before the rationale is an error, reported in its turn, left to right:
 * the scan found the first one of the line, so the fields before its field
 * have none.
 */
static int
data_row(HcpcsPtpReader *r, const Split *sp, HcpcsPtpRow *row,
		 HcpcsPtpError *err)
{
	const char *const *names;
	size_t		nnames;
	int			nf = r->nfields;
	bool		medicare = nf == HCPCS_PTP_MEDICARE_FIELDS;
	int			f_eff = medicare ? 3 : 2;
	int			f_del = f_eff + 1;
	int			f_ind = f_eff + 2;
	int			f_rat = f_eff + 3;
	int			i,
				rc;
	Span		f;

	names = names_for((size_t) nf, &nnames);

	for (i = 0; i < f_rat; i++)
	{
		rc = HCPCS_PTP_NONE;
		if (has_high(sp, i))
			return fail_field(r, err, sp, names, i, sp->first_high,
							  "non-ASCII byte (codes, dates and the indicator are ASCII)");
		if (i == F_COL1)
			rc = parse_code(r, err, sp, names, i, &row->column1);
		else if (i == F_COL2)
			rc = parse_code(r, err, sp, names, i, &row->column2);
		else if (i == f_eff)
			rc = parse_date(r, err, sp, names, i, false, &row->effective);
		else if (i == f_del)
		{
			rc = parse_date(r, err, sp, names, i, true, &row->deletion);
			if (rc == HCPCS_PTP_NONE && row->deletion != 0 &&
				row->deletion < row->effective)
				rc = fail_field(r, err, sp, names, i, sp->start[i],
								"deletion date before the effective date");
		}
		else if (i == f_ind)
		{
			f = trim(field(sp, i));
			if (f.n != 1 || (f.p[0] != '0' && f.p[0] != '1' && f.p[0] != '9'))
				rc = fail_field(r, err, sp, names, i, sp->start[i],
								"modifier indicator not 0, 1 or 9");
			else
				row->indicator = f.p[0] - '0';
		}
		else
		{
			/* the Medicare prior-1996 column */
			f = trim(field(sp, i));
			if (f.n == 0)
				row->prior_1996 = 0;
			else if (f.n == 1 && f.p[0] == '*')
				row->prior_1996 = 1;
			else
				rc = fail_field(r, err, sp, names, i, sp->start[i],
								"not \"*\" or empty");
		}
		if (rc != HCPCS_PTP_NONE)
			return rc;
	}
	if (!medicare)
		row->prior_1996 = -1;

	f = field(sp, f_rat);
	while (f.n > 0 && f.p[f.n - 1] == ' ')
		f.n--;
	row->rationale = (const char *) f.p;
	row->rationale_len = f.n;
	row->line = r->line;
	r->n_rows++;
	return HCPCS_PTP_ROW;
}

void
hcpcs_ptp_init(HcpcsPtpReader *r)
{
	memset(r, 0, sizeof(*r));
	r->variant = HCPCS_PTP_VARIANT_UNKNOWN;
}

int
hcpcs_ptp_feed(HcpcsPtpReader *r, const char *line, size_t len,
			   HcpcsPtpRow *row, HcpcsPtpError *err)
{
	const unsigned char *s = (const unsigned char *) line;
	Split		sp;
	size_t		bad;

	if (r->dead)
	{
		if (err)
			*err = r->error;
		return HCPCS_PTP_ERROR;
	}
	if (r->finished)
		return fail(r, err, "file", 0, 0, NULL, 0,
					"line fed after the end of input");

	r->line++;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (r->line == 1 && len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return fail(r, err, "file", 0, 1, s, len,
					"UTF-8 byte order mark: the CMS PTP files are Windows-1252 "
					"(this copy was re-encoded)");
	if (hcpcs_blank_line(s, len))
	{
		r->n_blank++;
		return HCPCS_PTP_NONE;
	}

	scan(s, len, &sp);
	bad = sp.first_ctl < sp.first_undef ? sp.first_ctl : sp.first_undef;

	if (r->variant == HCPCS_PTP_VARIANT_UNKNOWN)
	{
		if (!data_shaped(&sp))
		{
			/* the preamble, or not a PTP file at all */
			if (sp.first_ctl != NOPOS)
				return fail(r, err, "file", 0, pos_of(sp.first_ctl), s, len,
							reason_not_ptp_binary);
			if (++r->n_preamble > HCPCS_PTP_MAX_PREAMBLE)
				return fail(r, err, "file", 0, 0, s, len,
							reason_not_ptp_preamble);
			return HCPCS_PTP_NONE;
		}
		if (bad != NOPOS)
			return fail_byte(r, err, &sp, bad);
		if (sp.nfields != HCPCS_PTP_MEDICARE_FIELDS &&
			sp.nfields != HCPCS_PTP_MEDICAID_FIELDS)
		{
			char		buf[32];

			snprintf(buf, sizeof(buf), "%zu columns", sp.nfields);
			return fail(r, err, "record", 0, 0, (const unsigned char *) buf,
						strlen(buf),
						"wrong column count: an NCCI PTP data row has 7 columns "
						"(Medicare) or 6 (Medicaid)");
		}
		r->nfields = (int) sp.nfields;
		r->variant = sp.nfields == HCPCS_PTP_MEDICARE_FIELDS
			? HCPCS_PTP_MEDICARE : HCPCS_PTP_MEDICAID;
		r->first_row_line = r->line;
		return data_row(r, &sp, row, err);
	}

	if (bad != NOPOS)
		return fail_byte(r, err, &sp, bad);
	if (sp.nfields != (size_t) r->nfields)
	{
		char		buf[32];
		const char *reason;

		if (!data_shaped(&sp))
			return fail(r, err, "record", 0, 0, s, len,
						"not an NCCI PTP data row (after the first data row, "
						"every non-blank line must be one)");
		snprintf(buf, sizeof(buf), "%zu columns", sp.nfields);
		if (sp.nfields == (size_t) r->nfields + 1 &&
			sp.start[r->nfields] == sp.end[r->nfields])
			reason = "wrong column count: one more than the first data row, "
				"and it is empty (a trailing TAB?)";
		else if (r->variant == HCPCS_PTP_MEDICARE)
			reason = "wrong column count: the first data row had 7 columns "
				"(Medicare layout)";
		else
			reason = "wrong column count: the first data row had 6 columns "
				"(Medicaid layout)";
		return fail(r, err, "record", 0, 0, (const unsigned char *) buf,
					strlen(buf), reason);
	}
	if (!data_shaped(&sp))
		return fail(r, err, "record", 0, 0, s, len,
					"not an NCCI PTP data row (after the first data row, "
					"every non-blank line must be one)");
	return data_row(r, &sp, row, err);
}

int
hcpcs_ptp_finish(HcpcsPtpReader *r, HcpcsPtpError *err)
{
	if (r->dead)
	{
		if (err)
			*err = r->error;
		return HCPCS_PTP_ERROR;
	}
	if (r->finished)
		return HCPCS_PTP_NONE;
	r->finished = true;
	if (r->n_rows == 0)
		return fail(r, err, "file", 0, 0, NULL, 0,
					r->line == r->n_blank ? reason_not_ptp_empty : reason_not_ptp);
	return HCPCS_PTP_NONE;
}

const char *
hcpcs_ptp_column_name(HcpcsPtpVariant variant, int col)
{
	if (variant == HCPCS_PTP_MEDICARE && col >= 1 && col <= HCPCS_PTP_MEDICARE_FIELDS)
		return medicare_names[col - 1];
	if (variant == HCPCS_PTP_MEDICAID && col >= 1 && col <= HCPCS_PTP_MEDICAID_FIELDS)
		return medicaid_names[col - 1];
	return NULL;
}
