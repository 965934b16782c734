/*
 * modifier.c
 *	  hcpcs_modifier core: parse, normalize, encode, decode.
 *
 * The encoding is described (and frozen) in modifier.h.  Trimming is the
 * code parser's (code.c), so a code and a modifier column treat padding the
 * same way.
 */
#include "modifier.h"
#include "code.h"

static inline bool
is_alnum_upper(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static inline unsigned char
to_upper(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char) (c - 'a' + 'A') : c;
}

static bool
fail(HcpcsModifierInfo *info, HcpcsModifierError error,
	 HcpcsModifierHint hint, int pos)
{
	if (info)
	{
		info->error = error;
		info->hint = hint;
		info->pos = pos;
	}
	return false;
}

/* Hint for a value of the wrong length, from its shape */
static HcpcsModifierHint
length_hint(const unsigned char *b, size_t n)
{
	size_t		i;
	int32_t		code;

	if (n == 3 && b[0] == '-' && is_alnum_upper(to_upper(b[1])) &&
		is_alnum_upper(to_upper(b[2])))
		return HCPCS_MOD_HINT_HYPHEN;
	if (n == HCPCS_CODE_LEN &&
		hcpcs_code_parse((const char *) b, n, 0, &code, NULL))
		return HCPCS_MOD_HINT_IS_CODE;
	if (n >= 4 && n % 2 == 0 && n <= 8)
	{
		for (i = 0; i < n; i++)
			if (!is_alnum_upper(to_upper(b[i])))
				return HCPCS_MOD_HINT_NONE;
		return HCPCS_MOD_HINT_RUN_TOGETHER;
	}
	return HCPCS_MOD_HINT_NONE;
}

bool
hcpcs_modifier_parse(const char *str, size_t len, unsigned options,
					 int16_t *out, HcpcsModifierInfo *info)
{
	const unsigned char *b;
	size_t		off,
				n,
				i;
	unsigned char c0,
				c1;

	hcpcs_trim(str, len, options, &off, &n);
	b = (const unsigned char *) str + off;
	if (info)
	{
		info->trimmed_off = off;
		info->trimmed_len = n;
	}
	if (n == 0)
		return fail(info, HCPCS_MOD_ERR_EMPTY, HCPCS_MOD_HINT_EMPTY, 0);
	for (i = 0; i < n; i++)
		if (b[i] >= 0x80)
			return fail(info, HCPCS_MOD_ERR_NON_ASCII, HCPCS_MOD_HINT_NONE,
						(int) i + 1);
	if (n != HCPCS_MODIFIER_LEN)
		return fail(info, HCPCS_MOD_ERR_LENGTH,
					info ? length_hint(b, n) : HCPCS_MOD_HINT_NONE, 0);
	c0 = to_upper(b[0]);
	c1 = to_upper(b[1]);
	if (!is_alnum_upper(c0))
		return fail(info, HCPCS_MOD_ERR_CHAR, HCPCS_MOD_HINT_NONE, 1);
	if (!is_alnum_upper(c1))
		return fail(info, HCPCS_MOD_ERR_CHAR, HCPCS_MOD_HINT_NONE, 2);
	*out = (int16_t) ((c0 << 8) | c1);
	return true;
}

void
hcpcs_modifier_format(int16_t v, char *buf)
{
	buf[0] = (char) ((v >> 8) & 0xFF);
	buf[1] = (char) (v & 0xFF);
	buf[2] = '\0';
}

bool
hcpcs_modifier_is_valid_value(int16_t v)
{
	return v >= 0 &&
		is_alnum_upper((unsigned char) (v >> 8)) &&
		is_alnum_upper((unsigned char) (v & 0xFF));
}
