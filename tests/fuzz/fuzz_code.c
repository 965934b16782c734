/*
 * fuzz_code.c
 *	  libFuzzer harness for the hcpcs_code text parser (src/core/code.c):
 *	  hcpcs_code_parse with every option set the glue passes
 *	  (hcpcs_parse_options in src/report.c: 0, or HCPCS_PARSE_LATIN1_NBSP
 *	  for single-byte server encodings; the file parsers pass 0), with and
 *	  without an info struct, plus hcpcs_trim, hcpcs_code_reason, format,
 *	  ordinal and next/prev on what it accepts.
 *
 * Invariants (see code.h and the uses in src/report.c):
 *	- the verdict and value do not depend on whether info is asked for;
 *	- the verdict agrees with an independent grammar (a POSIX regex on the
 *	  trimmed text) and trimming with an independent byte check;
 *	- an accepted value is hcpcs_code_is_valid_value, formats to 5
 *	  canonical characters that parse (both options) to the same value, and
 *	  is unchanged by padding and by case;
 *	- ordinal is in [0, HCPCS_NCODES), from_ordinal inverts it, next/prev
 *	  step by one ordinal and invert each other;
 *	- a reject has an error, a non-empty reason, a hint that belongs to
 *	  the error, and a position inside the trimmed value wherever
 *	  report.c reads body[pos - 1].
 */
#define _POSIX_C_SOURCE 200809L

#include <regex.h>

#include "fuzz_common.h"
#include "code.h"

static regex_t grammar;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	if (regcomp(&grammar,
				"^([0-9]{4}[0-9AMUFT]|[ABCDEGHJKLMPQRSTUV][0-9]{4})$",
				REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
		abort();
	return 0;
}

static bool
is_pad(const unsigned char *s, size_t i, size_t n, bool latin1, bool at_end)
{
	unsigned char c = s[i];

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
		return true;
	if (latin1)
		return c == 0xA0;
	if (!at_end)
		return i + 1 < n && c == 0xC2 && s[i + 1] == 0xA0;
	return i >= 1 && c == 0xA0 && s[i - 1] == 0xC2;
}

/* hcpcs_trim's result, checked byte by byte against the rule in code.h */
static void
check_trim(const unsigned char *s, size_t len, unsigned options,
		   size_t off, size_t n)
{
	bool		latin1 = (options & HCPCS_PARSE_LATIN1_NBSP) != 0;
	size_t		i;

	FUZZ_CHECK(off <= len && n <= len - off);
	for (i = 0; i < off;)
	{
		FUZZ_CHECK(is_pad(s, i, len, latin1, false));
		i += (!latin1 && s[i] == 0xC2) ? 2 : 1;
	}
	FUZZ_CHECK(i == off);
	for (i = len; i > off + n;)
	{
		unsigned char c = s[i - 1];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
			c == '\f' || (latin1 && c == 0xA0))
			i--;
		else
		{
			FUZZ_CHECK(!latin1 && c == 0xA0 && i - 2 >= off + n &&
					   s[i - 2] == 0xC2);
			i -= 2;
		}
	}
	FUZZ_CHECK(i == off + n);
	if (n > 0)
	{
		FUZZ_CHECK(!is_pad(s + off, 0, n, latin1, false));
		FUZZ_CHECK(!is_pad(s + off, n - 1, n, latin1, true));
	}
}

static void
check_accepted(int32_t v)
{
	char		buf[HCPCS_CODE_LEN + 1];
	char		padded[HCPCS_CODE_LEN + 4];
	int32_t		w,
				ord,
				next,
				prev;
	int			i;

	FUZZ_CHECK(hcpcs_code_is_valid_value(v));
	memset(buf, 'x', sizeof(buf));
	hcpcs_code_format(v, buf);
	FUZZ_CHECK(buf[HCPCS_CODE_LEN] == '\0' && strlen(buf) == HCPCS_CODE_LEN);
	for (i = 0; i < HCPCS_CODE_LEN; i++)
		FUZZ_CHECK((buf[i] >= '0' && buf[i] <= '9') ||
				   (buf[i] >= 'A' && buf[i] <= 'Z'));
	FUZZ_CHECK(hcpcs_code_parse(buf, HCPCS_CODE_LEN, 0, &w, NULL) && w == v);
	FUZZ_CHECK(hcpcs_code_parse(buf, HCPCS_CODE_LEN, HCPCS_PARSE_LATIN1_NBSP,
								&w, NULL) && w == v);
	/* padding in both forms of no-break space */
	padded[0] = ' ';
	memcpy(padded + 1, buf, HCPCS_CODE_LEN);
	padded[6] = (char) 0xC2;
	padded[7] = (char) 0xA0;
	FUZZ_CHECK(hcpcs_code_parse(padded, 8, 0, &w, NULL) && w == v);
	padded[6] = (char) 0xA0;
	FUZZ_CHECK(hcpcs_code_parse(padded, 7, HCPCS_PARSE_LATIN1_NBSP, &w, NULL) &&
			   w == v);

	ord = hcpcs_code_ordinal(v);
	FUZZ_CHECK(ord >= 0 && ord < HCPCS_NCODES);
	FUZZ_CHECK(hcpcs_code_from_ordinal(ord) == v);
	if (hcpcs_code_next(v, &next))
	{
		FUZZ_CHECK(next > v && hcpcs_code_is_valid_value(next));
		FUZZ_CHECK(hcpcs_code_ordinal(next) == ord + 1);
		FUZZ_CHECK(hcpcs_code_prev(next, &prev) && prev == v);
	}
	else
	{
		/*
		 * The last code, V9999: HCPCS_CODE_MAX is the end of the encoding,
		 * whose last letters (W-Z) are reserved, not the last code.
		 */
		FUZZ_CHECK(ord == HCPCS_NCODES - 1);
		for (w = v + 1; w <= HCPCS_CODE_MAX; w++)
			FUZZ_CHECK(!hcpcs_code_is_valid_value(w));
	}
	if (hcpcs_code_prev(v, &prev))
	{
		FUZZ_CHECK(prev < v && hcpcs_code_is_valid_value(prev));
		FUZZ_CHECK(hcpcs_code_ordinal(prev) == ord - 1);
		FUZZ_CHECK(hcpcs_code_next(prev, &next) && next == v);
	}
	else
		FUZZ_CHECK(ord == 0 && v == HCPCS_CODE_MIN);
}

