/*
 * fuzz_modifier.c
 *	  libFuzzer harness for the hcpcs_modifier text parser
 *	  (src/core/modifier.c), with both option sets the glue passes
 *	  (hcpcs_parse_options in src/report.c), with and without info.
 *
 * Invariants (modifier.h, and the uses in src/report.c):
 *	- verdict and value do not depend on whether info is asked for;
 *	- trimming is hcpcs_trim's (the code parser's), and the verdict agrees
 *	  with an independent grammar: exactly two of [0-9A-Za-z] after trimming;
 *	- an accepted value is hcpcs_modifier_is_valid_value, positive, formats
 *	  to the two uppercased characters, which parse back to the same value
 *	  (both options), and padding or case do not change it;
 *	- a reject has an error, a hint that belongs to it, and a position
 *	  inside the trimmed value where report.c reads body[pos - 1].
 */
#include "fuzz_common.h"
#include "code.h"
#include "modifier.h"

static bool
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		(c >= 'a' && c <= 'z');
}

static unsigned char
upper(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char) (c - 'a' + 'A') : c;
}

static void
check_accepted(int16_t v, const unsigned char *t)
{
	char		buf[HCPCS_MODIFIER_LEN + 1];
	char		padded[HCPCS_MODIFIER_LEN + 3];
	char		lower[HCPCS_MODIFIER_LEN];
	int16_t		w;
	int			i;

	FUZZ_CHECK(v > 0 && hcpcs_modifier_is_valid_value(v));
	memset(buf, 'x', sizeof(buf));
	hcpcs_modifier_format(v, buf);
	FUZZ_CHECK(buf[2] == '\0');
	FUZZ_CHECK((unsigned char) buf[0] == upper(t[0]) &&
			   (unsigned char) buf[1] == upper(t[1]));
	FUZZ_CHECK(hcpcs_modifier_parse(buf, 2, 0, &w, NULL) && w == v);
	FUZZ_CHECK(hcpcs_modifier_parse(buf, 2, HCPCS_PARSE_LATIN1_NBSP, &w, NULL) &&
			   w == v);
	padded[0] = '\t';
	memcpy(padded + 1, buf, 2);
	padded[3] = (char) 0xC2;
	padded[4] = (char) 0xA0;
	FUZZ_CHECK(hcpcs_modifier_parse(padded, 5, 0, &w, NULL) && w == v);
	for (i = 0; i < 2; i++)
		lower[i] = (char) ((buf[i] >= 'A' && buf[i] <= 'Z') ?
						   buf[i] - 'A' + 'a' : buf[i]);
	FUZZ_CHECK(hcpcs_modifier_parse(lower, 2, 0, &w, NULL) && w == v);
}

static void
check_rejected(const unsigned char *s, size_t len,
			   const HcpcsModifierInfo *info)
{
	const unsigned char *body = s + info->trimmed_off;

	FUZZ_CHECK(info->trimmed_off + info->trimmed_len <= len);
	FUZZ_CHECK(info->pos >= 0 && (size_t) info->pos <= info->trimmed_len);
	switch (info->error)
	{
		case HCPCS_MOD_ERR_EMPTY:
			FUZZ_CHECK(info->trimmed_len == 0 &&
					   info->hint == HCPCS_MOD_HINT_EMPTY);
			break;
		case HCPCS_MOD_ERR_NON_ASCII:
			FUZZ_CHECK(info->pos >= 1 && body[info->pos - 1] >= 0x80);
			FUZZ_CHECK(info->hint == HCPCS_MOD_HINT_NONE);
			break;
		case HCPCS_MOD_ERR_LENGTH:
			FUZZ_CHECK(info->trimmed_len != HCPCS_MODIFIER_LEN);
			if (info->hint == HCPCS_MOD_HINT_IS_CODE)
			{
				int32_t		c;

				FUZZ_CHECK(hcpcs_code_parse((const char *) body,
											info->trimmed_len, 0, &c, NULL));
			}
			if (info->hint == HCPCS_MOD_HINT_HYPHEN)
				FUZZ_CHECK(info->trimmed_len == 3 && body[0] == '-');
			if (info->hint == HCPCS_MOD_HINT_RUN_TOGETHER)
				FUZZ_CHECK(info->trimmed_len % 2 == 0 && info->trimmed_len >= 4);
			FUZZ_CHECK(info->hint != HCPCS_MOD_HINT_EMPTY);
			break;
		case HCPCS_MOD_ERR_CHAR:
			FUZZ_CHECK(info->trimmed_len == HCPCS_MODIFIER_LEN);
			FUZZ_CHECK(info->pos >= 1 && !alnum(body[info->pos - 1]));
			FUZZ_CHECK(info->hint == HCPCS_MOD_HINT_NONE);
			break;
		default:
			FUZZ_CHECK(!"unknown error code");
	}
}

static void
one(const unsigned char *s, size_t len, unsigned options)
{
	HcpcsModifierInfo info;
	int16_t		v = -1,
				w = -1;
	bool		ok,
				ok2,
				expect;
	size_t		off,
				n;

	memset(&info, 0x7F, sizeof(info));
	ok = hcpcs_modifier_parse((const char *) s, len, options, &v, &info);
	ok2 = hcpcs_modifier_parse((const char *) s, len, options, &w, NULL);
	FUZZ_CHECK(ok == ok2);
	hcpcs_trim((const char *) s, len, options, &off, &n);
	FUZZ_CHECK(info.trimmed_off == off && info.trimmed_len == n);
	expect = n == 2 && alnum(s[off]) && alnum(s[off + 1]);
	FUZZ_CHECK(ok == expect);
	if (ok)
	{
		FUZZ_CHECK(v == w);
		check_accepted(v, s + off);
	}
	else
		check_rejected(s, len, &info);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *s = fuzz_dup(data, size);

	one(s, size, 0);
	one(s, size, HCPCS_PARSE_LATIN1_NBSP);
	free(s);
	return 0;
}
