#!/usr/bin/env bash
# bench_blocks.sh [repeats]: connecting large blocks and a 100-block reorganisation through SQL,
# each figure beside a baseline measured in the same run, on a private preloaded cluster
# (background workers off, so only the timed work runs; os entropy source only: no network).
# Everything is timed inside the server (clock_timestamp() in DO blocks); medians over the
# repeats (default 3), with the range.
#
#  1. Connecting blocks (goal: under 0.5 ms per transaction, signatures included): qtcl.submit_block
#     of blocks of 100, 1,000 and 10,000 transactions on the tip of a regtest chain with
#     max_block_txs 10000. Each sender sends 25 transactions (the most it may have pending, nonces
#     in order), so a block of n transactions has n / 25 senders (400 for 10,000; each has an
#     allocation in the genesis block); fee 1000 (the minimum). Untimed: signing, the INSERT into
#     qtcl.mempool (qtcl.mempool_max_txs raised to 20000 for the session), qtcl.block_template and
#     qtcl.solve_block. Timed: the submit_block call, which must say 'connected' and leave the pool
#     empty. Baseline: verifying the same transactions' ML-DSA-65 signatures alone (qtcl.hlwe_verify
#     over qtcl.tx_signing_message, context 'qtcl-tx-v1'; messages computed beforehand). One session;
#     sizes interleaved in each repeat, after a warm-up round of 100 and 1,000 (not counted).
#  2. A 100-block reorganisation. Databases of one cluster share the genesis block (same
#     allocations and params, genesis_time_ms included) and the oracle key (it belongs to the data
#     directory), so blocks mined in one are valid in the others. Timestamps follow the schedule
#     (qtcl.set_mock_time: genesis + 10 s x height, in the past), so every block has the same
#     target and work. A mines 100 blocks of 5 transactions each (20 senders x 25 nonces, so all 500
#     may go back to the pool); B mines 101 empty blocks. Each repeat, on a fresh copy of A
#     (CREATE DATABASE ... TEMPLATE), one statement per block:
#       side-branch  B's blocks 1..100, each 'side-branch' (equal or less work: checked against
#                    its branch in a subtransaction that is rolled back, i.e. a trial reorganisation)
#       reorg        B's block 101, 'connected': 100 blocks disconnected, 101 connected, the 500
#                    transactions back in the pool.
#     Then (untimed) the tip is B's, qtcl.verify_chain() is all ok, and the pool holds exactly A's
#     500 transactions. Baseline: the same 101 blocks of B submitted one by one into a fresh database
#     with the same genesis made by its own qtcl.init_chain (plain connects, full validation).
set -euo pipefail
R=${1:-3}
. "$(dirname "$0")/setup.sh"
start_cluster "$WORK/c" "${QUIET_CLUSTER[@]}" >/dev/null
psql() { runas "$BIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
fail() { echo "bench_blocks: $*" >&2; exit 1; }
echo "# $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"

# ---- setup (untimed): results in database postgres ----
psql -d postgres <<'SQL'
CREATE SCHEMA bench;
CREATE FUNCTION bench.med(float8[]) RETURNS float8 LANGUAGE sql AS
  $$ SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest($1) x $$;
CREATE TABLE bench.res (test text, variant text, v float8, o serial);
SQL
record() {  # record TEST VARIANT VALUE
  [ -n "$3" ] || fail "no figure for $1 ($2)"
  psql -d postgres -c "INSERT INTO bench.res VALUES ('$1', '$2', $3)"
}

# ---- 1. blocks of 100, 1,000 and 10,000 transactions (database blk) ----
psql -d postgres -c 'CREATE DATABASE blk'
psql -d blk <<'SQL'
CREATE EXTENSION qtcl;
CREATE SCHEMA bench;
CREATE TABLE bench.res (test text, variant text, v float8);
-- Senders 0..399, 999: the recipient and miner.
CREATE TABLE bench.keys AS
  SELECT s, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('bench ' || s, 'UTF8')))).* FROM generate_series(0, 399) s
  UNION ALL SELECT 999, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('bench sink', 'UTF8')))).*;
