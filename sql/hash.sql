-- SHA3-256 and SHAKE256 computed by the server (FIPS 202 known answers).
SELECT encode(qtcl.sha3_256(''::bytea), 'hex') AS sha3_256_empty;
SELECT encode(qtcl.sha3_256('\xe9'::bytea), 'hex') AS sha3_256_e9;
SELECT encode(qtcl.sha3_256('abc'::bytea), 'hex') AS sha3_256_abc;
SELECT encode(qtcl.shake256(''::bytea, 32), 'hex') AS shake256_empty_32;
-- A longer output starts with the shorter one (XOF prefix property).
SELECT substring(qtcl.shake256('qtcl'::bytea, 1000) FROM 1 FOR 64) = qtcl.shake256('qtcl'::bytea, 64) AS prefix_holds;
SELECT length(qtcl.shake256('x'::bytea, 0)) AS zero_length, length(qtcl.shake256('x'::bytea, 16777216)) AS max_length;
-- Bad lengths are refused, naming the bounds.
SELECT qtcl.shake256('x'::bytea, -1);
SELECT qtcl.shake256('x'::bytea, 16777217);
-- STRICT: NULL in, NULL out.
SELECT qtcl.sha3_256(NULL) IS NULL AS null_in_null_out, qtcl.shake256(NULL, 5) IS NULL AS shake_null;
-- Works over table data and in parallel-safe plans.
CREATE TABLE hash_input AS SELECT g, ('row ' || g)::bytea AS b FROM generate_series(1, 1000) g;
SELECT count(DISTINCT qtcl.sha3_256(b)) AS distinct_hashes FROM hash_input;
SELECT proname, provolatile, proparallel, proisstrict FROM pg_proc
 WHERE pronamespace = 'qtcl'::regnamespace AND proname IN ('sha3_256', 'shake256') ORDER BY 1;
DROP TABLE hash_input;
