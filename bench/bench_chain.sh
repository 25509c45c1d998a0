#!/usr/bin/env bash
# bench_chain.sh [repeats]: the ledger through SQL, each figure beside a baseline measured in the
# same run, on a private preloaded regtest cluster (background workers off, so only the timed
# work runs; os entropy source only: no network).
#
#  1. Submitting transactions: INSERT INTO qtcl.mempool (the C trigger verifies the ML-DSA-65
#     signature, locks the sender's account row, checks duplicate, nonce and balance; the
#     statement trigger trims the pool) against the same INSERTs into bench.plain, a table with
#     the same columns and no triggers, constraints or indexes. All transactions are signed
#     before any timing; each sender has an allocation in the genesis block; fee 1000 (the
#     minimum). A sender may have 25 pending, so the S = 4000 transactions of a single-row run
#     come from 160 senders; the pool is emptied before each run.
#       client   bench/insert_client.c: 1, 2 and 4 client processes, each with its connection,
#                send their own senders' rows (in nonce order) as text parameters of a prepared
#                INSERT ... VALUES, one row per statement (autocommit): what a wallet does.
#                Measured twice: "durable" with PostgreSQL's defaults (fsync on, synchronous
#                commit: each INSERT waits for its WAL flush, as on a node), and with fsync off
#                (CPU-bound: the validation's cost shows in full).
#       server   pgbench (from the tree), fsync off, 1, 2 and 4 clients: INSERT ... SELECT ...
#                WHERE id = $1 from a table of signed rows (the same lookup for the baseline),
#                so no row crosses the connection: the strictest comparison.
#       full     the server variant, 1 client, while the pool already holds 8900 other
#                transactions (it ends at 9900, under qtcl.mempool_max_txs = 10000); N = 1000.
#                Then the same with the cap set to 8900 for the session: each of the 1000 (fee
#                2000) needs room made by evicting filler (fee 1000).
#       multi    one INSERT ... SELECT of N = 1000 rows, and one COPY of 1000 rows from a file;
#                timed inside the server (clock_timestamp), one transaction, no commit.
#     With fsync off, the baseline makes L = 5 passes over the same rows per run (one pass is too
#     short to time on a busy machine). Median over the R repeats, variants interleaved.
#  2. Connecting blocks: qtcl.submit_block of a block of 0, 10 and 100 transactions (one each
#     from distinct senders) on the tip, built from the pool by qtcl.block_template and
#     qtcl.solve_block (untimed), against the time to verify the same transactions' ML-DSA-65
#     signatures alone (qtcl.hlwe_verify over qtcl.tx_signing_message, context 'qtcl-tx-v1';
#     messages computed beforehand). Timed inside the server; median over the repeats (sizes
#     interleaved, every block really connected and committed; one session, after a warm-up round).
set -euo pipefail
R=${1:-7}
S=4000              # transactions per single-row run (160 senders x 25 nonces)
N=1000              # transactions per multi-row, COPY and full-pool run (40 senders x 25 nonces)
L=5                 # passes of the baseline over the same rows per fsync-off run (a pass alone is short)
FILL=8900           # other pending transactions in the "full" run (356 senders x 25)
. "$(dirname "$0")/setup.sh"
start_cluster "$WORK/c" "${QUIET_CLUSTER[@]}" >/dev/null
own_dir "$WORK/f"
psql() { runas "$BIN/psql" -X -q -At -d postgres -v ON_ERROR_STOP=1 "$@"; }
pgbench_tps() {   # pgbench_tps TABLE CLIENTS PASSES ROWS: tx/s of PASSES x ROWS single-row INSERTs into TABLE
  local c=$2 per=$(($4 / $2))
  runas "$BIN/pgbench" -n -M prepared -f "$WORK/f/ins_$1.pgb" -c "$c" -j "$c" -t $((per * $3)) -D per="$per" -D k=0 postgres |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}
