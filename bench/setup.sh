# bench/setup.sh: sourced (not run) by the bench_*.sh scripts that time SQL on a private cluster.
# Builds the extension, makes a work directory that is removed on exit (the clusters started in it
# are stopped first), installs the private PostgreSQL tree there ($BIN), and offers the settings of
# a quiet timed cluster: qtcl preloaded with its workers off, the os entropy source only (no
# network), and no autovacuum or checkpoint in the middle of a run (the scripts vacuum where it
# matters).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. src/tools/common.sh
make -s -j2 >/dev/null
WORK=$(mktemp -d /tmp/qtcl-bench.XXXXXX)
chmod 755 "$WORK"
STARTED_PGDATA=()
trap 'stop_clusters; rm -rf "$WORK"' EXIT
BIN=$(bash src/tools/pgtree.sh "$WORK/pg")
QUIET_CLUSTER=("shared_preload_libraries = 'qtcl'" "qtcl.beacon_worker = off" "qtcl.qrng_worker = off"
  "qtcl.qrng_sources = 'os'" "shared_buffers = 256MB" "autovacuum = off" "max_wal_size = 4GB" "checkpoint_timeout = 1h")
