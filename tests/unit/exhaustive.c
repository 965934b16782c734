/*
 * exhaustive.c
 *	  Exhaustive C-level test of the hcpcs core (src/core/code.c and
 *	  src/core/classify.c), run by `make check-core`.  No server needed.
 *
 * WHAT THIS PROVES
 *
 * 1. Grammar.  Every 5-character string over [0-9A-Z] (36^5 = 60,466,176)
 *	  is accepted by hcpcs_code_parse exactly when it matches the code
 *	  grammar of DOMAIN.md section 2, and no two strings parse to the same
 *	  value.
 * 2. Encoding.  hcpcs_code_format inverts the parser on every valid code;
 *	  hcpcs_code_is_valid_value holds for exactly the values the parser
 *	  produces (checked over the whole range -1 .. HCPCS_CODE_MAX+1 and some
 *	  far-away values); the ordinal is dense, in the type's order and
 *	  inverted by hcpcs_code_from_ordinal; next/prev step through that order.
 * 3. Order.  Integer order of the encodings is the type's order (Level I
 *	  before Level II; 5-digit codes, then the suffix groups A, M, U, F, T,
 *	  each by number; Level II by letter, then number).
 * 4. Normalization.  Lowercase, leading/trailing ASCII whitespace and
 *	  no-break spaces (U+00A0 in UTF-8 always, byte 0xA0 only with
 *	  HCPCS_PARSE_LATIN1_NBSP) are accepted; anything inside the code is not;
 *	  every string of length 0..8 over small alphabets gets the right
 *	  verdict; and the parser never reads outside the buffer it is given
 *	  (inputs are placed against PROT_NONE guard pages, so a stray read
 *	  crashes the test instead of going unnoticed).
 * 5. Error reasons.  The error, hint and position of representative bad
 *	  inputs are what code.h documents.
 * 6. Classification.  Level, category, section label and class membership
 *	  of every valid code agree with DOMAIN.md section 2; class runs are
 *	  ascending, disjoint, bounded by valid codes, and are exactly what
 *	  hcpcs_class_contains tests.
 *
 * WHY THE REFERENCE IS INDEPENDENT
 *
 * The core decides validity with its own tables (level2_rank, suffix
 * slots).  This file never uses them as an oracle: validity comes from a
 * POSIX extended regular expression compiled by libc, trimming and case
 * folding from <ctype.h> in the C locale, the order from a rank computed on
 * the code text, and classification from the text and from section ranges
 * transcribed from DOMAIN.md, not from classify.c.  A mistake would have to
 * be made twice, in two different forms, to go unnoticed.  The only core
 * facts taken as given are the frozen class numbers and HCPCS_NCODES (both
 * are interface, and the latter is checked against the count of strings
 * the regex accepts).
 *
 * Single-threaded on purpose: glibc's DFA matcher does the 60 million
 * regexec calls in a few seconds, so threads would only add noise.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE			/* MAP_ANONYMOUS */

#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "code.h"
#include "classify.h"

#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

/* The grammar of DOMAIN.md section 2, as the test's only validity oracle. */
#define CODE_REGEX "^([0-9]{4}[0-9AFMTU]|[ABCDEGHJKLMPQRSTUV][0-9]{4})$"

/* Print at most this many failure messages; count them all. */
#define MAX_REPORTED 40

/* Longest input any check builds (pads + code + pads). */
#define MAX_INPUT 64

static regex_t ref_re;
static long nfailures = 0;

/* Valid codes as text, in the order part 1 found them, then sorted. */
static char (*codes)[6];
static int32_t *code_values;
static long ncodes = 0;
static long codes_cap;

/* produced[v] = 1 if some string parsed to v */
static unsigned char *produced;

/* The accessible page between two PROT_NONE guard pages. */
static unsigned char *guard_page;
static size_t page_size;

/* The input being parsed, for the fault handler's message. */
static const char *volatile cur_input;
static volatile size_t cur_len;