client_tps() {    # client_tps TABLE CLIENTS PASSES: rows/s of PASSES x S rows sent by CLIENTS processes (the file's)
  "$WORK/insert_client" "host=$PGHOST port=$PGPORT user=postgres dbname=postgres" "$1" "$WORK/f/rows.tsv" "$2" "$3"
}
durable() {       # durable on|off: fsync (and so every commit's WAL flush) on or off, cluster-wide
  psql -c "ALTER SYSTEM SET fsync = $1" -c 'SELECT pg_reload_conf()' >/dev/null
  [ "$(psql -c 'SHOW fsync')" = "$1" ] || { sleep 0.2; [ "$(psql -c 'SHOW fsync')" = "$1" ]; } ||
    { echo "bench_chain: fsync did not become $1" >&2; exit 1; }
}
cc -O2 -Wall -Wextra -Werror -I"$(pg_config --includedir)" bench/insert_client.c -L"$(pg_config --libdir)" -lpq \
  -o "$WORK/insert_client"
echo "# $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"

# ---- setup (untimed) ----
psql -c 'CREATE EXTENSION qtcl'
psql <<SQL
CREATE SCHEMA bench;
CREATE FUNCTION bench.med(float8[]) RETURNS float8 LANGUAGE sql AS
  \$\$ SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(\$1) x \$\$;
CREATE TABLE bench.res (test text, variant text, v float8, o serial);
-- Senders 0..39: the timed inserts (and blocks); 40..395: the filler; 999: the recipient.
CREATE TABLE bench.keys AS
  SELECT s, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('bench ' || s, 'UTF8')))).* FROM generate_series(0, 395) s
  UNION ALL SELECT 999, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('bench sink', 'UTF8')))).*;
ALTER TABLE bench.keys ADD addr qtcl.hyper_addr;
UPDATE bench.keys SET addr = qtcl.hyper_addr(public_key);
DO \$\$ BEGIN PERFORM qtcl.init_chain('regtest', (SELECT jsonb_object_agg(addr::text, 1000000000000) FROM bench.keys WHERE s < 999)); END \$\$;
-- Signed transactions: row id = sender * 25 + nonce.
CREATE TABLE bench.signed AS
  SELECT k.s * 25 + n AS id, k.public_key AS sender_key, r.addr AS recipient, 1000::bigint AS amount, f.fee,
         n::bigint AS nonce, qtcl.sign_transaction(k.secret_key, k.public_key, r.addr, 1000, f.fee, n) AS signature
    FROM bench.keys k, bench.keys r, generate_series(0, 24) n,
         LATERAL (SELECT CASE WHEN k.s < 40 THEN 2000 ELSE 1000 END::bigint AS fee) f   -- the full pool's filler pays less
   WHERE k.s < 396 AND r.s = 999;
ALTER TABLE bench.signed ADD PRIMARY KEY (id);
-- The baseline: the same columns, no triggers, constraints or indexes.
CREATE TABLE bench.plain (sender_key bytea, recipient qtcl.hyper_addr, amount bigint, fee bigint, nonce bigint,
                          signature qtcl.hlwe_signature, chain_id bigint, tx_hash bytea, sender qtcl.hyper_addr,
                          received_at timestamptz);
VACUUM ANALYZE bench.signed;
COPY (SELECT sender_key, recipient, amount, fee, nonce, signature FROM bench.signed WHERE id < $N ORDER BY id) TO '$WORK/f/tx.copy';
SQL
# The client's rows in their text forms, as psql prints them.
psql -F "$(printf '\t')" -c "SELECT sender_key, recipient, amount, fee, nonce, signature FROM bench.signed WHERE id < $S ORDER BY id" \
  >"$WORK/f/rows.tsv"
[ "$(wc -l <"$WORK/f/rows.tsv")" = $S ] || { echo "bench_chain: the rows file is incomplete" >&2; exit 1; }
for t in qtcl.mempool bench.plain; do
  cat >"$WORK/f/ins_$t.pgb" <<EOF
\set id :client_id * :per + :k % :per
\set k :k + 1
INSERT INTO $t (sender_key, recipient, amount, fee, nonce, signature)
  SELECT sender_key, recipient, amount, fee, nonce, signature FROM bench.signed WHERE id = :id;