static void
check_rejected(const unsigned char *s, size_t len, const HcpcsParseInfo *info)
{
	const unsigned char *body = s + info->trimmed_off;
	const char *reason = hcpcs_code_reason(info);

	FUZZ_CHECK(reason != NULL && reason[0] != '\0');
	FUZZ_CHECK(info->error != HCPCS_OK);
	FUZZ_CHECK(info->trimmed_off + info->trimmed_len <= len);
	FUZZ_CHECK(info->pos >= 0 && (size_t) info->pos <= info->trimmed_len);

	switch (info->error)
	{
		case HCPCS_ERR_EMPTY:
			FUZZ_CHECK(info->trimmed_len == 0);
			FUZZ_CHECK(info->hint == HCPCS_HINT_EMPTY);
			break;
		case HCPCS_ERR_LENGTH:
			FUZZ_CHECK(info->trimmed_len != HCPCS_CODE_LEN);
			FUZZ_CHECK(info->hint == HCPCS_HINT_NONE ||
					   info->hint == HCPCS_HINT_LEADING_ZEROS ||
					   info->hint == HCPCS_HINT_SPREADSHEET_FLOAT ||
					   info->hint == HCPCS_HINT_MODIFIER_ATTACHED ||
					   info->hint == HCPCS_HINT_LOOKS_LIKE_MODIFIER);
			/* report.c reads the first five and the last two bytes */
			if (info->hint == HCPCS_HINT_MODIFIER_ATTACHED)
			{
				int32_t		w;

				FUZZ_CHECK(info->trimmed_len >= HCPCS_CODE_LEN + 2);
				FUZZ_CHECK(hcpcs_code_parse((const char *) body, HCPCS_CODE_LEN,
											0, &w, NULL));
			}
			break;
		case HCPCS_ERR_NON_ASCII:
			FUZZ_CHECK(info->pos >= 1 && body[info->pos - 1] >= 0x80);
			FUZZ_CHECK(info->hint == HCPCS_HINT_NONE);
			break;
		case HCPCS_ERR_CHAR:
		case HCPCS_ERR_LEVEL2_LETTER:
		case HCPCS_ERR_LEVEL2_DIGIT:
		case HCPCS_ERR_CPT_DIGIT:
		case HCPCS_ERR_CPT_SUFFIX:
			FUZZ_CHECK(info->trimmed_len == HCPCS_CODE_LEN);
			FUZZ_CHECK(info->pos >= 1 && info->pos <= HCPCS_CODE_LEN);
			{
				unsigned char c = body[info->pos - 1];

				if (c >= 'a' && c <= 'z')
					c = (unsigned char) (c - 'a' + 'A');
				FUZZ_CHECK((unsigned char) info->ch == c);
			}
			FUZZ_CHECK(info->hint == HCPCS_HINT_NONE ||
					   info->hint == HCPCS_HINT_LETTER_O ||
					   info->hint == HCPCS_HINT_LETTER_I ||
					   (info->hint == HCPCS_HINT_PLACEHOLDER &&
						info->error == HCPCS_ERR_LEVEL2_DIGIT));
			break;
		default:
			FUZZ_CHECK(!"unknown error code");
	}
}

/* One parse with one option set, all checks */
static void
one(const unsigned char *s, size_t len, unsigned options)
{
	HcpcsParseInfo info;
	int32_t		v = -1,
				w = -1;
	bool		ok,
				ok2;
	size_t		off,
				n;

	memset(&info, 0x7F, sizeof(info));
	ok = hcpcs_code_parse((const char *) s, len, options, &v, &info);
	ok2 = hcpcs_code_parse((const char *) s, len, options, &w, NULL);
	FUZZ_CHECK(ok == ok2);

	hcpcs_trim((const char *) s, len, options, &off, &n);
	check_trim(s, len, options, off, n);
	FUZZ_CHECK(info.trimmed_off == off && info.trimmed_len == n);

	/* the independent grammar, where the trimmed text is a C string */
	if (memchr(s + off, '\0', n) == NULL)
	{
		char	   *t = malloc(n + 1);

		memcpy(t, s + off, n);
		t[n] = '\0';
		FUZZ_CHECK(ok == (regexec(&grammar, t, 0, NULL, 0) == 0));
		free(t);
	}

	if (ok)
	{
		char		up[HCPCS_CODE_LEN];
		int32_t		u;
		size_t		i;

		FUZZ_CHECK(v == w);
		FUZZ_CHECK(n == HCPCS_CODE_LEN);
		check_accepted(v);
		/* case does not matter */
		for (i = 0; i < HCPCS_CODE_LEN; i++)
		{
			unsigned char c = s[off + i];

			up[i] = (char) ((c >= 'a' && c <= 'z') ? c - 'a' + 'A' :
							(c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
		}
		FUZZ_CHECK(hcpcs_code_parse(up, HCPCS_CODE_LEN, options, &u, NULL) &&
				   u == v);
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
