# hcpcs: PGXS build.  `make && make install` builds and installs the
# extension; `make installcheck` runs the pg_regress suite against a running
# server; scripts/test.sh runs everything (see README.md).

EXTENSION = hcpcs
MODULE_big = hcpcs
DATA = hcpcs--1.0.sql hcpcs--1.0--1.1.sql

CORE_OBJS = src/core/code.o src/core/classify.o src/core/modifier.o src/core/cms_common.o src/core/cms_level2.o \
	src/core/ptp_rule.o src/core/cms_ptp.o
OBJS = $(CORE_OBJS) \
	src/report.o src/code_type.o src/modifier_type.o src/class_type.o src/range.o \
	src/planner.o src/gist.o src/cache.o src/lines.o src/catalog.o src/ptp.o \
	src/ptp_load.o

REGRESS = code_input code_ops classify range_gist real_data modifier catalog ptp ptp_oracle parallel scaleout security
REGRESS_OPTS = --inputdir=. --load-extension=hcpcs --encoding=UTF8

ISOLATION = ptp_reload level2_reload
ISOLATION_OPTS = --inputdir=tests/isolation --load-extension=hcpcs

PG_CPPFLAGS = -I$(srcdir)/src

# The real CMS data the tests read (read-only; see ../shared/data/README.md)
HCPCS_DATA ?= $(abspath $(dir $(firstword $(MAKEFILE_LIST)))../shared/data)
export HCPCS_DATA
EXTRA_CLEAN = tests/unit/exhaustive tests/unit/test_level2 tests/unit/test_ptp tests/unit/*.o

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# TAP tests (tests/tap/t/*.pl, PostgreSQL::Test::Cluster) against the
# installed extension.  initdb refuses root: run as an ordinary user
# (scripts/test.sh does).
PROVE_TESTS = tests/tap/t/*.pl
.PHONY: installcheck-tap
installcheck-tap:
	$(prove_installcheck)

# C-level tests of the pure core (no server needed): the same sources the
# extension compiles, built on their own.
CORE_SRCS = src/core/code.c src/core/classify.c
CORE_CFLAGS = -std=c99 -O2 -g -Wall -Wextra -Isrc/core

tests/unit/exhaustive: tests/unit/exhaustive.c $(CORE_SRCS) src/core/*.h
	$(CC) $(CORE_CFLAGS) -o $@ tests/unit/exhaustive.c $(CORE_SRCS)

# The HCPCS Level II file parser, on the real CMS files in $(HCPCS_DATA)
LEVEL2_SRCS = src/core/code.c src/core/cms_common.c src/core/cms_level2.c

tests/unit/test_level2: tests/unit/test_level2.c $(LEVEL2_SRCS) src/core/*.h
	$(CC) $(CORE_CFLAGS) -o $@ tests/unit/test_level2.c $(LEVEL2_SRCS)

# The NCCI PTP edit file parser, on the real CMS files in $(HCPCS_DATA)
# (cms_level2.c for its calendar check, hcpcs_l2_valid_date)
PTP_SRCS = src/core/code.c src/core/cms_common.c src/core/cms_ptp.c

tests/unit/test_ptp: tests/unit/test_ptp.c $(PTP_SRCS) src/core/*.h
	$(CC) $(CORE_CFLAGS) -o $@ tests/unit/test_ptp.c $(PTP_SRCS)

.PHONY: check-core
check-core: tests/unit/exhaustive tests/unit/test_level2 tests/unit/test_ptp
	tests/unit/exhaustive
	tests/unit/test_level2 $(HCPCS_DATA)
	tests/unit/test_ptp $(HCPCS_DATA)

# The same C-level tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer (clang).  SANITIZE_CFLAGS is also what
# scripts/sanitize.sh builds the extension with (doc/sanitizers.md).  The
# binaries are removed before and after, so that neither this target nor
# check-core reuses the other's build.
SANITIZE_CFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1
CORE_TESTS = tests/unit/exhaustive tests/unit/test_level2 tests/unit/test_ptp
.PHONY: check-core-sanitize
check-core-sanitize:
	rm -f $(CORE_TESTS)
	$(MAKE) check-core CC=clang CORE_CFLAGS='$(CORE_CFLAGS) $(SANITIZE_CFLAGS)'; \
	rc=$$?; rm -f $(CORE_TESTS); exit $$rc

# libFuzzer harnesses (make fuzz, make fuzz-smoke): tests/fuzz/fuzz.mk
-include tests/fuzz/fuzz.mk
