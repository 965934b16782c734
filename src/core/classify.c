/*
 * classify.c
 *	  Level, category, section and class membership of an encoded code.
 *
 * Everything here is derived from two tables: the CPT section ranges and
 * the Level II section labels.  The section of a code, the runs of a class
 * and class membership all read them, so they cannot disagree.
 */
#include "classify.h"
#include "code.h"

#include <string.h>

#define SLOT_LO(slot)	(HCPCS_SUFFIX_BASE + (slot) * 10000)
#define SLOT_HI(slot)	(HCPCS_SUFFIX_BASE + (slot) * 10000 + 9999)
#define LETTER_LO(c)	(HCPCS_LEVEL2_BASE + ((c) - 'A') * 10000)
#define LETTER_HI(c)	(HCPCS_LEVEL2_BASE + ((c) - 'A') * 10000 + 9999)

/* CPT Category I sections (DOMAIN.md section 2), indexes into cpt_labels */
enum
{
	SEC_EM, SEC_ANES, SEC_SURG, SEC_RAD, SEC_PATH, SEC_MED, NSEC
};

static const char *const cpt_labels[NSEC] = {
	"Evaluation and Management",
	"Anesthesia",
	"Surgery",
	"Radiology",
	"Pathology and Laboratory",
	"Medicine"
};

/* 5-digit ranges of each section, ascending and disjoint */
static const struct
{
	int			section;
	int32_t		lo;
	int32_t		hi;
}			cpt_ranges[] = {
	{SEC_ANES, 100, 1999},
	{SEC_SURG, 10004, 69990},
	{SEC_RAD, 70010, 79999},
	{SEC_PATH, 80047, 89398},
	{SEC_MED, 90281, 99099},
	{SEC_ANES, 99100, 99140},
	{SEC_MED, 99141, 99199},
	{SEC_EM, 99202, 99499},
	{SEC_MED, 99500, 99607},
};

#define NRANGES (sizeof(cpt_ranges) / sizeof(cpt_ranges[0]))

/* Level II sections by first letter; NULL for letters that start no code */
static const char *const level2_labels[26] = {
	"Transportation, medical and surgical supplies, administrative/miscellaneous",
	"Enteral and parenteral therapy",
	"Outpatient PPS (temporary hospital codes)",
	"Dental (CDT)",
	"Durable medical equipment",
	NULL,						/* F */
	"Procedures and professional services (temporary)",
	"Behavioral health and substance abuse treatment (state Medicaid)",
	NULL,						/* I */
	"Drugs administered other than oral method, chemotherapy drugs",
	"Temporary codes for DME MACs",
	"Orthotics and prosthetics",
	"Medical services and quality measures",
	NULL,						/* N */
	NULL,						/* O */
	"Pathology and laboratory",
	"Temporary codes",
	"Diagnostic radiology",
	"Temporary national codes (non-Medicare)",
	"National codes for state Medicaid agencies",
	"Coronavirus laboratory tests",
	"Vision, hearing and speech-language services",
	NULL, NULL, NULL, NULL		/* W X Y Z */
};

static const char *const category_labels[] = {
	"CPT Category I",
	"CPT Administrative MAAA",
	"CPT PLA",
	"CPT Category II",
	"CPT Category III",
	"HCPCS Level II"
};

int
hcpcs_level(int32_t code)
{
	return code < HCPCS_LEVEL2_BASE ? 1 : 2;
}

HcpcsCategory
hcpcs_category(int32_t code)
{
	if (code < HCPCS_SUFFIX_BASE)
		return HCPCS_CAT_I;
	if (code >= HCPCS_LEVEL2_BASE)
		return HCPCS_CAT_LEVEL2;
	switch ((code - HCPCS_SUFFIX_BASE) / 10000)
	{
		case HCPCS_SLOT_A:
			return HCPCS_CAT_I;
		case HCPCS_SLOT_M:
			return HCPCS_CAT_MAAA;
		case HCPCS_SLOT_U:
			return HCPCS_CAT_PLA;
		case HCPCS_SLOT_F:
			return HCPCS_CAT_II;
		default:
			return HCPCS_CAT_III;
	}
}

const char *
hcpcs_category_label(HcpcsCategory cat)
{
	return category_labels[cat];
}