ALTER TABLE bench.keys ADD addr qtcl.hyper_addr;
UPDATE bench.keys SET addr = qtcl.hyper_addr(public_key);
DO $$ BEGIN PERFORM qtcl.init_chain('regtest', (SELECT jsonb_object_agg(addr::text, 1000000000000) FROM bench.keys WHERE s < 999),
                                    '{"max_block_txs": 10000}'); END $$;
CREATE TABLE bench.blk (b bytea);
CREATE TABLE bench.vset (pk bytea, msg bytea, sig qtcl.hlwe_signature);
SQL
blocks_sql() {
  local r n v sizes
  echo "SET qtcl.mempool_max_txs = 20000;"
  for r in $(seq 0 "$R"); do
    if [ "$r" = 0 ]; then v=warm-up; sizes='100 1000'; else v=''; sizes='100 1000 10000'; fi
    for n in $sizes; do
      cat <<SQL
-- Untimed: n / 25 senders, each its next 25 nonces; the block; the signing messages.
INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
  SELECT k.public_key, r.addr, 1000, 1000, a.nonce + i, qtcl.sign_transaction(k.secret_key, k.public_key, r.addr, 1000, 1000, a.nonce + i)
    FROM bench.keys k JOIN qtcl.account_state a ON a.address OPERATOR(qtcl.=) k.addr, bench.keys r, generate_series(0, 24) i
   WHERE k.s < $n / 25 AND r.s = 999 ORDER BY k.s, i;
TRUNCATE bench.blk, bench.vset;
INSERT INTO bench.blk SELECT qtcl.solve_block(qtcl.block_template((SELECT addr FROM bench.keys WHERE s = 999)));
INSERT INTO bench.vset SELECT sender_key, qtcl.tx_signing_message(sender_key, recipient, amount, fee, nonce), signature FROM qtcl.mempool;
DO \$\$
DECLARE t0 timestamptz; verdict text; ok bigint; blk bytea := (SELECT b FROM bench.blk);
BEGIN
  IF (SELECT count(*) FROM bench.vset) <> $n THEN RAISE EXCEPTION 'bench_blocks: the pool does not hold the $n transactions'; END IF;
  t0 := clock_timestamp();
  SELECT count(*) FILTER (WHERE qtcl.hlwe_verify(pk, msg, sig, 'qtcl-tx-v1'::bytea)) INTO ok FROM bench.vset;
  INSERT INTO bench.res VALUES ('block of $n', '${v}verify', extract(epoch FROM clock_timestamp() - t0) * 1000);
  IF ok <> $n THEN RAISE EXCEPTION 'bench_blocks: % of $n signatures verify', ok; END IF;
  t0 := clock_timestamp();
  verdict := qtcl.submit_block(blk);
  INSERT INTO bench.res VALUES ('block of $n', '${v}connect', extract(epoch FROM clock_timestamp() - t0) * 1000);
  IF verdict IS DISTINCT FROM 'connected' THEN RAISE EXCEPTION 'bench_blocks: submit_block said %', verdict; END IF;
  IF (SELECT count(*) FROM qtcl.mempool) <> 0 THEN RAISE EXCEPTION 'bench_blocks: the block left transactions pending'; END IF;
  IF (SELECT tx_count FROM qtcl.tip) <> $n THEN RAISE EXCEPTION 'bench_blocks: the tip holds % transactions, not $n', (SELECT tx_count FROM qtcl.tip); END IF;
END \$\$;
SQL
    done
  done
}
blocks_sql | psql -d blk
[ "$(psql -d blk -c 'SELECT height FROM qtcl.tip')" = $((2 + 3 * R)) ] || fail "not every block connected"
psql -d blk -c "COPY (SELECT test, variant, v FROM bench.res WHERE variant NOT LIKE 'warm-up%') TO STDOUT" |
  psql -d postgres -c "COPY bench.res (test, variant, v) FROM STDIN"

# ---- 2. a 100-block reorganisation ----
# Genesis 1 h ago; block h is stamped genesis + 10 s x h (the regtest schedule), so all are in the past.
G=$(($(date +%s%3N) - 3600000))
PARAMS="{\"genesis_time_ms\": $G}"
psql -d postgres -c 'CREATE DATABASE rt'
psql -d rt <<SQL
CREATE EXTENSION qtcl;
CREATE SCHEMA bench;
-- Senders 0..19 (allocations), 998: B's miner, 999: A's miner and the recipient.
CREATE TABLE bench.keys AS
  SELECT s, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('reorg ' || s, 'UTF8')))).* FROM generate_series(0, 19) s
  UNION ALL SELECT 998, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('reorg miner b', 'UTF8')))).*
  UNION ALL SELECT 999, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('reorg miner a', 'UTF8')))).*;
