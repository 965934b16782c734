/*
 * fuzz_recv.c
 *	  libFuzzer harness for the binary receive functions of both types:
 *	  hcpcs_code_recv (src/code_type.c) reads 4 bytes in network order and
 *	  accepts them iff hcpcs_code_is_valid_value; hcpcs_modifier_recv
 *	  (src/modifier_type.c) reads 2 and accepts iff
 *	  hcpcs_modifier_is_valid_value.  Those two core functions are the
 *	  whole validation the glue does, so they are what is called here.
 *
 * Input: the first 4 bytes are a received hcpcs_code, the first 2 a
 * received hcpcs_modifier (shorter inputs are zero-padded, as the fuzzer
 * will try every length anyway).
 *
 * Invariants:
 *	- a code value is accepted iff an independent description of the
 *	  encoding (code.h's table, written out again here) says it is valid;
 *	  an accepted one formats to 5 characters that parse back to it, and
 *	  its ordinal round-trips;
 *	- a modifier value is accepted iff both bytes are [0-9A-Z]; an
 *	  accepted one formats to those two bytes, which parse back to it.
 */
#include "fuzz_common.h"
#include "code.h"
#include "modifier.h"

static bool
code_valid_reference(int32_t v)
{
	int32_t		group;

	if (v < 0)
		return false;
	if (v <= 99999)
		return true;			/* NNNNN */
	if (v < 200000)
		return (v - 100000) / 10000 < 5;	/* NNNNx, slots A M U F T */
	if (v > 459999)
		return false;
	group = (v - 200000) / 10000;	/* the letter */
	return strchr("ABCDEGHJKLMPQRSTUV", 'A' + group) != NULL;
}

static bool
modifier_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t		b[4] = {0, 0, 0, 0};
	int32_t		code;
	int16_t		mod;
	char		buf[HCPCS_CODE_LEN + 1];
	bool		ok;

	memcpy(b, data, size < 4 ? size : 4);

	/* pq_getmsgint(buf, 4): network byte order, then cast to int32 */
	code = (int32_t) (((uint32_t) b[0] << 24) | ((uint32_t) b[1] << 16) |
					  ((uint32_t) b[2] << 8) | (uint32_t) b[3]);
	ok = hcpcs_code_is_valid_value(code);
	FUZZ_CHECK(ok == code_valid_reference(code));
	if (ok)
	{
		int32_t		w;

		hcpcs_code_format(code, buf);
		FUZZ_CHECK(strlen(buf) == HCPCS_CODE_LEN);
		FUZZ_CHECK(hcpcs_code_parse(buf, HCPCS_CODE_LEN, 0, &w, NULL) &&
				   w == code);
		FUZZ_CHECK(hcpcs_code_from_ordinal(hcpcs_code_ordinal(code)) == code);
	}

	/* pq_getmsgint(buf, 2): network byte order, then cast to int16 */
	mod = (int16_t) (uint16_t) (((unsigned) b[0] << 8) | b[1]);
	ok = hcpcs_modifier_is_valid_value(mod);
	FUZZ_CHECK(ok == (modifier_byte(b[0]) && modifier_byte(b[1])));
	if (ok)
	{
		int16_t		w;

		hcpcs_modifier_format(mod, buf);
		FUZZ_CHECK((uint8_t) buf[0] == b[0] && (uint8_t) buf[1] == b[1] &&
				   buf[2] == '\0');
		FUZZ_CHECK(hcpcs_modifier_parse(buf, 2, 0, &w, NULL) && w == mod);
	}
	return 0;
}
