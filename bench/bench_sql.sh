#!/usr/bin/env bash
# bench_sql.sh [iterations]: ML-DSA keygen, sign and verify per second through SQL, for each
# parameter set, on a private cluster with qtcl preloaded. Each figure is the median of 5
# timed rounds of N calls in one statement (clock_timestamp inside the server, so client
# round trips are not counted). Every call's arguments refer to the row (CASE WHEN g > 0 ...)
# so that the planner cannot fold a call into a constant evaluated once.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. src/tools/common.sh
N=${1:-300}
make -s -j2 >/dev/null
WORK=$(mktemp -d /tmp/qtcl-bench.XXXXXX)
chmod 755 "$WORK"
STARTED_PGDATA=()
trap 'stop_clusters; rm -rf "$WORK"' EXIT
BIN=$(bash src/tools/pgtree.sh "$WORK/pg")
start_cluster "$WORK/c" "shared_preload_libraries = 'qtcl'" >/dev/null
psql() { runas "$BIN/psql" -X -q -At -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql -c 'CREATE EXTENSION qtcl'
psql <<SQL
CREATE FUNCTION pg_temp.med(float8[]) RETURNS float8 LANGUAGE sql AS
  \$\$ SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(\$1) x \$\$;
CREATE TABLE res (params text, op text, us float8);
DO \$\$
DECLARE
  p text; r int; t0 timestamptz; ks float8[]; ss float8[]; vs float8[];
  pk bytea; sk bytea; sig qtcl.hlwe_signature; ok boolean; n int := $N;
BEGIN
  FOREACH p IN ARRAY ARRAY['ml-dsa-44', 'ml-dsa-65', 'ml-dsa-87'] LOOP
    ks := '{}'; ss := '{}'; vs := '{}';
    SELECT public_key, secret_key INTO pk, sk FROM qtcl.hlwe_keygen(NULL, p);
    sig := qtcl.hlwe_sign(sk, 'benchmark message'::bytea);
    FOR r IN 1..5 LOOP
      t0 := clock_timestamp();
      PERFORM count(*) FROM generate_series(1, n) g, LATERAL qtcl.hlwe_keygen(NULL, CASE WHEN g > 0 THEN p END);
      ks := ks || extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
      t0 := clock_timestamp();
      PERFORM count(qtcl.hlwe_sign(sk, int4send(g))) FROM generate_series(1, n) g;
      ss := ss || extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
      t0 := clock_timestamp();
      PERFORM count(*) FILTER (WHERE qtcl.hlwe_verify(pk, 'benchmark message'::bytea, sig, CASE WHEN g > 0 THEN ''::bytea END))
        FROM generate_series(1, n) g;
      vs := vs || extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
    END LOOP;
    INSERT INTO res VALUES (p, 'keygen', pg_temp.med(ks)), (p, 'sign', pg_temp.med(ss)), (p, 'verify', pg_temp.med(vs));
  END LOOP;
END \$\$;
SQL
echo "ML-DSA through SQL (median of 5 rounds of $N calls; sign is hedged, mean over messages)"
printf '%-10s %-7s %10s %10s\n' set op 'us/op' 'ops/s'
psql -F ' ' -c "SELECT params, op, round(us::numeric, 1), round(1e6 / us) FROM res ORDER BY params, op" |
  while read -r p o u s; do printf '%-10s %-7s %10s %10s\n' "$p" "$o" "$u" "$s"; done
