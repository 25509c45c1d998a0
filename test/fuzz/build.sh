#!/bin/sh
# build.sh: builds the ML-DSA libFuzzer harness (ASan + UBSan) and its seed
# generator into test/fuzz/build/.
set -e
cd "$(dirname "$0")/../.."
CLANG=${CLANG:-clang-14}
OUT=test/fuzz/build
mkdir -p "$OUT"
CORE="src/crypto/sha3.c $(ls src/crypto/mldsa/*.c)"
$CLANG -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Wall -Wextra -Werror -Isrc test/fuzz/fuzz_mldsa.c $CORE -lcrypto -o "$OUT/fuzz_mldsa"
$CLANG -g -O1 -Wall -Wextra -Werror -Isrc test/fuzz/gen_seeds.c $CORE -lcrypto -o "$OUT/gen_seeds"