/* CPT section index of a code, or -1 */
static int
cpt_section(int32_t code)
{
	size_t		i;

	if (code >= HCPCS_LEVEL2_BASE)
		return -1;
	if (code >= HCPCS_SUFFIX_BASE)
	{
		switch ((code - HCPCS_SUFFIX_BASE) / 10000)
		{
			case HCPCS_SLOT_A:
				return SEC_MED;
			case HCPCS_SLOT_M:
			case HCPCS_SLOT_U:
				return SEC_PATH;
			default:
				return -1;		/* Category II and III: not modelled */
		}
	}
	for (i = 0; i < NRANGES && cpt_ranges[i].lo <= code; i++)
		if (code <= cpt_ranges[i].hi)
			return cpt_ranges[i].section;
	return -1;
}

const char *
hcpcs_section_label(int32_t code)
{
	int			sec;

	if (code >= HCPCS_LEVEL2_BASE)
		return level2_labels[(code - HCPCS_LEVEL2_BASE) / 10000];
	sec = cpt_section(code);
	return sec < 0 ? NULL : cpt_labels[sec];
}

/*
 * Class names.  Each class has one canonical name (listed first) and
 * aliases.  Matching is case-insensitive unless two names differ only in
 * case ("Pathology and Laboratory", the CPT section, and "Pathology and
 * laboratory", Level II section P): then the exact spelling decides, and a
 * spelling that matches both case-insensitively is reported as ambiguous.
 */
typedef struct ClassName
{
	int			cls;
	const char *name;
} ClassName;

static const ClassName class_names[] = {
	{HCPCS_CLASS_LEVEL1, "Level I"},
	{HCPCS_CLASS_LEVEL1, "Level 1"},
	{HCPCS_CLASS_LEVEL1, "HCPCS Level I"},
	{HCPCS_CLASS_LEVEL1, "CPT"},
	{HCPCS_CLASS_LEVEL2, "Level II"},
	{HCPCS_CLASS_LEVEL2, "Level 2"},
	{HCPCS_CLASS_LEVEL2, "HCPCS Level II"},
	{HCPCS_CLASS_CAT_I, "CPT Category I"},
	{HCPCS_CLASS_CAT_I, "Category I"},
	{HCPCS_CLASS_MAAA, "CPT Administrative MAAA"},
	{HCPCS_CLASS_MAAA, "MAAA"},
	{HCPCS_CLASS_PLA, "CPT PLA"},
	{HCPCS_CLASS_PLA, "PLA"},
	{HCPCS_CLASS_CAT_II, "CPT Category II"},
	{HCPCS_CLASS_CAT_II, "Category II"},
	{HCPCS_CLASS_CAT_III, "CPT Category III"},
	{HCPCS_CLASS_CAT_III, "Category III"},
	{HCPCS_CLASS_IMMUNIZATION, "CPT immunization"},
	{HCPCS_CLASS_IMMUNIZATION, "immunization"},
	{HCPCS_CLASS_EM, "Evaluation and Management"},
	{HCPCS_CLASS_EM, "E/M"},
	{HCPCS_CLASS_EM, "E&M"},
	{HCPCS_CLASS_ANESTHESIA, "Anesthesia"},
	{HCPCS_CLASS_SURGERY, "Surgery"},
	{HCPCS_CLASS_RADIOLOGY, "Radiology"},
	{HCPCS_CLASS_PATHLAB, "Pathology and Laboratory"},
	{HCPCS_CLASS_MEDICINE, "Medicine"},
};

#define NCLASSNAMES (sizeof(class_names) / sizeof(class_names[0]))

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

static unsigned char
fold(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char) (c - 'a' + 'A') : c;
}

/* Compare s[0..len) with name; *exact tells whether case matched too. */
static bool
name_matches(const char *s, size_t len, const char *name, bool *exact)
{
	size_t		nlen = strlen(name);
	size_t		i;

	if (nlen != len)
		return false;
	*exact = true;
	for (i = 0; i < len; i++)
	{
		if (s[i] != name[i])
		{
			*exact = false;
			if (fold((unsigned char) s[i]) != fold((unsigned char) name[i]))
				return false;
		}
	}
	return true;
}

