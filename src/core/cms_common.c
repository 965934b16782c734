/*
 * cms_common.c
 *	  What the CMS file parsers share (see cms_common.h).
 */
#include "cms_common.h"

bool
hcpcs_valid_yyyymmdd(int32_t d)
{
	static const int8_t mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int32_t		y = d / 10000,
				m = d / 100 % 100,
				day = d % 100;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		return false;

	/*
	 * Gregorian: February 29 only in years divisible by 4, but not by 100
	 * unless by 400
	 */
	if (m == 2 && day == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	return true;
}

bool
hcpcs_blank_line(const unsigned char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i == len)
		return true;
	for (i = 0; i < len && s[i] == 0x1A; i++)
		;
	return i == len;
}
