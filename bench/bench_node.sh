#!/usr/bin/env bash
# bench_node.sh [miner seconds] [beacon seconds] [beacon seconds with fsync on]: the node's
# background workers on private preloaded clusters (os entropy source only: no network), each
# beside a baseline of the same run. About 90 s with the defaults.
#
#  1. Miner hash rate. First the C figures of this run (bench/bench_pow.sh 0.5: median of 3
#     interleaved runs of 0.5 s): the baseline (OpenSSL SHA3-256 of the whole 196-byte input per
#     nonce) and powfast scalar and AVX2, one core, per second of wall time and per second of
#     the thread's CPU time. Then the miner worker on a devnet chain (workers as a node runs
#     them: qrng and beacon on, beacon every 10 ms; qtcl.miner_address set by ALTER SYSTEM and
#     pg_reload_conf): after its first hashes, a window of [miner seconds] (10) read from
#     qtcl.miner_status before and after: hashes / elapsed (everything the worker does:
#     templates, blocks it finds, SPI), hashes per CPU-second of the worker over the window
#     (/proc/PID/stat; against the C per-CPU-second figures, this holds on a busy machine too),
#     its hash_rate column (moving average of the hashing batches alone) sampled each second,
#     and blocks found. The window is then repeated with the beacon worker off, since on a
#     small machine the 10 ms beacon competes with the miner for the cores.
#  2. Beacon cadence at qtcl.beacon_interval_ms = 10 on a second cluster (qrng and beacon
#     workers on, miner off: no miner_address), after a 3 s warm-up, over [beacon seconds] (20):
#     rounds per second (max(round) before and after) against the 100/s target, the intervals
#     between consecutive rounds' ts (median, p90, p99, max; ts has millisecond resolution),
#     and the beacon worker's CPU (utime + stime from /proc/PID/stat, in CLK_TCK ticks) as a
#     percentage of one core and as CPU ms per round, beside the CPU of the whole cluster
#     (postmaster and all its children) in the same window. The clusters here run with
#     fsync = off, as every benchmark's; the same figures follow over [beacon seconds with fsync
#     on] (10) with fsync = on, as a node runs (each round's commit and the oracle's secrets
#     file are then flushed to disk: the cadence depends on the disk). For context, with the
#     worker then turned off (and fsync off again): qtcl.beacon_tick() from SQL, ms per round, (a) in a loop inside one DO block
#     (median of 5 x 200 calls, one transaction) and (b) one call per transaction through
#     pgbench (1000 calls, latency average, as the worker does: one transaction per round),
#     each also as CPU of the whole cluster per round (the wall-time figures grow when other
#     work shares the machine; the CPU ones much less).
set -euo pipefail
MS=${1:-10}
BS=${2:-20}
FS=${3:-10}
. "$(dirname "$0")/setup.sh"
psql() { runas "$BIN/psql" -X -q -At -d postgres -v ON_ERROR_STOP=1 "$@"; }
TCK=$(getconf CLK_TCK)
echo "# $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# cpu_ticks PID...: utime + stime of the processes, in clock ticks (fields 14 and 15 of
# /proc/PID/stat, counted after the ")" that ends the command name; gone processes count 0).
cpu_ticks() {
  local p s f sum=0
  for p in "$@"; do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    # after "comm) " the state is field 3, so utime (14) and stime (15) are words 11 and 12 (from 0)
    read -r -a f <<<"${s##*) }"
    sum=$((sum + f[11] + f[12]))
  done
  echo "$sum"
}
# cluster_ticks DATADIR: CPU of the whole cluster so far, in clock ticks: the postmaster and its
# live children, plus the children it has reaped (its cutime + cstime, fields 16 and 17), so that
# backends that come and go between two readings (psql, pgbench) are counted too.
cluster_ticks() {
  local pm s f
  pm=$(head -1 "$1/postmaster.pid")
  s=$(cat "/proc/$pm/stat")
  read -r -a f <<<"${s##*) }"
  echo $(( $(cpu_ticks "$pm" $(ps -o pid= --ppid "$pm")) + f[13] + f[14] ))
}
worker_pid() { psql -c "SELECT pid FROM qtcl.workers WHERE worker = '$1'"; }
calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }

