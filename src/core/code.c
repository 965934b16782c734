/*
 * code.c
 *	  hcpcs_code core: parse, normalize, encode, decode.
 *
 * The encoding is described (and frozen) in code.h.  This file must stay
 * free of PostgreSQL headers: it is linked unchanged into the extension, the
 * exhaustive test, the fuzzers and the benchmarks.
 */
#include "code.h"

/* The 18 letters that start a Level II code, in order. */
static const char level2_letters[] = "ABCDEGHJKLMPQRSTUV";

/* rank of a letter among level2_letters, -1 if none; indexed by c - 'A' */
static const int8_t level2_rank[26] = {
	/* A  B  C  D  E   F  G  H   I  J  K  L   M   N   O   P */
	0, 1, 2, 3, 4, -1, 5, 6, -1, 7, 8, 9, 10, -1, -1, 11,
	/* Q   R   S   T   U   V   W   X   Y   Z */
	12, 13, 14, 15, 16, 17, -1, -1, -1, -1
};

/* suffix letter of each slot, in sort order (see code.h) */
static const char suffix_letters[HCPCS_NSLOTS] = {'A', 'M', 'U', 'F', 'T'};

static inline bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline unsigned char
to_upper(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char) (c - 'a' + 'A') : c;
}

static inline bool
is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

bool
hcpcs_is_level2_letter(char c)
{
	unsigned char u = (unsigned char) c;

	return is_upper(u) && level2_rank[u - 'A'] >= 0;
}

char
hcpcs_suffix_letter(int slot)
{
	return (slot >= 0 && slot < HCPCS_NSLOTS) ? suffix_letters[slot] : '\0';
}

int
hcpcs_suffix_slot(char c)
{
	switch (c)
	{
		case 'A':
			return HCPCS_SLOT_A;
		case 'M':
			return HCPCS_SLOT_M;
		case 'U':
			return HCPCS_SLOT_U;
		case 'F':
			return HCPCS_SLOT_F;
		case 'T':
			return HCPCS_SLOT_T;
		default:
			return -1;
	}
}

/*
 * Strip leading and trailing ASCII whitespace and no-break spaces: U+00A0 as
 * the UTF-8 bytes C2 A0 or, when the caller says the text is in a
 * single-byte encoding where 0xA0 is the no-break space, as that one byte
 * (there C2 A0 is two characters, such as "Â" and a no-break space, and the
 * C2 must not be trimmed).
 */
void
hcpcs_trim(const char *str, size_t len, unsigned options,
		   size_t *off, size_t *n)
{
	const unsigned char *s = (const unsigned char *) str;
	size_t		b = 0,
				e = len;
	bool		latin1 = (options & HCPCS_PARSE_LATIN1_NBSP) != 0;

	while (b < e)
	{
		if (is_ascii_space(s[b]))
			b++;
		else if (!latin1 && e - b >= 2 && s[b] == 0xC2 && s[b + 1] == 0xA0)
			b += 2;
		else if (latin1 && s[b] == 0xA0)
			b++;
		else
			break;
	}
	while (e > b)
	{
		if (is_ascii_space(s[e - 1]))
			e--;
		else if (!latin1 && e - b >= 2 && s[e - 2] == 0xC2 && s[e - 1] == 0xA0)
			e -= 2;
		else if (latin1 && s[e - 1] == 0xA0)
			e--;
		else
			break;
	}
	*off = b;
	*n = e - b;
}

/* Is b[0..4] (5 bytes, any case) a valid code?  Used only for hints. */
static bool
five_form_a_code(const unsigned char *b)
{
	int32_t		dummy;

	return hcpcs_code_parse((const char *) b, 5, 0, &dummy, NULL);
}

/* The hint for a value of the wrong length, from its shape. */
static HcpcsCodeHint
length_hint(const unsigned char *b, size_t n)
{
	size_t		i;
	size_t		ndigits = 0;

	while (ndigits < n && is_digit(b[ndigits]))
		ndigits++;

	/*
	 * 100, 1234: a number that lost its leading zeros.  No real code is
	 * below 00100, so one or two digits are more likely a modifier (below).
	 */
	if (ndigits == n && n >= 3 && n < HCPCS_CODE_LEN)
		return HCPCS_HINT_LEADING_ZEROS;

	/* 10004.0, 100.00: a spreadsheet stored the code as a number */
	if (ndigits >= 1 && ndigits <= HCPCS_CODE_LEN && ndigits + 1 < n &&
		b[ndigits] == '.')
	{
		for (i = ndigits + 1; i < n && b[i] == '0'; i++)
			;
		if (i == n)
			return HCPCS_HINT_SPREADSHEET_FLOAT;
	}

	/* 99213-25, 99213 25, 9921325, J1100RT: a modifier glued to the code */
	if ((n == 7 || (n == 8 && (b[5] == '-' || b[5] == ' ' || b[5] == '_'))) &&
		five_form_a_code(b) &&
		(is_digit(b[n - 2]) || is_upper(to_upper(b[n - 2]))) &&
		(is_digit(b[n - 1]) || is_upper(to_upper(b[n - 1]))))
		return HCPCS_HINT_MODIFIER_ATTACHED;

	/* 25, LT: a modifier in a code column */
	if (n == 2 &&
		(is_digit(b[0]) || is_upper(to_upper(b[0]))) &&
		(is_digit(b[1]) || is_upper(to_upper(b[1]))))
		return HCPCS_HINT_LOOKS_LIKE_MODIFIER;

	return HCPCS_HINT_NONE;
}

