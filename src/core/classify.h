/*
 * classify.h
 *	  Level, category, section and class membership of an encoded code.
 *	  Pure C, no PostgreSQL headers.
 *
 * Labels are part of the SQL interface (users and tools match on them): do
 * not reword them.
 */
#ifndef HCPCS_CORE_CLASSIFY_H
#define HCPCS_CORE_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum HcpcsCategory
{
	HCPCS_CAT_I = 0,			/* NNNNN, NNNNA */
	HCPCS_CAT_MAAA,				/* NNNNM */
	HCPCS_CAT_PLA,				/* NNNNU */
	HCPCS_CAT_II,				/* NNNNF */
	HCPCS_CAT_III,				/* NNNNT */
	HCPCS_CAT_LEVEL2			/* LNNNN */
} HcpcsCategory;

extern int	hcpcs_level(int32_t code);
extern HcpcsCategory hcpcs_category(int32_t code);
extern const char *hcpcs_category_label(HcpcsCategory cat);

/* Section label of a code, or NULL (Category II/III, 5-digit gaps) */
extern const char *hcpcs_section_label(int32_t code);

/*
 * Classes: what the @@ operator tests.  The numbers are the stored value of
 * the SQL type hcpcs_class and are frozen: never renumber, only add.
 */
typedef enum HcpcsClass
{
	HCPCS_CLASS_LEVEL1 = 1,
	HCPCS_CLASS_LEVEL2 = 2,
	HCPCS_CLASS_CAT_I = 10,
	HCPCS_CLASS_MAAA = 11,
	HCPCS_CLASS_PLA = 12,
	HCPCS_CLASS_CAT_II = 13,
	HCPCS_CLASS_CAT_III = 14,
	HCPCS_CLASS_IMMUNIZATION = 15,
	HCPCS_CLASS_EM = 20,
	HCPCS_CLASS_ANESTHESIA = 21,
	HCPCS_CLASS_SURGERY = 22,
	HCPCS_CLASS_RADIOLOGY = 23,
	HCPCS_CLASS_PATHLAB = 24,
	HCPCS_CLASS_MEDICINE = 25,
	HCPCS_CLASS_SECTION_BASE = 100	/* + letter - 'A': a Level II section */
} HcpcsClass;

/* An inclusive run [lo, hi] of encoded values, both valid codes. */
typedef struct HcpcsRun
{
	int32_t		lo;
	int32_t		hi;
} HcpcsRun;

#define HCPCS_MAX_RUNS 4

typedef enum HcpcsClassParse
{
	HCPCS_CLASS_PARSE_OK = 0,
	HCPCS_CLASS_PARSE_UNKNOWN,
	HCPCS_CLASS_PARSE_AMBIGUOUS
} HcpcsClassParse;

/* Parse a class name (case-insensitive where unambiguous, trimmed). */
extern HcpcsClassParse hcpcs_class_parse(const char *s, size_t len, int *cls);

/* Is cls a defined class number? */
extern bool hcpcs_class_is_valid(int cls);

/* Canonical name; cls must be valid. */
extern const char *hcpcs_class_name(int cls);

/* The runs that make up a class, in order; returns how many (1..4). */
extern int	hcpcs_class_runs(int cls, HcpcsRun *runs);

extern bool hcpcs_class_contains(int cls, int32_t code);

/*
 * The class's share of real codes (the CMS OPPS Addendum B list of April
 * 2026), the planner's fallback estimate when no column statistics help.
 */
extern double hcpcs_class_share(int cls);

/* All valid class numbers, for listing them; returns how many. */
extern int	hcpcs_class_list(int *out, int max);

#endif							/* HCPCS_CORE_CLASSIFY_H */
