/*
 * cms_level2.h
 *	  Streaming parser of the CMS HCPCS Level II file ("Alpha-Numeric HCPCS",
 *	  HCPCyyyy_..._ANWEB), in its fixed-width TXT form and in the newer
 *	  48-column CSV export.  Pure C, no PostgreSQL headers, no allocation,
 *	  no global state: all memory is the caller's (the reader, the entry and
 *	  the error structs).
 *
 * USE
 *
 *	HcpcsL2Reader *r = (caller-allocated, about 11 kB);
 *	hcpcs_l2_init(r);
 *	for each physical line (without its LF; a trailing CR is stripped here):
 *		switch (hcpcs_l2_feed(r, line, len, &entry, &err))
 *			HCPCS_L2_NONE:	nothing complete yet
 *			HCPCS_L2_ENTRY: entry holds one complete code or modifier
 *			HCPCS_L2_ERROR: err says why; the reader is dead (every later
 *							call returns the same error)
 *	then hcpcs_l2_finish(r, &entry, &err): the last entry (HCPCS_L2_ENTRY),
 *	or HCPCS_L2_NONE on a second call, or HCPCS_L2_ERROR (in particular
 *	when the whole input held no record: "not a HCPCS Level II file").
 *
 * At most one entry completes per fed line, so the loop never has to ask
 * twice.  The parser does not convert encodings: text is passed through
 * byte for byte (the CMS TXT files are latin-1; r->utf8_bom tells the
 * caller that the input started with a UTF-8 byte order mark).
 *
 * FORMAT DETECTION
 *
 * The first non-blank line decides.  If it starts with "HCPC," (quoted or
 * not, any case, after an optional UTF-8 BOM) the input is CSV, and that
 * line must be the 48-name header of the CMS export, all names in order.
 * Otherwise it is the fixed-width form: lines before the first record that
 * are not shaped like one (positions 6-10 digits, position 11 one of
 * 3 4 7 8, positions 1-5 letters, digits and blanks, not all blank) are
 * the disclaimer block, which differs every year, and are skipped -- at
 * most HCPCS_L2_MAX_PREAMBLE of them, so that a wrong file (an NCCI PTP
 * text file, a binary file) fails fast.  From the first record on, every
 * non-blank line must be a valid record.  Blank lines (spaces and tabs
 * only) and a line holding only 0x1A (DOS end-of-file) bytes are ignored
 * everywhere; none of the real files has one, but copies that went
 * through DOS tools do.
 *
 * FIXED-WIDTH RECORDS (positions 1-based, as in HCPCS2019_recordlayout.txt)
 *
 *	HCPC 1-5 (a modifier sits in 4-5), SEQNUM 6-10, RECID 11,
 *	LONG DESCRIPTION 12-91, SHORT DESCRIPTION 92-119, PRICE1-4 120-127,
 *	MULT_PI 128, CIM1-3 129-146, MCM1-3 147-170, STATUTE 171-180,
 *	LABCERT1-8 181-204, XREF1-5 205-229, COV 230, ASC_GRP 231-232,
 *	ASC_DT 233-240, OPPS 241-243, OPPS_PI 244, OPPS_DT 245-252,
 *	PROCNOTE 253-256, BETOS 257-259, (filler 260), TOS1-5 261-265,
 *	ANEST_BU 266-268, ADD DT 269-276, ACT EFF DT 277-284, TERM DT 285-292,
 *	ACTION CD 293, (filler 294-320).
 *
 * The 2019 layout calls 241-252 "MOG" fields; they are the OPPS columns of
 * the CSV.  A record may be shorter than 320 bytes (the 2017 file cuts its
 * continuation records after position 91): missing positions are blank.
 * Longer than 320 is an error, and so is anything in a filler position
 * (both mean the columns are not where the layout says).
 *
 * RECORDS AND ENTRIES
 *
 * RECID 3 starts a procedure code, 7 a modifier; 4 continues the long
 * description of a procedure code, 8 that of a modifier.  A continuation
 * must carry the same code as the entry being assembled, a strictly
 * greater SEQNUM (the files number a code's records 00100, 00200, ...),
 * and nothing but its description: every other field blank, as the layout
 * says.
 *
 * Long description: each record's piece (positions 12-91, or the CSV
 * column) loses its trailing blanks, and the pieces are joined with one
 * space; leading blanks of a piece are kept.  CMS breaks the text at word
 * boundaries and pads each piece with blanks; in all three real files no
 * first piece fills all 80 positions, and the two continuations that start
 * with a blank (G0501, G9678) stand for a double space in the text.  This
 * rule reproduces the single-field descriptions published from later CMS
 * releases (Tuva 2023) exactly for 6,632 of the 6,800 codes of 2019 that
 * are in both; of the rest, 159 had their wording changed and 9 differ
 * only by a double space that fell exactly on a record break, where it is
 * indistinguishable from padding.  An empty piece adds nothing.
 *
 * Every field loses its trailing blanks and keeps its inner and leading
 * ones; blank means empty.  Control bytes (below 0x20, and 0x7F; and
 * 0x80-0x9F when the caller sets c1_controls for latin-1 input) are
 * rejected in every field, except that a line break inside a quoted CSV
 * field is kept as '\n' in the two description columns.
 *
 * Codes: a RECID 3/4 code must parse with hcpcs_code_parse and be a Level
 * II code (a CPT code does not belong in this file); the canonical five
 * characters are stored.  A RECID 7/8 code, with blanks trimmed on both
 * sides (the CSV keeps the three leading blanks of the TXT form), must be
 * two characters from [0-9A-Za-z]; it is stored uppercased.
 *
 * Dates (ASC_DT, OPPS_DT, ADD DT, ACT EFF DT, TERM DT): blank gives 0;
 * otherwise exactly 8 digits YYYYMMDD naming a real Gregorian calendar day
 * of a year from 0001 on, stored as the integer YYYYMMDD.
 *
 * One repair, for a real defect of the 2018 file: in five C-code records
 * (C9488, C9745-C9748) the ASC date was written two positions early, into
 * 231-238, with ASC_GRP blank.  ASC_GRP may only be "YY" or blank and the
 * strict reading ("20" and "170401  ") is an error anyway, so when
 * positions 231-238 hold a valid date and 239-240 are blank the parser
 * reads it as ASC_DT with ASC_GRP blank, and sets entry->asc_date_shifted
 * (and counts it in r->n_asc_shifted) so that the caller can say so.  It
 * never changes the reading of a record that is valid as laid out.
 *
 * CSV (RFC 4180)
 *
 * Fields may be quoted; quotes inside are doubled; a quoted field may
 * contain commas and span physical lines (the line break is kept as '\n').
 * A record is bounded by HCPCS_L2_MAX_CSV_RECORD bytes of field text and
 * must have exactly 48 fields.  A quote inside an unquoted field and text
 * after a closing quote are errors, as is end of input inside a quoted
 * field.  Columns map by the header names (which are checked); a value
 * longer than the field of the entry is an error rather than truncated.
 * The CSV SEQNUM is whatever the export says ("0010" in 2026, where the
 * TXT file says 00100); the parser only requires 1 to 5 digits.
 *
 * ERRORS
 *
 * Each error names the physical line (for a CSV record spanning lines:
 * its first line, except that a quoting error names the line it is on),
 * the field by its CSV column name ("HCPC", "RECID",
 * "ADD DT", ...; "record" for the shape of a whole record, "file" for the
 * whole input), the position (fixed width: 1-based position of the field;
 * CSV: 1-based column number; 0 when that does not apply), the offending
 * value (at most 80 bytes, control bytes shown as '?', otherwise the bytes
 * of the file, so still latin-1) and a short reason.  Reasons and field
 * names are static strings.
 *
 * SAFETY
 *
 * hcpcs_l2_feed never reads outside [line, line + len) and never writes
 * outside *r, *out and *err; the line need not be NUL-terminated.  *out is
 * meaningful only when HCPCS_L2_ENTRY is returned, *err only when
 * HCPCS_L2_ERROR is.
 */
