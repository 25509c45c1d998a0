# qtcl: PostgreSQL 15 extension (PGXS build).
#
#   make            build qtcl.so
#   make install    install into the PostgreSQL found by pg_config (needs write access there)
#   make run        the main job: a local node (src/tools/node.sh)
#   make test       every test layer (test/run.sh); ends with "N passed, N failed"
#   make unit       only the C unit tests (no server)
#   make deps       install the Debian packages the build and tests need
#   make bench      every benchmark beside its baseline (bench/run.sh)
#
# Layout: pure C core in src/<domain>/ (no PostgreSQL headers; unit-tested alone),
# SQL glue in src/pg/, module init in src/qtcl.c, background workers and shared
# memory in bgworker/. See README.md.

EXTENSION  = qtcl
EXTVERSION = 0.2.0
MODULE_big = qtcl

SRCS = $(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c bgworker/*.c))
OBJS = $(SRCS:.c=.o)

# The install script is assembled from sql/install/*.sql (numbered parts, one
# per subsystem) so that each subsystem's SQL stays beside its peers in order.
# Each version's additions are their own numbered parts, and the upgrade script to it is made of
# exactly those parts (UPGRADE_PARTS), so a fresh install and an update run the same statements.
UPGRADE_FROM  = 0.1.0
UPGRADE_PARTS = sql/install/61_blocks.sql sql/install/71_miner.sql
UPGRADE_built = sql/$(EXTENSION)--$(UPGRADE_FROM)--$(EXTVERSION).sql
DATA_built = sql/$(EXTENSION)--$(EXTVERSION).sql $(UPGRADE_built)
EXTRA_CLEAN = $(DATA_built) test/unit/build

PG_CONFIG ?= pg_config

# -ffp-contract=off: no fused multiply-add, so floating-point results that other nodes
# recompute (the beacon's density matrix) are the same bytes on every machine.
# JIT inlining buys nothing for calls into crypto and math, and bitcode would
# need clang to accept our -Werror flags too: build no LLVM bitcode.
override with_llvm = no

PG_CPPFLAGS = -Isrc -I$(shell $(PG_CONFIG) --includedir) -DQTCL_VERSION=\"$(EXTVERSION)\" $(shell pkg-config --cflags libcurl 2>/dev/null)
PG_CFLAGS   = -std=gnu11 -ffp-contract=off -Wall -Wextra -Werror -Wno-unused-parameter -Wno-declaration-after-statement \
              -Wno-missing-field-initializers -Wno-sign-compare
SHLIB_LINK  = -L$(shell $(PG_CONFIG) --libdir) -lpq -lcurl -lcrypto

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Header dependencies (PGXS tracks none unless the server was configured with them): an object
# built against an old header (a shared-memory struct, an enum size) must be rebuilt.
override CPPFLAGS += -MMD -MP
-include $(OBJS:.o=.d)
EXTRA_CLEAN += $(OBJS:.o=.d)

# Files named *_avx2.c hold AVX2 code; they enable it per function (target attributes),
# not per file, so that nothing they contain runs AVX2 before the CPU check says it may.

sql/$(EXTENSION)--$(EXTVERSION).sql: $(sort $(wildcard sql/install/*.sql)) Makefile
	@{ printf '%s\n' '-- generated from sql/install/*.sql by make; edit those files'; \
	   printf '%s\n' '\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit'; \
	   for f in $(sort $(wildcard sql/install/*.sql)); do echo; echo "-- ---- $$f"; cat $$f; done; } > $@

$(UPGRADE_built): $(UPGRADE_PARTS) Makefile
	@{ printf '%s\n' '-- generated from $(UPGRADE_PARTS) by make; edit those files'; \
	   printf '%s\n' '\echo Use "ALTER EXTENSION $(EXTENSION) UPDATE" to load this file. \quit'; \
	   for f in $(UPGRADE_PARTS); do echo; echo "-- ---- $$f"; cat $$f; done; } > $@

all: $(DATA_built)

# The version is compiled in (qtcl.version()): rebuild what uses it when the Makefile changes.
src/qtcl.o src/pg/qrng_http.o: Makefile

# ---- C unit tests: the pure core, compiled without any server header ----
UNIT_CC     ?= cc
UNIT_CFLAGS ?= -O2 -g
UNIT_FLAGS   = -std=gnu11 -ffp-contract=off -Wall -Wextra -Werror -Isrc -Itest/unit $(UNIT_CFLAGS)
UNIT_BUILD   = test/unit/build
CORE_SRCS    = $(filter-out src/pg/% src/tools/%,$(sort $(wildcard src/*/*.c src/*/*/*.c)))
CORE_OBJS    = $(patsubst %.c,$(UNIT_BUILD)/obj/%.o,$(CORE_SRCS))
UNIT_TESTS   = $(patsubst test/unit/%.c,$(UNIT_BUILD)/%,$(wildcard test/unit/test_*.c))
SHARED      ?= $(abspath ../shared)
VECTOR_JSON  = $(wildcard $(SHARED)/vectors/*.json $(SHARED)/vectors/*/*.json)

$(UNIT_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_FLAGS) -c $< -o $@

$(UNIT_BUILD)/obj/vectors.o: test/unit/vectors.c test/unit/vectors.h
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_FLAGS) -c $< -o $@

$(UNIT_BUILD)/test_%: test/unit/test_%.c $(CORE_OBJS) $(UNIT_BUILD)/obj/vectors.o test/unit/unit.h
	$(UNIT_CC) $(UNIT_FLAGS) $< $(CORE_OBJS) $(UNIT_BUILD)/obj/vectors.o -lcrypto -lm -o $@

# Vector files flattened for C (see test/unit/flatten_vectors.pl); vectors/a/b.json -> a_b.vec
$(UNIT_BUILD)/vectors.stamp: $(VECTOR_JSON) test/unit/flatten_vectors.pl
	@mkdir -p $(UNIT_BUILD)/vec
	@for f in $(VECTOR_JSON); do \
	  n=$${f#$(SHARED)/vectors/}; n=$${n%.json}; n=$$(echo $$n | tr / _); \
	  perl test/unit/flatten_vectors.pl $$f > $(UNIT_BUILD)/vec/$$n.vec || exit 1; done
	@touch $@

unit-build: $(UNIT_TESTS) $(UNIT_BUILD)/vectors.stamp

unit: unit-build
	@rc=0; for t in $(UNIT_TESTS); do echo "# $$t"; QTCL_VECTORS=$(UNIT_BUILD)/vec $$t || rc=1; done; exit $$rc

deps:
	bash src/tools/deps.sh

test:
	bash test/run.sh

bench:
	bash bench/run.sh

run:
	bash src/tools/node.sh

.PHONY: unit unit-build deps test run bench
