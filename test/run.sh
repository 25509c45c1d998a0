#!/usr/bin/env bash
# test/run.sh: README's test command (make test). Installs what is missing, builds, and runs
# every test layer against a private PostgreSQL tree (src/tools/pgtree.sh), then prints one
# line "N passed, N failed" counting every check of every layer. Exits non-zero on any failure.
#
# Layers: unit (C, no server), sanitize (the unit tests under ASan and UBSan), fuzz (libFuzzer, bounded time), regress (pg_regress on a
# temporary preloaded instance), pgtap (pg_prove on a cluster of our own), integration
# (Perl TAP with PostgreSQL::Test::Cluster: several clusters, mock HTTP servers), node (README's
# main-job command itself: starts, answers, stops on Ctrl-C, resumes).
#
# Environment: QTCL_SHARED (default ../shared), QTCL_FUZZ_SECONDS (default 60),
# QTCL_LAYERS (default "unit sanitize fuzz regress pgtap integration node"), QTCL_KEEP=1 keeps the work dir,
# QTCL_INTEGRATION (a glob, default *) picks integration scripts, e.g. "020*".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. src/tools/common.sh

SHARED=${QTCL_SHARED:-$(cd "$top/.." && pwd)/shared}
LAYERS=${QTCL_LAYERS:-unit sanitize fuzz regress pgtap integration node}
FUZZ_SECONDS=${QTCL_FUZZ_SECONDS:-60}
PASS=0
FAIL=0

