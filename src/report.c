/*
 * report.c
 *	  Turn the core parser's reasons into PostgreSQL errors.
 *
 * This is the only place that words a rejected hcpcs_code: the input
 * function, the casts and hcpcs_invalid_reason() all come here, so the same
 * value always gets the same detail and hint.
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"

#include "compat.h"
#include "hcpcs.h"

/*
 * The byte 0xA0 is a no-break space in the ISO 8859 and Windows single-byte
 * encodings; elsewhere the core trims U+00A0 as UTF-8 (C2 A0).
 */
unsigned
hcpcs_parse_options(void)
{
	static int	options = -1;

	if (options < 0)
	{
		switch (GetDatabaseEncoding())
		{
			case PG_LATIN1:
			case PG_LATIN2:
			case PG_LATIN3:
			case PG_LATIN4:
			case PG_LATIN5:
			case PG_LATIN6:
			case PG_LATIN7:
			case PG_LATIN8:
			case PG_LATIN9:
			case PG_LATIN10:
			case PG_WIN1250:
			case PG_WIN1251:
			case PG_WIN1252:
			case PG_WIN1253:
			case PG_WIN1254:
			case PG_WIN1255:
			case PG_WIN1256:
			case PG_WIN1257:
			case PG_WIN1258:
			case PG_ISO_8859_5:
			case PG_ISO_8859_6:
			case PG_ISO_8859_7:
			case PG_ISO_8859_8:
				options = HCPCS_PARSE_LATIN1_NBSP;
				break;
			default:
				options = 0;
				break;
		}
	}
	return (unsigned) options;
}

/* A character for a message: itself if printable ASCII, else its code. */
static char *
show_char(char c)
{
	unsigned char u = (unsigned char) c;

	if (u >= 0x21 && u <= 0x7E)
		return psprintf("\"%c\"", c);
	if (u == ' ')
		return pstrdup("a space");
	return psprintf("byte 0x%02X", u);
}

char *
hcpcs_code_error_detail(const char *s, size_t len, const HcpcsParseInfo *info)
{
	const char *body = s + info->trimmed_off;
	char		bad = info->pos > 0 ? body[info->pos - 1] : '\0';

	switch (info->error)
	{
		case HCPCS_ERR_EMPTY:
			return pstrdup("The value is empty or blank.");
		case HCPCS_ERR_NON_ASCII:
			{
				int			charpos = pg_mbstrlen_with_len(body, info->pos - 1) + 1;

				/* no-break spaces are trimmed at the ends, not inside */
				if ((unsigned char) bad == 0xC2 &&
					(size_t) info->pos < info->trimmed_len &&
					(unsigned char) body[info->pos] == 0xA0)
					return psprintf("Character %d is a no-break space inside the code.",
									charpos);
				return psprintf("Character %d is not an ASCII letter or digit.",
								charpos);
			}
		case HCPCS_ERR_LENGTH:
			return psprintf("The value has %d %s; a code has exactly %d.",
							(int) info->trimmed_len,
							info->trimmed_len == 1 ? "character" : "characters",
							HCPCS_CODE_LEN);
		case HCPCS_ERR_CHAR:
			return psprintf("Character %d (%s) is not allowed in a code.",
							info->pos, show_char(bad));
		case HCPCS_ERR_LEVEL2_LETTER:
			return psprintf("Letter %s starts no HCPCS Level II code; Level II codes start with A-E, G, H, J-M or P-V.",
							show_char(bad));
		case HCPCS_ERR_LEVEL2_DIGIT:
			return psprintf("Character %d (%s) is not allowed: a Level II code is a letter followed by four digits.",
							info->pos, show_char(bad));
		case HCPCS_ERR_CPT_DIGIT:
			return psprintf("Character %d (%s) is not allowed: characters 2 to 4 of a CPT code are digits.",
							info->pos, show_char(bad));
		case HCPCS_ERR_CPT_SUFFIX:
			return psprintf("Suffix %s is not a CPT suffix: a CPT code ends in a digit or in A, F, M, T or U.",
							show_char(bad));
		case HCPCS_OK:
			break;
	}
	return NULL;
}