# ---- 1. miner ----
echo
echo "Miner hash rate"
bash bench/bench_pow.sh 0.5 >"$WORK/pow.txt"
pow_rate() { sed -n "s/^$1.* \([0-9][0-9]*\) H\/s .*/\1/p" "${2:-$WORK/pow.txt}" | head -1; }
pow_cpu() { sed -n "s/^$1.*; \([0-9][0-9]*\) per CPU-second.*/\1/p" "${2:-$WORK/pow.txt}" | head -1; }
BASE=$(pow_rate 'baseline: ')
BASEC=$(pow_cpu 'baseline: ')
[ -n "$BASE" ] && [ -n "$BASEC" ] || { cat "$WORK/pow.txt"; echo "bench_node: no C figures" >&2; exit 1; }
row() {  # row LABEL WALL_RATE CPU_RATE
  printf '  %-50s %10s %6sx %12s %6sx\n' "$1" "$2" "$(calc '%.2f' "$2 / $BASE")" "$3" "$(calc '%.2f' "$3 / $BASEC")"
}
c_rows() {  # c_rows FILE
  row 'baseline: OpenSSL SHA3-256 of the 196-byte input' "$(pow_rate 'baseline: ' "$1")" "$(pow_cpu 'baseline: ' "$1")"
  row 'powfast scalar (midstate, own Keccak-f)' "$(pow_rate 'powfast scalar: qtcl_powfast_search' "$1")" \
    "$(pow_cpu 'powfast scalar: qtcl_powfast_search' "$1")"
  if grep -q '^powfast avx2 4-way: qtcl_powfast_search .* H/s' "$1"; then
    row 'powfast AVX2 4-way' "$(pow_rate 'powfast avx2 4-way: qtcl_powfast_search' "$1")" \
      "$(pow_cpu 'powfast avx2 4-way: qtcl_powfast_search' "$1")"
  else
    printf '  %-50s %10s\n' 'powfast AVX2 4-way' 'not available on this CPU'
  fi
}
echo "C, one core: bench/bench_pow.sh 0.5 (median of 3 x 0.5 s, interleaved; $(grep '^# CPU AVX2' "$WORK/pow.txt" | sed 's/^# //'))"
printf '  %-50s %10s %7s %12s %7s\n' '' 'H/s' 'x base' 'H/CPU-s' 'x base'
c_rows "$WORK/pow.txt"

start_cluster "$WORK/m" "shared_preload_libraries = 'qtcl'" "qtcl.qrng_sources = 'os'" >/dev/null
psql -c 'CREATE EXTENSION qtcl' -c "SELECT qtcl.init_chain('devnet', '{}')" >/dev/null
ADDR=$(psql -c "SELECT qtcl.hyper_addr(public_key) FROM qtcl.hlwe_keygen(qtcl.sha3_256('m'::bytea))")
psql -c "ALTER SYSTEM SET qtcl.miner_address = '$ADDR'" -c 'SELECT pg_reload_conf()' >/dev/null
# Until the miner has hashed (its first template included), at most 30 s.
for i in $(seq 300); do
  [ "$(psql -c 'SELECT hashes > 0 FROM qtcl.miner_status')" = t ] && break
  sleep 0.1
done
[ "$(psql -c 'SELECT hashes > 0 FROM qtcl.miner_status')" = t ] || {
  psql -c 'SELECT * FROM qtcl.workers'; echo "bench_node: the miner did not start" >&2; exit 1; }
