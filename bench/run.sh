#!/usr/bin/env bash
# bench/run.sh (make bench): every benchmark, each beside its baseline in the same run.
#   - ML-DSA in C (bench/bench_mldsa.sh): keygen, sign, verify per parameter set, portable and AVX2
#   - the same operations through SQL on a private preloaded cluster (bench/bench_sql.sh),
#     so the SQL overhead is read against the C figures printed just before
#   - the ledger through SQL (bench/bench_chain.sh): mempool INSERT throughput beside a plain table
#     (rows sent by 1 to 4 client processes with durable commits and with fsync off, pgbench
#     INSERT ... SELECT, multi-row, COPY, a nearly full pool), and submit_block time beside
#     verifying the block's signatures alone
#   - blocks and reorganisations through SQL (bench/bench_blocks.sh): submit_block of blocks of 100,
#     1,000 and 10,000 transactions beside verifying their signatures alone, and a 100-block
#     reorganisation (the side-branch blocks and the reorganising block) beside connecting the same
#     101 blocks into a fresh database
#   - the proof-of-work hash rate in C (bench/bench_pow.sh): OpenSSL baseline, midstate, powfast
#     scalar and AVX2
#   - the node's workers (bench/bench_node.sh): the miner worker's hash rate beside the C baseline
#     of the same run; the beacon worker's cadence at 10 ms (rounds/s, intervals) and its CPU
#   - any other bench/bench_*.sh present
# Figures go to stdout; README quotes them with this command.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(date -u +%Y-%m-%d)"
for b in bench/bench_*.sh; do
  echo
  echo "## $b"
  bash "$b"
done