HcpcsClassParse
hcpcs_class_parse(const char *s, size_t len, int *cls)
{
	int			found = -1;
	int			nfound = 0;
	bool		exact;
	size_t		i;
	int			c;

	while (len > 0 && is_space((unsigned char) s[0]))
		s++, len--;
	while (len > 0 && is_space((unsigned char) s[len - 1]))
		len--;

	/* a single letter: that Level II section */
	if (len == 1)
	{
		unsigned char l = fold((unsigned char) s[0]);

		if (hcpcs_is_level2_letter((char) l))
		{
			*cls = HCPCS_CLASS_SECTION_BASE + (l - 'A');
			return HCPCS_CLASS_PARSE_OK;
		}
		return HCPCS_CLASS_PARSE_UNKNOWN;
	}

	for (i = 0; i < NCLASSNAMES; i++)
	{
		if (name_matches(s, len, class_names[i].name, &exact))
		{
			if (exact)
			{
				*cls = class_names[i].cls;
				return HCPCS_CLASS_PARSE_OK;
			}
			if (found != class_names[i].cls)
				nfound++;
			found = class_names[i].cls;
		}
	}
	for (c = 0; c < 26; c++)
	{
		if (level2_labels[c] && name_matches(s, len, level2_labels[c], &exact))
		{
			if (exact)
			{
				*cls = HCPCS_CLASS_SECTION_BASE + c;
				return HCPCS_CLASS_PARSE_OK;
			}
			nfound++;
			found = HCPCS_CLASS_SECTION_BASE + c;
		}
	}
	if (nfound == 1)
	{
		*cls = found;
		return HCPCS_CLASS_PARSE_OK;
	}
	return nfound == 0 ? HCPCS_CLASS_PARSE_UNKNOWN : HCPCS_CLASS_PARSE_AMBIGUOUS;
}

bool
hcpcs_class_is_valid(int cls)
{
	if (cls >= HCPCS_CLASS_SECTION_BASE && cls < HCPCS_CLASS_SECTION_BASE + 26)
		return level2_labels[cls - HCPCS_CLASS_SECTION_BASE] != NULL;
	return cls == HCPCS_CLASS_LEVEL1 || cls == HCPCS_CLASS_LEVEL2 ||
		(cls >= HCPCS_CLASS_CAT_I && cls <= HCPCS_CLASS_IMMUNIZATION) ||
		(cls >= HCPCS_CLASS_EM && cls <= HCPCS_CLASS_MEDICINE);
}

const char *
hcpcs_class_name(int cls)
{
	static const char *const letters[26] = {
		"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
		"N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"
	};
	size_t		i;

	if (cls >= HCPCS_CLASS_SECTION_BASE)
		return letters[cls - HCPCS_CLASS_SECTION_BASE];
	/* the first name listed for a class is its canonical name */
	for (i = 0; i < NCLASSNAMES; i++)
		if (class_names[i].cls == cls)
			return class_names[i].name;
	return NULL;
}

/* Runs of a CPT section: its 5-digit ranges, then its suffix groups. */
static int
section_runs(int sec, HcpcsRun *runs)
{
	int			n = 0;
	size_t		i;

	for (i = 0; i < NRANGES; i++)
	{
		if (cpt_ranges[i].section == sec)
		{
			runs[n].lo = cpt_ranges[i].lo;
			runs[n].hi = cpt_ranges[i].hi;
			n++;
		}
	}
	if (sec == SEC_MED)
	{
		runs[n].lo = SLOT_LO(HCPCS_SLOT_A);
		runs[n].hi = SLOT_HI(HCPCS_SLOT_A);
		n++;
	}
	else if (sec == SEC_PATH)
	{
		/* M and U are adjacent slots: one run */
		runs[n].lo = SLOT_LO(HCPCS_SLOT_M);
		runs[n].hi = SLOT_HI(HCPCS_SLOT_U);
		n++;
	}
	return n;
}

static int
one_run(HcpcsRun *runs, int32_t lo, int32_t hi)
{
	runs[0].lo = lo;
	runs[0].hi = hi;
	return 1;
}

