/*
 * cms_ptp.h
 *	  Streaming parser of one NCCI procedure-to-procedure (PTP) edit file
 *	  (one part, such as ccipra-v322r0-f1.TXT), in the CMS Medicare layout
 *	  and in the Medicaid layout without the prior-1996 column.  Pure C, no
 *	  PostgreSQL headers, no allocation, no global state: all memory is the
 *	  caller's (the reader, the row and the error structs, and the line).
 *
 * USE
 *
 *	HcpcsPtpReader r;	(caller-allocated, under 200 bytes; one per file part)
 *	hcpcs_ptp_init(&r);
 *	for each physical line (without its LF; a trailing CR is stripped here):
 *		switch (hcpcs_ptp_feed(&r, line, len, &row, &err))
 *			HCPCS_PTP_NONE:  a preamble or blank line, nothing to store
 *			HCPCS_PTP_ROW:	 row holds one edit (its text points into line)
 *			HCPCS_PTP_ERROR: err says why; the reader is dead (every later
 *							 call returns the same error)
 *	then hcpcs_ptp_finish(&r, &err): HCPCS_PTP_NONE, or HCPCS_PTP_ERROR when
 *	the whole input held no data row ("not an NCCI PTP file").
 *
 * Every data line gives exactly one row, at once: nothing is held back
 * across lines, so finish never returns a row.  The parser does not convert
 * encodings: the rationale is handed over byte for byte (the CMS files are
 * Windows-1252) and the caller converts it.  The calendar check is the one
 * of cms_common.c (hcpcs_valid_yyyymmdd), so cms_ptp.o needs cms_common.o.
 *
 * FORMAT (DOMAIN.md section 4, "Medicare PTP file layout")
 *
 * TAB-delimited text, CRLF.  The CMS files start with six preamble lines:
 * a copyright line, "Column1/Column2 Edits" and a four-line column header
 * ("Column 1<TAB>Column 2<TAB>*=in existence<TAB>...", each line padded
 * with TABs to seven columns).  Then one line per edit:
 *
 *   Medicare (7 fields)                     Medicaid (6 fields)
 *   1 Column 1            code              1 Column 1
 *   2 Column 2            code              2 Column 2
 *   3 Prior to 1996       "*" or empty        (no such column)
 *   4 Effective Date      YYYYMMDD          3 Effective Date
 *   5 Deletion Date       YYYYMMDD or "*"   4 Deletion Date (empty: none)
 *   6 Modifier Indicator  0, 1 or 9         5 Modifier Indicator
 *   7 PTP Edit Rationale  text              6 PTP Edit Rationale
 *
 * The Medicaid layout is documented only by third-party loaders (no CMS
 * sample exists); it is accepted as described there.  The field count of
 * the first data row fixes the layout of the whole file (r->variant); a
 * later row with another count is an error, as is a first data row with a
 * count other than 6 or 7.
 *
 * PREAMBLE
 *
 * A line is "shaped like data" when its first field is 5 characters of
 * [0-9A-Za-z] (spaces around them ignored), or its third or fourth field
 * is 8 digits (a date).  The second test makes a first data row whose code
 * is malformed (100 for 00100, after a spreadsheet ate the leading zeros)
 * an error instead of a silently skipped preamble line.  Before the first
 * data-shaped line, lines that are not shaped like data are the preamble
 * and are skipped -- at most HCPCS_PTP_MAX_PREAMBLE non-blank ones, so that
 * a file of another kind (an MUE CSV, a HCPCS Level II file) fails early,
 * with "not an NCCI PTP file" naming the line where the parser gave up.  A
 * preamble line holding a NUL or control byte fails the same way at once
 * (a binary or UTF-16 file); preamble lines are not checked otherwise (the
 * copyright line may hold any Windows-1252 text).  From the first
 * data-shaped line on, every non-blank line must be a valid data row.
 *
 * Blank lines (spaces and TABs only, or nothing) and lines holding only
 * 0x1A (DOS end-of-file) bytes are ignored everywhere, as in cms_level2.h;
 * the real files have none.  A UTF-8 byte order mark at the start of the
 * input is an error: the CMS files are Windows-1252, and a copy re-saved as
 * UTF-8 would be converted wrongly by a caller that trusts the layout.
 *
 * FIELDS
 *
 * Fields are split at every TAB; nothing is quoted.  Trailing TABs are not
 * tolerated: a TAB after the rationale makes one more (empty) field, hence
 * a wrong column count.  None of the 4.3 million data rows of the real
 * tables has one; CMS pads its preamble lines with TABs to the width of the
 * table, so an extra TAB on a data row means an extra column; and a
 * Medicaid row with one trailing TAB would have the count of a Medicare
 * row, so tolerating it would blur the two layouts.
 *
 * Codes, the prior-1996 mark, dates and the indicator may be surrounded by
 * ASCII spaces, which are ignored.  The CMS files have none, but a value
 * with spaces around it has only one reading, and a spreadsheet round trip
 * can add them; refusing a 2.5-million-row file for them would help no one.
 * Any other byte outside printable ASCII in those fields is an error
 * (non-ASCII bytes, a cp1252 no-break space included).
 *
 *   Column 1, Column 2   must pass hcpcs_code_parse (code.h): any CPT or
 *                        Level II code, any case; stored encoded.
 *   Prior to 1996        "*" (1) or empty (0); -1 in the Medicaid layout.
 *   Effective Date       8 digits YYYYMMDD naming a real Gregorian day of a
 *                        year from 0001 on (hcpcs_valid_yyyymmdd).  Required.
 *   Deletion Date        such a date, the last day the edit is in force;
 *                        or "*", empty or 99991231 for none (0), in both
 *                        layouts.  Not before the effective date (equal is
 *                        normal: CMS publishes indicator-9 edits so).
 *   Modifier Indicator   exactly one of 0, 1, 9.
 *   PTP Edit Rationale   any text; trailing spaces removed, leading ones
 *                        kept; may be empty.  Bytes 0x80-0xFF are allowed
 *                        (Windows-1252), except the five that code page
 *                        leaves undefined, 0x81 0x8D 0x8F 0x90 0x9D, which
 *                        are rejected here so that the error names the line
 *                        and byte; the caller's conversion cannot fail then.
 *
 * Control bytes (below 0x20 other than TAB, and 0x7F) and NUL bytes are
 * errors in every field of every line from the first data row on,
 * including a CR left inside the line (only one trailing CR is a line
 * ending).
 *
 * ERRORS
 *
 * Each error names the physical line; the field by its name ("Column 1",
 * "Column 2", "Prior to 1996", "Effective Date", "Deletion Date",
 * "Modifier Indicator", "PTP Edit Rationale"; "record" for the shape of a
 * whole line; "file" for the whole input) and its 1-based column number in
 * the line (0 for "record" and "file"); the 1-based byte position in the
 * line of the offending byte, or of the start of the offending field (0
 * when that does not apply); the offending value (at most 80 bytes; TAB
 * shown as a space, other control bytes and the five undefined cp1252
 * bytes as '?', so the value is always printable Windows-1252 text; for a
 * wrong column count, "N columns"); and a short reason.  Field names and
 * reasons are static strings.  When a line has several defects, the first
 * reported is a bad byte (the first in the line), then a line that is not
 * a data row, then the column count, then the fields from left to right.
 *
 * LIFETIME AND SAFETY
 *
 * hcpcs_ptp_feed never reads outside [line, line + len) and never writes
 * outside *r, *row and *err; the line need not be NUL-terminated.
 * row->rationale points into the caller's line: it is valid as long as the
 * caller keeps that buffer unchanged (at least until the next feed, if the
 * buffer is reused), and it is not NUL-terminated.  *row is meaningful
 * only when HCPCS_PTP_ROW is returned, *err only when HCPCS_PTP_ERROR is.
 */
