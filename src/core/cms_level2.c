/*
 * cms_level2.c
 *	  Streaming parser of the CMS HCPCS Level II file, fixed-width and CSV.
 *
 * The file formats, the rules and the one repair are described in
 * cms_level2.h.  This file must stay free of PostgreSQL headers and of
 * allocation: it is linked unchanged into the extension and the unit test,
 * and all of its memory is the caller's reader, entry and error.
 *
 * Both forms are reduced to the same thing, one span (pointer, length) per
 * column of the CSV layout, and one function (record) validates the spans
 * and builds the entry, so the two forms cannot drift apart in what they
 * accept.
 */
#include "cms_level2.h"
#include "cms_common.h"

#include <stdio.h>
#include <string.h>

#include "code.h"

#define STR_(x)		#x
#define STR(x)		STR_(x)

/* Field kinds: how record() checks and stores a column */
enum
{
	K_CODE,						/* HCPC */
	K_SEQNUM,					/* SEQNUM */
	K_RECID,					/* RECID */
	K_LONG,						/* LONG DESCRIPTION, joined */
	K_TEXT,						/* any other text, stored as is */
	K_DATE,						/* YYYYMMDD or blank */
	K_UNITS						/* ANEST_BU: up to 3 digits or blank */
};

typedef struct Column
{
	const char *name;			/* CSV column name */
	int16_t		pos;			/* fixed width: 1-based first position */
	int16_t		width;			/* fixed width: width (and the most any text
								 * field may hold, except LONG DESCRIPTION) */
	int8_t		kind;
	size_t		off;			/* destination in HcpcsL2Entry */
} Column;

#define OFF(member)			offsetof(HcpcsL2Entry, member)
#define OFFA(member, i, sz) (offsetof(HcpcsL2Entry, member) + (i) * (sz))

#define COL_HCPC		0
#define COL_SEQNUM		1
#define COL_RECID		2
#define COL_LONG		3
#define COL_FIRST_DATA	4		/* first column after the description */
#define COL_SHORT		4
#define COL_ASC_GRP		31
#define COL_ASC_DT		32

/*
 * The 48 columns, in the order and with the names of the CSV header, and
 * their positions in the fixed-width record (HCPCS2019_recordlayout.txt).
 */