say() { printf '\n=== %s\n' "$*"; }
die() { echo "test/run.sh: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

[ -d "$SHARED/vectors" ] || die "test vectors not found in $SHARED/vectors (set QTCL_SHARED)"

say "dependencies"
bash src/tools/deps.sh || die "installing dependencies failed"

say "build"
make -s -j2 >/dev/null || { make 2>&1 | tail -30; die "build failed"; }

WORK=$(mktemp -d /tmp/qtcl-test.XXXXXX)
chmod 755 "$WORK"
# Unit tests build into the work dir: a fresh build with known flags, whatever a developer's
# test/unit/build holds. The sanitizer build is a second, separate one.
make -s -j2 unit-build SHARED="$SHARED" UNIT_BUILD="$WORK/unit" || die "unit test build failed"
if [[ " $LAYERS " == *" sanitize "* ]]; then
  make -s -j2 unit-build SHARED="$SHARED" UNIT_BUILD="$WORK/unit-asan" \
    UNIT_CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    || die "sanitizer unit test build failed"
fi
STARTED_PGDATA=()
cleanup() {
  stop_clusters
  if [ "${QTCL_KEEP:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BIN=$(bash src/tools/pgtree.sh "$WORK/pg") || die "private PostgreSQL tree failed"
PGINST=$(dirname "$BIN")
# Inputs copied to a place the server user can read, whatever the checkout's permissions.
mkdir -p "$WORK/src"
cp -r sql expected test "$WORK/src/"
perl test/sql_vectors.pl "$SHARED" "$WORK/src/data" || die "writing SQL vector files failed"
# For the upgrade test: the version being built, its generated script, and every older
# released script installed beside it so that CREATE EXTENSION ... VERSION 'old' works.
EXTVERSION=$(sed -n 's/^EXTVERSION *= *//p' Makefile)
echo "$EXTVERSION" >"$WORK/pg_control_version"
mkdir -p "$WORK/generated" && cp "sql/qtcl--$EXTVERSION.sql" "$WORK/generated/"
for f in test/upgrade/qtcl--*.sql; do
  [ "$(basename "$f")" = "qtcl--$EXTVERSION.sql" ] || cp "$f" "$("$BIN/pg_config" --sharedir)/extension/"
done
own_dir "$WORK/out"

# tally LAYER LOG RC: count the result lines of one layer: TAP lines ("ok N", "not ok N") for
# every layer, and pg_regress's per-test lines ("test name ... ok|FAILED") for regress only.
tally() {
  local layer=$1 log=$2 rc=$3 p f
  local tap_ok='^[[:space:]]*ok [0-9]+' tap_fail='^[[:space:]]*not ok [0-9]+'
  if [ "$layer" = regress ]; then
    tap_ok='^(test |     )[[:space:]]*[A-Za-z0-9_]+[[:space:]]+\.\.\. ok'
    tap_fail='^(test |     )[[:space:]]*[A-Za-z0-9_]+[[:space:]]+\.\.\. (FAILED|failed)'
  fi
  p=$(grep -cE "$tap_ok" "$log")
  f=$(grep -cE "$tap_fail" "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "not ok - $layer: runner exited with status $rc without naming a failed test"
    f=1
  fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    echo "not ok - $layer: ran no test"
    f=1
  fi
  echo "=== $layer: $p passed, $f failed"
  PASS=$((PASS + p))
  FAIL=$((FAIL + f))
}

run_unit_dir() {
  local t rc=0
  for t in "$1"/test_*; do
    [ -x "$t" ] || continue
    echo "# $t"
    QTCL_VECTORS="$1/vec" "$t" || rc=1
  done
  return $rc
}
layer_unit() { run_unit_dir "$WORK/unit"; }
# The same unit tests under AddressSanitizer and UndefinedBehaviorSanitizer.
layer_sanitize() { ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_unit_dir "$WORK/unit-asan"; }

layer_fuzz() {
  local f rc=0
  for f in test/fuzz/run*.sh; do
    [ -f "$f" ] || continue
    bash "$f" "$FUZZ_SECONDS" || rc=1
  done
  return $rc
}

layer_regress() {
  local tests
  tests=$(cd sql && ls *.sql | grep -v '^qtcl--' | sed 's/\.sql$//' | sort | tr '\n' ' ')
  runas "$PGINST/lib/pgxs/src/test/regress/pg_regress" \
    --bindir="$BIN" --inputdir="$WORK/src" --outputdir="$WORK/out/regress" \
    --temp-instance="$WORK/out/regress/tmp_check" --temp-config="$WORK/src/test/regress.conf" \
    --dbname=contrib_regression --load-extension=qtcl --encoding=UTF8 --no-locale $tests
  local rc=$?
  [ $rc -eq 0 ] || cat "$WORK/out/regress/regression.diffs" 2>/dev/null | head -200
  return $rc
}

layer_pgtap() {
  start_cluster "$WORK/out/pgtap" "shared_preload_libraries = 'qtcl'" "qtcl.qrng_worker = off" "qtcl.beacon_worker = off" || return 1
  runas "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION qtcl' || return 1
  runas pg_prove --psql-bin "$BIN/psql" -v -d postgres "$WORK"/src/test/pgtap/*.sql
}

layer_integration() {
  own_dir "$WORK/out/integration"
  (
    cd "$WORK/out/integration" &&
    PERL5LIB="$PGINST/lib/pgxs/src/test/perl:$WORK/src/test/integration${PERL5LIB:+:$PERL5LIB}" \
    PG_REGRESS="$PGINST/lib/pgxs/src/test/regress/pg_regress" \
    TESTDIR="$WORK/out/integration" QTCL_PGINST="$PGINST" QTCL_SRC="$WORK/src" \
    PG_TEST_TIMEOUT_DEFAULT=120 \
    runas prove -v "$WORK"/src/test/integration/t/${QTCL_INTEGRATION:-*}.pl
  )
  local rc=$?
  if [ $rc -ne 0 ]; then
    for f in "$WORK"/out/integration/tmp_check/log/regress_log_*; do
      [ -f "$f" ] && { echo "# ---- $f (tail)"; tail -40 "$f" | sed "s/^/#   /"; }
    done
  fi
  return $rc
}

# The main job, run as README says, with its data directory in the work dir.
node_start() {
  rm -f "$WORK/node.out"
  STARTED_PGDATA+=("$WORK/node/data")
  # As from a terminal: its own process group, SIGINT not ignored (a background job's would be).
  QTCL_DATA="$WORK/node" QTCL_SKIP_DEPS=1 QTCL_QRNG_SOURCES=os setsid perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' \
    bash src/tools/node.sh >"$WORK/node.out" 2>&1 &
  NODE_PID=$!
  local i
  for i in $(seq 1 240); do
    grep -q '^qtcl node: ready' "$WORK/node.out" && return 0
    kill -0 "$NODE_PID" 2>/dev/null || break
    sleep 0.5
  done
  return 1
}
node_sql() {
  local port sock
  port=$(sed -n 's/^port = //p' "$WORK/node/data/qtcl-node.conf")
  sock=$(sed -n "s/^unix_socket_directories = '\(.*\)'/\1/p" "$WORK/node/data/qtcl-node.conf")
  runas "$BIN/psql" -X -At -h "$sock" -p "$port" -U postgres -d postgres -c "$1"
}
node_ctrl_c() {
  kill -INT -- -"$NODE_PID" 2>/dev/null
  local i
  for i in $(seq 1 60); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.5; done
  ! kill -0 "$NODE_PID" 2>/dev/null
}
node_wait() {   # node_wait SQL EXPECTED SECONDS
  local i
  for i in $(seq 1 $(( $3 * 2 ))); do [ "$(node_sql "$1" 2>/dev/null)" = "$2" ] && return 0; sleep 0.5; done
  return 1
}
node_sha3_ok() {
  [ "$(node_sql "SELECT encode(qtcl.sha3_256(''::bytea), 'hex')")" = a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a ]
}
tap() { local n=$1; shift; if eval "$1"; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
layer_node() {
  tap 1 node_start "the main job starts a node and prints how to connect" || { cat "$WORK/node.out"; return 1; }
  tap 2 'grep -q "psql -h" "$WORK/node.out"' "it prints a psql command line"
  tap 3 node_sha3_ok "the node computes SHA3-256('') as FIPS 202 says"
  tap 4 '[ "$(node_sql "SELECT qtcl.preloaded()")" = t ]' "qtcl is preloaded in the node"
  tap 5 '[ "$(stat -c %a "$WORK/node/wallet.txt")" = 600 ] && grep -q "^secret_key " "$WORK/node/wallet.txt"' \
    "it made a wallet whose secret key file only its owner can read"
  tap 6 '[ "$(node_sql "SELECT network FROM qtcl.chain_params")" = devnet ]' "and a devnet chain"
  tap 7 'node_wait "SELECT count(*) > 0 FROM qtcl.chain WHERE height > 0" t 120' "blocks are mined"
  tap 8 '[ "$(node_sql "SELECT balance > 100000000000 FROM qtcl.accounts WHERE address::text = (SELECT miner_address FROM qtcl.miner_status)")" = t ] && \
         [ "$(node_sql "SELECT miner_address FROM qtcl.miner_status")" = "$(awk "\$1 == \"address\" {print \$2}" "$WORK/node/wallet.txt")" ]' \
    "to the wallet (its balance grew beyond the genesis allocation)"
  node_sql "CREATE TABLE kept AS SELECT 42 AS answer" >/dev/null
  TIPHASH=$(node_sql "SELECT height || ':' || encode(hash, 'hex') FROM qtcl.tip")
  tap 9 node_ctrl_c "Ctrl-C stops it"
  tap 10 'grep -q "qtcl node: stopped" "$WORK/node.out"' "with a clean shutdown message"
  tap 11 '! runas "$BIN/pg_ctl" -D "$WORK/node/data" status >/dev/null 2>&1' "and no server is left running"
  tap 12 node_start "run again, it resumes" || { cat "$WORK/node.out"; return 1; }
  tap 13 '[ "$(node_sql "SELECT answer FROM kept")" = 42 ]' "with the data of the previous run"
  tap 14 '[ "$(node_sql "SELECT height || '"':'"' || encode(hash, '"'hex'"') FROM qtcl.chain WHERE height = ${TIPHASH%%:*}")" = "$TIPHASH" ] && \
          [ "$(node_sql "SELECT bool_and(ok) FROM qtcl.verify_chain()")" = t ]' "and the same chain, which verifies"
  tap 15 node_ctrl_c "and stops again"
  cat "$WORK/node.out"
}

for layer in $LAYERS; do
  say "layer: $layer"
  log="$WORK/$layer.log"
  "layer_$layer" >"$log" 2>&1
  rc=$?
  cat "$log"
  tally "$layer" "$log" "$rc"
done

echo
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