#ifndef HCPCS_CORE_CMS_PTP_H
#define HCPCS_CORE_CMS_PTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Return values of hcpcs_ptp_feed and hcpcs_ptp_finish */
#define HCPCS_PTP_NONE			0
#define HCPCS_PTP_ROW			1
#define HCPCS_PTP_ERROR			(-1)

/* Field counts of the two layouts */
#define HCPCS_PTP_MEDICARE_FIELDS	7
#define HCPCS_PTP_MEDICAID_FIELDS	6

/*
 * Most non-blank lines skipped before the first data row.  Every CMS
 * release has 6 (copyright, title, 4 header lines); 10 leaves room for a
 * notice line or two more, yet a file of another kind fails within its
 * first lines instead of being read to its end (an MUE file, a Level II
 * file and a binary file all fail at their 11th non-blank line or sooner).
 */
#define HCPCS_PTP_MAX_PREAMBLE	10

typedef enum HcpcsPtpVariant
{
	HCPCS_PTP_VARIANT_UNKNOWN = 0,	/* no data row seen yet */
	HCPCS_PTP_MEDICARE,			/* 7 fields */
	HCPCS_PTP_MEDICAID			/* 6 fields: no prior-1996 column */
} HcpcsPtpVariant;

/* One edit: one data line. */
typedef struct HcpcsPtpRow
{
	int32_t		column1;		/* Column 1 code, encoded (code.h) */
	int32_t		column2;		/* Column 2 code, encoded */
	int			prior_1996;		/* 1 if "*", 0 if empty, -1 in the Medicaid
								 * layout (no such column) */
	int32_t		effective;		/* YYYYMMDD */
	int32_t		deletion;		/* YYYYMMDD, the last day in force; 0 = no
								 * deletion date ("*", empty or 99991231) */
	int			indicator;		/* modifier indicator: 0, 1 or 9 */
	const char *rationale;		/* PTP Edit Rationale: points into the fed
								 * line, not NUL-terminated, Windows-1252,
								 * trailing spaces removed */
	size_t		rationale_len;	/* its length in bytes (may be 0) */
	long		line;			/* 1-based physical line */
} HcpcsPtpRow;