#ifndef HCPCS_CORE_CMS_LEVEL2_H
#define HCPCS_CORE_CMS_LEVEL2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Return values of hcpcs_l2_feed and hcpcs_l2_finish */
#define HCPCS_L2_NONE			0
#define HCPCS_L2_ENTRY			1
#define HCPCS_L2_ERROR			(-1)

/* Fixed-width record length, in bytes */
#define HCPCS_L2_RECORD_LEN		320

/*
 * Longest joined long description, in bytes.  The longest in the 2017,
 * 2018 and 2019 files is 1,251 bytes over 17 records (the longest in the
 * Tuva 2023 list is 1,194); 2000 leaves room for growth and still catches
 * a runaway continuation chain.
 */
#define HCPCS_L2_MAX_LONG		2000

/*
 * Longest CSV record, in bytes of field text: the longest long description
 * plus the other 47 fields (under 200 bytes together), with room for
 * quoting and line breaks.
 */
#define HCPCS_L2_MAX_CSV_RECORD 8192

/* Number of columns of the CSV export (and fields of the TXT layout) */
#define HCPCS_L2_NCOLUMNS		48

/*
 * Most non-blank lines accepted before the first record of a fixed-width
 * file.  The real disclaimer blocks have 0 (2017), 6 (2018) and 4 (2019)
 * non-blank lines (11 and 8 lines with the blank ones).
 */