EOF
done
chmod 644 "$WORK"/f/*.pgb
empty() { psql -c 'TRUNCATE qtcl.mempool, bench.plain'; }
record() {  # record TEST VARIANT VALUE
  [ -n "$3" ] || { echo "bench_chain: no figure for $1 ($2)" >&2; exit 1; }
  psql -c "INSERT INTO bench.res VALUES ('$1', '$2', $3)"
}
check() {  # check TABLE COUNT
  local got
  got=$(psql -c "SELECT count(*) FROM $1")
  [ "$got" = "$2" ] || { echo "bench_chain: $1 holds $got rows, expected $2" >&2; exit 1; }
}

# ---- 1. inserts ----
pair() {  # pair TEST RUNNER CLIENTS PLAIN_PASSES: S rows into the pool, then S x PLAIN_PASSES into the baseline
  empty
  record "$1" qtcl "$("$2" qtcl.mempool "$3" 1 $S)"
  check qtcl.mempool $S
  record "$1" plain "$("$2" bench.plain "$3" "$4" $S)"
  check bench.plain $((S * $4))
}
for r in $(seq "$R"); do
  durable on
  for c in 1 2 4; do pair "client, durable, $c client(s)" client_tps $c 1; done
  durable off
  for c in 1 2 4; do pair "client, fsync off, $c client(s)" client_tps $c $L; done
  for c in 1 2 4; do pair "server, fsync off, $c client(s)" pgbench_tps $c $L; done
  empty
  psql <<SQL
DO \$\$
DECLARE t0 timestamptz; i int;
BEGIN
  t0 := clock_timestamp();
  INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
    SELECT sender_key, recipient, amount, fee, nonce, signature FROM bench.signed WHERE id < $N ORDER BY id;
  INSERT INTO bench.res VALUES ('multi-row INSERT ... SELECT', 'qtcl', $N / extract(epoch FROM clock_timestamp() - t0));
  t0 := clock_timestamp();
  FOR i IN 1..$L LOOP
    INSERT INTO bench.plain (sender_key, recipient, amount, fee, nonce, signature)
      SELECT sender_key, recipient, amount, fee, nonce, signature FROM bench.signed WHERE id < $N ORDER BY id;
  END LOOP;
  INSERT INTO bench.res VALUES ('multi-row INSERT ... SELECT', 'plain', $L * $N / extract(epoch FROM clock_timestamp() - t0));
END \$\$;
SQL
  check qtcl.mempool $N
  empty
  psql <<SQL
DO \$\$
DECLARE t0 timestamptz; i int;
BEGIN
  t0 := clock_timestamp();
  EXECUTE 'COPY qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature) FROM ''$WORK/f/tx.copy''';
  INSERT INTO bench.res VALUES ('COPY', 'qtcl', $N / extract(epoch FROM clock_timestamp() - t0));
  t0 := clock_timestamp();
  FOR i IN 1..$L LOOP
    EXECUTE 'COPY bench.plain (sender_key, recipient, amount, fee, nonce, signature) FROM ''$WORK/f/tx.copy''';
  END LOOP;
  INSERT INTO bench.res VALUES ('COPY', 'plain', $L * $N / extract(epoch FROM clock_timestamp() - t0));
END \$\$;
SQL
  check qtcl.mempool $N
done

# The full pool: filler from senders 40..395 stays; each repeat's 1000 rows are deleted after it.
empty
psql <<SQL
INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
  SELECT sender_key, recipient, amount, fee, nonce, signature FROM bench.signed WHERE id >= $N ORDER BY id;
INSERT INTO bench.plain (sender_key, recipient, amount, fee, nonce, signature)
  SELECT sender_key, recipient, amount, fee, nonce, signature FROM bench.signed WHERE id >= $N ORDER BY id;
VACUUM ANALYZE qtcl.mempool;
VACUUM ANALYZE bench.plain;
SQL
check qtcl.mempool $FILL
for r in $(seq "$R"); do
  tps=$(pgbench_tps qtcl.mempool 1 1 $N)
  record "server, fsync off, 1 client, pool of $FILL" qtcl "$tps"
  check qtcl.mempool $((FILL + N))
  tps=$(pgbench_tps bench.plain 1 $L $N)
  record "server, fsync off, 1 client, pool of $FILL" plain "$tps"
  psql -c "DELETE FROM qtcl.mempool WHERE sender OPERATOR(qtcl.=) ANY (ARRAY(SELECT addr FROM bench.keys WHERE s < 40))" \
       -c "DELETE FROM bench.plain WHERE sender_key IN (SELECT public_key FROM bench.keys WHERE s < 40)" \
       -c 'VACUUM qtcl.mempool' -c 'VACUUM bench.plain'
  check qtcl.mempool $FILL
  # At the cap: the same 1000 (fee 2000) into a pool of 8900 whose cap is 8900: the filler's lowest
  # fees (1000) make room, down to 1% under the cap at a time.
  tps=$(export PGOPTIONS="-c qtcl.mempool_max_txs=$FILL"; pgbench_tps qtcl.mempool 1 1 $N)
  record "server, fsync off, 1 client, pool at its cap of $FILL" qtcl "$tps"
  [ "$(psql -c "SELECT count(*) <= $FILL AND count(*) FILTER (WHERE fee = 2000) = $N FROM qtcl.mempool")" = t ] ||
    { echo "bench_chain: the pool at its cap did not keep the $N new transactions within $FILL" >&2; exit 1; }
  tps=$(pgbench_tps bench.plain 1 $L $N)
  record "server, fsync off, 1 client, pool at its cap of $FILL" plain "$tps"
  # Back to the filler alone: the 1000 out, the evicted filler in again (in nonce order).
  psql -c "DELETE FROM qtcl.mempool WHERE sender OPERATOR(qtcl.=) ANY (ARRAY(SELECT addr FROM bench.keys WHERE s < 40))" \
       -c "DELETE FROM bench.plain WHERE sender_key IN (SELECT public_key FROM bench.keys WHERE s < 40)" \
       -c "INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
             SELECT sender_key, recipient, amount, fee, nonce, signature FROM bench.signed s
              WHERE id >= $N AND NOT EXISTS (SELECT 1 FROM qtcl.mempool m WHERE m.sender_key = s.sender_key AND m.nonce = s.nonce)
              ORDER BY id" \
       -c 'VACUUM qtcl.mempool' -c 'VACUUM bench.plain'
  check qtcl.mempool $FILL
done
empty

# ---- 2. blocks ----
# One session, so that every timed call runs in a warm backend; round 0 only warms it up.
blocks_sql() {
  local r n v
  echo "CREATE TABLE bench.blk (b bytea);"
  echo "CREATE TABLE bench.vset (pk bytea, msg bytea, sig qtcl.hlwe_signature);"
  for r in $(seq 0 "$R"); do
    for n in 0 10 100; do
      if [ "$r" = 0 ]; then v=warm-up; else v=''; fi
      cat <<SQL
-- Untimed: n transactions (senders 0..n-1, each its next nonce), the block, the signing messages.
INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
  SELECT k.public_key, r.addr, 1000, 1000, a.nonce, qtcl.sign_transaction(k.secret_key, k.public_key, r.addr, 1000, 1000, a.nonce)
    FROM bench.keys k JOIN qtcl.account_state a ON a.address OPERATOR(qtcl.=) k.addr, bench.keys r
   WHERE k.s < $n AND r.s = 999;
TRUNCATE bench.blk, bench.vset;
INSERT INTO bench.blk SELECT qtcl.solve_block(qtcl.block_template((SELECT addr FROM bench.keys WHERE s = 999)));
INSERT INTO bench.vset SELECT sender_key, qtcl.tx_signing_message(sender_key, recipient, amount, fee, nonce), signature FROM qtcl.mempool;
DO \$\$
DECLARE t0 timestamptz; verdict text; ok bigint;
BEGIN
  IF (SELECT count(*) FROM bench.vset) <> $n THEN RAISE EXCEPTION 'bench_chain: the pool does not hold the $n transactions'; END IF;
  t0 := clock_timestamp();
  SELECT count(*) FILTER (WHERE qtcl.hlwe_verify(pk, msg, sig, 'qtcl-tx-v1'::bytea)) INTO ok FROM bench.vset;
  INSERT INTO bench.res VALUES ('block of $n', '${v}verify', extract(epoch FROM clock_timestamp() - t0) * 1000);
  IF ok <> $n THEN RAISE EXCEPTION 'bench_chain: % of $n signatures verify', ok; END IF;
  t0 := clock_timestamp();
  verdict := qtcl.submit_block((SELECT b FROM bench.blk));
  INSERT INTO bench.res VALUES ('block of $n', '${v}connect', extract(epoch FROM clock_timestamp() - t0) * 1000);
  IF verdict <> 'connected' THEN RAISE EXCEPTION 'bench_chain: submit_block said %', verdict; END IF;
  IF (SELECT count(*) FROM qtcl.mempool) <> 0 THEN RAISE EXCEPTION 'bench_chain: the block left transactions pending'; END IF;
END \$\$;
SQL
    done
  done
}
blocks_sql | psql
[ "$(psql -c 'SELECT height FROM qtcl.tip')" = $((3 * (R + 1))) ] || { echo "bench_chain: not every block connected" >&2; exit 1; }

# ---- report ----
# Medians, and the range over the repeats (this may be a shared machine: the range shows how quiet it was).
echo
echo "Transactions into qtcl.mempool vs the same INSERTs into a plain table (tx/s, median of $R; single-row runs of $S transactions from 160 senders)"
printf '%-44s %6s %11s %6s %11s %6s %7s %8s\n' '' qtcl '(range)' plain '(range)' ratio paired 'us/tx +'
psql -F '|' <<'SQL' | while IFS='|' read -r t q qr p pr x y u; do printf '%-44s %6s %11s %6s %11s %6s %7s %8s\n' "$t" "$q" "$qr" "$p" "$pr" "$x" "$y" "$u"; done
WITH runs AS (SELECT test, variant, v, o, row_number() OVER (PARTITION BY test, variant ORDER BY o) AS k
                FROM bench.res WHERE variant IN ('qtcl', 'plain')),
     paired AS (SELECT q.test, bench.med(array_agg(q.v / p.v)) AS r FROM runs q JOIN runs p USING (test, k)
                 WHERE q.variant = 'qtcl' AND p.variant = 'plain' GROUP BY q.test)
SELECT test, round(q), round(q0) || '-' || round(q1), round(p), round(p0) || '-' || round(p1), round((q / p)::numeric, 3),
       round(paired.r::numeric, 3), round((1e6 / q - 1e6 / p)::numeric)
  FROM (SELECT test, bench.med(array_agg(v) FILTER (WHERE variant = 'qtcl')) q, bench.med(array_agg(v) FILTER (WHERE variant = 'plain')) p,
               min(v) FILTER (WHERE variant = 'qtcl') q0, max(v) FILTER (WHERE variant = 'qtcl') q1,
               min(v) FILTER (WHERE variant = 'plain') p0, max(v) FILTER (WHERE variant = 'plain') p1,
               min(o) o FROM runs GROUP BY test) s JOIN paired USING (test) ORDER BY o
SQL
echo "(ratio: median qtcl tx/s over median plain tx/s; paired: median of each repeat's ratio (the two runs"
echo "of a repeat follow each other); us/tx +: time per transaction above the baseline's, 1/rate. For scale,"
psql -c "SELECT 'one ML-DSA-65 verify alone, from the block of 100 below: ' || round((bench.med(array_agg(v)) * 10)::numeric) || ' us)'
           FROM bench.res WHERE test = 'block of 100' AND variant = 'verify'"
echo
echo "Block connect (qtcl.submit_block) vs verifying its transactions' signatures alone (ms, median of $R)"
printf '%-14s %8s %13s %8s %13s %9s\n' '' connect '(range)' verify '(range)' 'verify %'
psql -F '|' <<'SQL' | while IFS='|' read -r t c cr v vr x; do printf '%-14s %8s %13s %8s %13s %9s\n' "$t" "$c" "$cr" "$v" "$vr" "$x"; done
SELECT test, round(c::numeric, 2), round(c0::numeric, 2) || '-' || round(c1::numeric, 2),
       round(v::numeric, 2), round(v0::numeric, 2) || '-' || round(v1::numeric, 2), round((100 * v / c)::numeric, 1)
  FROM (SELECT test, bench.med(array_agg(v) FILTER (WHERE variant = 'connect')) c, bench.med(array_agg(v) FILTER (WHERE variant = 'verify')) v,
               min(v) FILTER (WHERE variant = 'connect') c0, max(v) FILTER (WHERE variant = 'connect') c1,
               min(v) FILTER (WHERE variant = 'verify') v0, max(v) FILTER (WHERE variant = 'verify') v1,
               min(o) o FROM bench.res WHERE variant IN ('connect', 'verify') GROUP BY test) s ORDER BY o
SQL