typedef struct HcpcsPtpError
{
	long		line;			/* 1-based physical line (0: empty input) */
	const char *field;			/* field name, "record" or "file" */
	int			column;			/* 1-based column of the field, or 0 */
	int			pos;			/* 1-based byte position in the line (after
								 * the CR is stripped) of the offending byte
								 * or field, or 0 */
	char		value[81];		/* offending value, NUL-terminated */
	const char *reason;			/* short explanation, static */
} HcpcsPtpError;

/*
 * The reader.  Treat as opaque except for the counters and the variant,
 * marked "read-only for callers".
 */
typedef struct HcpcsPtpReader
{
	/* read-only for callers */
	HcpcsPtpVariant variant;	/* fixed by the first data row */
	long		line;			/* physical lines fed so far */
	long		n_rows;			/* data rows returned */
	long		n_preamble;		/* non-blank lines skipped before the first
								 * data row */
	long		n_blank;		/* blank (or 0x1A) lines ignored */
	long		first_row_line; /* line of the first data row, 0 if none */

	/* private */
	int			nfields;		/* fields per row, once variant is known */
	bool		dead;			/* an error was returned */
	bool		finished;		/* hcpcs_ptp_finish was called */
	HcpcsPtpError error;		/* the error, once dead */
} HcpcsPtpReader;

extern void hcpcs_ptp_init(HcpcsPtpReader *r);

/*
 * Feed one physical line: len bytes at line, without the LF (one trailing
 * CR is stripped here).  Returns HCPCS_PTP_NONE (preamble or blank line),
 * HCPCS_PTP_ROW (*row filled) or HCPCS_PTP_ERROR (*err filled, if err is
 * not NULL; the reader is dead).
 */
extern int	hcpcs_ptp_feed(HcpcsPtpReader *r, const char *line, size_t len,
						   HcpcsPtpRow *row, HcpcsPtpError *err);

/*
 * End of input.  Returns HCPCS_PTP_NONE, or HCPCS_PTP_ERROR: no data row in
 * the whole input ("not an NCCI PTP file", naming the last line fed), or
 * the error that killed the reader.  A second call returns the same.
 */
extern int	hcpcs_ptp_finish(HcpcsPtpReader *r, HcpcsPtpError *err);

/* Name of 1-based column col of a layout, or NULL */
extern const char *hcpcs_ptp_column_name(HcpcsPtpVariant variant, int col);

#endif							/* HCPCS_CORE_CMS_PTP_H */