MPID=$(worker_pid 'qtcl miner')
BPID=$(worker_pid 'qtcl beacon')
snap_miner() { psql -F ' ' -c "SELECT extract(epoch FROM clock_timestamp()), hashes, blocks_found, stale_blocks FROM qtcl.miner_status"; }
miner_window() {  # miner_window LABEL
  local t0 h0 b0 s0 t1 h1 b1 s1 c0 c1 bc0 bc1 hr el cpu rate
  sleep 1   # let a reload settle
  c0=$(cpu_ticks "$MPID"); bc0=$(cpu_ticks "$BPID")
  read -r t0 h0 b0 s0 < <(snap_miner)
  # hash_rate (a moving average over the last few ~50 ms batches) once a second in the window
  psql -c 'CREATE TEMP TABLE hr (v float8)' -c "DO \$\$ BEGIN FOR i IN 1..$MS LOOP PERFORM pg_sleep(1); INSERT INTO hr SELECT hash_rate FROM qtcl.miner_status; END LOOP; END \$\$" \
       -c "COPY (SELECT round(avg(v)) || ' ' || round(min(v)) || ' ' || round(max(v)) FROM hr) TO STDOUT" >"$WORK/hr"
  read -r t1 h1 b1 s1 < <(snap_miner)
  c1=$(cpu_ticks "$MPID"); bc1=$(cpu_ticks "$BPID")
  read -r hr hr0 hr1 <"$WORK/hr"
  el=$(calc '%.3f' "$t1 - $t0")
  cpu=$(calc '%.3f' "($c1 - $c0) / $TCK")
  rate=$(calc '%.0f' "($h1 - $h0) / $el")
  echo "Miner worker, $1 ($el s window)"
  row 'hashes / elapsed, hashes / miner CPU-second' "$rate" "$(calc '%.0f' "($h1 - $h0) / $cpu")"
  printf '  %-50s %10s %7s  (1 s samples, range %s-%s)\n' 'qtcl.miner_status.hash_rate, mean' "$hr" "$(calc '%.2f' "$hr / $BASE")x" "$hr0" "$hr1"
  printf '  %-50s %10s %%\n' 'miner worker CPU (of one core)' "$(calc '%.0f' "100 * $cpu / $el")"
  printf '  %-50s %10s %%\n' 'beacon worker CPU (of one core)' "$(calc '%.0f' "100 * ($bc1 - $bc0) / $TCK / $el")"
  printf '  %-50s %10s\n' 'blocks found (stale)' "$((b1 - b0)) ($((s1 - s0)))"
}
miner_window 'qrng and beacon workers on (10 ms beacon)'
psql -c 'ALTER SYSTEM SET qtcl.beacon_worker = off' -c 'SELECT pg_reload_conf()' >/dev/null
miner_window 'beacon worker off'
errs=$(psql -c "SELECT coalesce(string_agg(worker || ': ' || errors || ' errors, last: ' || last_error, '; '), '') FROM qtcl.workers WHERE errors > 0")
[ -z "$errs" ] || echo "  worker errors: $errs"
stop_clusters
# The C figures again, to see whether the machine's load changed over the miner windows.
bash bench/bench_pow.sh 0.3 >"$WORK/pow2.txt"
echo "C again after the miner windows (bench/bench_pow.sh 0.3; x base still against the first C run)"
c_rows "$WORK/pow2.txt"
echo "  (x base: against the first C baseline, wall or CPU time alike; the miner hashes with"
echo "   qtcl_powfast_search, AVX2 when the CPU has it; a busy machine lowers the wall-time figures)"

# ---- 2. beacon ----
echo
start_cluster "$WORK/b" "shared_preload_libraries = 'qtcl'" "qtcl.qrng_sources = 'os'" "qtcl.beacon_interval_ms = 10" >/dev/null
psql -c 'CREATE EXTENSION qtcl'
# The workers look for the extension every 2 s: wait for rounds, then warm up.
for i in $(seq 100); do
  [ "$(psql -c 'SELECT count(*) > 0 FROM qtcl.beacon')" = t ] && break
  sleep 0.1
done
[ "$(psql -c 'SELECT count(*) > 0 FROM qtcl.beacon')" = t ] || {
  psql -c 'SELECT * FROM qtcl.workers'; echo "bench_node: no beacon rounds" >&2; exit 1; }