ALTER TABLE bench.keys ADD addr qtcl.hyper_addr;
UPDATE bench.keys SET addr = qtcl.hyper_addr(public_key);
CREATE TABLE bench.alloc AS SELECT jsonb_object_agg(addr::text, 1000000000000) a FROM bench.keys WHERE s < 998;
DO \$\$ BEGIN PERFORM qtcl.init_chain('regtest', (SELECT a FROM bench.alloc), '$PARAMS'); END \$\$;
CREATE TABLE bench.bblk (n bigint PRIMARY KEY, b bytea);
CREATE TABLE bench.t (n int, ms float8, verdict text);
SQL
ALLOC=$(psql -d rt -c 'SELECT a FROM bench.alloc')
psql -d postgres -c 'CREATE DATABASE rb TEMPLATE rt' -c 'CREATE DATABASE ra TEMPLATE rt'
# B: 101 empty blocks.
psql -d rb <<SQL
DO \$\$
DECLARE h int; m qtcl.hyper_addr := (SELECT addr FROM bench.keys WHERE s = 998);
BEGIN
  FOR h IN 1..101 LOOP
    PERFORM qtcl.set_mock_time(to_timestamp(($G + h * 10000::bigint) / 1000.0));
    IF qtcl.mine_block(m) IS NULL THEN RAISE EXCEPTION 'bench_blocks: B mined no block'; END IF;
  END LOOP;
  IF (SELECT height FROM qtcl.tip) <> 101 OR (SELECT sum(tx_count) FROM qtcl.chain) <> 0 THEN
    RAISE EXCEPTION 'bench_blocks: B is not 101 empty blocks';
  END IF;
END \$\$;
SQL
# A: 100 blocks of 5 transactions; block h takes transactions 5(h-1) .. 5h-1, transaction i from sender i % 20, nonce i / 20.
psql -d ra <<SQL
DO \$\$
DECLARE h int; m qtcl.hyper_addr := (SELECT addr FROM bench.keys WHERE s = 999);
BEGIN
  FOR h IN 1..100 LOOP
    PERFORM qtcl.set_mock_time(to_timestamp(($G + h * 10000::bigint) / 1000.0));
    INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
      SELECT k.public_key, r.addr, 1000, 1000, i / 20, qtcl.sign_transaction(k.secret_key, k.public_key, r.addr, 1000, 1000, i / 20)
        FROM generate_series(5 * (h - 1), 5 * h - 1) i JOIN bench.keys k ON k.s = i % 20, bench.keys r WHERE r.s = 999 ORDER BY i;
    IF qtcl.mine_block(m) IS NULL THEN RAISE EXCEPTION 'bench_blocks: A mined no block'; END IF;
    IF (SELECT tx_count FROM qtcl.tip) <> 5 OR (SELECT count(*) FROM qtcl.mempool) <> 0 THEN
      RAISE EXCEPTION 'bench_blocks: A''s block % did not take its 5 transactions', h;
    END IF;
  END LOOP;
  IF (SELECT height FROM qtcl.tip) <> 100 THEN RAISE EXCEPTION 'bench_blocks: A is not 100 blocks'; END IF;
  PERFORM qtcl.set_mock_time(NULL);
END \$\$;
CREATE TABLE bench.atx AS SELECT tx_hash FROM qtcl.transactions;
SQL
[ "$(psql -d ra -c 'SELECT count(*) FROM bench.atx')" = 500 ] || fail "A does not hold 500 transactions"
# C's template: the same genesis from its own init_chain.
psql -d postgres -c 'CREATE DATABASE rg'
psql -d rg <<SQL
CREATE EXTENSION qtcl;
CREATE SCHEMA bench;
DO \$\$ BEGIN PERFORM qtcl.init_chain('regtest', '$ALLOC', '$PARAMS'); END \$\$;
CREATE TABLE bench.bblk (n bigint PRIMARY KEY, b bytea);
CREATE TABLE bench.t (n int, ms float8, verdict text);
SQL
[ "$(psql -d rg -c 'SELECT genesis_hash FROM qtcl.chain_params')" = "$(psql -d rb -c 'SELECT genesis_hash FROM qtcl.chain_params')" ] ||
  fail "the same init_chain arguments gave another genesis block"
