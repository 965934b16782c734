# hcpcs: PGXS build.  `make && make install` builds and installs the
# extension; `make installcheck` runs the pg_regress suite against a running
# server; scripts/test.sh runs everything (see README.md).

EXTENSION = hcpcs
MODULE_big = hcpcs
DATA = hcpcs--1.0.sql

CORE_OBJS = src/core/code.o src/core/classify.o
OBJS = $(CORE_OBJS) \
	src/report.o src/code_type.o src/class_type.o src/range.o \
	src/planner.o src/gist.o

REGRESS = code_input code_ops classify range_gist real_data
REGRESS_OPTS = --inputdir=. --load-extension=hcpcs

PG_CPPFLAGS = -I$(srcdir)/src
EXTRA_CLEAN = tests/unit/exhaustive tests/unit/*.o

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
