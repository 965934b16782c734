/*
 * ptp_rule.h
 *	  The NCCI PTP decision for one pair of lines on one date: which edit is
 *	  in force, and whether a modifier bypasses it.  Pure C, no PostgreSQL
 *	  headers; dates are opaque ordered integers (the glue passes
 *	  PostgreSQL day numbers).  DOMAIN.md sections 3 and 4.
 */
#ifndef HCPCS_CORE_PTP_RULE_H
#define HCPCS_CORE_PTP_RULE_H

#include <stdbool.h>
#include <stdint.h>

/* A date later than every real date: "no deletion date" */
#define HCPCS_PTP_NO_DELETION	INT32_MAX

/* One edit window of a pair, as the cache holds it */
typedef struct HcpcsPtpWindow
{
	int32_t		effective;
	int32_t		deletion;		/* last day in force, or HCPCS_PTP_NO_DELETION */
	int8_t		indicator;		/* 0, 1 or 9 */
} HcpcsPtpWindow;

/*
 * In force on day dos: effective <= dos <= deletion (deletion is the last
 * day), and never for indicator 9, whose rows CMS publishes as deleted
 * retroactively (they are excluded explicitly, not by their dates).
 */
static inline bool
hcpcs_ptp_in_force(const HcpcsPtpWindow *w, int32_t dos)
{
	return w->indicator != 9 && w->effective <= dos && dos <= w->deletion;
}

/* Where a bypass modifier may sit */
typedef enum HcpcsModifierOn
{
	HCPCS_MODON_EITHER = 0,		/* on either line (what claims engines do) */
	HCPCS_MODON_COLUMN2			/* on the Column 2 line only (the CMS rule) */
} HcpcsModifierOn;

/* Flags about a bypass an analyst may want to look at */
#define HCPCS_PTP_NOTE_COLUMN1_ONLY		0x01	/* bypass modifier only on the
												 * Column 1 line */
#define HCPCS_PTP_NOTE_SAME_ANATOMIC	0x02	/* the same anatomic modifier
												 * on both lines */

/*
 * Modifier policy: for each 2-byte modifier value (core/modifier.h), bit 0
 * = PTP-associated, bit 1 = anatomic.  65,536 bytes, built by the glue from
 * the hcpcs_modifiers table.
 */
#define HCPCS_MODPOLICY_PTP			0x01
#define HCPCS_MODPOLICY_ANATOMIC	0x02

typedef struct HcpcsPtpDecision
{
	bool		bypassed;
	int32_t		bypass_modifier;	/* the modifier that bypasses, or -1 */
	int			notes;			/* HCPCS_PTP_NOTE_* */
} HcpcsPtpDecision;

/*
 * Decide the bypass of an edit in force with the given indicator, from the
 * modifiers of the Column 1 line and of the Column 2 line.  Indicator 0 is
 * never bypassed; indicator 1 is bypassed by the presence of a
 * PTP-associated modifier where "on" allows it.  The modifier reported is
 * the first PTP-associated one of the Column 2 line, else of the Column 1
 * line.
 */
extern void hcpcs_ptp_decide(int indicator,
							 const int16_t *mods1, int n1,
							 const int16_t *mods2, int n2,
							 HcpcsModifierOn on, const uint8_t *policy,
							 HcpcsPtpDecision *out);

#endif							/* HCPCS_CORE_PTP_RULE_H */