char *
hcpcs_code_error_hint(const char *s, const HcpcsParseInfo *info)
{
	const char *body = s + info->trimmed_off;

	switch (info->hint)
	{
		case HCPCS_HINT_EMPTY:
			return "Use NULL for a missing code.";
		case HCPCS_HINT_MODIFIER_ATTACHED:
			{
				char		code[HCPCS_CODE_LEN + 1];
				int32		v;

				/* the hint is only given when the first five form a code */
				if (!hcpcs_code_parse(body, HCPCS_CODE_LEN, 0, &v, NULL))
					return NULL;
				hcpcs_code_format(v, code);
				return psprintf("This looks like code %s with modifier %c%c attached: store modifiers in their own hcpcs_modifier column.",
								code,
								pg_ascii_toupper((unsigned char) body[info->trimmed_len - 2]),
								pg_ascii_toupper((unsigned char) body[info->trimmed_len - 1]));
			}
		case HCPCS_HINT_LEADING_ZEROS:
			return "Leading zeros are part of a code (00100, not 100): if the value passed through a number, load it again from the source as text.";
		case HCPCS_HINT_SPREADSHEET_FLOAT:
			return "This looks like a code a spreadsheet turned into a number (10004.0): export the column as text.";
		case HCPCS_HINT_LOOKS_LIKE_MODIFIER:
			return "A two-character value is a modifier, not a code: store it in an hcpcs_modifier column.";
		case HCPCS_HINT_PLACEHOLDER:
			return "CCCCC is the placeholder CMS add-on code files use for contractor-defined primary codes; it is not a code.";
		case HCPCS_HINT_LETTER_O:
			return "The letter O is not the digit 0.";
		case HCPCS_HINT_LETTER_I:
			return "The letters I and L are not the digit 1.";
		case HCPCS_HINT_NONE:
			break;
	}
	return NULL;
}

bool
hcpcs_code_parse_or_report(const char *s, size_t len, int32 *out,
						   Node *escontext)
{
	HcpcsParseInfo info;
	char	   *str;
	char	   *hint;

	if (likely(hcpcs_code_parse(s, len, hcpcs_parse_options(), out, &info)))
		return true;

	str = pnstrdup(s, len);
	hint = hcpcs_code_error_hint(s, &info);
	HCPCS_ERETURN(escontext, false,
				  errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				  errmsg("invalid input syntax for type %s: \"%s\"",
						 "hcpcs_code", str),
				  errdetail_internal("%s", hcpcs_code_error_detail(s, len, &info)),
				  hint ? errhint("%s", hint) : 0);
}

/*
 * hcpcs_modifier: the same, for the modifier parser.
 */
char *
hcpcs_modifier_error_detail(const char *s, size_t len,
							const HcpcsModifierInfo *info)
{
	const char *body = s + info->trimmed_off;

	switch (info->error)
	{
		case HCPCS_MOD_ERR_EMPTY:
			return pstrdup("The value is empty or blank.");
		case HCPCS_MOD_ERR_NON_ASCII:
			return psprintf("Character %d is not an ASCII letter or digit.",
							pg_mbstrlen_with_len(body, info->pos - 1) + 1);
		case HCPCS_MOD_ERR_LENGTH:
			return psprintf("The value has %d %s; a modifier has exactly %d.",
							(int) info->trimmed_len,
							info->trimmed_len == 1 ? "character" : "characters",
							HCPCS_MODIFIER_LEN);
		case HCPCS_MOD_ERR_CHAR:
			return psprintf("Character %d (%s) is not allowed: a modifier is two letters or digits.",
							info->pos, show_char(body[info->pos - 1]));
		case HCPCS_MOD_OK:
			break;
	}
	return NULL;
}

char *
hcpcs_modifier_error_hint(const char *s, const HcpcsModifierInfo *info)
{
	switch (info->hint)
	{
		case HCPCS_MOD_HINT_EMPTY:
			return "Use NULL, or leave the modifier out of the array.";
		case HCPCS_MOD_HINT_IS_CODE:
			return "This looks like a procedure code: store it in an hcpcs_code column.";
		case HCPCS_MOD_HINT_HYPHEN:
			return "Write the modifier without the hyphen.";
		case HCPCS_MOD_HINT_RUN_TOGETHER:
			return "This looks like several modifiers run together: store each one as its own element of an hcpcs_modifier[] array.";
		case HCPCS_MOD_HINT_NONE:
			break;
	}
	return NULL;
}

bool
hcpcs_modifier_parse_or_report(const char *s, size_t len, int16 *out,
							   Node *escontext)
{
	HcpcsModifierInfo info;
	char	   *hint;

	if (likely(hcpcs_modifier_parse(s, len, hcpcs_parse_options(), out, &info)))
		return true;

	hint = hcpcs_modifier_error_hint(s, &info);
	HCPCS_ERETURN(escontext, false,
				  errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				  errmsg("invalid input syntax for type %s: \"%s\"",
						 "hcpcs_modifier", pnstrdup(s, len)),
				  errdetail_internal("%s", hcpcs_modifier_error_detail(s, len, &info)),
				  hint ? errhint("%s", hint) : 0);
}
