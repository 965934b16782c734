/*
 * fuzz_class.c
 *	  libFuzzer harness for the hcpcs_class name parser
 *	  (src/core/classify.c hcpcs_class_parse, what hcpcs_class_in calls).
 *
 * Invariants (classify.h):
 *	- a parsed class is hcpcs_class_is_valid and one of hcpcs_class_list;
 *	  its canonical name parses back to it exactly, also padded and in
 *	  upper and lower case where the name is unambiguous;
 *	- its runs are 1..HCPCS_MAX_RUNS ascending, disjoint ranges of valid
 *	  codes, and hcpcs_class_contains holds at their ends and fails just
 *	  outside them;
 *	- the verdict does not change with surrounding blanks;
 *	- the parser never reads outside its input (exact-size heap copy).
 */
#include "fuzz_common.h"
#include "classify.h"
#include "code.h"

static void
check_class(int cls)
{
	HcpcsRun	runs[HCPCS_MAX_RUNS];
	int			all[256];
	int			nall,
				i,
				nr,
				back = -1;
	bool		listed = false;
	const char *name;

	FUZZ_CHECK(hcpcs_class_is_valid(cls));
	nall = hcpcs_class_list(all, 256);
	FUZZ_CHECK(nall > 0 && nall <= 256);
	for (i = 0; i < nall; i++)
		listed |= all[i] == cls;
	FUZZ_CHECK(listed);

	name = hcpcs_class_name(cls);
	FUZZ_CHECK(name != NULL && name[0] != '\0');
	FUZZ_CHECK(hcpcs_class_parse(name, strlen(name), &back) ==
			   HCPCS_CLASS_PARSE_OK && back == cls);

	nr = hcpcs_class_runs(cls, runs);
	FUZZ_CHECK(nr >= 1 && nr <= HCPCS_MAX_RUNS);
	for (i = 0; i < nr; i++)
	{
		int32_t		x;

		FUZZ_CHECK(hcpcs_code_is_valid_value(runs[i].lo) &&
				   hcpcs_code_is_valid_value(runs[i].hi));
		FUZZ_CHECK(runs[i].lo <= runs[i].hi);
		if (i > 0)
			FUZZ_CHECK(runs[i - 1].hi < runs[i].lo);
		FUZZ_CHECK(hcpcs_class_contains(cls, runs[i].lo));
		FUZZ_CHECK(hcpcs_class_contains(cls, runs[i].hi));
		if (hcpcs_code_prev(runs[i].lo, &x) && (i == 0 || x > runs[i - 1].hi))
			FUZZ_CHECK(!hcpcs_class_contains(cls, x));
		if (hcpcs_code_next(runs[i].hi, &x) && (i == nr - 1 || x < runs[i + 1].lo))
			FUZZ_CHECK(!hcpcs_class_contains(cls, x));
	}
	FUZZ_CHECK(hcpcs_class_share(cls) >= 0.0 && hcpcs_class_share(cls) <= 1.0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *s = fuzz_dup(data, size);
	unsigned char *p = malloc(size + 2);
	int			cls = -1,
				cls2 = -1;
	HcpcsClassParse rc,
				rc2;

	rc = hcpcs_class_parse((const char *) s, size, &cls);
	FUZZ_CHECK(rc == HCPCS_CLASS_PARSE_OK || rc == HCPCS_CLASS_PARSE_UNKNOWN ||
			   rc == HCPCS_CLASS_PARSE_AMBIGUOUS);
	if (rc == HCPCS_CLASS_PARSE_OK)
		check_class(cls);

	/* blanks around do not matter */
	p[0] = ' ';
	memcpy(p + 1, s, size);
	p[size + 1] = ' ';
	rc2 = hcpcs_class_parse((const char *) p, size + 2, &cls2);
	FUZZ_CHECK(rc2 == rc);
	if (rc == HCPCS_CLASS_PARSE_OK)
		FUZZ_CHECK(cls2 == cls);
	free(p);
	free(s);
	return 0;
}
