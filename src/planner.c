/*
 * planner.c
 *	  Planner support for the class and range operators.
 *
 * code @@ 'J' and code <@ '[99202,99499]'::hcpcs_range with a constant on
 * the right are rewritten, while the planner simplifies expressions, into
 * plain btree comparisons:
 *
 *	 code @@ 'J'			  ->  code >= 'J0000' AND code <= 'J9999'
 *	 code @@ 'Anesthesia'	  ->  (code >= '00100' AND code <= '01999') OR
 *								  (code >= '99100' AND code <= '99140')
 *
 * (SupportRequestSimplify, the mechanism core uses from PostgreSQL 17 for
 * elem <@ range.)  The planner then sees ordinary btree clauses: exact index
 * bounds, a BitmapOr for classes of several runs, selectivity from the
 * column's histogram, partition pruning and partial-index proofs all come
 * for free.  This works because the encoding (core/code.h) makes every
 * class a union of contiguous runs.
 *
 * When the right side is not a constant (a parameter of a generic plan, a
 * column of another table in a join) the operator stays as it is.  A btree
 * index can still serve it: SupportRequestIndexCondition gives the lossy
 * bounding range code >= hcpcs_class_first($1) AND code <= hcpcs_class_last($1)
 * (hcpcs_range_first/last for ranges), computed at execution, and the
 * operator rechecks each row.  The restriction estimator below applies the
 * operator to the column's statistics, falling back on the class's share of
 * real codes.
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "parser/parse_func.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"
#include "utils/selfuncs.h"
#include "utils/typcache.h"

#include "hcpcs.h"
#include "core/classify.h"

/* Operator of the default btree opclass of the code type, by strategy */
static Oid
code_btree_op(Oid codetype, int16 strategy)
{
	Oid			opclass = GetDefaultOpClass(codetype, BTREE_AM_OID);
	Oid			opno;

	if (!OidIsValid(opclass))
		return InvalidOid;
	opno = get_opfamily_member(get_opclass_family(opclass),
							   codetype, codetype, strategy);
	return opno;
}

static Expr *
make_cmp(Expr *arg, Oid codetype, int16 strategy, int32 value)
{
	Oid			opno = code_btree_op(codetype, strategy);
	Const	   *c;
	OpExpr	   *op;

	if (!OidIsValid(opno))
		return NULL;
	c = makeConst(codetype, -1, InvalidOid, sizeof(int32),
				  HcpcsCodeGetDatum(value), false, true);
	op = (OpExpr *) make_opclause(opno, BOOLOID, false, arg, (Expr *) c,
								  InvalidOid, InvalidOid);
	op->opfuncid = get_opcode(opno);
	return (Expr *) op;
}

/*
 * lo <= arg <= hi, either bound optional.  Returns NULL if an operator is
 * missing (which only a damaged installation could cause).
 */
static Expr *
make_bounds(Expr *arg, Oid codetype, bool has_lo, int32 lo,
			bool has_hi, int32 hi)
{
	Expr	   *lo_e = NULL,
			   *hi_e = NULL;

	if (has_lo && has_hi && lo == hi)
		return make_cmp(arg, codetype, BTEqualStrategyNumber, lo);
	if (has_lo && !(lo_e = make_cmp(arg, codetype,
									BTGreaterEqualStrategyNumber, lo)))
		return NULL;
	if (has_hi && !(hi_e = make_cmp(copyObject(arg), codetype,
									BTLessEqualStrategyNumber, hi)))
		return NULL;
	if (lo_e && hi_e)
		return make_andclause(list_make2(lo_e, hi_e));
	return lo_e ? lo_e : hi_e;
}

/*
 * May the code expression be repeated in the rewritten clause?  It must not
 * be volatile (evaluating it twice could give two values); and a clause of
 * several runs repeats it many times, so only a plain column or parameter.
 */
static bool
can_repeat(Node *arg, int nruns)
{
	Node	   *bare = arg;

	if (contain_volatile_functions(arg) || contain_subplans(arg))
		return false;
	while (IsA(bare, RelabelType))
		bare = (Node *) ((RelabelType *) bare)->arg;
	return nruns == 1 || IsA(bare, Var) || IsA(bare, Param);
}

/* The code expression, relabelled to the code type if it is a domain */
static Expr *
code_arg(Node *arg, Oid codetype)
{
	if (exprType(arg) != codetype)
		return (Expr *) makeRelabelType((Expr *) arg, codetype, -1,
										InvalidOid, COERCE_IMPLICIT_CAST);
	return (Expr *) arg;
}

static Oid
declared_argtype(Oid funcid, int argno)
{
	Oid		   *argtypes;
	int			nargs;

	get_func_signature(funcid, &argtypes, &nargs);
	return argno < nargs ? argtypes[argno] : InvalidOid;
}

/*
 * The operands of a two-argument operator or function clause offered to an
 * index on argument indexargno: the indexed one, and the other, which must
 * be computable before the scan (no variable of the indexed relation,
 * nothing volatile) to become part of an index condition.
 */
