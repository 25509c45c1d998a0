#!/usr/bin/env bash
# bench_sql.sh [iterations]: ML-DSA keygen, sign and verify per second through SQL, for each
# parameter set, on a private cluster with qtcl preloaded. Each figure is the median of 5
# timed rounds of N calls in one statement (clock_timestamp inside the server, so client
# round trips are not counted). Every call's arguments refer to the row (CASE WHEN g > 0 ...)
# so that the planner cannot fold a call into a constant evaluated once.
set -euo pipefail
N=${1:-300}
. "$(dirname "$0")/setup.sh"
start_cluster "$WORK/c" "shared_preload_libraries = 'qtcl'" >/dev/null
psql() { runas "$BIN/psql" -X -q -At -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql -c 'CREATE EXTENSION qtcl'
psql <<SQL
CREATE FUNCTION public.med(float8[]) RETURNS float8 LANGUAGE sql AS
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
    INSERT INTO res VALUES (p, 'keygen', public.med(ks)), (p, 'sign', public.med(ss)), (p, 'verify', public.med(vs));
  END LOOP;
END \$\$;
SQL
psql <<SQL
CREATE TABLE res2 (what text, us float8);
DO \$\$
DECLARE
  r int; t0 timestamptz; n int := $N * 10; a float8[]; b float8[]; c float8[]; d float8[];
  rho qtcl.density_matrix := qtcl.amplitude_damp(qtcl.depolarize(qtcl.w_state(), 0.1), 0.05);
  w qtcl.density_matrix := qtcl.w_state();
  addr text := qtcl.hyper_addr('bench'::bytea)::text;
BEGIN
  a := '{}'; b := '{}'; c := '{}'; d := '{}';
  FOR r IN 1..5 LOOP
    t0 := clock_timestamp();
    PERFORM count(*) FILTER (WHERE qtcl.von_neumann_entropy(CASE WHEN g > 0 THEN rho END)
                                   + qtcl.fidelity(CASE WHEN g > 0 THEN rho END, w) > -1) FROM generate_series(1, n) g;
    a := a || extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
    t0 := clock_timestamp();
    PERFORM count(*) FILTER (WHERE (CASE WHEN g > 0 THEN addr END)::qtcl.hyper_addr IS NOT NULL) FROM generate_series(1, n) g;
    b := b || extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
    t0 := clock_timestamp();
    PERFORM count(length(qtcl.hyper_addr_from_hash(qtcl.sha3_256(int4send(g)))::text)) FROM generate_series(1, n) g;
    c := c || extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
    t0 := clock_timestamp();
    PERFORM count(qtcl.tile_distance(g % 106496, (g * 7919) % 106496)) FROM generate_series(1, n) g;
    d := d || extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
  END LOOP;
  INSERT INTO res2 VALUES ('entropy + fidelity, 3 qubits', public.med(a)), ('address parse (text -> hyper_addr)', public.med(b)),
    ('address from hash + format (sha3, hyper_addr -> text)', public.med(c)), ('tile_distance', public.med(d));
END \$\$;
SQL

# Beacon rounds and pool throughput (os-only source: no network here).
psql <<SQL
SET qtcl.qrng_sources = 'os';
CREATE TABLE res3 (what text, per_s float8);
DO \$\$
DECLARE r int; t0 timestamptz; a float8[] := '{}'; b float8[] := '{}'; n int := 500;
BEGIN
  PERFORM qtcl.beacon_tick();
  FOR r IN 1..5 LOOP
    t0 := clock_timestamp();
    PERFORM count(qtcl.beacon_tick()) FROM generate_series(1, n);
    a := a || n / extract(epoch FROM clock_timestamp() - t0);
    t0 := clock_timestamp();
    PERFORM count(length(qtcl.entropy(65536))) FROM generate_series(1, 64);
    b := b || 64 * 65536 / extract(epoch FROM clock_timestamp() - t0);
  END LOOP;
  INSERT INTO res3 VALUES ('beacon_tick rounds per second (one backend)', public.med(a)),
                          ('qtcl.entropy bytes per second (64 KiB draws, os source)', public.med(b));
END \$\$;
SQL

echo "ML-DSA through SQL (median of 5 rounds of $N calls; sign is hedged, mean over messages)"
printf '%-10s %-7s %10s %10s\n' set op 'us/op' 'ops/s'
psql -F ' ' -c "SELECT params, op, round(us::numeric, 1), round(1e6 / us) FROM res ORDER BY params, op" |
  while read -r p o u s; do printf '%-10s %-7s %10s %10s\n' "$p" "$o" "$u" "$s"; done
echo
echo "Types through SQL (median of 5 rounds of $((N * 10)) calls; includes the per-row executor cost)"
psql -F '|' -c "SELECT what, round(us::numeric, 2), round(1e6 / us) FROM res2" |
  while IFS='|' read -r w u s; do printf '%-56s %8s us %10s /s\n' "$w" "$u" "$s"; done
echo
echo "Beacon and pool (median of 5 rounds)"
psql -F '|' -c "SELECT what, round(per_s::numeric) FROM res3" |
  while IFS='|' read -r w v; do printf '%-56s %12s\n' "$w" "$v"; done
