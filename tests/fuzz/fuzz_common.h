/*
 * fuzz_common.h
 *	  What the libFuzzer harnesses of tests/fuzz share: the invariant check
 *	  that turns a broken promise into a crash libFuzzer records, and the
 *	  line splitting of src/lines.c.
 *
 * The harnesses link the same src/core sources the extension links (see
 * tests/fuzz/fuzz.mk); nothing here reimplements a parser.
 */
#ifndef HCPCS_FUZZ_COMMON_H
#define HCPCS_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * An invariant the parser promises.  abort() makes libFuzzer save the
 * input as crash-* and stop, and makes `make fuzz-smoke` fail.
 */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", \
					__FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/*
 * A private copy of n bytes in a heap block of exactly n bytes (1 for an
 * empty one), so that AddressSanitizer reports a read one byte past the
 * end: the parsers promise never to read outside [s, s + len) and not to
 * need a NUL terminator.
 */
static inline unsigned char *
fuzz_dup(const uint8_t *s, size_t n)
{
	unsigned char *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	if (n)
		memcpy(p, s, n);
	return p;
}

/*
 * Split data into physical lines as src/lines.c (hcpcs_lines_next) does
 * for a server file: at each LF, the LF not part of the line, one CR
 * before it removed; a last line without LF is delivered, an empty input
 * or the end after a final LF delivers nothing.  Each line is handed over
 * in its own exact-size heap block.  Stops early when fn returns false.
 */
typedef bool (*fuzz_line_fn) (void *arg, const char *line, size_t len);

static inline void
fuzz_split_lines(const uint8_t *data, size_t size, fuzz_line_fn fn, void *arg)
{
	size_t		pos = 0;

	while (pos < size)
	{
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t		n = nl ? (size_t) (nl - (data + pos)) : size - pos;
		size_t		len = n;
		unsigned char *line;
		bool		go_on;

		if (len > 0 && data[pos + len - 1] == '\r')
			len--;
		line = fuzz_dup(data + pos, len);
		go_on = fn(arg, (const char *) line, len);
		free(line);
		pos += n + (nl ? 1 : 0);
		if (!go_on)
			break;
	}
}

/* Is s a NUL-terminated string within its array of size bytes? */
static inline bool
fuzz_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

#endif							/* HCPCS_FUZZ_COMMON_H */