static bool
index_clause_operands(SupportRequestIndexCondition *req, int indexargno,
					  Node **indexed, Node **other)
{
	List	   *args;

	if (IsA(req->node, OpExpr))
		args = ((OpExpr *) req->node)->args;
	else if (IsA(req->node, FuncExpr))
		args = ((FuncExpr *) req->node)->args;
	else
		return false;
	if (list_length(args) != 2 || req->indexarg != indexargno)
		return false;
	*indexed = list_nth(args, indexargno);
	*other = list_nth(args, 1 - indexargno);
	return !contain_volatile_functions(*other) &&
		!bms_is_member(req->index->rel->relid, pull_varnos(req->root, *other));
}

/*
 * Lossy btree bounds for a non-constant class or range: code >= first(x)
 * AND code <= last(x), first and last being the extension's functions of
 * those names, looked up in the schema of the operator's own function (not
 * through search_path).
 */
static List *
bounding_index_quals(SupportRequestIndexCondition *req, int codeargno,
					 const char *firstname, const char *lastname)
{
	Node	   *code,
			   *other;
	Oid			codetype,
				othertype,
				ge,
				le,
				firstfn,
				lastfn;
	List	   *qualified;
	char	   *nsp;
	Expr	   *lo_e,
			   *hi_e;

	if (req->index->relam != BTREE_AM_OID ||
		!index_clause_operands(req, codeargno, &code, &other))
		return NIL;

	codetype = declared_argtype(req->funcid, codeargno);
	othertype = declared_argtype(req->funcid, 1 - codeargno);
	ge = get_opfamily_member(req->opfamily, codetype, codetype,
							 BTGreaterEqualStrategyNumber);
	le = get_opfamily_member(req->opfamily, codetype, codetype,
							 BTLessEqualStrategyNumber);
	nsp = get_namespace_name(get_func_namespace(req->funcid));
	if (!OidIsValid(ge) || !OidIsValid(le) || nsp == NULL)
		return NIL;
	qualified = list_make2(makeString(nsp), makeString(pstrdup(firstname)));
	firstfn = LookupFuncName(qualified, 1, &othertype, true);
	qualified = list_make2(makeString(nsp), makeString(pstrdup(lastname)));
	lastfn = LookupFuncName(qualified, 1, &othertype, true);
	if (!OidIsValid(firstfn) || !OidIsValid(lastfn))
		return NIL;

	lo_e = make_opclause(ge, BOOLOID, false, (Expr *) copyObject(code),
						 (Expr *) makeFuncExpr(firstfn, codetype,
											   list_make1(copyObject(other)),
											   InvalidOid, InvalidOid,
											   COERCE_EXPLICIT_CALL),
						 InvalidOid, InvalidOid);
	((OpExpr *) lo_e)->opfuncid = get_opcode(ge);
	hi_e = make_opclause(le, BOOLOID, false, (Expr *) copyObject(code),
						 (Expr *) makeFuncExpr(lastfn, codetype,
											   list_make1(copyObject(other)),
											   InvalidOid, InvalidOid,
											   COERCE_EXPLICIT_CALL),
						 InvalidOid, InvalidOid);
	((OpExpr *) hi_e)->opfuncid = get_opcode(le);
	req->lossy = true;
	return list_make2(lo_e, hi_e);
}

/*
 * range @> code and code <@ range, with the index on the range column: our
 * operators hide core's @>(anyrange, anyelement) for these types (they must,
 * to rewrite a constant range into code bounds), so a GiST or SP-GiST
 * range_ops index would never see the condition.  Give it core's operator,
 * which the opclass implements exactly (not lossy).
 */
static List *
range_column_index_quals(SupportRequestIndexCondition *req, int rangeargno)
{
	Node	   *rng,
			   *code;
	Oid			containsop;
	Expr	   *clause;

	if ((req->index->relam != GIST_AM_OID && req->index->relam != SPGIST_AM_OID) ||
		!index_clause_operands(req, rangeargno, &rng, &code))
		return NIL;
	containsop = get_opfamily_member(req->opfamily, ANYRANGEOID, ANYELEMENTOID,
									 RANGESTRAT_CONTAINS_ELEM);
	if (!OidIsValid(containsop))
		return NIL;
	clause = make_opclause(containsop, BOOLOID, false,
						   (Expr *) copyObject(rng), (Expr *) copyObject(code),
						   InvalidOid, InvalidOid);
	((OpExpr *) clause)->opfuncid = get_opcode(containsop);
	req->lossy = false;
	return list_make1(clause);
}

