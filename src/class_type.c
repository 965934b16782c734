/*
 * class_type.c
 *	  The hcpcs_class type (a named class of codes: a level, a category, a
 *	  CPT section or a Level II section) and the @@ membership operator.
 *
 * A class is stored as the int2 class number of core/classify.h (frozen).
 * The planner support that turns code @@ 'J' into index ranges is in
 * planner.c.
 */
#include "postgres.h"

#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "compat.h"
#include "hcpcs.h"
#include "core/classify.h"

PG_FUNCTION_INFO_V1(hcpcs_class_in);
Datum
hcpcs_class_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	int			cls = 0;

	switch (hcpcs_class_parse(s, strlen(s), &cls))
	{
		case HCPCS_CLASS_PARSE_OK:
			PG_RETURN_INT16((int16) cls);
		case HCPCS_CLASS_PARSE_AMBIGUOUS:
			HCPCS_ERETURN(HCPCS_ESCONTEXT(fcinfo), (Datum) 0,
						  errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						  errmsg("invalid input syntax for type %s: \"%s\"",
								 "hcpcs_class", s),
						  errdetail("\"%s\" names more than one class when case is ignored.", s),
						  errhint("Write \"Pathology and Laboratory\" for the CPT section, or \"P\" for the Level II section."));
		case HCPCS_CLASS_PARSE_UNKNOWN:
			break;
	}
	HCPCS_ERETURN(HCPCS_ESCONTEXT(fcinfo), (Datum) 0,
				  errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				  errmsg("invalid input syntax for type %s: \"%s\"",
						 "hcpcs_class", s),
				  errdetail("No class has this name."),
				  errhint("Classes are Level I, Level II, the categories (CPT Category I, CPT Administrative MAAA, CPT PLA, CPT Category II, CPT Category III, CPT immunization), the CPT sections (Evaluation and Management, Anesthesia, Surgery, Radiology, Pathology and Laboratory, Medicine) and the Level II sections by letter (A-E, G, H, J-M, P-V); SELECT * FROM hcpcs_classes() lists them."));
}

PG_FUNCTION_INFO_V1(hcpcs_class_out);
Datum
hcpcs_class_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pstrdup(hcpcs_class_name(PG_GETARG_HCPCS_CLASS(0))));
}

PG_FUNCTION_INFO_V1(hcpcs_class_send);
Datum
hcpcs_class_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint16(&buf, (uint16) PG_GETARG_HCPCS_CLASS(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(hcpcs_class_recv);
Datum
hcpcs_class_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int16		cls = (int16) pq_getmsgint(buf, 2);

	if (!hcpcs_class_is_valid(cls))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external hcpcs_class value %d", cls)));
	PG_RETURN_INT16(cls);
}

/* code @@ class */
PG_FUNCTION_INFO_V1(hcpcs_code_in_class);
Datum
hcpcs_code_in_class(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hcpcs_class_contains(PG_GETARG_HCPCS_CLASS(1),
										PG_GETARG_HCPCS_CODE(0)));
}

/*
 * First and last code of a class (its bounding range).  The planner uses
 * them as index bounds when the class is not a constant (planner.c).
 */
PG_FUNCTION_INFO_V1(hcpcs_class_first);
Datum
hcpcs_class_first(PG_FUNCTION_ARGS)
{
	HcpcsRun	runs[HCPCS_MAX_RUNS];

	/* runs come in code order (classify.h; checked by the exhaustive test) */
	(void) hcpcs_class_runs(PG_GETARG_HCPCS_CLASS(0), runs);
	PG_RETURN_HCPCS_CODE(runs[0].lo);
}

PG_FUNCTION_INFO_V1(hcpcs_class_last);
Datum
hcpcs_class_last(PG_FUNCTION_ARGS)
{
	HcpcsRun	runs[HCPCS_MAX_RUNS];
	int			n = hcpcs_class_runs(PG_GETARG_HCPCS_CLASS(0), runs);

	PG_RETURN_HCPCS_CODE(runs[n - 1].hi);
}

/* hcpcs_class_runs(class): the contiguous runs of codes a class holds */
PG_FUNCTION_INFO_V1(hcpcs_class_runs_srf);
Datum
hcpcs_class_runs_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HcpcsRun	runs[HCPCS_MAX_RUNS];
	int			n = hcpcs_class_runs(PG_GETARG_HCPCS_CLASS(0), runs);
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = HcpcsCodeGetDatum(runs[i].lo);
		values[1] = HcpcsCodeGetDatum(runs[i].hi);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* hcpcs_classes(): every class, in class-number order */
PG_FUNCTION_INFO_V1(hcpcs_classes_srf);
Datum
hcpcs_classes_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			classes[64];
	int			n = hcpcs_class_list(classes, lengthof(classes));
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = Int16GetDatum((int16) classes[i]);
		values[1] = Float8GetDatum(hcpcs_class_share(classes[i]));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