/* A hint for a letter found where a digit belongs. */
static HcpcsCodeHint
letter_for_digit_hint(unsigned char c)
{
	if (c == 'O')
		return HCPCS_HINT_LETTER_O;
	if (c == 'I' || c == 'L')
		return HCPCS_HINT_LETTER_I;
	return HCPCS_HINT_NONE;
}

static bool
fail(HcpcsParseInfo *info, HcpcsCodeError error, HcpcsCodeHint hint,
	 int pos, unsigned char ch)
{
	if (info)
	{
		info->error = error;
		info->hint = hint;
		info->pos = pos;
		info->ch = (char) ch;
	}
	return false;
}

bool
hcpcs_code_parse(const char *str, size_t len, unsigned options,
				 int32_t *out, HcpcsParseInfo *info)
{
	const unsigned char *s = (const unsigned char *) str;
	const unsigned char *b;
	size_t		off,
				n,
				i;
	unsigned char c0,
				c4;
	int32_t		num;

	hcpcs_trim(str, len, options, &off, &n);
	b = s + off;
	if (info)
	{
		info->trimmed_off = off;
		info->trimmed_len = n;
	}

	if (n == 0)
		return fail(info, HCPCS_ERR_EMPTY, HCPCS_HINT_EMPTY, 0, 0);

	for (i = 0; i < n; i++)
		if (b[i] >= 0x80)
			return fail(info, HCPCS_ERR_NON_ASCII, HCPCS_HINT_NONE,
						(int) i + 1, b[i]);

	if (n != HCPCS_CODE_LEN)
		return fail(info, HCPCS_ERR_LENGTH,
					info ? length_hint(b, n) : HCPCS_HINT_NONE, 0, 0);

	c0 = to_upper(b[0]);
	if (is_digit(c0))
	{
		/* CPT: NNNN then a digit or a suffix letter */
		num = c0 - '0';
		for (i = 1; i < 4; i++)
		{
			unsigned char c = to_upper(b[i]);

			if (!is_digit(c))
				return is_upper(c)
					? fail(info, HCPCS_ERR_CPT_DIGIT, letter_for_digit_hint(c),
						   (int) i + 1, c)
					: fail(info, HCPCS_ERR_CHAR, HCPCS_HINT_NONE,
						   (int) i + 1, c);
			num = num * 10 + (c - '0');
		}
		c4 = to_upper(b[4]);
		if (is_digit(c4))
		{
			*out = num * 10 + (c4 - '0');
			return true;
		}
		if (is_upper(c4))
		{
			int			slot = hcpcs_suffix_slot((char) c4);

			if (slot < 0)
				return fail(info, HCPCS_ERR_CPT_SUFFIX,
							letter_for_digit_hint(c4), 5, c4);
			*out = HCPCS_SUFFIX_BASE + slot * 10000 + num;
			return true;
		}
		return fail(info, HCPCS_ERR_CHAR, HCPCS_HINT_NONE, 5, c4);
	}

	if (is_upper(c0))
	{
		int			rank = level2_rank[c0 - 'A'];

		if (rank < 0)
			return fail(info, HCPCS_ERR_LEVEL2_LETTER,
						letter_for_digit_hint(c0), 1, c0);
		num = 0;
		for (i = 1; i < 5; i++)
		{
			unsigned char c = to_upper(b[i]);

			if (!is_digit(c))
			{
				HcpcsCodeHint hint = letter_for_digit_hint(c);

				if (!is_upper(c))
					return fail(info, HCPCS_ERR_CHAR, HCPCS_HINT_NONE,
								(int) i + 1, c);
				if (c0 == 'C' && to_upper(b[1]) == 'C' && to_upper(b[2]) == 'C' &&
					to_upper(b[3]) == 'C' && to_upper(b[4]) == 'C')
					hint = HCPCS_HINT_PLACEHOLDER;
				return fail(info, HCPCS_ERR_LEVEL2_DIGIT, hint, (int) i + 1, c);
			}
			num = num * 10 + (c - '0');
		}
		*out = HCPCS_LEVEL2_BASE + (c0 - 'A') * 10000 + num;
		return true;
	}

	return fail(info, HCPCS_ERR_CHAR, HCPCS_HINT_NONE, 1, c0);
}