#define HCPCS_L2_MAX_PREAMBLE	100

typedef enum HcpcsL2Format
{
	HCPCS_L2_FORMAT_UNKNOWN = 0,	/* no non-blank line seen yet */
	HCPCS_L2_FORMAT_FIXED,		/* the 320-byte TXT form */
	HCPCS_L2_FORMAT_CSV			/* the 48-column CSV export */
} HcpcsL2Format;

/*
 * One code or modifier, with its long description joined over its
 * continuation records.  Text fields are NUL-terminated, trailing blanks
 * removed, empty when blank; the array sizes are the layout's widths + 1.
 */
typedef struct HcpcsL2Entry
{
	bool		is_modifier;	/* RECID 7/8 (else 3/4) */
	char		code[6];		/* canonical 5-char procedure code, or the
								 * 2-char modifier, uppercased */
	int			seqnum;			/* SEQNUM of the first record */
	char		long_desc[HCPCS_L2_MAX_LONG + 1];	/* LONG DESCRIPTION, joined */
	char		short_desc[29]; /* SHORT DESCRIPTION */
	char		pricing[4][3];	/* PRICE1..PRICE4 */
	char		mult_pricing[2];	/* MULT_PI */
	char		cim[3][7];		/* CIM1..CIM3 */
	char		mcm[3][9];		/* MCM1..MCM3 */
	char		statute[11];	/* STATUTE */
	char		lab_cert[8][4]; /* LABCERT1..LABCERT8 */
	char		xref[5][6];		/* XREF1..XREF5 */
	char		coverage[2];	/* COV */
	char		asc_group[3];	/* ASC_GRP */
	int32_t		asc_date;		/* ASC_DT, YYYYMMDD or 0 */
	char		opps[4];		/* OPPS ("MOG" payment group in 2019) */
	char		opps_pi[2];		/* OPPS_PI ("MOG" policy indicator) */
	int32_t		opps_date;		/* OPPS_DT ("MOG" effective date) */
	char		proc_note[5];	/* PROCNOTE */
	char		betos[4];		/* BETOS */
	char		tos[5][2];		/* TOS1..TOS5 */
	int			anesthesia_units;	/* ANEST_BU; -1 when blank */
	int32_t		added;			/* ADD DT, YYYYMMDD or 0 */
	int32_t		action_effective;	/* ACT EFF DT, YYYYMMDD or 0 */
	int32_t		terminated;		/* TERM DT (last day of use, inclusive),
								 * YYYYMMDD or 0 */
	char		action_code[2]; /* ACTION CD */
	bool		asc_date_shifted;	/* the 2018 repair was applied (see
									 * above) */
	int			nrecords;		/* physical records joined (1 + continuations) */
	long		line;			/* physical line of the first record */
} HcpcsL2Entry;

