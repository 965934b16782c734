/*
 * modifier_type.c
 *	  The hcpcs_modifier SQL type: input, output, binary I/O, casts and
 *	  validity checks.  Comparison and hashing reuse core's int2 functions
 *	  (see hcpcs--1.0.sql): the encoding in core/modifier.h is an int2 whose
 *	  order is the modifier's text order.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "compat.h"
#include "hcpcs.h"

PG_FUNCTION_INFO_V1(hcpcs_modifier_in);
Datum
hcpcs_modifier_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	int16		v;

	if (!hcpcs_modifier_parse_or_report(s, strlen(s), &v, HCPCS_ESCONTEXT(fcinfo)))
		PG_RETURN_NULL();
	PG_RETURN_HCPCS_MODIFIER(v);
}

PG_FUNCTION_INFO_V1(hcpcs_modifier_out);
Datum
hcpcs_modifier_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(HCPCS_MODIFIER_LEN + 1);

	hcpcs_modifier_format(PG_GETARG_HCPCS_MODIFIER(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: the 2-byte encoding, network byte order (frozen) */
PG_FUNCTION_INFO_V1(hcpcs_modifier_send);
Datum
hcpcs_modifier_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint16(&buf, (uint16) PG_GETARG_HCPCS_MODIFIER(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(hcpcs_modifier_recv);
Datum
hcpcs_modifier_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int16		v = (int16) pq_getmsgint(buf, 2);

	if (!hcpcs_modifier_is_valid_value(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external hcpcs_modifier value %d", v),
				 errdetail("A binary modifier is two ASCII letters or digits, first character in the high byte.")));
	PG_RETURN_HCPCS_MODIFIER(v);
}

/* Casts from text, varchar and char(n), reading the varlena directly */
PG_FUNCTION_INFO_V1(hcpcs_modifier_from_text);
Datum
hcpcs_modifier_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int16		v;

	if (!hcpcs_modifier_parse_or_report(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
										&v, HCPCS_ESCONTEXT(fcinfo)))
		PG_RETURN_NULL();
	PG_RETURN_HCPCS_MODIFIER(v);
}

PG_FUNCTION_INFO_V1(hcpcs_modifier_to_text);
Datum
hcpcs_modifier_to_text(PG_FUNCTION_ARGS)
{
	char		buf[HCPCS_MODIFIER_LEN + 1];

	hcpcs_modifier_format(PG_GETARG_HCPCS_MODIFIER(0), buf);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, HCPCS_MODIFIER_LEN));
}

PG_FUNCTION_INFO_V1(hcpcs_modifier_is_valid);
Datum
hcpcs_modifier_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int16		v;

	PG_RETURN_BOOL(hcpcs_modifier_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
										hcpcs_parse_options(), &v, NULL));
}

PG_FUNCTION_INFO_V1(hcpcs_modifier_or_null);
Datum
hcpcs_modifier_or_null(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int16		v;

	if (!hcpcs_modifier_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
							  hcpcs_parse_options(), &v, NULL))
		PG_RETURN_NULL();
	PG_RETURN_HCPCS_MODIFIER(v);
}

PG_FUNCTION_INFO_V1(hcpcs_modifier_invalid_reason);
Datum
hcpcs_modifier_invalid_reason(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	HcpcsModifierInfo info;
	int16		v;
	char	   *detail,
			   *hint;

	if (hcpcs_modifier_parse(s, len, hcpcs_parse_options(), &v, &info))
		PG_RETURN_NULL();
	detail = hcpcs_modifier_error_detail(s, len, &info);
	hint = hcpcs_modifier_error_hint(s, &info);
	PG_RETURN_TEXT_P(cstring_to_text(hint ? psprintf("%s %s", detail, hint)
									 : detail));
}