sleep 3
BPID=$(worker_pid 'qtcl beacon')
QPID=$(worker_pid 'qtcl qrng')
snap_beacon() { psql -F ' ' -c "SELECT extract(epoch FROM clock_timestamp()), max(round), steps, errors FROM qtcl.beacon, qtcl.workers WHERE worker = 'qtcl beacon' GROUP BY steps, errors"; }
beacon_window() {  # beacon_window LABEL SECONDS
  local t0 r0 st0 se0 t1 r1 st1 se1 c0 c1 q0 q1 a0 a1 el n
  c0=$(cpu_ticks "$BPID"); q0=$(cpu_ticks "$QPID"); a0=$(cluster_ticks "$WORK/b/data")
  read -r t0 r0 st0 se0 < <(snap_beacon)
  sleep "$2"
  read -r t1 r1 st1 se1 < <(snap_beacon)
  c1=$(cpu_ticks "$BPID"); q1=$(cpu_ticks "$QPID"); a1=$(cluster_ticks "$WORK/b/data")
  el=$(calc '%.3f' "$t1 - $t0")
  n=$((r1 - r0))
  echo "Beacon worker at qtcl.beacon_interval_ms = 10 (target 100 rounds/s), $1: $el s window, $n rounds"
  printf '  %-44s %10s   (target 100)\n' 'rounds per second' "$(calc '%.1f' "$n / $el")"
  psql -F ' ' -c "
    WITH d AS (SELECT extract(epoch FROM ts - lag(ts) OVER (ORDER BY round)) * 1000 AS ms
                 FROM qtcl.beacon WHERE round >= $r0 AND round <= $r1)
    SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1),
           round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::numeric, 1),
           round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1),
           round(max(ms)::numeric, 1), round(avg(ms)::numeric, 2),
           count(*) FILTER (WHERE ms >= 15), count(*) FILTER (WHERE ms >= 20)
      FROM d WHERE ms IS NOT NULL" | {
    read -r p50 p90 p99 mx av o15 o20
    printf '  %-44s %s / %s / %s / %s ms (mean %s)\n' 'interval median / p90 / p99 / max' "$p50" "$p90" "$p99" "$mx" "$av"
    printf '  %-44s %s, %s\n' 'intervals >= 15 ms, >= 20 ms' "$o15" "$o20"
  }
  printf '  %-44s %10s %%\n' 'beacon worker CPU (of one core)' "$(calc '%.1f' "100 * ($c1 - $c0) / $TCK / $el")"
  printf '  %-44s %10s ms\n' 'beacon worker CPU per round' "$(calc '%.2f' "1000 * ($c1 - $c0) / $TCK / $n")"
  printf '  %-44s %10s %%\n' 'qrng worker CPU (of one core)' "$(calc '%.1f' "100 * ($q1 - $q0) / $TCK / $el")"
  printf '  %-44s %10s %%\n' 'whole cluster CPU (of one core)' "$(calc '%.1f' "100 * ($a1 - $a0) / $TCK / $el")"
  printf '  %-44s %10s\n' 'worker steps, errors in the window' "$((st1 - st0)), $((se1 - se0))"
}
beacon_window 'fsync = off (as the other benchmarks)' "$BS"

# The worker off, then beacon_tick() from SQL (fsync off), next to the worker's window.
psql -c 'ALTER SYSTEM SET qtcl.beacon_worker = off' -c 'SELECT pg_reload_conf()' >/dev/null
sleep 1
j0=$(cluster_ticks "$WORK/b/data")
loop_ms=$(psql <<'SQL'
SET qtcl.qrng_sources = 'os';
CREATE TEMP TABLE t (ms float8);
DO $$
DECLARE r int; t0 timestamptz; n int := 200;
BEGIN
  PERFORM qtcl.beacon_tick();
  FOR r IN 1..5 LOOP
    t0 := clock_timestamp();
    PERFORM count(qtcl.beacon_tick()) FROM generate_series(1, n);
    INSERT INTO t VALUES (extract(epoch FROM clock_timestamp() - t0) * 1000 / n);
  END LOOP;
END $$;
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 3) || ' (' || round(min(ms)::numeric, 3) || '-' || round(max(ms)::numeric, 3) || ')' FROM t;
SQL
)
sleep 0.2   # the backend reaped
j1=$(cluster_ticks "$WORK/b/data")
own_dir "$WORK/f"
echo 'SELECT qtcl.beacon_tick();' >"$WORK/f/tick.sql"
chmod 644 "$WORK/f/tick.sql"
k0=$(cluster_ticks "$WORK/b/data")
pgb_ms=$(runas "$BIN/pgbench" -n -M prepared -f "$WORK/f/tick.sql" -t 1000 postgres 2>&1 | sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p')
sleep 0.2   # the backend reaped
k1=$(cluster_ticks "$WORK/b/data")
echo "qtcl.beacon_tick() from SQL (beacon worker off)"
printf '  %-44s %10s ms per round (range)\n' 'loop in one DO block (median of 5 x 200)' "$loop_ms"
printf '  %-44s %10s ms per round\n' '  its whole-cluster CPU (1001 calls)' "$(calc '%.2f' "1000 * ($j1 - $j0) / $TCK / 1001")"
printf '  %-44s %10s ms per round (latency average)\n' 'pgbench, one call per transaction (1000)' "${pgb_ms:-?}"
printf '  %-44s %10s ms per round\n' '  its whole-cluster CPU' "$(calc '%.2f' "1000 * ($k1 - $k0) / $TCK / 1000")"

# The worker on again, with fsync on as a node runs: each round then also waits for its WAL flush
# and for the oracle's secrets file (written durably before the round that commits to it).
psql -c 'ALTER SYSTEM SET qtcl.beacon_worker = on' -c 'ALTER SYSTEM SET fsync = on' -c 'SELECT pg_reload_conf()' >/dev/null
sleep 2
beacon_window 'fsync = on (as a node runs)' "$FS"
echo "  (CPU from utime + stime in /proc/PID/stat, clock tick 1/$TCK s; ts has millisecond resolution)"