typedef struct HcpcsL2Error
{
	long		line;			/* 1-based physical line */
	const char *field;			/* CSV column name, or "record" / "file" */
	int			pos;			/* fixed: 1-based position; CSV: column
								 * number; 0 if not applicable */
	char		value[81];		/* offending value, NUL-terminated */
	const char *reason;			/* short explanation, static */
} HcpcsL2Error;

/*
 * The reader.  Treat as opaque except for the counters and the flags
 * marked "read-only for callers".
 */
typedef struct HcpcsL2Reader
{
	/* read-only for callers */
	HcpcsL2Format format;
	bool		utf8_bom;		/* the input started with EF BB BF */
	long		line;			/* physical lines fed so far */
	long		n_records;		/* records accepted (incl. continuations) */
	long		n_procedures;	/* entries started, RECID 3 */
	long		n_modifiers;	/* entries started, RECID 7 */
	long		n_preamble;		/* non-blank lines skipped before the first
								 * fixed-width record */
	long		n_blank;		/* blank (or 0x1A) lines ignored */
	long		n_asc_shifted;	/* records repaired (see above) */

	/* set by the caller after hcpcs_l2_init (default false) */
	bool		c1_controls;	/* the input is latin-1: bytes 0x80-0x9F are
								 * control codes, rejected like those below
								 * 0x20 */

	/* private */
	bool		dead;			/* an error was returned */
	bool		finished;		/* hcpcs_l2_finish was called */
	bool		have_entry;		/* cur holds an entry being assembled */
	bool		csv_header_done;	/* the CSV header has been checked */
	int			last_seqnum;	/* SEQNUM of cur's latest record */
	HcpcsL2Error error;			/* the error, once dead */
	HcpcsL2Entry cur;			/* the entry being assembled */

	/* CSV record assembly, kept across physical lines */
	int			csv_state;		/* 0 = no record in progress */
	long		csv_line0;		/* first physical line of the record */
	int			csv_nfields;
	size_t		csv_used;		/* bytes of csv_buf in use */
	uint16_t	csv_start[HCPCS_L2_NCOLUMNS];
	uint16_t	csv_len[HCPCS_L2_NCOLUMNS];
	char		csv_buf[HCPCS_L2_MAX_CSV_RECORD];
} HcpcsL2Reader;

extern void hcpcs_l2_init(HcpcsL2Reader *r);

/*
 * Feed one physical line: len bytes at line, without the LF (a trailing
 * CR is stripped here).  Returns HCPCS_L2_NONE, HCPCS_L2_ENTRY (*out is
 * the previous entry, complete now that a new first record started) or
 * HCPCS_L2_ERROR (*err filled; the reader is dead).
 */
extern int	hcpcs_l2_feed(HcpcsL2Reader *r, const char *line, size_t len,
						  HcpcsL2Entry *out, HcpcsL2Error *err);

/*
 * End of input.  Returns HCPCS_L2_ENTRY with the last entry, HCPCS_L2_NONE
 * when there is none left (a second call), or HCPCS_L2_ERROR: no record in
 * the whole input ("not a HCPCS Level II file"), or a CSV quoted field
 * still open.
 */
extern int	hcpcs_l2_finish(HcpcsL2Reader *r, HcpcsL2Entry *out,
							HcpcsL2Error *err);

/* The 48 CSV column names, in order (col 0 .. HCPCS_L2_NCOLUMNS-1). */
extern const char *hcpcs_l2_column_name(int col);


#endif							/* HCPCS_CORE_CMS_LEVEL2_H */