static const Column columns[HCPCS_L2_NCOLUMNS] = {
	{"HCPC", 1, 5, K_CODE, 0},
	{"SEQNUM", 6, 5, K_SEQNUM, 0},
	{"RECID", 11, 1, K_RECID, 0},
	{"LONG DESCRIPTION", 12, 80, K_LONG, OFF(long_desc)},
	{"SHORT DESCRIPTION", 92, 28, K_TEXT, OFF(short_desc)},
	{"PRICE1", 120, 2, K_TEXT, OFFA(pricing, 0, 3)},
	{"PRICE2", 122, 2, K_TEXT, OFFA(pricing, 1, 3)},
	{"PRICE3", 124, 2, K_TEXT, OFFA(pricing, 2, 3)},
	{"PRICE4", 126, 2, K_TEXT, OFFA(pricing, 3, 3)},
	{"MULT_PI", 128, 1, K_TEXT, OFF(mult_pricing)},
	{"CIM1", 129, 6, K_TEXT, OFFA(cim, 0, 7)},
	{"CIM2", 135, 6, K_TEXT, OFFA(cim, 1, 7)},
	{"CIM3", 141, 6, K_TEXT, OFFA(cim, 2, 7)},
	{"MCM1", 147, 8, K_TEXT, OFFA(mcm, 0, 9)},
	{"MCM2", 155, 8, K_TEXT, OFFA(mcm, 1, 9)},
	{"MCM3", 163, 8, K_TEXT, OFFA(mcm, 2, 9)},
	{"STATUTE", 171, 10, K_TEXT, OFF(statute)},
	{"LABCERT1", 181, 3, K_TEXT, OFFA(lab_cert, 0, 4)},
	{"LABCERT2", 184, 3, K_TEXT, OFFA(lab_cert, 1, 4)},
	{"LABCERT3", 187, 3, K_TEXT, OFFA(lab_cert, 2, 4)},
	{"LABCERT4", 190, 3, K_TEXT, OFFA(lab_cert, 3, 4)},
	{"LABCERT5", 193, 3, K_TEXT, OFFA(lab_cert, 4, 4)},
	{"LABCERT6", 196, 3, K_TEXT, OFFA(lab_cert, 5, 4)},
	{"LABCERT7", 199, 3, K_TEXT, OFFA(lab_cert, 6, 4)},
	{"LABCERT8", 202, 3, K_TEXT, OFFA(lab_cert, 7, 4)},
	{"XREF1", 205, 5, K_TEXT, OFFA(xref, 0, 6)},
	{"XREF2", 210, 5, K_TEXT, OFFA(xref, 1, 6)},
	{"XREF3", 215, 5, K_TEXT, OFFA(xref, 2, 6)},
	{"XREF4", 220, 5, K_TEXT, OFFA(xref, 3, 6)},
	{"XREF5", 225, 5, K_TEXT, OFFA(xref, 4, 6)},
	{"COV", 230, 1, K_TEXT, OFF(coverage)},
	{"ASC_GRP", 231, 2, K_TEXT, OFF(asc_group)},
	{"ASC_DT", 233, 8, K_DATE, OFF(asc_date)},
	{"OPPS", 241, 3, K_TEXT, OFF(opps)},
	{"OPPS_PI", 244, 1, K_TEXT, OFF(opps_pi)},
	{"OPPS_DT", 245, 8, K_DATE, OFF(opps_date)},
	{"PROCNOTE", 253, 4, K_TEXT, OFF(proc_note)},
	{"BETOS", 257, 3, K_TEXT, OFF(betos)},
	{"TOS1", 261, 1, K_TEXT, OFFA(tos, 0, 2)},
	{"TOS2", 262, 1, K_TEXT, OFFA(tos, 1, 2)},
	{"TOS3", 263, 1, K_TEXT, OFFA(tos, 2, 2)},
	{"TOS4", 264, 1, K_TEXT, OFFA(tos, 3, 2)},
	{"TOS5", 265, 1, K_TEXT, OFFA(tos, 4, 2)},
	{"ANEST_BU", 266, 3, K_UNITS, OFF(anesthesia_units)},
	{"ADD DT", 269, 8, K_DATE, OFF(added)},
	{"ACT EFF DT", 277, 8, K_DATE, OFF(action_effective)},
	{"TERM DT", 285, 8, K_DATE, OFF(terminated)},
	{"ACTION CD", 293, 1, K_TEXT, OFF(action_code)},
};

/* Filler positions of the fixed-width record: 260 and 294-320 */
#define FILLER_MID		260
#define FILLER_TAIL		294

/* CSV assembly states (HcpcsL2Reader.csv_state) */
enum
{
	CSV_IDLE = 0,				/* no record in progress */
	CSV_FIELD_START,			/* at the start of a field */
	CSV_UNQUOTED,				/* inside an unquoted field */
	CSV_QUOTED,					/* inside a quoted field */
	CSV_QUOTE_SEEN				/* a quote inside a quoted field: closing,
								 * or the first of a doubled pair */
};

/* Where the bytes of one column are, blanks already trimmed as wanted */
typedef struct Span
{
	const unsigned char *p;
	size_t		n;
} Span;

static const char reason_not_l2[] =
"not a HCPCS Level II file (no record found)";
static const char reason_not_l2_preamble[] =
"not a HCPCS Level II file (no record among the first "
STR(HCPCS_L2_MAX_PREAMBLE) " non-blank lines)";


static inline unsigned char
to_upper(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char) (c - 'a' + 'A') : c;
}

static Span
rtrim(Span s)
{
	while (s.n > 0 && s.p[s.n - 1] == ' ')
		s.n--;
	return s;
}

static Span
trim(Span s)
{
	s = rtrim(s);
	while (s.n > 0 && s.p[0] == ' ')
	{
		s.p++;
		s.n--;
	}
	return s;
}

static bool
all_digits(Span s)
{
	size_t		i;

	for (i = 0; i < s.n; i++)
		if (!hcpcs_is_digit(s.p[i]))
			return false;
	return true;
}

