#!/bin/sh
# run_decoders.sh SECONDS: builds the decoder/parser fuzzer, writes a seed
# corpus (valid source responses, addresses, density matrices, transactions,
# headers, blocks and a beacon round), fuzzes for SECONDS and prints one TAP
# line. Exits non-zero on a crash (or a failed build). Its files sit beside
# fuzz_mldsa's in test/fuzz/build/ under names of their own (decoders_*,
# artifacts/decoders-*), so both runs can share the directory.
SECS=${1:-60}
cd "$(dirname "$0")/../.." || exit 1
OUT=test/fuzz/build
echo "1..1"
mkdir -p "$OUT"
if ! sh test/fuzz/build_decoders.sh > "$OUT/build_decoders.log" 2>&1; then
	echo "not ok 1 - fuzz_decoders did not build (see $OUT/build_decoders.log)"
	exit 1
fi
rm -rf "$OUT/decoders_seeds"
mkdir -p "$OUT/decoders_seeds" "$OUT/decoders_corpus" "$OUT/artifacts"
"$OUT/gen_decoder_seeds" "$OUT/decoders_seeds" > /dev/null || { echo "not ok 1 - fuzz_decoders seed generation failed"; exit 1; }
"$OUT/fuzz_decoders" -max_total_time="$SECS" -print_final_stats=1 -max_len=30000 \
	-artifact_prefix="$OUT/artifacts/decoders-" "$OUT/decoders_corpus" "$OUT/decoders_seeds" \
	> "$OUT/fuzz_decoders.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz_decoders.log" | tail -1)
if [ $rc -eq 0 ]; then
	echo "ok 1 - fuzz_decoders ran ${runs:-?} runs without a crash in ${SECS}s"
	exit 0
fi
echo "not ok 1 - fuzz_decoders crashed or failed (exit $rc after ${runs:-?} runs; see $OUT/fuzz_decoders.log, $OUT/artifacts/)"
grep -m5 -E 'ERROR|SUMMARY|runtime error' "$OUT/fuzz_decoders.log" | sed 's/^/# /'
exit 1
