#!/bin/sh
# build_decoders.sh: builds the decoder/parser libFuzzer harness (ASan +
# UBSan) and its seed generator into test/fuzz/build/. The *_avx2.c files use
# per-function target attributes, so no -mavx2 is needed (as in build.sh).
set -e
cd "$(dirname "$0")/../.."
CLANG=${CLANG:-clang-14}
OUT=test/fuzz/build
mkdir -p "$OUT"
CORE="src/crypto/sha3.c $(ls src/crypto/mldsa/*.c src/addr/*.c src/quantum/*.c src/entropy/*.c \
	src/chain/*.c src/beacon/*.c)"
$CLANG -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-ffp-contract=off -Wall -Wextra -Werror -Isrc test/fuzz/fuzz_decoders.c $CORE \
	-lcrypto -lm -o "$OUT/fuzz_decoders"
$CLANG -g -O1 -ffp-contract=off -Wall -Wextra -Werror -Isrc test/fuzz/gen_decoder_seeds.c $CORE \
	-lcrypto -lm -o "$OUT/gen_decoder_seeds"
