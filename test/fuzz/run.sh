#!/bin/sh
# run.sh SECONDS: builds the ML-DSA fuzzer, writes a seed corpus from valid
# keys and signatures, fuzzes for SECONDS and prints one TAP line. Exits
# non-zero on a crash (or a failed build).
SECS=${1:-60}
cd "$(dirname "$0")/../.." || exit 1
OUT=test/fuzz/build
echo "1..1"
mkdir -p "$OUT"
if ! sh test/fuzz/build.sh > "$OUT/build.log" 2>&1; then
	echo "not ok 1 - fuzz_mldsa did not build (see $OUT/build.log)"
	exit 1
fi
rm -rf "$OUT/seeds"
mkdir -p "$OUT/seeds" "$OUT/corpus" "$OUT/artifacts"
"$OUT/gen_seeds" "$OUT/seeds" > /dev/null || { echo "not ok 1 - fuzz_mldsa seed generation failed"; exit 1; }
"$OUT/fuzz_mldsa" -max_total_time="$SECS" -print_final_stats=1 -max_len=12000 \
	-artifact_prefix="$OUT/artifacts/" "$OUT/corpus" "$OUT/seeds" > "$OUT/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz.log" | tail -1)
if [ $rc -eq 0 ]; then
	echo "ok 1 - fuzz_mldsa ran ${runs:-?} runs without a crash in ${SECS}s"
	exit 0
fi
echo "not ok 1 - fuzz_mldsa crashed or failed (exit $rc after ${runs:-?} runs; see $OUT/fuzz.log, $OUT/artifacts/)"
grep -m5 -E 'ERROR|SUMMARY|runtime error' "$OUT/fuzz.log" | sed 's/^/# /'
exit 1
