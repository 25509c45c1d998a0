-- pgTAP: the entropy pool's and the beacon's SQL contract, privileges and error codes.
-- (Behaviour against mock services and across nodes: test/integration/t/010_qrng.pl, 011_beacon.pl.)
BEGIN;
SELECT plan(40);
SET LOCAL qtcl.qrng_sources = 'os';

SELECT function_returns('qtcl', 'qrng_refill', '{}'::name[], 'integer');
SELECT is(pg_get_function_result('qtcl.qrng_fetch(text)'::regprocedure), 'TABLE(bytes bytea, ok boolean, error text)', 'qrng_fetch returns (bytes, ok, error)');
SELECT is(pg_get_function_arguments('qtcl.qrng_fetch(text)'::regprocedure), 'source text', 'qrng_fetch(source text)');
SELECT function_returns('qtcl', 'entropy', ARRAY['integer'], 'bytea');
SELECT is(pg_get_function_arguments('qtcl.entropy(int4)'::regprocedure), 'n integer', 'entropy(n int4)');
SELECT has_view('qtcl', 'qrng_status', 'view qtcl.qrng_status');
SELECT columns_are('qtcl', 'qrng_status', ARRAY['source', 'state', 'successes', 'failures', 'last_error',
                   'last_success_at', 'bytes_delivered', 'enabled'], 'qrng_status columns');
SELECT function_returns('qtcl', 'beacon_tick', '{}'::name[], 'bigint');
SELECT has_table('qtcl', 'beacon', 'table qtcl.beacon');
SELECT has_table('qtcl', 'oracle_keys', 'table qtcl.oracle_keys');
SELECT function_returns('qtcl', 'beacon_verify', ARRAY['bigint'], 'boolean');
SELECT is(pg_get_function_arguments('qtcl.beacon_verify(int8)'::regprocedure), 'round bigint', 'beacon_verify(round bigint)');
SELECT function_returns('qtcl', 'beacon_round_bytes', ARRAY['bigint'], 'bytea');
SELECT function_returns('qtcl', 'beacon_verify_bytes', ARRAY['bytea'], 'boolean');
SELECT function_returns('qtcl', 'beacon_prune', ARRAY['bigint'], 'bigint');
SELECT is(pg_get_function_arguments('qtcl.beacon_prune(int8)'::regprocedure), 'keep bigint', 'beacon_prune(keep bigint)');
SELECT function_returns('qtcl', 'beacon_measure', ARRAY['bigint', 'integer'], 'integer[]');
SELECT is(pg_get_function_arguments('qtcl.beacon_measure(int8,int4)'::regprocedure), 'round bigint, shots integer', 'beacon_measure(round, shots)');

-- Behaviour.
SELECT is(qtcl.qrng_refill(), 1, 'an os-only refill counts one healthy source');
SELECT is(length(qtcl.entropy(1000)), 1000, 'entropy(n) gives n bytes');
SELECT is(length(qtcl.entropy(0)), 0, 'entropy(0) is empty');
SELECT isnt(qtcl.entropy(32), qtcl.entropy(32), 'two draws differ');
SELECT is((SELECT ok FROM qtcl.qrng_fetch('os')), true, 'qrng_fetch(os) passes its checks');
SELECT cmp_ok(qtcl.beacon_tick(), '>=', 1::bigint, 'beacon_tick makes a round');
SELECT ok(qtcl.beacon_verify((SELECT max(round) FROM qtcl.beacon)), 'the newest round verifies');
SELECT ok(qtcl.beacon_verify_bytes(qtcl.beacon_round_bytes((SELECT max(round) FROM qtcl.beacon))), 'its bytes verify');
SELECT is(qtcl.beacon_round_bytes(-5), NULL, 'no bytes for a round not stored');
SELECT is(array_length(qtcl.beacon_measure((SELECT max(round) FROM qtcl.beacon), 64), 1), 64, 'beacon_measure gives shots outcomes');

-- Errors.
SELECT throws_ok($$SELECT qtcl.entropy(-1)$$, '22023', NULL, 'negative entropy length: 22023');
SELECT throws_ok($$SELECT qtcl.entropy(16777217)$$, '22023', NULL, 'entropy over 16 MiB: 22023');
SELECT throws_ok($$SELECT * FROM qtcl.qrng_fetch('kit')$$, '22023', 'unknown entropy source "kit"', 'unknown source: 22023');
SELECT throws_ok($$SET qtcl.qrng_sources = 'anu,kit'$$, '22023', NULL, 'an unknown source in qtcl.qrng_sources: 22023');
SELECT throws_ok($$SET qtcl.qrng_anu_url = 'ftp://example.org/'$$, '22023', NULL, 'a source URL that is not http(s): 22023');
SELECT throws_ok($$SET qtcl.qrng_block_bytes = 100$$, '22023', NULL, 'a block size that is not a multiple of 64: 22023');
SELECT throws_ok($$SELECT qtcl.beacon_prune(0)$$, '22023', NULL, 'pruning every round: 22023');
SELECT throws_ok($$SELECT qtcl.beacon_measure((SELECT max(round) FROM qtcl.beacon), -1)$$, '22023', NULL, 'negative shots: 22023');
SELECT throws_ok($$SELECT qtcl.beacon_measure(999999999, 1)$$, 'P0002', NULL, 'measuring a round not stored: P0002');

-- Privileges: anyone may read rounds; draws, network fetches, ticks and pruning are the superuser's
-- (or granted): the pool is shared and can be drained.
CREATE ROLE qtcl_tap_user;
SET LOCAL ROLE qtcl_tap_user;
SELECT throws_ok($$SELECT qtcl.entropy(16)$$, '42501', NULL, 'an ordinary role may not draw entropy unless granted');
SELECT throws_ok($$SELECT qtcl.qrng_refill()$$, '42501', NULL, 'an ordinary role may not run refills');
SELECT throws_ok($$SELECT qtcl.beacon_tick()$$, '42501', NULL, 'an ordinary role may not make rounds');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
