# common.sh: shell helpers shared by src/tools/node.sh and test/run.sh (sourced, not run).

# PostgreSQL refuses to run as root: when we are root, servers and their clients run as
# the "postgres" system user (created by the postgresql-15 package).
qtcl_run_user() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

# runas CMD...: run as the server user, keeping the environment we set.
runas() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -m -- "$@"
  else
    "$@"
  fi
}

# Give the server user a directory it owns.
own_dir() {
  mkdir -p "$1"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$1"; fi
}

# A TCP port on 127.0.0.1 that nothing listens on now (the kernel picks it).
free_port() {
  perl -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0, ReuseAddr => 0)
      or die "free_port: $!\n";
    print $s->sockport, "\n";'
}

# Every directory above $1 must be enterable by the server user.
check_reachable() {
  local d=$1
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$d"; then
    echo "error: $d is not reachable by the postgres user (a parent directory is not world-executable)." >&2
    echo "       Clone qtcl somewhere like /opt or /srv, or set QTCL_DATA to such a directory." >&2
    return 1
  fi
}

# start_cluster DIR [conf lines...]: initdb and start a throwaway cluster from $BIN on a unix
# socket in DIR (no TCP). Appends the data directory to STARTED_PGDATA, for the caller's
# cleanup, and exports PGHOST, PGPORT and PGUSER for it.
start_cluster() {
  local dir=$1; shift
  own_dir "$dir"
  runas "$BIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
  local port
  port=$(free_port)
  {
    echo "listen_addresses = ''"
    echo "unix_socket_directories = '$dir'"
    echo "port = $port"
    echo "fsync = off"
    printf '%s\n' "$@"
  } >>"$dir/data/postgresql.conf"
  STARTED_PGDATA+=("$dir/data")
  runas "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null || { cat "$dir/server.log"; return 1; }
  export PGHOST=$dir PGPORT=$port PGUSER=postgres
}

# Stop every cluster start_cluster started (immediate: these are throwaway).
stop_clusters() {
  local d
  for d in "${STARTED_PGDATA[@]}"; do
    runas "$BIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1 || true
  done
  STARTED_PGDATA=()
}
