-- hyper_addr: addresses, pseudoqubits and the {8,3} tiling.
SET search_path = public, qtcl;
CREATE TEMP TABLE wallets AS
SELECT name, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to(name, 'UTF8')))).public_key AS pk
  FROM unnest(ARRAY['alice', 'bob', 'carol', 'dave']) name;
-- An address is bech32m over SHA3-256 of the public key: 63 characters, lower case.
SELECT name, qtcl.hyper_addr(pk) AS address, length(qtcl.hyper_addr(pk)::text) AS len,
       qtcl.addr_hash(qtcl.hyper_addr(pk)) = qtcl.sha3_256(pk) AS hash_is_sha3_of_key,
       qtcl.pseudoqubit(qtcl.hyper_addr(pk)) AS pq
  FROM wallets ORDER BY name;
-- The pseudoqubit is the first 8 bytes of the hash, big-endian, mod 106496.
SELECT count(*) AS wallets,
       count(*) FILTER (WHERE qtcl.pseudoqubit(qtcl.hyper_addr(pk)) =
                        (v::numeric + CASE WHEN v < 0 THEN 18446744073709551616 ELSE 0 END) % 106496) AS pseudoqubit_rule
  FROM wallets, LATERAL (SELECT ('x' || encode(substring(qtcl.sha3_256(pk) FROM 1 FOR 8), 'hex'))::bit(64)::bigint AS v) first8;
-- Round trips: text, the hash, binary.
SELECT count(*) AS text_roundtrips FROM wallets
 WHERE qtcl.hyper_addr(pk)::text::qtcl.hyper_addr = qtcl.hyper_addr(pk);
SELECT count(*) AS upper_case_accepted FROM wallets
 WHERE upper(qtcl.hyper_addr(pk)::text)::qtcl.hyper_addr = qtcl.hyper_addr(pk);
SELECT count(*) AS hash_roundtrips FROM wallets
 WHERE qtcl.hyper_addr_from_hash(qtcl.addr_hash(qtcl.hyper_addr(pk))) = qtcl.hyper_addr(pk);
