/*
 * cms_common.h
 *	  What the CMS file parsers of the core share: the calendar rule, blank
 *	  lines.  Pure C, no PostgreSQL headers.
 */
#ifndef HCPCS_CORE_CMS_COMMON_H
#define HCPCS_CORE_CMS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Byte classes of the CMS files (ASCII; no locale) */
static inline bool
hcpcs_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
hcpcs_is_alnum(unsigned char c)
{
	return hcpcs_is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline bool
hcpcs_is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

/*
 * Is YYYYMMDD (as an integer) a real Gregorian calendar day of a year from
 * 1 to 9999?  The one calendar rule of the core.
 */
extern bool hcpcs_valid_yyyymmdd(int32_t yyyymmdd);

/*
 * A line with nothing to read: spaces and TABs only (or nothing), or only
 * DOS end-of-file bytes (0x1A), which copies of CMS files that went
 * through DOS tools carry.
 */
extern bool hcpcs_blank_line(const unsigned char *s, size_t len);

#endif							/* HCPCS_CORE_CMS_COMMON_H */
