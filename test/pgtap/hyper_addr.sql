-- pgTAP: the hyper_addr contract and its error codes.
BEGIN;
SELECT plan(30);

SELECT has_type('qtcl', 'hyper_addr', 'type qtcl.hyper_addr exists');
SELECT has_cast('text', 'qtcl.hyper_addr', 'cast text -> hyper_addr');
SELECT has_cast('qtcl.hyper_addr', 'text', 'cast hyper_addr -> text');
SELECT has_opclass('qtcl', 'hyper_addr_btree_ops', 'btree operator class');
SELECT has_opclass('qtcl', 'hyper_addr_hash_ops', 'hash operator class');
SELECT ok(EXISTS (SELECT 1 FROM pg_operator WHERE oprnamespace = 'qtcl'::regnamespace AND oprname = '<->'
                   AND oprleft = 'qtcl.hyper_addr'::regtype AND oprright = 'qtcl.hyper_addr'::regtype
                   AND oprresult = 'float8'::regtype), 'operator hyper_addr <-> hyper_addr returns float8');
SELECT has_function('qtcl', 'hyper_addr', ARRAY['bytea']);
SELECT function_returns('qtcl', 'hyper_addr', ARRAY['bytea'], 'qtcl.hyper_addr');
SELECT has_function('qtcl', 'hyper_addr_from_hash', ARRAY['bytea']);
SELECT has_function('qtcl', 'addr_hash', ARRAY['qtcl.hyper_addr']);
SELECT function_returns('qtcl', 'addr_hash', ARRAY['qtcl.hyper_addr'], 'bytea');
SELECT function_returns('qtcl', 'pseudoqubit', ARRAY['qtcl.hyper_addr'], 'integer');
SELECT is(pg_get_function_result('qtcl.tile(int4)'::regprocedure),
          'TABLE(ring integer, pos integer, x double precision, y double precision)', 'tile returns TABLE(ring, pos, x, y)');
SELECT is(pg_get_function_arguments('qtcl.tile(int4)'::regprocedure), 'index integer', 'tile(index int4)');
SELECT function_returns('qtcl', 'tile_distance', ARRAY['integer', 'integer'], 'double precision');
SELECT is(pg_get_function_arguments('qtcl.tile_distance(int4,int4)'::regprocedure), 'i integer, j integer', 'tile_distance(i, j)');
SELECT function_returns('qtcl', 'tile_hops', ARRAY['integer', 'integer'], 'integer');
SELECT function_returns('qtcl', 'hops', ARRAY['qtcl.hyper_addr', 'qtcl.hyper_addr'], 'integer');
SELECT function_returns('qtcl', 'hyper_point', ARRAY['qtcl.hyper_addr'], 'point');

-- Behaviour.
SELECT is(qtcl.addr_hash(qtcl.hyper_addr_from_hash(qtcl.sha3_256('k'::bytea))), qtcl.addr_hash(qtcl.hyper_addr('k'::bytea)), 'address = hash of the key');
SELECT is((SELECT count(*) FROM qtcl.tile(0)), 1::bigint, 'tile 0 exists');
SELECT is((SELECT ring FROM qtcl.tile(106495)), 8, 'the last tile is in ring 8');

-- Error codes.
SELECT throws_ok($$SELECT 'qtcl1zzzz'::qtcl.hyper_addr$$, '22P02', NULL, 'a malformed address: 22P02');
SELECT throws_like($$SELECT overlay(qtcl.hyper_addr('k'::bytea)::text PLACING 'q' FROM 30 FOR 1)::qtcl.hyper_addr$$,
                   '%checksum failed%', 'a typo says the address checksum failed');
SELECT throws_ok($$SELECT overlay(qtcl.hyper_addr('k'::bytea)::text PLACING 'Z' FROM 30 FOR 1)::qtcl.hyper_addr$$, '22P02', NULL,
                 'mixed case: 22P02');
SELECT throws_ok($$SELECT qtcl.hyper_addr_from_hash('\x01'::bytea)$$, '22026', NULL, 'a hash that is not 32 bytes: 22026');
SELECT throws_ok($$SELECT qtcl.hyper_addr(''::bytea)$$, '22026', NULL, 'an empty public key: 22026');
SELECT throws_ok($$SELECT * FROM qtcl.tile(106496)$$, '22023', NULL, 'tile index out of range: 22023');
SELECT throws_ok($$SELECT qtcl.tile_distance(-1, 0)$$, '22023', NULL, 'tile_distance index out of range: 22023');
SELECT throws_ok($$SELECT qtcl.tile_hops(0, 106496)$$, '22023', NULL, 'tile_hops index out of range: 22023');

SELECT * FROM finish();
ROLLBACK;
