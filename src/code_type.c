/*
 * code_type.c
 *	  The hcpcs_code SQL type: input, output, binary I/O, casts, validity
 *	  checks and classification functions.
 *
 * Comparison, hashing, sorting and min/max reuse core's int4 functions
 * directly (see hcpcs--1.0.sql): the encoding in core/code.h is an int4
 * whose order is the type's order, so nothing needs to be written twice.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "compat.h"
#include "hcpcs.h"
#include "core/classify.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(hcpcs_code_in);
Datum
hcpcs_code_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	int32		v;

	if (!hcpcs_code_parse_or_report(s, strlen(s), &v, HCPCS_ESCONTEXT(fcinfo)))
		PG_RETURN_NULL();
	PG_RETURN_HCPCS_CODE(v);
}

PG_FUNCTION_INFO_V1(hcpcs_code_out);
Datum
hcpcs_code_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(HCPCS_CODE_LEN + 1);

	hcpcs_code_format(PG_GETARG_HCPCS_CODE(0), buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary form: the 4-byte encoding in network byte order (frozen, see
 * core/code.h).  Receive re-validates, since the bytes come from outside.
 */
PG_FUNCTION_INFO_V1(hcpcs_code_send);
Datum
hcpcs_code_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, (uint32) PG_GETARG_HCPCS_CODE(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(hcpcs_code_recv);
Datum
hcpcs_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		v = (int32) pq_getmsgint(buf, 4);

	if (!hcpcs_code_is_valid_value(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external hcpcs_code value %d", v),
				 errdetail("Valid binary values encode a code as described in the hcpcs documentation; this one encodes none.")));
	PG_RETURN_HCPCS_CODE(v);
}

/*
 * Casts from text, varchar and char(n).  They read the varlena directly:
 * no cstring copy on the hot path of a bulk conversion.  char(n) padding is
 * trailing blanks, which the parser trims anyway.
 */
PG_FUNCTION_INFO_V1(hcpcs_code_from_text);
Datum
hcpcs_code_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int32		v;

	if (!hcpcs_code_parse_or_report(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &v,
									HCPCS_ESCONTEXT(fcinfo)))
		PG_RETURN_NULL();
	PG_RETURN_HCPCS_CODE(v);
}

PG_FUNCTION_INFO_V1(hcpcs_code_to_text);
Datum
hcpcs_code_to_text(PG_FUNCTION_ARGS)
{
	char		buf[HCPCS_CODE_LEN + 1];

	hcpcs_code_format(PG_GETARG_HCPCS_CODE(0), buf);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, HCPCS_CODE_LEN));
}

/* hcpcs_is_valid(text): never raises */
PG_FUNCTION_INFO_V1(hcpcs_is_valid);
Datum
hcpcs_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int32		v;

	PG_RETURN_BOOL(hcpcs_code_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
									hcpcs_parse_options(), &v, NULL));
}

/* hcpcs_code_or_null(text): the code, or NULL when the text is no code */
PG_FUNCTION_INFO_V1(hcpcs_code_or_null);
Datum
hcpcs_code_or_null(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int32		v;

	if (!hcpcs_code_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
						  hcpcs_parse_options(), &v, NULL))
		PG_RETURN_NULL();
	PG_RETURN_HCPCS_CODE(v);
}

/*
 * hcpcs_invalid_reason(text): why the text is no code (the error's detail,
 * then its hint if it has one), NULL if it is a code.  For reports on dirty
 * columns, where raising the error is not wanted.
 */
PG_FUNCTION_INFO_V1(hcpcs_invalid_reason);
Datum
hcpcs_invalid_reason(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	HcpcsParseInfo info;
	int32		v;
	char	   *detail,
			   *hint;

	if (hcpcs_code_parse(s, len, hcpcs_parse_options(), &v, &info))
		PG_RETURN_NULL();
	detail = hcpcs_code_error_detail(s, len, &info);
	hint = hcpcs_code_error_hint(s, &info);
	PG_RETURN_TEXT_P(cstring_to_text(hint ? psprintf("%s %s", detail, hint)
									 : detail));
}

/*
 * Ordinal distance between two codes, for the range type's subtype_diff
 * (GiST penalties): the reserved slots of the encoding do not count.
 */
PG_FUNCTION_INFO_V1(hcpcs_code_diff);
Datum
hcpcs_code_diff(PG_FUNCTION_ARGS)
{
	int32		a = hcpcs_code_ordinal(PG_GETARG_HCPCS_CODE(0));
	int32		b = hcpcs_code_ordinal(PG_GETARG_HCPCS_CODE(1));

	PG_RETURN_FLOAT8((float8) a - (float8) b);
}

PG_FUNCTION_INFO_V1(hcpcs_code_level);
Datum
hcpcs_code_level(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT16((int16) hcpcs_level(PG_GETARG_HCPCS_CODE(0)));
}

PG_FUNCTION_INFO_V1(hcpcs_code_category);
Datum
hcpcs_code_category(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(
									 hcpcs_category_label(hcpcs_category(PG_GETARG_HCPCS_CODE(0)))));
}

PG_FUNCTION_INFO_V1(hcpcs_code_section);
Datum
hcpcs_code_section(PG_FUNCTION_ARGS)
{
	const char *label = hcpcs_section_label(PG_GETARG_HCPCS_CODE(0));

	if (label == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(label));
}
