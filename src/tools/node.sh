#!/usr/bin/env bash
# node.sh: README's main job (make run). Sets up everything on this machine and runs a local
# qtcl node in the foreground until Ctrl-C:
#   dependencies -> build -> private PostgreSQL tree with qtcl (.build/pg) -> data directory
#   ($QTCL_DATA, default .node/ in the checkout, ignored by git) -> server with qtcl preloaded
#   on 127.0.0.1 and a unix socket -> CREATE EXTENSION -> a wallet ($QTCL_DATA/wallet.txt, mode
#   0600: address, public key, secret key) -> a devnet chain whose genesis gives the wallet 1000 QTCL
#   -> the workers (entropy, beacon, miner paying the wallet) -> prints how to connect and what to try.
# Run it again and it resumes the same data directory, wallet and chain.
#
# Environment: QTCL_DATA (data directory parent), QTCL_PORT (default: a free port),
# QTCL_SKIP_DEPS=1 (do not check packages), QTCL_QRNG_SOURCES (default: all; the tests use "os"
# so that they never reach out to the public QRNG services).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. src/tools/common.sh

NODE=${QTCL_DATA:-$top/.node}
PORT=${QTCL_PORT:-$(free_port)}
TREE=$top/.build/pg

step() { printf 'qtcl node: %s\n' "$*"; }

[ "${QTCL_SKIP_DEPS:-0}" = 1 ] || bash src/tools/deps.sh
step "building"
make -s -j2 >/dev/null
BIN=$(bash src/tools/pgtree.sh "$TREE")

mkdir -p "$NODE"
NODE=$(cd "$NODE" && pwd)
check_reachable "$BIN"
check_reachable "$NODE"
own_dir "$NODE"
chmod 700 "$NODE"
DATA=$NODE/data
LOG=$NODE/server.log
# Unix socket paths are limited to 107 bytes: fall back to /tmp for deep checkouts.
SOCK=$NODE/run
[ ${#SOCK} -lt 80 ] || SOCK=$(mktemp -d /tmp/qtcl-sock.XXXXXX)
own_dir "$SOCK"

if [ ! -f "$DATA/PG_VERSION" ]; then
  step "creating data directory $DATA"
  runas "$BIN/initdb" -D "$DATA" -U postgres -A peer --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$NODE/initdb.log" 2>&1 || { cat "$NODE/initdb.log"; exit 1; }
  cat >>"$DATA/postgresql.conf" <<CONF

# ---- qtcl node
shared_preload_libraries = 'qtcl'
include_if_exists = 'qtcl-node.conf'
CONF
fi
WALLET=$NODE/wallet.txt
wallet_address() { [ -f "$WALLET" ] && awk '$1 == "address" {print $2}' "$WALLET" || true; }
# Written at every start (the port may differ from the last run) and once the wallet exists.
write_conf() {
  local addr
  addr=$(wallet_address)
  runas sh -c "cat > '$DATA/qtcl-node.conf'" <<CONF
# written by src/tools/node.sh at each start; edit postgresql.conf instead
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
unix_socket_permissions = 0700
${QTCL_QRNG_SOURCES:+qtcl.qrng_sources = '$QTCL_QRNG_SOURCES'}
${addr:+qtcl.miner_address = '$addr'}
CONF
}
write_conf

stop_server() {
  trap - INT TERM
  echo
  step "stopping (fast shutdown: committed work is kept)"
  [ -n "${TAILPID:-}" ] && kill "$TAILPID" 2>/dev/null || true
  runas "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  step "stopped"
  exit 0
}
trap stop_server INT TERM

step "starting PostgreSQL on 127.0.0.1:$PORT (log: $LOG)"
runas "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null || { tail -30 "$LOG"; exit 1; }

PSQL=("$BIN/psql" -X -q -h "$SOCK" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
runas "${PSQL[@]}" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS qtcl' \
  -c 'ALTER EXTENSION qtcl UPDATE'
if [ ! -f "$WALLET" ]; then
  step "making a wallet: $WALLET (readable by you only)"
  # The secret key goes from the server's answer straight into a file only its owner can read:
  # never into a table, a log or the terminal.
  ( umask 077
    runas "${PSQL[@]}" -At -F ' ' -c "SELECT qtcl.hyper_addr(public_key), encode(public_key, 'hex'), encode(secret_key, 'hex') FROM qtcl.hlwe_keygen()" |
      awk '{ print "address " $1; print "public_key " $2; print "secret_key " $3 }' >"$WALLET.new" )
  [ -s "$WALLET.new" ] && mv "$WALLET.new" "$WALLET"
fi
ADDR=$(wallet_address)
[ -n "$ADDR" ] || { echo "qtcl node: the wallet $WALLET has no address" >&2; exit 1; }
if [ "$(runas "${PSQL[@]}" -At -c 'SELECT count(*) FROM qtcl.chain_params')" = 0 ]; then
  step "creating a devnet chain (genesis: 1000 QTCL to the wallet)"
  runas "${PSQL[@]}" -c "SELECT qtcl.init_chain('devnet', jsonb_build_object('$ADDR', 100000000000))" >/dev/null
fi
write_conf
runas "${PSQL[@]}" -c 'SELECT pg_reload_conf()' >/dev/null   # the miner starts paying the wallet
read -r VERSION SHA <<<"$(runas "${PSQL[@]}" -At -F ' ' -c "SELECT qtcl.version(), encode(qtcl.sha3_256(''::bytea), 'hex')")"

cat <<INFO

  qtcl $VERSION node is running (data: $DATA)
  SHA3-256('') computed by the server: $SHA

  Wallet:    $ADDR (keys in $WALLET, mode 0600)

  Connect:   $BIN/psql -h $SOCK -p $PORT -U postgres postgres
  Try:       SELECT * FROM qtcl.miner_status;                  -- the miner pays the wallet
             SELECT height, encode(hash, 'hex'), tx_count FROM qtcl.chain ORDER BY height DESC LIMIT 5;
             SELECT * FROM qtcl.accounts;
             SELECT * FROM qtcl.workers;                       -- entropy, beacon and miner workers
             SELECT * FROM qtcl.verify_chain();
  A transfer by INSERT (in that psql; the keys come from the wallet file):
             \\set pk \`awk '\$1 == "public_key" {print \$2}' $WALLET\`
             \\set sk \`awk '\$1 == "secret_key" {print \$2}' $WALLET\`
             \\set to 'qtcl1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqlfewua'
             INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
             SELECT decode(:'pk', 'hex'), :'to', 150000000, 1000, a.pending_nonce,
                    qtcl.sign_transaction(decode(:'sk', 'hex'), decode(:'pk', 'hex'), :'to', 150000000, 1000, a.pending_nonce)
               FROM qtcl.accounts a WHERE a.address OPERATOR(qtcl.=) qtcl.hyper_addr(decode(:'pk', 'hex'));
             SELECT encode(tx_hash, 'hex'), recipient, amount, fee, nonce FROM qtcl.mempool;  -- until the next block

  Ctrl-C stops the node; running this command again resumes it.
qtcl node: ready
INFO

# Foreground: follow the server log until the server goes away or we are interrupted.
tail -n 0 -F "$LOG" 2>/dev/null &
TAILPID=$!
while runas "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; do
  sleep 1 &
  wait $! || true
done
kill "$TAILPID" 2>/dev/null || true
step "the server stopped by itself; see $LOG"
exit 1