SELECT qtcl.hyper_addr_from_hash('\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS zero_address,
       qtcl.pseudoqubit(qtcl.hyper_addr_from_hash(decode(repeat('ff', 32), 'hex'))) AS pq_of_all_ones;

-- Every single-character substitution of an address is refused, as a checksum failure
-- (or, in the separator and hrp, as a malformed address).
DO $$
DECLARE
  good text := (SELECT qtcl.hyper_addr(pk)::text FROM wallets WHERE name = 'alice');
  charset text := 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  i int; j int; typo text; tried int := 0; refused int := 0; checksum int := 0;
BEGIN
  FOR i IN 1..length(good) LOOP
    FOR j IN 1..length(charset) LOOP
      CONTINUE WHEN substr(charset, j, 1) = substr(good, i, 1);
      typo := overlay(good PLACING substr(charset, j, 1) FROM i FOR 1);
      tried := tried + 1;
      BEGIN
        PERFORM typo::qtcl.hyper_addr;
      EXCEPTION WHEN invalid_text_representation THEN
        refused := refused + 1;
        IF SQLERRM LIKE '%checksum failed%' THEN checksum := checksum + 1; END IF;
      END;
    END LOOP;
  END LOOP;
  RAISE NOTICE 'single substitutions: % tried, % refused, % as checksum failures', tried, refused, checksum;
END $$;
-- Malformed addresses, each with its reason.
SELECT 'qtcl1'::qtcl.hyper_addr;
SELECT 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'::qtcl.hyper_addr;
SELECT overlay((SELECT qtcl.hyper_addr(pk)::text FROM wallets WHERE name = 'bob') PLACING 'Q' FROM 10 FOR 1)::qtcl.hyper_addr;
SELECT overlay((SELECT qtcl.hyper_addr(pk)::text FROM wallets WHERE name = 'bob') PLACING 'b' FROM 10 FOR 1)::qtcl.hyper_addr;
SELECT overlay((SELECT qtcl.hyper_addr(pk)::text FROM wallets WHERE name = 'bob') PLACING 'x' FROM 20 FOR 1)::qtcl.hyper_addr;
SELECT ((SELECT qtcl.hyper_addr(pk)::text FROM wallets WHERE name = 'bob') || repeat('q', 30))::qtcl.hyper_addr;
SELECT 'qtcl1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'::qtcl.hyper_addr;
SELECT qtcl.hyper_addr_from_hash('\x00'::bytea);
SELECT qtcl.hyper_addr(''::bytea);

-- Primary key, joins, hash joins, merge joins, sorting.
CREATE TEMP TABLE balances (addr qtcl.hyper_addr PRIMARY KEY, units bigint NOT NULL);
INSERT INTO balances SELECT qtcl.hyper_addr(pk), length(name) * 100 FROM wallets;
INSERT INTO balances SELECT qtcl.hyper_addr(pk), 1 FROM wallets WHERE name = 'alice';
SELECT w.name, b.units FROM wallets w JOIN balances b ON b.addr = qtcl.hyper_addr(w.pk) ORDER BY b.addr;
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT * FROM balances a JOIN balances b ON a.addr = b.addr;
SELECT count(*) AS hash_join_rows FROM balances a JOIN balances b ON a.addr = b.addr;
RESET enable_mergejoin; SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM balances a JOIN balances b ON a.addr = b.addr;
SELECT count(*) AS merge_join_rows FROM balances a JOIN balances b ON a.addr = b.addr;
RESET enable_hashjoin; RESET enable_nestloop;
SELECT count(DISTINCT addr) AS distinct_addrs FROM (SELECT addr FROM balances UNION ALL SELECT addr FROM balances) s;
\getenv abs_builddir PG_ABS_BUILDDIR
\set binfile :abs_builddir '/results/hyper_addr.bin'
COPY balances TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE balances_back (LIKE balances);
COPY balances_back FROM :'binfile' WITH (FORMAT binary);
SELECT count(*) AS binary_roundtrips FROM balances JOIN balances_back USING (addr, units);

-- The tiling: ring sizes, offsets, the conventions' fixed points.
SELECT r.ring, count(*) AS tiles, min(i) AS first_index
  FROM generate_series(0, 106495) i, LATERAL qtcl.tile(i) r GROUP BY r.ring ORDER BY r.ring;
SELECT i, ring, pos, round(x::numeric, 13) AS x, round(y::numeric, 13) AS y
  FROM unnest(ARRAY[0, 1, 2, 9, 41, 106495]) i, LATERAL qtcl.tile(i) ORDER BY i;
SELECT round(qtcl.tile_distance(0, 1)::numeric, 13) AS two_r_in, qtcl.tile_hops(0, 1) AS hops_0_1,
       qtcl.tile_distance(5, 5) AS self_distance, qtcl.tile_hops(5, 5) AS self_hops;
-- Invariants on a sample of pairs: symmetry, hops >= ceil(d / 2 r_in), d <= hops * 2 r_in, hops(0, t) = ring(t).
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE qtcl.tile_distance(i, j) = qtcl.tile_distance(j, i)) AS distance_symmetric,
       count(*) FILTER (WHERE qtcl.tile_hops(i, j) = qtcl.tile_hops(j, i)) AS hops_symmetric,
       count(*) FILTER (WHERE qtcl.tile_hops(i, j) >= ceil(qtcl.tile_distance(i, j) / 1.528570919480998 - 1e-9)) AS hops_lower_bound,
       count(*) FILTER (WHERE qtcl.tile_distance(i, j) <= qtcl.tile_hops(i, j) * 1.528570919480998 + 1e-9) AS distance_upper_bound
  FROM (SELECT (g * 7919) % 106496 AS i, (g * 104729 + 13) % 106496 AS j FROM generate_series(1, 300) g) p;
SELECT count(*) AS tiles, count(*) FILTER (WHERE qtcl.tile_hops(0, t) = tt.ring) AS hops_equal_ring
  FROM generate_series(0, 106495, 97) t, LATERAL qtcl.tile(t) tt;
-- Addresses: the distance operator, hops and the point are those of their tiles.
SELECT a.name, b.name,
       round((qtcl.hyper_addr(a.pk) <-> qtcl.hyper_addr(b.pk))::numeric, 9) AS distance,
       qtcl.hops(qtcl.hyper_addr(a.pk), qtcl.hyper_addr(b.pk)) AS hops,
       (qtcl.hyper_addr(a.pk) <-> qtcl.hyper_addr(b.pk)) =
         qtcl.tile_distance(qtcl.pseudoqubit(qtcl.hyper_addr(a.pk)), qtcl.pseudoqubit(qtcl.hyper_addr(b.pk))) AS same_as_tiles
  FROM wallets a, wallets b WHERE a.name < b.name ORDER BY 1, 2;
SELECT name, qtcl.hyper_point(qtcl.hyper_addr(pk)) ~= point(t.x, t.y) AS point_is_tile_centre
  FROM wallets, LATERAL qtcl.tile(qtcl.pseudoqubit(qtcl.hyper_addr(pk))) t ORDER BY name;
-- Out of range.
SELECT * FROM qtcl.tile(-1);
SELECT * FROM qtcl.tile(106496);
SELECT qtcl.tile_distance(0, 200000);
SELECT qtcl.tile_hops(-5, 0);
