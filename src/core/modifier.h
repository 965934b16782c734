/*
 * modifier.h
 *	  hcpcs_modifier core: parse, normalize, encode, decode.  Pure C, no
 *	  PostgreSQL headers.
 *
 * THE STORED ENCODING (frozen forever): a modifier is two characters from
 * [0-9A-Z], stored as a 2-byte integer (first character << 8) | second
 * character, using their ASCII codes.  So integer order is the text's byte
 * order ("1P" < "25" < "59" < "E1" < "LT" < "XS"), and every value is
 * positive.
 */
#ifndef HCPCS_CORE_MODIFIER_H
#define HCPCS_CORE_MODIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HCPCS_MODIFIER_LEN	2

typedef enum HcpcsModifierError
{
	HCPCS_MOD_OK = 0,
	HCPCS_MOD_ERR_EMPTY,		/* nothing left after trimming */
	HCPCS_MOD_ERR_NON_ASCII,	/* a byte >= 0x80 inside */
	HCPCS_MOD_ERR_LENGTH,		/* not exactly 2 characters */
	HCPCS_MOD_ERR_CHAR			/* a character other than [0-9A-Za-z] */
} HcpcsModifierError;

typedef enum HcpcsModifierHint
{
	HCPCS_MOD_HINT_NONE = 0,
	HCPCS_MOD_HINT_EMPTY,		/* use NULL, or leave it out of the array */
	HCPCS_MOD_HINT_IS_CODE,		/* 5 characters that form a procedure code */
	HCPCS_MOD_HINT_HYPHEN,		/* -25 */
	HCPCS_MOD_HINT_RUN_TOGETHER /* 2559, LTRT: several modifiers in one */
} HcpcsModifierHint;

typedef struct HcpcsModifierInfo
{
	HcpcsModifierError error;
	HcpcsModifierHint hint;
	int			pos;			/* 1-based byte position in the trimmed value */
	size_t		trimmed_off;
	size_t		trimmed_len;
} HcpcsModifierInfo;

/*
 * Parse len bytes at s (need not be NUL-terminated): trims ASCII whitespace
 * and no-break spaces like hcpcs_code_parse (same options), uppercases.
 */
extern bool hcpcs_modifier_parse(const char *s, size_t len, unsigned options,
								 int16_t *out, HcpcsModifierInfo *info);

/* Write the 2 characters and a NUL to buf[3]; v must be valid. */
extern void hcpcs_modifier_format(int16_t v, char *buf);

extern bool hcpcs_modifier_is_valid_value(int16_t v);

#endif							/* HCPCS_CORE_MODIFIER_H */
