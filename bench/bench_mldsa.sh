#!/bin/sh
# bench_mldsa.sh [iterations] [portable|avx2|both]: builds bench/bench_mldsa.c
# against the ML-DSA core (-O2, or $CFLAGS) into bench/build/ and runs it; with
# "both" (the default) it ends with a table of both back ends side by side.
set -e
cd "$(dirname "$0")/.."
mkdir -p bench/build
${CC:-cc} -std=gnu11 ${CFLAGS:--O2} -Wall -Wextra -Werror -Isrc \
	bench/bench_mldsa.c src/crypto/sha3.c src/crypto/mldsa/*.c \
	-lcrypto -o bench/build/bench_mldsa
exec bench/build/bench_mldsa "${1:-500}" "${2:-both}"