# B's blocks, by height, into A and C's template.
psql -d rb -c "COPY (SELECT n, b FROM qtcl.get_blocks(1, 101) WITH ORDINALITY AS g(b, n)) TO STDOUT" >"$WORK/bblk.copy"
for d in ra rg; do psql -d "$d" -c "COPY bench.bblk FROM STDIN" <"$WORK/bblk.copy"; done
[ "$(psql -d ra -c 'SELECT count(*) FROM bench.bblk')" = 101 ] || fail "B's blocks did not arrive"
BTIP=$(psql -d rb -c 'SELECT encode(hash, $$hex$$) FROM qtcl.tip')

submit_sql() {  # submit_sql FROM TO VERDICT: one statement per block of B, each timed into bench.t
  local n
  for n in $(seq "$1" "$2"); do
    cat <<SQL
DO \$\$
DECLARE t0 timestamptz; verdict text; blk bytea := (SELECT b FROM bench.bblk WHERE n = $n);
BEGIN
  t0 := clock_timestamp();
  verdict := qtcl.submit_block(blk);
  INSERT INTO bench.t VALUES ($n, extract(epoch FROM clock_timestamp() - t0) * 1000, verdict);
  IF verdict IS DISTINCT FROM '$3' THEN RAISE EXCEPTION 'bench_blocks: B''s block $n: submit_block said %, not $3', verdict; END IF;
END \$\$;
SQL
  done
}
for r in $(seq "$R"); do
  psql -d postgres -c "CREATE DATABASE ra$r TEMPLATE ra" -c "CREATE DATABASE rc$r TEMPLATE rg"
  { submit_sql 1 100 side-branch; submit_sql 101 101 connected; } | psql -d "ra$r"
  psql -d "ra$r" <<SQL
DO \$\$
BEGIN
  IF (SELECT height FROM qtcl.tip) <> 101 OR (SELECT encode(hash, 'hex') FROM qtcl.tip) <> '$BTIP' THEN
    RAISE EXCEPTION 'bench_blocks: after the reorganisation the tip is not B''s block 101';
  END IF;
  IF EXISTS (SELECT 1 FROM qtcl.verify_chain() WHERE NOT ok) THEN
    RAISE EXCEPTION 'bench_blocks: verify_chain after the reorganisation: %',
      (SELECT string_agg(check_name || ': ' || coalesce(detail, ''), '; ') FROM qtcl.verify_chain() WHERE NOT ok);
  END IF;
  IF (SELECT count(*) FROM qtcl.mempool) <> 500
     OR EXISTS (SELECT tx_hash FROM bench.atx EXCEPT SELECT tx_hash FROM qtcl.mempool) THEN
    RAISE EXCEPTION 'bench_blocks: the pool holds % transactions, not A''s 500', (SELECT count(*) FROM qtcl.mempool);
  END IF;
  IF EXISTS (SELECT 1 FROM qtcl.transactions) THEN RAISE EXCEPTION 'bench_blocks: confirmed transactions remain'; END IF;
END \$\$;
SQL
  submit_sql 1 101 connected | psql -d "rc$r"
  [ "$(psql -d "rc$r" -c 'SELECT encode(hash, $$hex$$) FROM qtcl.tip')" = "$BTIP" ] || fail "C's tip is not B's block 101"
  record 'side-branch blocks 1..100' reorg "$(psql -d "ra$r" -c 'SELECT sum(ms) FROM bench.t WHERE n <= 100')"
  record 'side-branch block 1' reorg "$(psql -d "ra$r" -c 'SELECT ms FROM bench.t WHERE n = 1')"
  record 'side-branch block 100' reorg "$(psql -d "ra$r" -c 'SELECT ms FROM bench.t WHERE n = 100')"
  record 'reorganising block 101' reorg "$(psql -d "ra$r" -c 'SELECT ms FROM bench.t WHERE n = 101')"
  record 'baseline: 101 blocks into C' reorg "$(psql -d "rc$r" -c 'SELECT sum(ms) FROM bench.t')"
  psql -d postgres -c "DROP DATABASE ra$r" -c "DROP DATABASE rc$r"