void
hcpcs_code_format(int32_t v, char *buf)
{
	int32_t		n;
	int			i;

	if (v < HCPCS_SUFFIX_BASE)
	{
		n = v;
		for (i = 4; i >= 0; i--)
		{
			buf[i] = (char) ('0' + n % 10);
			n /= 10;
		}
	}
	else if (v < HCPCS_LEVEL2_BASE)
	{
		int			slot = (v - HCPCS_SUFFIX_BASE) / 10000;

		n = (v - HCPCS_SUFFIX_BASE) % 10000;
		for (i = 3; i >= 0; i--)
		{
			buf[i] = (char) ('0' + n % 10);
			n /= 10;
		}
		buf[4] = hcpcs_suffix_letter(slot);
	}
	else
	{
		buf[0] = (char) ('A' + (v - HCPCS_LEVEL2_BASE) / 10000);
		n = (v - HCPCS_LEVEL2_BASE) % 10000;
		for (i = 4; i >= 1; i--)
		{
			buf[i] = (char) ('0' + n % 10);
			n /= 10;
		}
	}
	buf[5] = '\0';
}

bool
hcpcs_code_is_valid_value(int32_t v)
{
	if (v < HCPCS_CODE_MIN || v > HCPCS_CODE_MAX)
		return false;
	if (v < HCPCS_SUFFIX_BASE)
		return true;
	if (v < HCPCS_LEVEL2_BASE)
		return (v - HCPCS_SUFFIX_BASE) / 10000 < HCPCS_NSLOTS;
	return level2_rank[(v - HCPCS_LEVEL2_BASE) / 10000] >= 0;
}

int32_t
hcpcs_code_ordinal(int32_t v)
{
	if (v < HCPCS_LEVEL2_BASE)
		return v;				/* 5-digit and suffix slots are dense */
	return HCPCS_SUFFIX_BASE + HCPCS_NSLOTS * 10000 +
		level2_rank[(v - HCPCS_LEVEL2_BASE) / 10000] * 10000 +
		(v - HCPCS_LEVEL2_BASE) % 10000;
}

int32_t
hcpcs_code_from_ordinal(int32_t ord)
{
	const int32_t l2 = HCPCS_SUFFIX_BASE + HCPCS_NSLOTS * 10000;

	if (ord < l2)
		return ord;
	ord -= l2;
	return HCPCS_LEVEL2_BASE +
		(level2_letters[ord / 10000] - 'A') * 10000 + ord % 10000;
}

bool
hcpcs_code_next(int32_t v, int32_t *next)
{
	int32_t		ord = hcpcs_code_ordinal(v);

	if (ord + 1 >= HCPCS_NCODES)
		return false;
	*next = hcpcs_code_from_ordinal(ord + 1);
	return true;
}

bool
hcpcs_code_prev(int32_t v, int32_t *prev)
{
	int32_t		ord = hcpcs_code_ordinal(v);

	if (ord == 0)
		return false;
	*prev = hcpcs_code_from_ordinal(ord - 1);
	return true;
}

const char *
hcpcs_code_reason(const HcpcsParseInfo *info)
{
	switch (info->error)
	{
		case HCPCS_ERR_EMPTY:
			return "code is empty";
		case HCPCS_ERR_NON_ASCII:
			return "code has a non-ASCII byte";
		case HCPCS_ERR_LENGTH:
			switch (info->hint)
			{
				case HCPCS_HINT_LEADING_ZEROS:
					return "not a code: 3 or 4 digits (leading zeros lost, as in 100 for 00100?)";
				case HCPCS_HINT_SPREADSHEET_FLOAT:
					return "not a code: a number with decimals (the code went through a spreadsheet number?)";
				case HCPCS_HINT_MODIFIER_ATTACHED:
					return "not a code: a code with a modifier attached";
				case HCPCS_HINT_LOOKS_LIKE_MODIFIER:
					return "not a code: 2 characters, a modifier?";
				default:
					return "not a code: not 5 characters";
			}
		case HCPCS_ERR_CHAR:
			return "not a code: a character no code has";
		case HCPCS_ERR_LEVEL2_LETTER:
			return "not a code: starts with a letter that starts no Level II code";
		case HCPCS_ERR_LEVEL2_DIGIT:
			if (info->hint == HCPCS_HINT_PLACEHOLDER)
				return "not a code: the CCCCC placeholder of the add-on code files";
			return "not a code: a Level II code is a letter and 4 digits";
		case HCPCS_ERR_CPT_DIGIT:
			return "not a code: positions 2-4 of a CPT code must be digits";
		case HCPCS_ERR_CPT_SUFFIX:
			return "not a code: a CPT code ends in a digit or in A, F, M, T or U";
		default:
			return "not a code";
	}
}