/* code @@ class */
PG_FUNCTION_INFO_V1(hcpcs_class_support);
Datum
hcpcs_class_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	Node	   *code,
			   *cls;
	Oid			codetype;
	HcpcsRun	runs[HCPCS_MAX_RUNS];
	int			nruns,
				i;
	List	   *ors = NIL;

	if (IsA(rawreq, SupportRequestIndexCondition))
		PG_RETURN_POINTER(bounding_index_quals((SupportRequestIndexCondition *) rawreq,
											   0, "hcpcs_class_first",
											   "hcpcs_class_last"));
	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	if (list_length(req->fcall->args) != 2)
		PG_RETURN_POINTER(NULL);
	code = linitial(req->fcall->args);
	cls = lsecond(req->fcall->args);
	if (!IsA(cls, Const) || ((Const *) cls)->constisnull)
		PG_RETURN_POINTER(NULL);

	nruns = hcpcs_class_runs(DatumGetInt16(((Const *) cls)->constvalue), runs);
	if (!can_repeat(code, nruns))
		PG_RETURN_POINTER(NULL);
	codetype = declared_argtype(req->fcall->funcid, 0);

	for (i = 0; i < nruns; i++)
	{
		Expr	   *e = make_bounds(code_arg(i == 0 ? code : copyObject(code),
											 codetype),
									codetype, true, runs[i].lo, true, runs[i].hi);

		if (e == NULL)
			PG_RETURN_POINTER(NULL);
		ors = lappend(ors, e);
	}
	PG_RETURN_POINTER(nruns == 1 ? linitial(ors) : make_orclause(ors));
}

/*
 * code <@ range and range @> code: with a constant range, the range's
 * bounds as inclusive code bounds ([99202,99500) -> >= 99202 AND <= 99499).
 * Empty and unbounded-on-both-sides ranges are left alone: rewriting them
 * would turn a NULL code's NULL result into false.
 */
PG_FUNCTION_INFO_V1(hcpcs_range_support);
Datum
hcpcs_range_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	Node	   *code,
			   *rng;
	int			codeargno;
	Oid			codetype;
	int32		lo = 0,
				hi = 0;
	bool		has_lo,
				has_hi;
	Expr	   *result;

	if (IsA(rawreq, SupportRequestIndexCondition))
	{
		SupportRequestIndexCondition *ireq = (SupportRequestIndexCondition *) rawreq;
		int			rangeargno = type_is_range(declared_argtype(ireq->funcid, 0)) ? 0 : 1;

		/* an index on the range column, or on the code column */
		if (ireq->indexarg == rangeargno)
			PG_RETURN_POINTER(range_column_index_quals(ireq, rangeargno));
		PG_RETURN_POINTER(bounding_index_quals(ireq, 1 - rangeargno,
											   "hcpcs_range_first",
											   "hcpcs_range_last"));
	}
	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	if (list_length(req->fcall->args) != 2)
		PG_RETURN_POINTER(NULL);

	/* which argument is the range? */
	codeargno = type_is_range(exprType(linitial(req->fcall->args))) ? 1 : 0;
	code = list_nth(req->fcall->args, codeargno);
	rng = list_nth(req->fcall->args, 1 - codeargno);
	if (!IsA(rng, Const) || ((Const *) rng)->constisnull ||
		!can_repeat(code, 1))
		PG_RETURN_POINTER(NULL);

	/* a range that holds no code, or every code, is left alone */
	if (!hcpcs_range_code_bounds(DatumGetRangeTypeP(((Const *) rng)->constvalue),
								 &has_lo, &lo, &has_hi, &hi) ||
		(!has_lo && !has_hi))
		PG_RETURN_POINTER(NULL);

	codetype = declared_argtype(req->fcall->funcid, codeargno);
	result = make_bounds(code_arg(code, codetype), codetype,
						 has_lo, lo, has_hi, hi);
	PG_RETURN_POINTER(result);
}

/*
 * Restriction estimator for code @@ class and code <@ range when they were
 * not rewritten: test the operator against the column's most common values
 * and histogram; without statistics, the class's share of real codes.
 */
PG_FUNCTION_INFO_V1(hcpcs_class_restrict);
Datum
hcpcs_class_restrict(PG_FUNCTION_ARGS)
{
	PlannerInfo *root = (PlannerInfo *) PG_GETARG_POINTER(0);
	Oid			operator = PG_GETARG_OID(1);
	List	   *args = (List *) PG_GETARG_POINTER(2);
	int			varRelid = PG_GETARG_INT32(3);
	double		dflt = 0.05;
	Oid			lefttype,
				righttype;

	op_input_types(operator, &lefttype, &righttype);
	if (type_is_range(lefttype) || type_is_range(righttype))
		dflt = DEFAULT_RANGE_INEQ_SEL;
	else if (list_length(args) == 2)
	{
		Node	   *cls = estimate_expression_value(root, lsecond(args));

		if (IsA(cls, Const) && !((Const *) cls)->constisnull)
			dflt = hcpcs_class_share(DatumGetInt16(((Const *) cls)->constvalue));
	}
	PG_RETURN_FLOAT8(generic_restriction_selectivity(root, operator, InvalidOid,
													 args, varRelid, dflt));
}
