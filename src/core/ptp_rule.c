/*
 * ptp_rule.c
 *	  The NCCI PTP bypass decision (see ptp_rule.h).
 */
#include "ptp_rule.h"

#include <stddef.h>

/* The first modifier of mods with the given policy bit, or -1 */
static int32_t
first_with(const int16_t *mods, int n, const uint8_t *policy, uint8_t bit)
{
	int			i;

	for (i = 0; i < n; i++)
		if (mods[i] >= 0 && (policy[(uint16_t) mods[i]] & bit))
			return mods[i];
	return -1;
}

static bool
contains(const int16_t *mods, int n, int32_t m)
{
	int			i;

	for (i = 0; i < n; i++)
		if (mods[i] == m)
			return true;
	return false;
}

void
hcpcs_ptp_decide(int indicator, const int16_t *mods1, int n1,
				 const int16_t *mods2, int n2, HcpcsModifierOn on,
				 const uint8_t *policy, HcpcsPtpDecision *out)
{
	int32_t		m2,
				m1;

	out->bypassed = false;
	out->bypass_modifier = -1;
	out->notes = 0;
	if (indicator != 1)
		return;

	m2 = first_with(mods2, n2, policy, HCPCS_MODPOLICY_PTP);
	m1 = (on == HCPCS_MODON_EITHER) ? first_with(mods1, n1, policy, HCPCS_MODPOLICY_PTP) : -1;
	if (m2 >= 0)
		out->bypass_modifier = m2;
	else if (m1 >= 0)
	{
		out->bypass_modifier = m1;
		out->notes |= HCPCS_PTP_NOTE_COLUMN1_ONLY;
	}
	else
		return;
	out->bypassed = true;

	/*
	 * An anatomic modifier bypasses because the two services were at
	 * different sites; the same one on both lines says the opposite.
	 * Claims systems do not deny on it (DOMAIN.md section 3): only flagged.
	 */
	if ((policy[(uint16_t) out->bypass_modifier] & HCPCS_MODPOLICY_ANATOMIC) &&
		contains(mods1, n1, out->bypass_modifier) &&
		contains(mods2, n2, out->bypass_modifier))
		out->notes |= HCPCS_PTP_NOTE_SAME_ANATOMIC;
}