int
hcpcs_class_runs(int cls, HcpcsRun *runs)
{
	switch (cls)
	{
		case HCPCS_CLASS_LEVEL1:
			return one_run(runs, 0, SLOT_HI(HCPCS_SLOT_T));
		case HCPCS_CLASS_LEVEL2:
			return one_run(runs, LETTER_LO('A'), LETTER_HI('V'));
		case HCPCS_CLASS_CAT_I:
			/* 5-digit codes and the A slot right after them */
			return one_run(runs, 0, SLOT_HI(HCPCS_SLOT_A));
		case HCPCS_CLASS_MAAA:
			return one_run(runs, SLOT_LO(HCPCS_SLOT_M), SLOT_HI(HCPCS_SLOT_M));
		case HCPCS_CLASS_PLA:
			return one_run(runs, SLOT_LO(HCPCS_SLOT_U), SLOT_HI(HCPCS_SLOT_U));
		case HCPCS_CLASS_CAT_II:
			return one_run(runs, SLOT_LO(HCPCS_SLOT_F), SLOT_HI(HCPCS_SLOT_F));
		case HCPCS_CLASS_CAT_III:
			return one_run(runs, SLOT_LO(HCPCS_SLOT_T), SLOT_HI(HCPCS_SLOT_T));
		case HCPCS_CLASS_IMMUNIZATION:
			return one_run(runs, SLOT_LO(HCPCS_SLOT_A), SLOT_HI(HCPCS_SLOT_A));
		case HCPCS_CLASS_EM:
			return section_runs(SEC_EM, runs);
		case HCPCS_CLASS_ANESTHESIA:
			return section_runs(SEC_ANES, runs);
		case HCPCS_CLASS_SURGERY:
			return section_runs(SEC_SURG, runs);
		case HCPCS_CLASS_RADIOLOGY:
			return section_runs(SEC_RAD, runs);
		case HCPCS_CLASS_PATHLAB:
			return section_runs(SEC_PATH, runs);
		case HCPCS_CLASS_MEDICINE:
			return section_runs(SEC_MED, runs);
		default:
			{
				char		l = (char) ('A' + cls - HCPCS_CLASS_SECTION_BASE);

				return one_run(runs, LETTER_LO(l), LETTER_HI(l));
			}
	}
}

bool
hcpcs_class_contains(int cls, int32_t code)
{
	HcpcsRun	runs[HCPCS_MAX_RUNS];
	int			n = hcpcs_class_runs(cls, runs);
	int			i;

	for (i = 0; i < n; i++)
		if (code >= runs[i].lo && code <= runs[i].hi)
			return true;
	return false;
}

int
hcpcs_class_list(int *out, int max)
{
	int			n = 0;
	int			cls;

	for (cls = 0; cls < HCPCS_CLASS_SECTION_BASE + 26; cls++)
		if (hcpcs_class_is_valid(cls) && n < max)
			out[n++] = cls;
	return n;
}

/*
 * How many real codes each class holds, counted over the union of the code
 * lists in ../shared/data (OPPS Addendum B 2019-2026, the 2024 Level II file,
 * the CMS-HCC CPT/HCPCS list): 21,576 distinct codes.  The planner uses the
 * share as its estimate when column statistics cannot answer.
 */
#define SHARE_TOTAL 21576

static const struct
{
	int			cls;
	int			count;
}			class_counts[] = {
	{1, 12042},				/* Level I */
	{2, 9534},				/* Level II */
	{10, 10103},				/* CPT Category I */
	{11, 16},				/* CPT Administrative MAAA */
	{12, 604},				/* CPT PLA */
	{13, 566},				/* CPT Category II */
	{14, 753},				/* CPT Category III */
	{15, 52},				/* CPT immunization */
	{20, 185},				/* Evaluation and Management */
	{21, 282},				/* Anesthesia */
	{22, 6030},				/* Surgery */
	{23, 692},				/* Radiology */
	{24, 2297},				/* Pathology and Laboratory */
	{25, 1236},				/* Medicine */
	{100, 862},				/* A */
	{101, 51},				/* B */
	{102, 600},				/* C */
	{103, 872},				/* D */
	{104, 671},				/* E */
	{106, 1995},				/* G */
	{107, 92},				/* H */
	{109, 1220},				/* J */
	{110, 175},				/* K */
	{111, 940},				/* L */
	{112, 504},				/* M */
	{115, 59},				/* P */
	{116, 627},				/* Q */
	{117, 3},				/* R */
	{118, 532},				/* S */
	{119, 114},				/* T */
	{120, 5},				/* U */
	{121, 212},				/* V */
};

double
hcpcs_class_share(int cls)
{
	size_t		i;

	for (i = 0; i < sizeof(class_counts) / sizeof(class_counts[0]); i++)
		if (class_counts[i].cls == cls)
			return (double) (class_counts[i].count > 0 ? class_counts[i].count : 1) / SHARE_TOTAL;
	return 1.0 / SHARE_TOTAL;
}
