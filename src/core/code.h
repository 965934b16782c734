/*
 * code.h
 *	  hcpcs_code core: parse, normalize, encode, decode.  Pure C, no
 *	  PostgreSQL headers, so the same object file links into the extension,
 *	  the exhaustive test, the fuzzers and the benchmarks.
 *
 * THE STORED ENCODING (frozen forever: it is on disk in users' tables, in
 * their indexes, in binary COPY files and in hash partition assignments)
 *
 * A code is stored as a 4-byte signed integer in [0, 459999].  Integer order
 * is the type's order, which groups codes by kind:
 *
 *	 value				   code form	 meaning
 *	 0 ..	99999		   NNNNN		 CPT 5-digit codes; value = the number
 *	 100000 + s*10000 + n  NNNNx		 CPT suffixed codes, n = NNNN and the
 *										 suffix slot s: A=0 M=1 U=2 F=3 T=4
 *										 (slots 5..9 are reserved, never used)
 *	 200000 + l*10000 + n  LNNNN		 Level II; l = letter - 'A' (0..25),
 *										 n = NNNN.  Only the 18 letters
 *										 A B C D E G H J K L M P Q R S T U V
 *										 are valid; the other slots are
 *										 reserved and rejected on input.
 *
 * So every CPT category and every Level II section is one contiguous run,
 * '[00100,01999]' holds only 5-digit codes, and ORDER BY code lists
 * Category I (5-digit, then immunization NNNNA), then MAAA (NNNNM) and PLA
 * (NNNNU), then Category II (NNNNF) and III (NNNNT), then Level II by letter.
 * The value is never 0x80000000-style negative, so it sorts correctly with
 * the plain int4 comparator the SQL type reuses.
 */
#ifndef HCPCS_CORE_CODE_H
#define HCPCS_CORE_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HCPCS_CODE_LEN			5

#define HCPCS_SUFFIX_BASE		100000
#define HCPCS_LEVEL2_BASE		200000
#define HCPCS_CODE_MIN			0
#define HCPCS_CODE_MAX			(HCPCS_LEVEL2_BASE + 25 * 10000 + 9999)

/* Suffix slots, in sort order.  Never renumber. */
#define HCPCS_SLOT_A			0
#define HCPCS_SLOT_M			1
#define HCPCS_SLOT_U			2
#define HCPCS_SLOT_F			3
#define HCPCS_SLOT_T			4
#define HCPCS_NSLOTS			5

/*
 * Why an input was rejected.  The glue turns these into errdetail text in
 * one place (hcpcs_report.c); the fuzzers and tests compare them directly.
 */
typedef enum HcpcsCodeError
{
	HCPCS_OK = 0,
	HCPCS_ERR_EMPTY,			/* nothing left after trimming */
	HCPCS_ERR_NON_ASCII,		/* a byte >= 0x80 that is not a trimmed NBSP */
	HCPCS_ERR_LENGTH,			/* not exactly 5 characters */
	HCPCS_ERR_CHAR,				/* a character no code has (punctuation,
								 * space, control) at pos */
	HCPCS_ERR_LEVEL2_LETTER,	/* first character a letter that starts no
								 * Level II code */
	HCPCS_ERR_LEVEL2_DIGIT,		/* Level II code: pos 2..5 must be digits */
	HCPCS_ERR_CPT_DIGIT,		/* CPT code: pos 2..4 must be digits */
	HCPCS_ERR_CPT_SUFFIX		/* CPT code: pos 5 a letter that is no CPT
								 * suffix */
} HcpcsCodeError;

/*
 * A hint about the likely cause, where the input has a recognizable shape.
 * Hints never change the verdict and never suggest an automatic fix.
 */
typedef enum HcpcsCodeHint
{
	HCPCS_HINT_NONE = 0,
	HCPCS_HINT_EMPTY,			/* use NULL for a missing code */
	HCPCS_HINT_MODIFIER_ATTACHED,	/* 99213-25, 9921325, J1100 RT */
	HCPCS_HINT_LEADING_ZEROS,	/* 100, 1234: 3 or 4 digits only */
	HCPCS_HINT_SPREADSHEET_FLOAT,	/* 10004.0 */
	HCPCS_HINT_LOOKS_LIKE_MODIFIER, /* 2 characters: a modifier, not a code */
	HCPCS_HINT_PLACEHOLDER,		/* CCCCC in add-on code files */
	HCPCS_HINT_LETTER_O,		/* letter O where a digit 0 belongs */
	HCPCS_HINT_LETTER_I			/* letter I (or l) where a digit 1 belongs */
} HcpcsCodeHint;

/* Options for hcpcs_code_parse */
#define HCPCS_PARSE_LATIN1_NBSP	0x01	/* the text is in a single-byte
										 * encoding: byte 0xA0 alone is the
										 * no-break space, C2 A0 is not */

typedef struct HcpcsParseInfo
{
	HcpcsCodeError error;
	HcpcsCodeHint hint;
	int			pos;			/* 1-based position (in bytes of the trimmed
								 * value) of the offending character, or 0 */
	char		ch;				/* that character (uppercased), if ASCII */
	size_t		trimmed_off;	/* byte offset of the trimmed value in input */
	size_t		trimmed_len;	/* its length in bytes */
} HcpcsParseInfo;

/*
 * Parse len bytes at s (need not be NUL-terminated).  Returns true and sets
 * *out on success.  On failure returns false and, if info is not NULL, fills
 * it in.  Never reads outside [s, s+len), never allocates.
 */
extern bool hcpcs_code_parse(const char *s, size_t len, unsigned options,
							 int32_t *out, HcpcsParseInfo *info);

/*
 * The trimmed part of s[0..len): offset and length after stripping ASCII
 * whitespace and no-break spaces at both ends (see options).  Shared by
 * every parser of the core, so all columns treat padding alike.
 */
extern void hcpcs_trim(const char *s, size_t len, unsigned options,
					   size_t *off, size_t *n);

/*
 * Why hcpcs_code_parse refused a value, as a short static phrase for the
 * file parsers' error reasons (the SQL errors word it in full: report.c).
 */
extern const char *hcpcs_code_reason(const HcpcsParseInfo *info);

/* Write the canonical 5 characters and a NUL to buf[6]; v must be valid. */
extern void hcpcs_code_format(int32_t v, char *buf);

/* Is v the encoding of some valid code? (used by binary receive) */
extern bool hcpcs_code_is_valid_value(int32_t v);

/*
 * Dense ordinal of a valid code: 0 .. HCPCS_NCODES-1 with no gaps, in the
 * type's order.  Used for range distances and subtype_diff, so that the
 * reserved slots of the encoding do not count as distance.
 */
#define HCPCS_NCODES			(100000 + HCPCS_NSLOTS * 10000 + 18 * 10000)
extern int32_t hcpcs_code_ordinal(int32_t v);
extern int32_t hcpcs_code_from_ordinal(int32_t ord);

/* Next / previous valid code; false at the ends of the code space. */
extern bool hcpcs_code_next(int32_t v, int32_t *next);
extern bool hcpcs_code_prev(int32_t v, int32_t *prev);

/* Letters that start a Level II code */
extern bool hcpcs_is_level2_letter(char c);

/* Suffix letter of a slot, and slot of a letter (-1 if not a suffix) */
extern char hcpcs_suffix_letter(int slot);
extern int	hcpcs_suffix_slot(char c);

#endif							/* HCPCS_CORE_CODE_H */
