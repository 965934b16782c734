# libFuzzer harnesses of the pure core (tests/fuzz/*.c), included by the
# top Makefile.  Each harness compiles the same src/core sources the
# extension links, with AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   make fuzz-smoke     short fixed run of every harness on a seed corpus
#                       built from $(HCPCS_DATA); fails on any crash,
#                       sanitizer report or broken invariant (under 2 min)
#   make fuzz           every harness for FUZZ_SECONDS (default 60), niced,
#                       on a persistent corpus under FUZZ_CORPUS
#   make fuzz-coverage  line coverage of the parser sources reached by the
#                       smoke corpus and by the persistent corpus
#
# Needs clang with libFuzzer and the sanitizer runtimes (Debian/Ubuntu:
# clang, libclang-rt-14-dev; coverage also llvm-profdata and llvm-cov).
# See doc/fuzzing.md.

FUZZ_CC ?= clang
FUZZ_LLVM_BIN ?= $(firstword $(wildcard /usr/lib/llvm-14/bin) $(dir $(shell command -v llvm-cov 2>/dev/null)))
FUZZ_SECONDS ?= 60
FUZZ_CORPUS ?= /tmp/hcpcs-fuzz-corpus
FUZZ_SMOKE_DIR ?= $(CURDIR)/tests/fuzz/work
FUZZ_NICE ?= nice -n 19
FUZZ_BIN ?= tests/fuzz/bin
FUZZ_HARNESSES = code modifier recv ptp level2 class
FUZZ_COMMON_CFLAGS = -std=c99 -g -Wall -Wextra -Isrc/core -fno-omit-frame-pointer
FUZZ_CFLAGS = $(FUZZ_COMMON_CFLAGS) -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_COV_CFLAGS = $(FUZZ_COMMON_CFLAGS) -O0 -fsanitize=fuzzer \
	-fprofile-instr-generate -fcoverage-mapping

# The core sources each harness links: what the extension links (Makefile
# CORE_OBJS), no copies
FUZZ_SRCS_code = src/core/code.c
FUZZ_SRCS_modifier = src/core/modifier.c src/core/code.c
FUZZ_SRCS_recv = src/core/code.c src/core/modifier.c
FUZZ_SRCS_ptp = src/core/cms_ptp.c src/core/cms_common.c src/core/code.c
FUZZ_SRCS_level2 = src/core/cms_level2.c src/core/cms_common.c src/core/code.c
FUZZ_SRCS_class = src/core/classify.c src/core/code.c

FUZZ_TARGETS = $(addprefix $(FUZZ_BIN)/fuzz_,$(FUZZ_HARNESSES))
FUZZ_COV_TARGETS = $(addprefix $(FUZZ_BIN)/cov_,$(FUZZ_HARNESSES))
EXTRA_CLEAN += $(FUZZ_BIN) tests/fuzz/work

.SECONDEXPANSION:
$(FUZZ_BIN)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $$(FUZZ_SRCS_$$*) src/core/*.h
	@mkdir -p $(FUZZ_BIN)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_SRCS_$*)

$(FUZZ_BIN)/cov_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $$(FUZZ_SRCS_$$*) src/core/*.h
	@mkdir -p $(FUZZ_BIN)
	$(FUZZ_CC) $(FUZZ_COV_CFLAGS) -o $@ $< $(FUZZ_SRCS_$*)

.PHONY: fuzz-build fuzz-smoke fuzz fuzz-coverage
fuzz-build: $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_TARGETS)
	tests/fuzz/run.sh smoke $(FUZZ_BIN) "$(HCPCS_DATA)" $(FUZZ_SMOKE_DIR) $(FUZZ_HARNESSES)

fuzz: $(FUZZ_TARGETS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_NICE="$(FUZZ_NICE)" \
	tests/fuzz/run.sh long $(FUZZ_BIN) "$(HCPCS_DATA)" $(FUZZ_CORPUS) $(FUZZ_HARNESSES)

# Coverage of what the corpora reach (run fuzz-smoke and/or fuzz first)
fuzz-coverage: $(FUZZ_COV_TARGETS)
	FUZZ_LLVM_BIN=$(FUZZ_LLVM_BIN) tests/fuzz/coverage.sh $(FUZZ_BIN) $(FUZZ_SMOKE_DIR) $(FUZZ_CORPUS)
