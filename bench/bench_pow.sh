#!/bin/sh
# bench_pow.sh [seconds]: builds bench/bench_pow.c with the proof-of-work code
# (-O2, or $CFLAGS) into bench/build/ and runs it: PoW hashes per second on one
# core for the OpenSSL baseline, pow.c's midstate, and powfast scalar and AVX2,
# each with its ratio to the baseline, per second of wall time and per second of
# the thread's CPU time (median of 3, the variants interleaved).
set -e
cd "$(dirname "$0")/.."
mkdir -p bench/build
${CC:-cc} -std=gnu11 ${CFLAGS:--O2} -Wall -Wextra -Werror -Isrc \
	bench/bench_pow.c src/chain/pow.c src/chain/powfast.c src/chain/powfast_avx2.c \
	src/chain/header.c src/chain/target.c src/chain/u256.c src/crypto/sha3.c \
	-lcrypto -o bench/build/bench_pow
exec bench/build/bench_pow "${1:-1.2}"
