#!/bin/sh
# Builds and runs bench/bench_types.c against the pure C core (no PostgreSQL).
# Usage: bash bench/bench_types.sh   (from the repository root or anywhere)
set -eu
cd "$(dirname "$0")/.."
mkdir -p bench/build
cc -std=gnu11 -O2 -Wall -Wextra -Isrc -o bench/build/bench_types bench/bench_types.c \
	src/addr/bech32m.c src/addr/address.c src/addr/tiling.c \
	src/quantum/eigen.c src/quantum/density.c src/crypto/sha3.c -lcrypto -lm
exec bench/build/bench_types
