#!/usr/bin/env bash
# node.sh: README's main job (make run). Sets up everything on this machine and runs a local
# qtcl node in the foreground until Ctrl-C:
#   dependencies -> build -> private PostgreSQL tree with qtcl (.build/pg) -> data directory
#   ($QTCL_DATA, default .node/ in the checkout, ignored by git) -> server with qtcl preloaded
#   on 127.0.0.1 and a unix socket -> CREATE EXTENSION -> prints how to connect.
# Run it again and it resumes the same data directory.
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
# Written at every start: the port may differ from the last run.
runas sh -c "cat > '$DATA/qtcl-node.conf'" <<CONF
# written by src/tools/node.sh at each start; edit postgresql.conf instead
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
unix_socket_permissions = 0700
${QTCL_QRNG_SOURCES:+qtcl.qrng_sources = '$QTCL_QRNG_SOURCES'}
CONF

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
read -r VERSION SHA <<<"$(runas "${PSQL[@]}" -At -F ' ' -c "SELECT qtcl.version(), encode(qtcl.sha3_256(''::bytea), 'hex')")"

cat <<INFO

  qtcl $VERSION node is running (data: $DATA)
  SHA3-256('') computed by the server: $SHA

  Connect:   $BIN/psql -h $SOCK -p $PORT -U postgres postgres
  Try:       SELECT * FROM qtcl.workers;                      -- the entropy and beacon workers
             SELECT round, ts, purity, fidelity_w, encode(output, 'hex') FROM qtcl.beacon ORDER BY round DESC LIMIT 3;
             SELECT qtcl.beacon_verify(max(round)) FROM qtcl.beacon;
             SELECT * FROM qtcl.qrng_status;                   -- remote sources stay open without network
             SELECT encode(qtcl.entropy(32), 'hex');

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