done

# ---- report ----
# Medians, and the range over the repeats (this may be a shared machine: the range shows how quiet it was).
echo
echo "Block connect (qtcl.submit_block) vs verifying its transactions' signatures alone (median of $R; 25 transactions per sender)"
printf '%-16s %9s %19s %7s %9s %17s %7s %9s\n' '' 'connect' '(range)' 'ms/tx' 'verify' '(range)' 'ms/tx' 'verify %'
psql -d postgres -F '|' <<'SQL' | while IFS='|' read -r t c cr ct v vr vt x; do printf '%-16s %9s %19s %7s %9s %17s %7s %9s\n' "$t" "$c" "$cr" "$ct" "$v" "$vr" "$vt" "$x"; done
SELECT test, round(c::numeric, 1), round(c0::numeric, 1) || '-' || round(c1::numeric, 1), round((c / n)::numeric, 3),
       round(v::numeric, 1), round(v0::numeric, 1) || '-' || round(v1::numeric, 1), round((v / n)::numeric, 3),
       round((100 * v / c)::numeric, 1)
  FROM (SELECT test, substring(test FROM '[0-9]+')::float8 n,
               bench.med(array_agg(v) FILTER (WHERE variant = 'connect')) c, bench.med(array_agg(v) FILTER (WHERE variant = 'verify')) v,
               min(v) FILTER (WHERE variant = 'connect') c0, max(v) FILTER (WHERE variant = 'connect') c1,
               min(v) FILTER (WHERE variant = 'verify') v0, max(v) FILTER (WHERE variant = 'verify') v1,
               min(o) o FROM bench.res WHERE variant IN ('connect', 'verify') GROUP BY test) s ORDER BY n
SQL
psql -d postgres <<'SQL'
SELECT 'goal under 0.5 ms/tx (signatures included): ' || string_agg(test || ' ' || CASE WHEN c / n < 0.5 THEN 'met' ELSE 'NOT met' END, ', ' ORDER BY n)
       || '; marginal cost 100 -> 10000: ' || round(((max(c) FILTER (WHERE n = 10000) - max(c) FILTER (WHERE n = 100)) / 9900)::numeric, 3) || ' ms/tx'
  FROM (SELECT test, substring(test FROM '[0-9]+')::float8 n, bench.med(array_agg(v)) c
          FROM bench.res WHERE variant = 'connect' GROUP BY test) s
SQL
echo
echo "100-block reorganisation: A (100 blocks of 5 transactions) meets B's 101 empty blocks (ms, median of $R)"
printf '%-58s %9s %19s %13s\n' '' 'ms' '(range)' 'per block'
psql -d postgres -F '|' <<'SQL' | while IFS='|' read -r t m mr p; do printf '%-58s %9s %19s %13s\n' "$t" "$m" "$mr" "$p"; done
SELECT CASE test WHEN 'side-branch blocks 1..100' THEN 'side-branch blocks 1..100 (100 calls, each a trial reorg)'
                 WHEN 'reorganising block 101' THEN 'reorganising block 101 (1 call: 100 out, 101 in)'
                 WHEN 'baseline: 101 blocks into C' THEN 'baseline: the same 101 blocks connected into C'
                 ELSE test END,
       round(m::numeric, 1), round(m0::numeric, 1) || '-' || round(m1::numeric, 1),
       CASE test WHEN 'side-branch blocks 1..100' THEN round((m / 100)::numeric, 2) || ' /block'
                 WHEN 'reorganising block 101' THEN round((m / 101)::numeric, 2) || ' /block in'
                 WHEN 'baseline: 101 blocks into C' THEN round((m / 101)::numeric, 2) || ' /block'
                 ELSE '' END
  FROM (SELECT test, bench.med(array_agg(v)) m, min(v) m0, max(v) m1, min(o) o FROM bench.res WHERE variant = 'reorg' GROUP BY test) s
 ORDER BY o
SQL