/* Value of n <= 9 digits (the caller has checked them) */
static int32_t
digits_value(const unsigned char *p, size_t n)
{
	int32_t		v = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

const char *
hcpcs_l2_column_name(int col)
{
	return (col >= 0 && col < HCPCS_L2_NCOLUMNS) ? columns[col].name : NULL;
}

/*
 * Bytes 0x80-0x9F of a latin-1 file are the C1 control codes, never text:
 * no real CMS file has one, and a file that does is damaged or in another
 * encoding (in Windows-1252 they are letters and quotes, five undefined).
 * In UTF-8 they are continuation bytes, so only when the caller says the
 * input is latin-1 (and it has no byte order mark).
 */
static inline bool
is_c1_control(const HcpcsL2Reader *r, unsigned char c)
{
	return r->c1_controls && !r->utf8_bom && c >= 0x80 && c <= 0x9F;
}

/*
 * Copy at most 80 bytes of a value for an error message, control bytes
 * as '?' so that the message stays one printable line.
 */
static void
copy_value(const HcpcsL2Reader *r, char *dst, const unsigned char *p, size_t n)
{
	size_t		i;

	if (n > 80)
		n = 80;
	for (i = 0; i < n; i++)
		dst[i] = (hcpcs_is_control(p[i]) || is_c1_control(r, p[i])) ? '?' : (char) p[i];
	dst[n] = '\0';
}

/* Record an error, kill the reader, hand the error back. */
static int
fail(HcpcsL2Reader *r, HcpcsL2Error *err, long line, const char *field,
	 int pos, const unsigned char *v, size_t vn, const char *reason)
{
	r->error.line = line;
	r->error.field = field;
	r->error.pos = pos;
	copy_value(r, r->error.value, v, v ? vn : 0);
	r->error.reason = reason;
	r->dead = true;
	if (err)
		*err = r->error;
	return HCPCS_L2_ERROR;
}

/* An error about column col of the current record. */
static int
fail_col(HcpcsL2Reader *r, HcpcsL2Error *err, bool csv, int col, Span v,
		 const char *reason)
{
	return fail(r, err, csv ? r->csv_line0 : r->line, columns[col].name,
				csv ? col + 1 : columns[col].pos, v.p, v.n, reason);
}

/*
 * Shaped like a fixed-width record: decides, before the first record,
 * whether a line is the disclaimer block (skipped) or a record (checked in
 * full, so that a malformed first record is reported, not skipped).
 */
static bool
record_shaped(const unsigned char *s, size_t len)
{
	size_t		i;
	bool		any = false;

	if (len < 11)
		return false;
	for (i = 5; i < 10; i++)
		if (!hcpcs_is_digit(s[i]))
			return false;
	if (s[10] != '3' && s[10] != '4' && s[10] != '7' && s[10] != '8')
		return false;
	for (i = 0; i < 5; i++)
	{
		if (s[i] != ' ' && !hcpcs_is_alnum(s[i]))
			return false;
		any |= s[i] != ' ';
	}
	return any;
}

/* Does the first non-blank line start like the CSV header? */
static bool
csv_header_start(const unsigned char *s, size_t len)
{
	static const char plain[] = "HCPC,";
	static const char quoted[] = "\"HCPC\",";
	size_t		i;

	if (len >= sizeof(plain) - 1)
	{
		for (i = 0; i < sizeof(plain) - 1; i++)
			if (to_upper(s[i]) != (unsigned char) plain[i])
				break;
		if (i == sizeof(plain) - 1)
			return true;
	}
	if (len >= sizeof(quoted) - 1)
	{
		for (i = 0; i < sizeof(quoted) - 1; i++)
			if (to_upper(s[i]) != (unsigned char) quoted[i])
				break;
		if (i == sizeof(quoted) - 1)
			return true;
	}
	return false;
}

/* Text bytes acceptable?  A line break only where a CSV field kept one. */
static bool
clean_text(const HcpcsL2Reader *r, Span v, bool allow_newline)
{
	size_t		i;

	for (i = 0; i < v.n; i++)
		if ((hcpcs_is_control(v.p[i]) && !(allow_newline && v.p[i] == '\n')) ||
			is_c1_control(r, v.p[i]))
			return false;
	return true;
}

/* Add one piece to the long description being assembled. */
static int
append_long(HcpcsL2Reader *r, HcpcsL2Error *err, bool csv, Span piece)
{
	char	   *d = r->cur.long_desc;
	size_t		cur = strlen(d);
	size_t		sep = cur > 0 ? 1 : 0;

	if (!clean_text(r, piece, csv))
		return fail_col(r, err, csv, COL_LONG, piece,
						"control character in the long description");
	if (piece.n == 0)
		return HCPCS_L2_NONE;
	if (cur + sep + piece.n > HCPCS_L2_MAX_LONG)
		return fail_col(r, err, csv, COL_LONG, piece,
						"joined long description longer than "
						STR(HCPCS_L2_MAX_LONG) " bytes");
	if (sep)
		d[cur++] = ' ';
	memcpy(d + cur, piece.p, piece.n);
	d[cur + piece.n] = '\0';
	return HCPCS_L2_NONE;
}

/* Check and store one data column (COL_FIRST_DATA and after). */
static int
store_column(HcpcsL2Reader *r, HcpcsL2Error *err, bool csv, int col, Span v)
{
	const Column *c = &columns[col];
	char	   *dst = (char *) &r->cur + c->off;

	switch (c->kind)
	{
		case K_TEXT:
			if (v.n > (size_t) c->width)
				return fail_col(r, err, csv, col, v,
								"value longer than the field width of the CMS layout");
			if (!clean_text(r, v, csv && col == COL_SHORT))
				return fail_col(r, err, csv, col, v, "control character");
			memcpy(dst, v.p, v.n);
			dst[v.n] = '\0';
			break;
		case K_DATE:
			{
				int32_t		d = 0;

				if (v.n > 0)
				{
					if (v.n != 8 || !all_digits(v))
						return fail_col(r, err, csv, col, v,
										"not a date (8 digits YYYYMMDD expected)");
					d = digits_value(v.p, 8);
					if (!hcpcs_valid_yyyymmdd(d))
						return fail_col(r, err, csv, col, v,
										"not a real calendar date");
				}
				memcpy(dst, &d, sizeof(d));
				break;
			}
		case K_UNITS:
			{
				Span		t = trim(v);
				int			u = -1;

				if (t.n > 0)
				{
					if (t.n > 3 || !all_digits(t))
						return fail_col(r, err, csv, col, v,
										"anesthesia base units not numeric (up to 3 digits expected)");
					u = (int) digits_value(t.p, t.n);
				}
				memcpy(dst, &u, sizeof(u));
				break;
			}
		default:
			break;				/* not a data column */
	}
	return HCPCS_L2_NONE;
}

/*
 * Validate one record, given as 48 column spans (trailing blanks already
 * trimmed), and fold it into the entry being assembled.  Returns
 * HCPCS_L2_ENTRY when it is a first record and an entry was pending (then
 * copied to *out), else HCPCS_L2_NONE, or an error.
 */
static int
record(HcpcsL2Reader *r, const Span *f, bool csv, bool shifted,
	   HcpcsL2Entry *out, HcpcsL2Error *err)
{
	HcpcsL2Entry *e = &r->cur;
	char		code[6];
	char		recid;
	bool		is_mod,
				is_cont,
				emit;
	int			seq;
	int			col;
	Span		t;

	/* RECID first: it says how to read HCPC */
	if (f[COL_RECID].n != 1 ||
		(f[COL_RECID].p[0] != '3' && f[COL_RECID].p[0] != '4' &&
		 f[COL_RECID].p[0] != '7' && f[COL_RECID].p[0] != '8'))
		return fail_col(r, err, csv, COL_RECID, f[COL_RECID],
						"unknown record type (RECID must be 3, 4, 7 or 8)");
	recid = (char) f[COL_RECID].p[0];
	is_mod = recid == '7' || recid == '8';
	is_cont = recid == '4' || recid == '8';

	if (!is_mod)
	{
		int32_t		v;
		HcpcsParseInfo info;
		unsigned	opts = r->utf8_bom ? 0 : HCPCS_PARSE_LATIN1_NBSP;

		if (!hcpcs_code_parse((const char *) f[COL_HCPC].p, f[COL_HCPC].n,
							  opts, &v, &info))
			return fail_col(r, err, csv, COL_HCPC, f[COL_HCPC],
							hcpcs_code_reason(&info));
		if (v < HCPCS_LEVEL2_BASE)
			return fail_col(r, err, csv, COL_HCPC, f[COL_HCPC],
							"a CPT (Level I) code, not a Level II code");
		hcpcs_code_format(v, code);
	}
	else
	{
		/* modifiers sit in positions 4-5; the CSV keeps the blanks */
		t = trim(f[COL_HCPC]);
		if (t.n != 2 || !hcpcs_is_alnum(t.p[0]) || !hcpcs_is_alnum(t.p[1]))
			return fail_col(r, err, csv, COL_HCPC, f[COL_HCPC],
							"bad modifier (2 letters or digits expected)");
		code[0] = (char) to_upper(t.p[0]);
		code[1] = (char) to_upper(t.p[1]);
		code[2] = '\0';
	}

	t = trim(f[COL_SEQNUM]);
	if (t.n == 0 || t.n > 5 || !all_digits(t))
		return fail_col(r, err, csv, COL_SEQNUM, f[COL_SEQNUM],
						"SEQNUM not numeric (up to 5 digits expected)");
	seq = (int) digits_value(t.p, t.n);

	if (is_cont)
	{
		int			rc;

		if (!r->have_entry)
			return fail_col(r, err, csv, COL_RECID, f[COL_RECID],
							"continuation record with no code or modifier record before it");
		if (e->is_modifier != is_mod)
			return fail_col(r, err, csv, COL_RECID, f[COL_RECID],
							is_mod
							? "modifier continuation (RECID 8) after a procedure code record"
							: "procedure continuation (RECID 4) after a modifier record");
		if (strcmp(code, e->code) != 0)
			return fail_col(r, err, csv, COL_HCPC, f[COL_HCPC],
							"continuation record of another code than the entry being assembled");
		if (seq <= r->last_seqnum)
			return fail_col(r, err, csv, COL_SEQNUM, f[COL_SEQNUM],
							"SEQNUM not greater than that of the previous record of the code");
		for (col = COL_FIRST_DATA; col < HCPCS_L2_NCOLUMNS; col++)
			if (f[col].n > 0)
				return fail_col(r, err, csv, col, f[col],
								"continuation record with data outside the long description");
		if ((rc = append_long(r, err, csv, f[COL_LONG])) != HCPCS_L2_NONE)
			return rc;
		r->last_seqnum = seq;
		e->nrecords++;
		r->n_records++;
		return HCPCS_L2_NONE;
	}

	/* A first record: the entry being assembled, if any, is complete. */
	emit = r->have_entry;
	if (emit)
		*out = *e;
	r->have_entry = false;
	memset(e, 0, sizeof(*e));
	e->is_modifier = is_mod;
	memcpy(e->code, code, sizeof(code));
	e->seqnum = seq;
	e->line = csv ? r->csv_line0 : r->line;
	e->nrecords = 1;
	if (csv && f[COL_LONG].n > HCPCS_L2_MAX_LONG)
		return fail_col(r, err, csv, COL_LONG, f[COL_LONG],
						"long description longer than "
						STR(HCPCS_L2_MAX_LONG) " bytes");
	{
		int			rc = append_long(r, err, csv, f[COL_LONG]);

		if (rc != HCPCS_L2_NONE)
			return rc;
	}
	for (col = COL_FIRST_DATA; col < HCPCS_L2_NCOLUMNS; col++)
	{
		int			rc = store_column(r, err, csv, col, f[col]);

		if (rc != HCPCS_L2_NONE)
			return rc;
	}
	e->asc_date_shifted = shifted;
	if (shifted)
		r->n_asc_shifted++;

	r->have_entry = true;
	r->last_seqnum = seq;
	r->n_records++;
	if (is_mod)
		r->n_modifiers++;
	else
		r->n_procedures++;
	return emit ? HCPCS_L2_ENTRY : HCPCS_L2_NONE;
}

/* One line of the fixed-width form. */
static int
fixed_line(HcpcsL2Reader *r, const unsigned char *s, size_t len,
		   HcpcsL2Entry *out, HcpcsL2Error *err)
{
	Span		f[HCPCS_L2_NCOLUMNS];
	bool		shifted = false;
	size_t		i;
	int			col;

	if (r->n_records == 0 && !record_shaped(s, len))
	{
		/* the disclaimer block, or not a HCPCS file at all */
		if (++r->n_preamble > HCPCS_L2_MAX_PREAMBLE)
			return fail(r, err, r->line, "file", 0, s, len,
						reason_not_l2_preamble);
		return HCPCS_L2_NONE;
	}

	if (len < 11)
		return fail(r, err, r->line, "record", 0, s, len,
					"line too short to be a record (fewer than 11 characters)");
	if (len > HCPCS_L2_RECORD_LEN)
	{
		char		buf[32];

		snprintf(buf, sizeof(buf), "%zu characters", len);
		return fail(r, err, r->line, "record", HCPCS_L2_RECORD_LEN + 1,
					(const unsigned char *) buf, strlen(buf),
					"record longer than " STR(HCPCS_L2_RECORD_LEN) " characters");
	}

	/* data in a filler position means the columns are not where we think */
	if (len >= FILLER_MID && s[FILLER_MID - 1] != ' ')
		return fail(r, err, r->line, "record", FILLER_MID, s + FILLER_MID - 1, 1,
					"data in filler position " STR(FILLER_MID));
	for (i = FILLER_TAIL - 1; i < len; i++)
		if (s[i] != ' ')
		{
			Span		v = {s + i, len - i};

			v = rtrim(v);
			return fail(r, err, r->line, "record", (int) i + 1, v.p, v.n,
						"data in filler positions 294-320");
		}

	/* missing positions of a short record are blank */
	for (col = 0; col < HCPCS_L2_NCOLUMNS; col++)
	{
		size_t		b = (size_t) columns[col].pos - 1;

		f[col].p = s + (b < len ? b : len);
		f[col].n = b < len ? len - b : 0;
		if (f[col].n > (size_t) columns[col].width)
			f[col].n = (size_t) columns[col].width;
		f[col] = rtrim(f[col]);
	}

	/*
	 * The 2018 defect (see cms_level2.h): an ASC date written at 231-238.
	 * Only a record that is invalid as laid out can match this.
	 */
	if (len >= 238 && (len < 239 || s[238] == ' ') && (len < 240 || s[239] == ' '))
	{
		Span		d = {s + 230, 8};

		if (all_digits(d) && hcpcs_valid_yyyymmdd(digits_value(d.p, 8)))
		{
			f[COL_ASC_GRP].n = 0;
			f[COL_ASC_DT] = d;
			shifted = true;
		}
	}

	return record(r, f, false, shifted, out, err);
}

/* Append one byte of field text to the CSV record being assembled. */
static bool
csv_put(HcpcsL2Reader *r, unsigned char c)
{
	if (r->csv_used >= HCPCS_L2_MAX_CSV_RECORD)
		return false;
	r->csv_buf[r->csv_used++] = (char) c;
	return true;
}

static int
csv_overflow(HcpcsL2Reader *r, HcpcsL2Error *err)
{
	int			nf = r->csv_nfields < HCPCS_L2_NCOLUMNS ? r->csv_nfields : 0;

	return fail(r, err, r->csv_line0,
				r->csv_nfields < HCPCS_L2_NCOLUMNS ? columns[nf].name : "record",
				r->csv_nfields + 1,
				(const unsigned char *) r->csv_buf + r->csv_start[nf],
				r->csv_used - r->csv_start[nf],
				"CSV record longer than " STR(HCPCS_L2_MAX_CSV_RECORD) " bytes");
}

/* The field in progress is complete. */
static bool
csv_end_field(HcpcsL2Reader *r)
{
	int			nf = r->csv_nfields;

	if (nf >= HCPCS_L2_NCOLUMNS)
		return false;
	r->csv_len[nf] = (uint16_t) (r->csv_used - r->csv_start[nf]);
	r->csv_nfields = ++nf;
	if (nf < HCPCS_L2_NCOLUMNS)
		r->csv_start[nf] = (uint16_t) r->csv_used;
	return true;
}

static int
csv_too_many(HcpcsL2Reader *r, HcpcsL2Error *err)
{
	return fail(r, err, r->csv_line0, "record", HCPCS_L2_NCOLUMNS + 1, NULL, 0,
				"CSV record with more than " STR(HCPCS_L2_NCOLUMNS) " columns");
}

/* The header of the CSV export: the 48 names, in order. */
static int
csv_header(HcpcsL2Reader *r, const Span *f, HcpcsL2Error *err)
{
	int			col;

	if (r->csv_nfields != HCPCS_L2_NCOLUMNS)
	{
		char		buf[32];

		snprintf(buf, sizeof(buf), "%d columns", r->csv_nfields);
		return fail(r, err, r->csv_line0, "record", 0,
					(const unsigned char *) buf, strlen(buf),
					"CSV header without the " STR(HCPCS_L2_NCOLUMNS)
					" columns of the CMS layout");
	}
	for (col = 0; col < HCPCS_L2_NCOLUMNS; col++)
	{
		Span		t = trim(f[col]);
		const char *name = columns[col].name;
		size_t		i,
					n = strlen(name);

		for (i = 0; i < t.n && i < n; i++)
			if (to_upper(t.p[i]) != (unsigned char) name[i])
				break;
		if (t.n != n || i != n)
			return fail(r, err, r->csv_line0, name, col + 1, t.p, t.n,
						"CSV header: column name differs from the CMS layout");
	}
	r->csv_header_done = true;
	return HCPCS_L2_NONE;
}

/*
 * One physical line of the CSV form: a whole record, the start of one
 * whose quoted field goes on, or the continuation of such a field.
 */
static int
csv_line(HcpcsL2Reader *r, const unsigned char *s, size_t len,
		 HcpcsL2Entry *out, HcpcsL2Error *err)
{
	Span		f[HCPCS_L2_NCOLUMNS];
	size_t		i;
	int			col;

	if (r->csv_state == CSV_IDLE)
	{
		r->csv_state = CSV_FIELD_START;
		r->csv_line0 = r->line;
		r->csv_nfields = 0;
		r->csv_used = 0;
		r->csv_start[0] = 0;
	}
	else if (!csv_put(r, '\n'))	/* the line break is part of the field */
		return csv_overflow(r, err);

	for (i = 0; i < len; i++)
	{
		unsigned char c = s[i];

		switch (r->csv_state)
		{
			case CSV_FIELD_START:
				if (c == '"')
					r->csv_state = CSV_QUOTED;
				else if (c == ',')
				{
					if (!csv_end_field(r))
						return csv_too_many(r, err);
				}
				else
				{
					if (!csv_put(r, c))
						return csv_overflow(r, err);
					r->csv_state = CSV_UNQUOTED;
				}
				break;
			case CSV_UNQUOTED:
				if (c == ',')
				{
					if (!csv_end_field(r))
						return csv_too_many(r, err);
					r->csv_state = CSV_FIELD_START;
				}
				else if (c == '"')
					return fail(r, err, r->line,
								r->csv_nfields < HCPCS_L2_NCOLUMNS
								? columns[r->csv_nfields].name : "record",
								r->csv_nfields + 1, s, len,
								"quote inside an unquoted CSV field");
				else if (!csv_put(r, c))
					return csv_overflow(r, err);
				break;
			case CSV_QUOTED:
				if (c == '"')
					r->csv_state = CSV_QUOTE_SEEN;
				else if (!csv_put(r, c))
					return csv_overflow(r, err);
				break;
			case CSV_QUOTE_SEEN:
				if (c == '"')
				{
					if (!csv_put(r, c))
						return csv_overflow(r, err);
					r->csv_state = CSV_QUOTED;
				}
				else if (c == ',')
				{
					if (!csv_end_field(r))
						return csv_too_many(r, err);
					r->csv_state = CSV_FIELD_START;
				}
				else
					return fail(r, err, r->line,
								r->csv_nfields < HCPCS_L2_NCOLUMNS
								? columns[r->csv_nfields].name : "record",
								r->csv_nfields + 1, s, len,
								"text after the closing quote of a CSV field");
				break;
		}
	}

	if (r->csv_state == CSV_QUOTED)
		return HCPCS_L2_NONE;	/* the field goes on on the next line */

	if (!csv_end_field(r))
		return csv_too_many(r, err);
	r->csv_state = CSV_IDLE;

	for (col = 0; col < r->csv_nfields; col++)
	{
		f[col].p = (const unsigned char *) r->csv_buf + r->csv_start[col];
		f[col].n = r->csv_len[col];
		f[col] = rtrim(f[col]);
	}

	if (!r->csv_header_done)
		return csv_header(r, f, err);

	if (r->csv_nfields != HCPCS_L2_NCOLUMNS)
	{
		char		buf[32];

		snprintf(buf, sizeof(buf), "%d columns", r->csv_nfields);
		return fail(r, err, r->csv_line0, "record", 0,
					(const unsigned char *) buf, strlen(buf),
					"CSV record without " STR(HCPCS_L2_NCOLUMNS) " columns");
	}
	return record(r, f, true, false, out, err);
}

void
hcpcs_l2_init(HcpcsL2Reader *r)
{
	memset(r, 0, sizeof(*r));
	r->format = HCPCS_L2_FORMAT_UNKNOWN;
	r->csv_state = CSV_IDLE;
}

int
hcpcs_l2_feed(HcpcsL2Reader *r, const char *line, size_t len,
			  HcpcsL2Entry *out, HcpcsL2Error *err)
{
	const unsigned char *s = (const unsigned char *) line;

	if (r->dead)
	{
		if (err)
			*err = r->error;
		return HCPCS_L2_ERROR;
	}
	if (r->finished)
		return fail(r, err, r->line, "file", 0, NULL, 0,
					"line fed after the end of input");

	r->line++;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (r->line == 1 && len >= 3 &&
		s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
	{
		s += 3;
		len -= 3;
		r->utf8_bom = true;
	}

	/* inside a quoted CSV field even a blank line is data */
	if (r->format == HCPCS_L2_FORMAT_CSV && r->csv_state != CSV_IDLE)
		return csv_line(r, s, len, out, err);

	if (hcpcs_blank_line(s, len))
	{
		r->n_blank++;
		return HCPCS_L2_NONE;
	}

	if (r->format == HCPCS_L2_FORMAT_UNKNOWN)
		r->format = csv_header_start(s, len)
			? HCPCS_L2_FORMAT_CSV : HCPCS_L2_FORMAT_FIXED;

	if (r->format == HCPCS_L2_FORMAT_CSV)
		return csv_line(r, s, len, out, err);
	return fixed_line(r, s, len, out, err);
}

int
hcpcs_l2_finish(HcpcsL2Reader *r, HcpcsL2Entry *out, HcpcsL2Error *err)
{
	if (r->dead)
	{
		if (err)
			*err = r->error;
		return HCPCS_L2_ERROR;
	}
	if (r->finished)
		return HCPCS_L2_NONE;
	r->finished = true;

	if (r->csv_state != CSV_IDLE)
	{
		/* csv_state is CSV_QUOTED: csv_start[nf] is the open field's start */
		int			nf = r->csv_nfields < HCPCS_L2_NCOLUMNS ? r->csv_nfields : 0;

		return fail(r, err, r->csv_line0, "record", r->csv_nfields + 1,
					(const unsigned char *) r->csv_buf + r->csv_start[nf],
					r->csv_used - r->csv_start[nf],
					"end of input inside a quoted CSV field");
	}
	if (r->n_records == 0)
		return fail(r, err, r->line, "file", 0, NULL, 0,
					r->csv_header_done
					? "not a HCPCS Level II file (a CSV header but no record)"
					: reason_not_l2);
	if (r->have_entry)
	{
		*out = r->cur;
		r->have_entry = false;
		return HCPCS_L2_ENTRY;
	}
	return HCPCS_L2_NONE;
}