static void
failf(const char *fmt,...)
{
	va_list		ap;

	nfailures++;
	if (nfailures > MAX_REPORTED)
	{
		if (nfailures == MAX_REPORTED + 1)
			fprintf(stderr, "FAIL: (further failures not shown)\n");
		return;
	}
	fprintf(stderr, "FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * A printable rendering of an input, for failure messages.  Rotates over a
 * few static buffers so one message can show several inputs.
 */
static const char *
show(const char *s, size_t len)
{
	static char bufs[4][MAX_INPUT * 4 + 3];
	static int	which = 0;
	char	   *b = bufs[which];
	char	   *p = b;
	size_t		i;

	which = (which + 1) % 4;
	*p++ = '"';
	for (i = 0; i < len && i < MAX_INPUT; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
			*p++ = (char) c;
		else
			p += sprintf(p, "\\x%02X", c);
	}
	*p++ = '"';
	*p = '\0';
	return b;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Does the NUL-terminated s match the grammar? */
static bool
ref_match(const char *s)
{
	return regexec(&ref_re, s, 0, NULL, 0) == 0;
}

/*
 * The reference verdict for arbitrary ASCII input: trim with isspace(),
 * uppercase with toupper() (C locale: exactly the six ASCII spaces and
 * a-z), then the regex.  Only for inputs without bytes >= 0x80.
 */
static bool
ref_accepts_ascii(const char *s, size_t len, size_t *off, size_t *n)
{
	char		buf[MAX_INPUT + 1];
	size_t		b = 0,
				e = len,
				i;

	while (b < e && isspace((unsigned char) s[b]))
		b++;
	while (e > b && isspace((unsigned char) s[e - 1]))
		e--;
	for (i = b; i < e; i++)
		buf[i - b] = (char) toupper((unsigned char) s[i]);
	buf[e - b] = '\0';
	*off = b;
	*n = e - b;
	return ref_match(buf);
}

/*
 * A read past a guard page faults.  Say which input did it, with only
 * async-signal-safe calls, and fail.
 */
static void
on_fault(int sig)
{
	static const char head[] =
		"FAIL: the parser read outside its buffer (fault) while parsing \"";
	static const char tail[] = "\"\nexhaustive: FAILED\n";
	static const char hex[] = "0123456789ABCDEF";
	char		msg[MAX_INPUT * 4];
	size_t		n = 0,
				i;
	ssize_t		rc;

	(void) sig;
	for (i = 0; cur_input && i < cur_len && i < MAX_INPUT; i++)
	{
		unsigned char c = (unsigned char) cur_input[i];

		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
			msg[n++] = (char) c;
		else
		{
			msg[n++] = '\\';
			msg[n++] = 'x';
			msg[n++] = hex[c >> 4];
			msg[n++] = hex[c & 15];
		}
	}
	rc = write(2, head, sizeof(head) - 1);
	rc = write(2, msg, n);
	rc = write(2, tail, sizeof(tail) - 1);
	(void) rc;
	_exit(1);
}

static void
guard_init(void)
{
	unsigned char *p;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	page_size = (size_t) sysconf(_SC_PAGESIZE);
	p = mmap(NULL, 3 * page_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED ||
		mprotect(p, page_size, PROT_NONE) != 0 ||
		mprotect(p + 2 * page_size, page_size, PROT_NONE) != 0)
	{
		perror("exhaustive: guard pages");
		exit(2);
	}
	guard_page = p + page_size;
}

static bool
same_info(const HcpcsParseInfo *a, const HcpcsParseInfo *b, bool ok)
{
	if (a->trimmed_off != b->trimmed_off || a->trimmed_len != b->trimmed_len)
		return false;
	/* on success the parser leaves the error fields alone */
	return ok || (a->error == b->error && a->hint == b->hint &&
				  a->pos == b->pos && a->ch == b->ch);
}

/*
 * Parse s[0..len) four ways and insist they agree: in place with info,
 * without info (the hint code runs only with info), and copied against
 * the guard page below and the one above, so that a read before s or at
 * s[len] faults.  Returns the verdict; *out and *info from the first way.
 */
static bool
parse_all_ways(const char *s, size_t len, unsigned options,
			   int32_t *out, HcpcsParseInfo *info)
{
	HcpcsParseInfo ilo,
				ihi;
	int32_t		v = -1,
				vnull = -1,
				vlo = -1,
				vhi = -1;
	bool		ok,
				oknull,
				oklo,
				okhi;
	unsigned char *lo = guard_page;
	unsigned char *hi = guard_page + page_size - len;

	cur_input = s;
	cur_len = len;
	memset(info, 0, sizeof(*info));
	memset(&ilo, 0, sizeof(ilo));
	memset(&ihi, 0, sizeof(ihi));

	ok = hcpcs_code_parse(s, len, options, &v, info);
	oknull = hcpcs_code_parse(s, len, options, &vnull, NULL);
	memcpy(lo, s, len);
	oklo = hcpcs_code_parse((const char *) lo, len, options, &vlo, &ilo);
	memcpy(hi, s, len);
	okhi = hcpcs_code_parse((const char *) hi, len, options, &vhi, &ihi);

	if (ok != oknull || ok != oklo || ok != okhi ||
		(ok && (v != vnull || v != vlo || v != vhi)))
		failf("parse of %s (options %u) is unstable: verdicts %d/%d/%d/%d "
			  "values %d/%d/%d/%d (in place, no info, low guard, high guard)",
			  show(s, len), options, ok, oknull, oklo, okhi,
			  (int) v, (int) vnull, (int) vlo, (int) vhi);
	else if (!same_info(info, &ilo, ok) || !same_info(info, &ihi, ok))
		failf("parse of %s gives different info at another address",
			  show(s, len));
	*out = v;
	return ok;
}


/*
 * Part 1: all 36^5 strings over [0-9A-Z] against the regex.
 */
static void
check_all_five_char_strings(void)
{
	static const char alpha[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char		s[6];
	int			i0,
				i1,
				i2,
				i3,
				i4;
	long		nstrings = 0,
				naccepted = 0,
				nrefaccepted = 0;
	unsigned char *hi = guard_page + page_size - HCPCS_CODE_LEN;

	s[5] = '\0';
	cur_input = s;
	cur_len = 5;
	for (i0 = 0; i0 < 36; i0++)
	{
		s[0] = alpha[i0];
		for (i1 = 0; i1 < 36; i1++)
		{
			s[1] = alpha[i1];
			for (i2 = 0; i2 < 36; i2++)
			{
				s[2] = alpha[i2];
				for (i3 = 0; i3 < 36; i3++)
				{
					s[3] = alpha[i3];
					for (i4 = 0; i4 < 36; i4++)
					{
						HcpcsParseInfo info;
						int32_t		v = -1,
									v2 = -1;
						bool		ref,
									ok,
									ok2;

						s[4] = alpha[i4];
						nstrings++;
						ref = ref_match(s);
						nrefaccepted += ref;
						ok = hcpcs_code_parse(s, 5, 0, &v, &info);

						/* same verdict without info, and flush with a guard */
						memcpy(hi, s, 5);
						ok2 = hcpcs_code_parse((const char *) hi, 5, 0, &v2, NULL);
						if (ok2 != ok || (ok && v2 != v))
							failf("%s: parse with and without info disagree",
								  show(s, 5));

						if (ok != ref)
						{
							failf("%s: parser says %s, grammar says %s",
								  show(s, 5), ok ? "valid" : "invalid",
								  ref ? "valid" : "invalid");
							continue;
						}
						if (!ok)
						{
							/* a 5-char ASCII value fails on its characters */
							if (info.error < HCPCS_ERR_CHAR ||
								info.error > HCPCS_ERR_CPT_SUFFIX ||
								info.pos < 1 || info.pos > 5 ||
								info.trimmed_off != 0 || info.trimmed_len != 5)
								failf("%s: implausible error %d pos %d",
									  show(s, 5), (int) info.error, info.pos);
							continue;
						}

						naccepted++;
						if (v < HCPCS_CODE_MIN || v > HCPCS_CODE_MAX)
						{
							failf("%s: value %d out of [%d, %d]", show(s, 5),
								  (int) v, HCPCS_CODE_MIN, HCPCS_CODE_MAX);
							continue;
						}
						if (produced[v])
							failf("%s: value %d already produced by another string",
								  show(s, 5), (int) v);
						produced[v] = 1;
						if (ncodes < codes_cap)
						{
							memcpy(codes[ncodes], s, 6);
							ncodes++;
						}
					}
				}
			}
		}
	}

	cur_input = NULL;
	if (naccepted != HCPCS_NCODES || nrefaccepted != HCPCS_NCODES)
		failf("accepted %ld strings, grammar accepts %ld, HCPCS_NCODES is %d",
			  naccepted, nrefaccepted, HCPCS_NCODES);
	printf("1. grammar: %ld strings over [0-9A-Z]{5}: %ld valid, %ld invalid, "
		   "parser and POSIX regex agree\n",
		   nstrings, nrefaccepted, nstrings - nrefaccepted);
}


/*
 * The type's order, computed from the text alone: a group number, then the
 * code's number.  Groups: 0 5-digit, 1..5 suffixes A M U F T, then Level II
 * by letter.
 */
static long
text_rank(const char *t)
{
	long		group;
	long		num;

	if (isalpha((unsigned char) t[0]))
	{
		group = 10 + (t[0] - 'A');
		num = strtol(t + 1, NULL, 10);
	}
	else if (isdigit((unsigned char) t[4]))
	{
		group = 0;
		num = strtol(t, NULL, 10);
	}
	else
	{
		char		digits[5];

		group = 1 + (strchr("AMUFT", t[4]) - "AMUFT");
		memcpy(digits, t, 4);
		digits[4] = '\0';
		num = strtol(digits, NULL, 10);
	}
	return group * 100000 + num;
}

static int
cmp_text_rank(const void *a, const void *b)
{
	long		ra = text_rank((const char *) a);
	long		rb = text_rank((const char *) b);

	return (ra > rb) - (ra < rb);
}

/*
 * Part 2 and 3: encoding, ordinals and order.
 */
static void
check_encoding_and_order(void)
{
	/* code.h's examples of the order, written out by hand */
	static const char *const landmarks[] = {
		"00000", "00100", "01999", "10004", "99213", "99999",
		"0001A", "9999A", "0001M", "9999M", "0001U", "9999U",
		"0001F", "3074F", "0001T", "0591T", "9999T",
		"A0000", "B9999", "E0114", "G0008", "J1100", "V9999"
	};
	static const int32_t far_values[] = {
		INT32_MIN, INT32_MIN + 1, -1000000, -100000, -2, -1,
		HCPCS_CODE_MAX + 1, HCPCS_CODE_MAX + 2, 1000000, INT32_MAX - 1,
		INT32_MAX
	};
	long		i;
	long		nvalidvals = 0;
	int32_t		prev = -1;
	size_t		k;

	/* is_valid_value: exactly the produced values */
	for (i = -1; i <= (long) HCPCS_CODE_MAX + 1; i++)
	{
		bool		expect = i >= 0 && i <= HCPCS_CODE_MAX && produced[i];

		if (hcpcs_code_is_valid_value((int32_t) i) != expect)
			failf("hcpcs_code_is_valid_value(%ld) is %d, expected %d",
				  i, !expect, expect);
		nvalidvals += expect;
	}
	for (k = 0; k < sizeof(far_values) / sizeof(far_values[0]); k++)
		if (hcpcs_code_is_valid_value(far_values[k]))
			failf("hcpcs_code_is_valid_value(%d) is true", (int) far_values[k]);
	printf("2. encoding: is_valid_value true for exactly the %ld produced values "
		   "among %ld in [-1, %d] (+%zu far values)\n",
		   nvalidvals, (long) HCPCS_CODE_MAX + 3, HCPCS_CODE_MAX + 1,
		   sizeof(far_values) / sizeof(far_values[0]));

	/* sort by the text rank; the encodings must then strictly increase */
	qsort(codes, (size_t) ncodes, sizeof(codes[0]), cmp_text_rank);
	for (i = 0; i < ncodes; i++)
	{
		int32_t		v;
		HcpcsParseInfo info;
		char		buf[8];

		if (!hcpcs_code_parse(codes[i], 5, 0, &v, &info))
		{
			failf("%s no longer parses", show(codes[i], 5));
			continue;
		}
		code_values[i] = v;

		memset(buf, '#', sizeof(buf));
		hcpcs_code_format(v, buf);
		if (memcmp(buf, codes[i], 6) != 0)
			failf("%s parses to %d, which formats as %s",
				  show(codes[i], 5), (int) v, show(buf, 6));
		if (!hcpcs_code_is_valid_value(v))
			failf("%s: value %d not valid", show(codes[i], 5), (int) v);
		if (i > 0 && v <= prev)
			failf("order: %s (%d) sorts after %s (%d) but encodes lower",
				  show(codes[i], 5), (int) v, show(codes[i - 1], 5), (int) prev);
		if (hcpcs_code_ordinal(v) != i)
			failf("ordinal of %s is %d, expected %ld",
				  show(codes[i], 5), (int) hcpcs_code_ordinal(v), i);
		if (hcpcs_code_from_ordinal((int32_t) i) != v)
			failf("from_ordinal(%ld) is %d, expected %d (%s)",
				  i, (int) hcpcs_code_from_ordinal((int32_t) i), (int) v,
				  show(codes[i], 5));
		prev = v;
	}

	/* next/prev walk the same order; the ends have no neighbour */
	for (i = 0; i < ncodes; i++)
	{
		int32_t		n = -1,
					p = -1;
		bool		hasn = hcpcs_code_next(code_values[i], &n);
		bool		hasp = hcpcs_code_prev(code_values[i], &p);

		if (hasn != (i + 1 < ncodes) || (hasn && n != code_values[i + 1]))
			failf("next(%s) is %s%d", show(codes[i], 5),
				  hasn ? "" : "none, ", (int) n);
		if (hasp != (i > 0) || (hasp && p != code_values[i - 1]))
			failf("prev(%s) is %s%d", show(codes[i], 5),
				  hasp ? "" : "none, ", (int) p);
	}

	/* the hand-written landmarks are in strictly increasing encoding order */
	prev = -1;
	for (k = 0; k < sizeof(landmarks) / sizeof(landmarks[0]); k++)
	{
		int32_t		v;
		HcpcsParseInfo info;

		if (!hcpcs_code_parse(landmarks[k], 5, 0, &v, &info))
			failf("landmark %s rejected", landmarks[k]);
		else if (v <= prev)
			failf("landmark %s (%d) does not sort after the previous one (%d)",
				  landmarks[k], (int) v, (int) prev);
		else
			prev = v;
	}
	if (text_rank("0099U") <= text_rank("01999") ||
		text_rank("3074F") <= text_rank("69990"))
		failf("test oracle text_rank is broken");

	printf("2. round trip: parse/format identical, ordinal = rank 0..%ld and "
		   "from_ordinal inverse, next/prev agree, for all %ld valid codes\n",
		   ncodes - 1, ncodes);
	printf("3. order: encodings strictly increase in text-rank order over "
		   "%ld codes (+%zu hand-written landmarks)\n",
		   ncodes, sizeof(landmarks) / sizeof(landmarks[0]));
}


/* xorshift64*: a fixed, reproducible sample */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t) ((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

/*
 * Every string of length lo..hi over alpha, checked against the reference
 * and for buffer bounds.  Returns how many strings.
 */
static long
check_all_strings(const char *alpha, int lo, int hi, long *naccepted)
{
	int			na = (int) strlen(alpha);
	int			len;
	long		total = 0;

	for (len = lo; len <= hi; len++)
	{
		int			idx[MAX_INPUT];
		char		s[MAX_INPUT + 1];
		int			j;

		for (j = 0; j < len; j++)
		{
			idx[j] = 0;
			s[j] = alpha[0];
		}
		s[len] = '\0';
		for (;;)
		{
			HcpcsParseInfo info;
			int32_t		v;
			size_t		roff,
						rn;
			bool		ref = ref_accepts_ascii(s, (size_t) len, &roff, &rn);
			bool		ok = parse_all_ways(s, (size_t) len, 0, &v, &info);

			total++;
			if (ok != ref)
				failf("%s: parser says %s, trimmed and uppercased grammar says %s",
					  show(s, (size_t) len), ok ? "valid" : "invalid",
					  ref ? "valid" : "invalid");
			else if (info.trimmed_off != roff || info.trimmed_len != rn)
				failf("%s: trimmed to [%zu, +%zu), expected [%zu, +%zu)",
					  show(s, (size_t) len), info.trimmed_off,
					  info.trimmed_len, roff, rn);
			else if (!ok && rn == 0 && info.error != HCPCS_ERR_EMPTY)
				failf("%s: error %d, expected EMPTY", show(s, (size_t) len),
					  (int) info.error);
			else if (!ok && rn != 0 && rn != 5 && info.error != HCPCS_ERR_LENGTH)
				failf("%s: error %d, expected LENGTH", show(s, (size_t) len),
					  (int) info.error);
			*naccepted += ok;

			/* next string, odometer style */
			for (j = len - 1; j >= 0; j--)
			{
				if (++idx[j] < na)
				{
					s[j] = alpha[idx[j]];
					break;
				}
				idx[j] = 0;
				s[j] = alpha[0];
			}
			if (j < 0)
				break;
		}
	}
	return total;
}

/* Build lead + code + trail into buf; returns its length. */
static size_t
build(char *buf, const char *lead, const char *code, size_t codelen,
	  const char *trail)
{
	size_t		n = 0;

	memcpy(buf + n, lead, strlen(lead));
	n += strlen(lead);
	memcpy(buf + n, code, codelen);
	n += codelen;
	memcpy(buf + n, trail, strlen(trail));
	n += strlen(trail);
	return n;
}

/*
 * Part 4: case, whitespace, no-break spaces, lengths 0..8, buffer bounds.
 */
static void
check_normalization(void)
{
	/* pads trimmed in any encoding (U+00A0 is C2 A0 in UTF-8) */
	static const char *const pads[] = {
		"", " ", "\t", "\n", "\r", "\v", "\f", "\xC2\xA0",
		" \t\n\r\v\f", "\xC2\xA0\xC2\xA0", " \xC2\xA0\t", "\r\n"
	};
	/* pads with the Latin-1 no-break space byte */
	static const char *const latin_pads[] = {
		"\xA0", "\xA0\xA0", " \xA0\t", "\t\xA0 ", "\xA0 \xA0"
	};
	/* bytes that must not appear inside a code */
	static const char *const inner[] = {" ", "\t", "\xC2\xA0", "\xA0", "-", "."};
	/* incomplete or non-NBSP high bytes are never trimmed */
	static const char *const bad_pads[] = {
		"\xC2", "\xA0\xC2", "\xC2\xA0\xC2", "\xC3\xA0", "\xE2\x80\x83",
		"\x01", "\x7F", "\x0B\x1C"
	};
#define NPADS ((long) (sizeof(pads) / sizeof(pads[0])))
#define NLATIN ((long) (sizeof(latin_pads) / sizeof(latin_pads[0])))
	long		i;
	long		nlower = 0,
				nmixed = 0,
				npadded = 0,
				nlatin = 0,
				ninner = 0,
				nbad = 0,
				nshort = 0,
				nlong = 0,
				nacc_short = 0,
				nacc_long = 0,
				nheap = 0;
	char		buf[MAX_INPUT];
	size_t		len;
	size_t		k;

	for (i = 0; i < ncodes; i++)
	{
		const char *c = codes[i];
		int32_t		want = code_values[i];
		int32_t		v;
		HcpcsParseInfo info;
		const char *lead;
		const char *trail;
		unsigned	opt;

		/* lowercase: every valid code has its letter (if any) at 1 or 5 */
		for (k = 0; k < 5; k++)
			buf[k] = (char) tolower((unsigned char) c[k]);
		if (!hcpcs_code_parse(buf, 5, 0, &v, &info) || v != want)
			failf("lowercase %s does not parse to %d", show(buf, 5), (int) want);
		nlower++;

		/* every pair of pads, each pair over about 2,300 codes */
		lead = pads[i % NPADS];
		trail = pads[(i / NPADS) % NPADS];
		len = build(buf, lead, c, 5, trail);
		if (!parse_all_ways(buf, len, 0, &v, &info) || v != want ||
			info.trimmed_off != strlen(lead) || info.trimmed_len != 5)
			failf("%s not trimmed to %s", show(buf, len), show(c, 5));
		npadded++;

		/* 0xA0 alone: a no-break space with the option, invalid without */
		lead = (i % 2) ? latin_pads[(i / 2) % NLATIN] : "";
		trail = (i % 2) ? "" : latin_pads[(i / 2) % NLATIN];
		len = build(buf, lead, c, 5, trail);
		if (!parse_all_ways(buf, len, HCPCS_PARSE_LATIN1_NBSP, &v, &info) ||
			v != want)
			failf("%s not trimmed with HCPCS_PARSE_LATIN1_NBSP", show(buf, len));
		if (parse_all_ways(buf, len, 0, &v, &info) ||
			info.error != HCPCS_ERR_NON_ASCII)
			failf("%s accepted (or not NON_ASCII) without HCPCS_PARSE_LATIN1_NBSP",
				  show(buf, len));
		/* ASCII pads still work with the option */
		len = build(buf, pads[i % 7], c, 5, pads[(i / 7) % 7]);
		if (!parse_all_ways(buf, len, HCPCS_PARSE_LATIN1_NBSP, &v, &info) ||
			v != want)
			failf("%s not trimmed with HCPCS_PARSE_LATIN1_NBSP", show(buf, len));
		nlatin += 3;

		/* something inside the code: always rejected, with either option */
		{
			const char *in = inner[i % (sizeof(inner) / sizeof(inner[0]))];
			size_t		at = 1 + (size_t) (i / 7) % 4;
			size_t		inlen = strlen(in);

			memcpy(buf, c, at);
			memcpy(buf + at, in, inlen);
			memcpy(buf + at + inlen, c + at, 5 - at);
			len = 5 + inlen;
			if (parse_all_ways(buf, len, 0, &v, &info) ||
				parse_all_ways(buf, len, HCPCS_PARSE_LATIN1_NBSP, &v, &info))
				failf("%s accepted", show(buf, len));
			ninner += 2;
		}

		/* a non-space byte next to the code is never trimmed */
		{
			const char *bad = bad_pads[i % (sizeof(bad_pads) / sizeof(bad_pads[0]))];

			len = (i / 3) % 2 ? build(buf, bad, c, 5, "") : build(buf, "", c, 5, bad);
			for (opt = 0; opt <= HCPCS_PARSE_LATIN1_NBSP; opt++)
				if (parse_all_ways(buf, len, opt, &v, &info))
					failf("%s accepted with options %u", show(buf, len), opt);
			nbad += 2;
		}
	}

	/* all pads around a few codes, all pairs */
	{
		static const char *const some[] = {"00000", "99213", "0001A", "0591T", "J1100", "V9999"};
		size_t		a,
					b;

		for (k = 0; k < sizeof(some) / sizeof(some[0]); k++)
		{
			int32_t		want,
						v;
			HcpcsParseInfo info;

			hcpcs_code_parse(some[k], 5, 0, &want, &info);
			for (a = 0; a < (size_t) NPADS; a++)
				for (b = 0; b < (size_t) NPADS; b++)
				{
					len = build(buf, pads[a], some[k], 5, pads[b]);
					if (!parse_all_ways(buf, len, 0, &v, &info) || v != want)
						failf("%s not trimmed", show(buf, len));
					npadded++;
				}
		}
	}

	/* mixed case and random junk over a wider alphabet, 5 characters */
	{
		static const char wide[] =
			"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

		for (i = 0; i < 2000000; i++)
		{
			int32_t		v;
			HcpcsParseInfo info;
			size_t		roff,
						rn;

			for (k = 0; k < 5; k++)
				buf[k] = wide[rng() % (sizeof(wide) - 1)];
			/* half the samples are a valid code in random case */
			if (i % 2)
			{
				memcpy(buf, codes[rng() % (uint32_t) ncodes], 5);
				for (k = 0; k < 5; k++)
					if (rng() % 2)
						buf[k] = (char) tolower((unsigned char) buf[k]);
			}
			if (hcpcs_code_parse(buf, 5, 0, &v, &info) !=
				ref_accepts_ascii(buf, 5, &roff, &rn))
				failf("%s: parser disagrees with the grammar", show(buf, 5));
			nmixed++;
		}
	}

	/*
	 * Every string of length 0..8 over small alphabets.  Seven and eight
	 * characters need the smaller one to stay fast; both hold digits,
	 * letters that are valid and invalid in each position, lowercase,
	 * punctuation and spaces.
	 */
	nshort = check_all_strings("019AFJTWaf-. \t", 0, 6, &nacc_short);
	nlong = check_all_strings("09Jat-. ", 7, 8, &nacc_long);

	/* an exact-size heap copy too, for runs under valgrind or ASan */
	for (i = 0; i < ncodes; i += 97)
	{
		char	   *h;
		int32_t		v;
		HcpcsParseInfo info;

		len = build(buf, pads[i % NPADS], codes[i], 5, pads[(i / 3) % NPADS]);
		h = malloc(len ? len : 1);
		if (!h)
		{
			perror("malloc");
			exit(2);
		}
		memcpy(h, buf, len);
		if (!hcpcs_code_parse(h, len, 0, &v, &info) || v != code_values[i])
			failf("heap copy of %s not parsed", show(buf, len));
		free(h);
		nheap++;
	}

	printf("4. normalization: %ld lowercase codes, %ld padded with ASCII "
		   "space/U+00A0, %ld with 0xA0 with/without option, %ld with "
		   "something inside, %ld with untrimmable bytes, %ld random mixed-case\n",
		   nlower, npadded, nlatin, ninner, nbad, nmixed);
	printf("4. lengths: %ld strings of length 0..6 (%ld valid) and %ld of "
		   "length 7..8 (%ld valid) match the trimmed, uppercased grammar; "
		   "all placed against guard pages (+%ld exact-size heap copies)\n",
		   nshort, nacc_short, nlong, nacc_long, nheap);
#undef NPADS
#undef NLATIN
}


/*
 * Part 5: error, hint and position of representative inputs, as code.h
 * documents them.
 */
typedef struct ErrorCase
{
	const char *input;
	unsigned	options;
	HcpcsCodeError error;
	HcpcsCodeHint hint;
	int			pos;			/* 1-based, in the trimmed value */
	int			ch;				/* the byte, or -1: do not check */
	size_t		trimmed_off;
} ErrorCase;

static const ErrorCase error_cases[] = {
	{"", 0, HCPCS_ERR_EMPTY, HCPCS_HINT_EMPTY, 0, -1, 0},
	{"   ", 0, HCPCS_ERR_EMPTY, HCPCS_HINT_EMPTY, 0, -1, 3},
	{"\xC2\xA0\t", 0, HCPCS_ERR_EMPTY, HCPCS_HINT_EMPTY, 0, -1, 3},
	{"\xA0", HCPCS_PARSE_LATIN1_NBSP, HCPCS_ERR_EMPTY, HCPCS_HINT_EMPTY, 0, -1, 1},
	/* in a single-byte encoding C2 A0 is two characters: only A0 is trimmed */
	{"99213\xC2\xA0", HCPCS_PARSE_LATIN1_NBSP, HCPCS_ERR_NON_ASCII, HCPCS_HINT_NONE, 6, 0xC2, 0},
	{"\xC2\xA0" "99213", HCPCS_PARSE_LATIN1_NBSP, HCPCS_ERR_NON_ASCII, HCPCS_HINT_NONE, 1, 0xC2, 0},
	{"99213-25", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_MODIFIER_ATTACHED, 0, -1, 0},
	{"9921325", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_MODIFIER_ATTACHED, 0, -1, 0},
	{"J1100RT", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_MODIFIER_ATTACHED, 0, -1, 0},
	{"J1100 RT", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_MODIFIER_ATTACHED, 0, -1, 0},
	{" 99213-25 ", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_MODIFIER_ATTACHED, 0, -1, 1},
	{"100", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_LEADING_ZEROS, 0, -1, 0},
	{"1234", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_LEADING_ZEROS, 0, -1, 0},
	{"10004.0", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_SPREADSHEET_FLOAT, 0, -1, 0},
	{"25", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_LOOKS_LIKE_MODIFIER, 0, -1, 0},
	{"LT", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_LOOKS_LIKE_MODIFIER, 0, -1, 0},
	{"992130", 0, HCPCS_ERR_LENGTH, HCPCS_HINT_NONE, 0, -1, 0},
	{"W1234", 0, HCPCS_ERR_LEVEL2_LETTER, HCPCS_HINT_NONE, 1, 'W', 0},
	{"1234X", 0, HCPCS_ERR_CPT_SUFFIX, HCPCS_HINT_NONE, 5, 'X', 0},
	{"12A45", 0, HCPCS_ERR_CPT_DIGIT, HCPCS_HINT_NONE, 3, 'A', 0},
	{"J12A4", 0, HCPCS_ERR_LEVEL2_DIGIT, HCPCS_HINT_NONE, 4, 'A', 0},
	{"j12a4", 0, HCPCS_ERR_LEVEL2_DIGIT, HCPCS_HINT_NONE, 4, 'A', 0},
	{"CCCCC", 0, HCPCS_ERR_LEVEL2_DIGIT, HCPCS_HINT_PLACEHOLDER, 2, 'C', 0},
	{"ccccc", 0, HCPCS_ERR_LEVEL2_DIGIT, HCPCS_HINT_PLACEHOLDER, 2, 'C', 0},
	{"99-13", 0, HCPCS_ERR_CHAR, HCPCS_HINT_NONE, 3, '-', 0},
	{"  99-13", 0, HCPCS_ERR_CHAR, HCPCS_HINT_NONE, 3, '-', 2},
	{"99 13", 0, HCPCS_ERR_CHAR, HCPCS_HINT_NONE, 3, ' ', 0},
	{"9921\xC3\xA9", 0, HCPCS_ERR_NON_ASCII, HCPCS_HINT_NONE, 5, 0xC3, 0},
	{"99213\xA0", 0, HCPCS_ERR_NON_ASCII, HCPCS_HINT_NONE, 6, 0xA0, 0},
	{"99\xC2\xA0" "13", 0, HCPCS_ERR_NON_ASCII, HCPCS_HINT_NONE, 3, 0xC2, 0},
	{"O1234", 0, HCPCS_ERR_LEVEL2_LETTER, HCPCS_HINT_LETTER_O, 1, 'O', 0},
	{"I1234", 0, HCPCS_ERR_LEVEL2_LETTER, HCPCS_HINT_LETTER_I, 1, 'I', 0},
	{"9O213", 0, HCPCS_ERR_CPT_DIGIT, HCPCS_HINT_LETTER_O, 2, 'O', 0},
	{"J1I00", 0, HCPCS_ERR_LEVEL2_DIGIT, HCPCS_HINT_LETTER_I, 3, 'I', 0},
};

static const char *
error_name(HcpcsCodeError e)
{
	static const char *const names[] = {
		"OK", "EMPTY", "NON_ASCII", "LENGTH", "CHAR", "LEVEL2_LETTER",
		"LEVEL2_DIGIT", "CPT_DIGIT", "CPT_SUFFIX"
	};

	return ((int) e >= 0 && (int) e <= (int) HCPCS_ERR_CPT_SUFFIX) ? names[e] : "?";
}

static const char *
hint_name(HcpcsCodeHint h)
{
	static const char *const names[] = {
		"NONE", "EMPTY", "MODIFIER_ATTACHED", "LEADING_ZEROS",
		"SPREADSHEET_FLOAT", "LOOKS_LIKE_MODIFIER", "PLACEHOLDER",
		"LETTER_O", "LETTER_I"
	};

	return ((int) h >= 0 && (int) h <= (int) HCPCS_HINT_LETTER_I) ? names[h] : "?";
}

static void
check_error_reasons(void)
{
	size_t		k;

	for (k = 0; k < sizeof(error_cases) / sizeof(error_cases[0]); k++)
	{
		const ErrorCase *ec = &error_cases[k];
		size_t		len = strlen(ec->input);
		HcpcsParseInfo info;
		int32_t		v;

		if (parse_all_ways(ec->input, len, ec->options, &v, &info))
		{
			failf("%s accepted as %d", show(ec->input, len), (int) v);
			continue;
		}
		if (info.error != ec->error || info.hint != ec->hint ||
			info.pos != ec->pos || info.trimmed_off != ec->trimmed_off ||
			(ec->ch != -1 && (unsigned char) info.ch != ec->ch))
			failf("%s: got %s/%s pos %d ch 0x%02X off %zu, expected "
				  "%s/%s pos %d ch 0x%02X off %zu",
				  show(ec->input, len),
				  error_name(info.error), hint_name(info.hint), info.pos,
				  (unsigned char) info.ch, info.trimmed_off,
				  error_name(ec->error), hint_name(ec->hint), ec->pos,
				  (unsigned) ec->ch, ec->trimmed_off);
	}
	printf("5. error reasons: %zu representative inputs give the documented "
		   "error, hint and position\n",
		   sizeof(error_cases) / sizeof(error_cases[0]));
}


/*
 * Part 6: classification, from the text, transcribed from DOMAIN.md.
 *
 * The labels are frozen SQL interface (classify.h), so they are spelled
 * out here once more: a rewording in classify.c fails this test.
 */
static const char *const oracle_level2_labels[][2] = {
	{"A", "Transportation, medical and surgical supplies, administrative/miscellaneous"},
	{"B", "Enteral and parenteral therapy"},
	{"C", "Outpatient PPS (temporary hospital codes)"},
	{"D", "Dental (CDT)"},
	{"E", "Durable medical equipment"},
	{"G", "Procedures and professional services (temporary)"},
	{"H", "Behavioral health and substance abuse treatment (state Medicaid)"},
	{"J", "Drugs administered other than oral method, chemotherapy drugs"},
	{"K", "Temporary codes for DME MACs"},
	{"L", "Orthotics and prosthetics"},
	{"M", "Medical services and quality measures"},
	{"P", "Pathology and laboratory"},
	{"Q", "Temporary codes"},
	{"R", "Diagnostic radiology"},
	{"S", "Temporary national codes (non-Medicare)"},
	{"T", "National codes for state Medicaid agencies"},
	{"U", "Coronavirus laboratory tests"},
	{"V", "Vision, hearing and speech-language services"},
};

#define S_EM	"Evaluation and Management"
#define S_ANES	"Anesthesia"
#define S_SURG	"Surgery"
#define S_RAD	"Radiology"
#define S_PATH	"Pathology and Laboratory"
#define S_MED	"Medicine"

static const char *
oracle_section(const char *t)
{
	long		n;
	size_t		k;

	if (isalpha((unsigned char) t[0]))
	{
		for (k = 0; k < sizeof(oracle_level2_labels) / sizeof(oracle_level2_labels[0]); k++)
			if (oracle_level2_labels[k][0][0] == t[0])
				return oracle_level2_labels[k][1];
		return "(no such letter)";
	}
	switch (t[4])
	{
		case 'A':
			return S_MED;
		case 'M':
		case 'U':
			return S_PATH;
		case 'F':
		case 'T':
			return NULL;
	}
	n = strtol(t, NULL, 10);
	if (n >= 99202 && n <= 99499)
		return S_EM;
	if ((n >= 100 && n <= 1999) || (n >= 99100 && n <= 99140))
		return S_ANES;
	if (n >= 10004 && n <= 69990)
		return S_SURG;
	if (n >= 70010 && n <= 79999)
		return S_RAD;
	if (n >= 80047 && n <= 89398)
		return S_PATH;
	if ((n >= 90281 && n <= 99099) || (n >= 99141 && n <= 99199) ||
		(n >= 99500 && n <= 99607))
		return S_MED;
	return NULL;
}

static const char *
oracle_category_label(const char *t)
{
	if (isalpha((unsigned char) t[0]))
		return "HCPCS Level II";
	switch (t[4])
	{
		case 'M':
			return "CPT Administrative MAAA";
		case 'U':
			return "CPT PLA";
		case 'F':
			return "CPT Category II";
		case 'T':
			return "CPT Category III";
		default:
			return "CPT Category I";	/* digit or A */
	}
}

static HcpcsCategory
oracle_category(const char *t)
{
	if (isalpha((unsigned char) t[0]))
		return HCPCS_CAT_LEVEL2;
	switch (t[4])
	{
		case 'M':
			return HCPCS_CAT_MAAA;
		case 'U':
			return HCPCS_CAT_PLA;
		case 'F':
			return HCPCS_CAT_II;
		case 'T':
			return HCPCS_CAT_III;
		default:
			return HCPCS_CAT_I;
	}
}

/* Is the code with text t in class cls?  From the text only. */
static bool
oracle_member(int cls, const char *t)
{
	const char *sec = oracle_section(t);
	bool		l2 = isalpha((unsigned char) t[0]);

	switch (cls)
	{
		case HCPCS_CLASS_LEVEL1:
			return !l2;
		case HCPCS_CLASS_LEVEL2:
			return l2;
		case HCPCS_CLASS_CAT_I:
			return !l2 && (isdigit((unsigned char) t[4]) || t[4] == 'A');
		case HCPCS_CLASS_MAAA:
			return !l2 && t[4] == 'M';
		case HCPCS_CLASS_PLA:
			return !l2 && t[4] == 'U';
		case HCPCS_CLASS_CAT_II:
			return !l2 && t[4] == 'F';
		case HCPCS_CLASS_CAT_III:
			return !l2 && t[4] == 'T';
		case HCPCS_CLASS_IMMUNIZATION:
			return !l2 && t[4] == 'A';
		case HCPCS_CLASS_EM:
			return !l2 && sec && strcmp(sec, S_EM) == 0;
		case HCPCS_CLASS_ANESTHESIA:
			return !l2 && sec && strcmp(sec, S_ANES) == 0;
		case HCPCS_CLASS_SURGERY:
			return !l2 && sec && strcmp(sec, S_SURG) == 0;
		case HCPCS_CLASS_RADIOLOGY:
			return !l2 && sec && strcmp(sec, S_RAD) == 0;
		case HCPCS_CLASS_PATHLAB:
			return !l2 && sec && strcmp(sec, S_PATH) == 0;
		case HCPCS_CLASS_MEDICINE:
			return !l2 && sec && strcmp(sec, S_MED) == 0;
		default:
			return l2 && t[0] == 'A' + (cls - HCPCS_CLASS_SECTION_BASE);
	}
}

static void
check_classification(void)
{
	/* the classes DOMAIN.md defines, with their frozen numbers */
	static const int expected_classes[] = {
		HCPCS_CLASS_LEVEL1, HCPCS_CLASS_LEVEL2,
		HCPCS_CLASS_CAT_I, HCPCS_CLASS_MAAA, HCPCS_CLASS_PLA,
		HCPCS_CLASS_CAT_II, HCPCS_CLASS_CAT_III, HCPCS_CLASS_IMMUNIZATION,
		HCPCS_CLASS_EM, HCPCS_CLASS_ANESTHESIA, HCPCS_CLASS_SURGERY,
		HCPCS_CLASS_RADIOLOGY, HCPCS_CLASS_PATHLAB, HCPCS_CLASS_MEDICINE,
		100 + 'A' - 'A', 100 + 'B' - 'A', 100 + 'C' - 'A', 100 + 'D' - 'A',
		100 + 'E' - 'A', 100 + 'G' - 'A', 100 + 'H' - 'A', 100 + 'J' - 'A',
		100 + 'K' - 'A', 100 + 'L' - 'A', 100 + 'M' - 'A', 100 + 'P' - 'A',
		100 + 'Q' - 'A', 100 + 'R' - 'A', 100 + 'S' - 'A', 100 + 'T' - 'A',
		100 + 'U' - 'A', 100 + 'V' - 'A'
	};
	/* hand-checked anchors for the oracle itself */
	static const char *const anchors[][2] = {
		{"99213", S_EM}, {"99201", NULL}, {"00000", NULL}, {"00099", NULL},
		{"00100", S_ANES}, {"01999", S_ANES}, {"99140", S_ANES},
		{"10004", S_SURG}, {"69990", S_SURG}, {"69991", NULL},
		{"70010", S_RAD}, {"80047", S_PATH}, {"89399", NULL},
		{"90281", S_MED}, {"99141", S_MED}, {"99607", S_MED}, {"99608", NULL},
		{"0001A", S_MED}, {"0002M", S_PATH}, {"0001U", S_PATH},
		{"3074F", NULL}, {"0591T", NULL},
		{"J1100", "Drugs administered other than oral method, chemotherapy drugs"},
		{"P9603", "Pathology and laboratory"},
	};
	int			classes[256];
	int			nclasses;
	int			c;
	long		i;
	long		nmember = 0;
	long		nvals = 0;
	size_t		k;
	long		sec_count[7] = {0};
	static const char *const sec_names[7] = {
		S_EM, S_ANES, S_SURG, S_RAD, S_PATH, S_MED, "(none)"
	};

	for (k = 0; k < sizeof(anchors) / sizeof(anchors[0]); k++)
	{
		const char *got = oracle_section(anchors[k][0]);
		int32_t		v;
		HcpcsParseInfo info;
		const char *core;

		if ((got == NULL) != (anchors[k][1] == NULL) ||
			(got && strcmp(got, anchors[k][1]) != 0))
			failf("test oracle: section of %s is %s", anchors[k][0],
				  got ? got : "NULL");
		if (!hcpcs_code_parse(anchors[k][0], 5, 0, &v, &info))
			failf("anchor %s rejected", anchors[k][0]);
		core = hcpcs_section_label(v);
		if ((core == NULL) != (anchors[k][1] == NULL) ||
			(core && strcmp(core, anchors[k][1]) != 0))
			failf("section of %s is %s, expected %s", anchors[k][0],
				  core ? core : "NULL", anchors[k][1] ? anchors[k][1] : "NULL");
	}

	/* letters and suffixes, over every byte */
	for (c = -128; c < 128; c++)
	{
		const char *sfx = "AMUFT";
		char		ch = (char) c;
		bool		l2 = c > 0 && strchr("ABCDEGHJKLMPQRSTUV", c) != NULL;
		int			slot = (c > 0 && strchr(sfx, c)) ? (int) (strchr(sfx, c) - sfx) : -1;

		if (hcpcs_is_level2_letter(ch) != l2)
			failf("hcpcs_is_level2_letter(0x%02X) is %d", (unsigned char) ch, !l2);
		if (hcpcs_suffix_slot(ch) != slot)
			failf("hcpcs_suffix_slot(0x%02X) is %d, expected %d",
				  (unsigned char) ch, hcpcs_suffix_slot(ch), slot);
	}
	for (c = -1; c <= HCPCS_NSLOTS + 1; c++)
	{
		char		want = (c >= 0 && c < 5) ? "AMUFT"[c] : '\0';

		if (hcpcs_suffix_letter(c) != want)
			failf("hcpcs_suffix_letter(%d) is 0x%02X", c,
				  (unsigned char) hcpcs_suffix_letter(c));
	}

	/* level, category and section of every valid code */
	for (i = 0; i < ncodes; i++)
	{
		const char *t = codes[i];
		int32_t		v = code_values[i];
		int			level = isalpha((unsigned char) t[0]) ? 2 : 1;
		const char *sec = oracle_section(t);
		const char *got = hcpcs_section_label(v);
		HcpcsCategory cat = hcpcs_category(v);

		if (hcpcs_level(v) != level)
			failf("level of %s is %d", show(t, 5), hcpcs_level(v));
		if (cat != oracle_category(t))
			failf("category of %s is %d, expected %d", show(t, 5),
				  (int) cat, (int) oracle_category(t));
		else if (strcmp(hcpcs_category_label(cat), oracle_category_label(t)) != 0)
			failf("category label of %s is \"%s\", expected \"%s\"", show(t, 5),
				  hcpcs_category_label(cat), oracle_category_label(t));
		if ((got == NULL) != (sec == NULL) || (got && strcmp(got, sec) != 0))
			failf("section of %s is %s, expected %s", show(t, 5),
				  got ? got : "NULL", sec ? sec : "NULL");
		if (level == 1)
		{
			for (k = 0; k < 6; k++)
				if (sec && strcmp(sec, sec_names[k]) == 0)
					break;
			sec_count[k]++;
		}
	}

	/* the class list is exactly the defined classes */
	nclasses = hcpcs_class_list(classes, 256);
	if (nclasses != (int) (sizeof(expected_classes) / sizeof(expected_classes[0])) ||
		memcmp(classes, expected_classes, sizeof(expected_classes)) != 0)
		failf("hcpcs_class_list returns %d classes, expected %zu in order",
			  nclasses, sizeof(expected_classes) / sizeof(expected_classes[0]));

	for (c = 0; c < nclasses; c++)
	{
		int			cls = classes[c];
		HcpcsRun	runs[HCPCS_MAX_RUNS + 4];
		int			nruns;
		int			r;
		const char *name = hcpcs_class_name(cls);
		int			parsed = -1;

		if (!hcpcs_class_is_valid(cls))
			failf("listed class %d not valid", cls);
		if (name == NULL)
			failf("class %d has no name", cls);
		else if (hcpcs_class_parse(name, strlen(name), &parsed) !=
				 HCPCS_CLASS_PARSE_OK || parsed != cls)
			failf("class name \"%s\" parses to %d, not %d", name, parsed, cls);

		nruns = hcpcs_class_runs(cls, runs);
		if (nruns < 1 || nruns > HCPCS_MAX_RUNS)
		{
			failf("class %d has %d runs", cls, nruns);
			continue;
		}
		for (r = 0; r < nruns; r++)
		{
			if (!hcpcs_code_is_valid_value(runs[r].lo) ||
				!hcpcs_code_is_valid_value(runs[r].hi) || runs[r].lo > runs[r].hi)
				failf("class %d run %d is [%d, %d]", cls, r,
					  (int) runs[r].lo, (int) runs[r].hi);
			if (r > 0 && runs[r].lo <= runs[r - 1].hi)
				failf("class %d runs %d and %d overlap or are out of order",
					  cls, r - 1, r);
		}

		/* contains() is exactly the runs, over the whole value range */
		for (i = -1; i <= (long) HCPCS_CODE_MAX + 1; i++)
		{
			bool		in = false;

			for (r = 0; r < nruns; r++)
				if (i >= runs[r].lo && i <= runs[r].hi)
					in = true;
			if (hcpcs_class_contains(cls, (int32_t) i) != in)
				failf("hcpcs_class_contains(%d, %ld) is %d, runs say %d",
					  cls, i, !in, in);
			nvals++;
		}

		/* and membership is what the text says */
		for (i = 0; i < ncodes; i++)
		{
			bool		want = oracle_member(cls, codes[i]);

			if (hcpcs_class_contains(cls, code_values[i]) != want)
				failf("%s in class %d (%s): %d, expected %d", show(codes[i], 5),
					  cls, name ? name : "?", !want, want);
			nmember += want;
		}
	}

	printf("6. classification: level, category, label and section of %ld codes "
		   "match the text oracle (Level I sections:",
		   ncodes);
	for (k = 0; k < 7; k++)
		printf(" %s %ld%s", sec_names[k], sec_count[k], k < 6 ? "," : ")\n");
	printf("6. classes: %d classes, runs sound, contains() = runs over %ld values, "
		   "membership = text oracle over %ld (code, class) pairs (%ld members)\n",
		   nclasses, nvals, (long) nclasses * ncodes, nmember);
}


int
main(void)
{
	int			rc;
	double		t0 = now(),
				t;

	rc = regcomp(&ref_re, CODE_REGEX, REG_EXTENDED | REG_NOSUB);
	if (rc != 0)
	{
		char		msg[256];

		regerror(rc, &ref_re, msg, sizeof(msg));
		fprintf(stderr, "exhaustive: regcomp: %s\n", msg);
		return 2;
	}
	guard_init();

	/* room for more codes than exist, so an excess is counted, not lost */
	codes_cap = HCPCS_NCODES + 1000;
	codes = malloc(sizeof(codes[0]) * (size_t) codes_cap);
	code_values = malloc(sizeof(code_values[0]) * (size_t) codes_cap);
	produced = calloc((size_t) HCPCS_CODE_MAX + 1, 1);
	if (!codes || !code_values || !produced)
	{
		perror("exhaustive: malloc");
		return 2;
	}

	check_all_five_char_strings();
	t = now();
	printf("   (%.1f s)\n", t - t0);
	check_encoding_and_order();
	check_normalization();
	check_error_reasons();
	check_classification();

	regfree(&ref_re);
	if (nfailures > 0)
	{
		fprintf(stderr, "exhaustive: %ld FAILURES\n", nfailures);
		return 1;
	}
	printf("exhaustive: all checks passed in %.1f s\n", now() - t0);
	return 0;
}
