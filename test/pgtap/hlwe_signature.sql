-- pgTAP: the hlwe_signature contract (names, signatures, properties) and its error codes.
BEGIN;
SELECT plan(44);

SELECT has_type('qtcl', 'hlwe_signature', 'type qtcl.hlwe_signature exists');
SELECT has_cast('bytea', 'qtcl.hlwe_signature', 'cast bytea -> hlwe_signature');
SELECT has_cast('qtcl.hlwe_signature', 'bytea', 'cast hlwe_signature -> bytea');
SELECT ok(EXISTS (SELECT 1 FROM pg_operator WHERE oprnamespace = 'qtcl'::regnamespace AND oprname = '='
                   AND oprleft = 'qtcl.hlwe_signature'::regtype AND oprright = 'qtcl.hlwe_signature'::regtype
                   AND oprresult = 'boolean'::regtype AND oprcanhash), 'operator = (hashable)');
SELECT ok(EXISTS (SELECT 1 FROM pg_operator WHERE oprnamespace = 'qtcl'::regnamespace AND oprname = '<>'
                   AND oprleft = 'qtcl.hlwe_signature'::regtype AND oprright = 'qtcl.hlwe_signature'::regtype
                   AND oprresult = 'boolean'::regtype), 'operator <>');
SELECT has_opclass('qtcl', 'hlwe_signature_hash_ops', 'hash operator class');
SELECT has_opclass('qtcl', 'hlwe_signature_btree_ops', 'btree operator class');

SELECT has_function('qtcl', 'hlwe_keygen', ARRAY['bytea', 'text']);
SELECT is(pg_get_function_arguments('qtcl.hlwe_keygen(bytea,text)'::regprocedure),
          'seed bytea DEFAULT NULL::bytea, params text DEFAULT ''ml-dsa-65''::text', 'hlwe_keygen arguments and defaults');
SELECT is(pg_get_function_result('qtcl.hlwe_keygen(bytea,text)'::regprocedure),
          'TABLE(public_key bytea, secret_key bytea)', 'hlwe_keygen returns TABLE(public_key, secret_key)');
SELECT volatility_is('qtcl', 'hlwe_keygen', ARRAY['bytea', 'text'], 'volatile');
SELECT has_function('qtcl', 'hlwe_sign', ARRAY['bytea', 'bytea', 'bytea', 'boolean']);
SELECT is(pg_get_function_arguments('qtcl.hlwe_sign(bytea,bytea,bytea,boolean)'::regprocedure),
          'secret_key bytea, message bytea, context bytea DEFAULT ''\x''::bytea, deterministic boolean DEFAULT false',
          'hlwe_sign arguments and defaults');
SELECT function_returns('qtcl', 'hlwe_sign', ARRAY['bytea', 'bytea', 'bytea', 'boolean'], 'qtcl.hlwe_signature');
SELECT volatility_is('qtcl', 'hlwe_sign', ARRAY['bytea', 'bytea', 'bytea', 'boolean'], 'volatile');
SELECT is_strict('qtcl', 'hlwe_sign', ARRAY['bytea', 'bytea', 'bytea', 'boolean']);
SELECT has_function('qtcl', 'hlwe_verify', ARRAY['bytea', 'bytea', 'qtcl.hlwe_signature', 'bytea']);
SELECT is(pg_get_function_arguments('qtcl.hlwe_verify(bytea,bytea,qtcl.hlwe_signature,bytea)'::regprocedure),
          'public_key bytea, message bytea, signature qtcl.hlwe_signature, context bytea DEFAULT ''\x''::bytea',
          'hlwe_verify arguments and defaults');
SELECT function_returns('qtcl', 'hlwe_verify', ARRAY['bytea', 'bytea', 'qtcl.hlwe_signature', 'bytea'], 'boolean');
SELECT volatility_is('qtcl', 'hlwe_verify', ARRAY['bytea', 'bytea', 'qtcl.hlwe_signature', 'bytea'], 'immutable');
SELECT is_strict('qtcl', 'hlwe_verify', ARRAY['bytea', 'bytea', 'qtcl.hlwe_signature', 'bytea']);
SELECT has_function('qtcl', 'hlwe_params', ARRAY['qtcl.hlwe_signature']);
SELECT function_returns('qtcl', 'hlwe_params', ARRAY['qtcl.hlwe_signature'], 'text');
SELECT is((SELECT bool_and(proparallel = 's') FROM pg_proc WHERE pronamespace = 'qtcl'::regnamespace AND proname LIKE 'hlwe%'),
          true, 'every hlwe function is PARALLEL SAFE');

-- Behaviour.
CREATE TEMP TABLE k AS SELECT * FROM qtcl.hlwe_keygen(qtcl.sha3_256('pgtap'::bytea));
SELECT ok(qtcl.hlwe_verify(public_key, 'm'::bytea, qtcl.hlwe_sign(secret_key, 'm'::bytea, 'c'::bytea), 'c'::bytea), 'round trip') FROM k;
SELECT ok(NOT qtcl.hlwe_verify(public_key, 'M'::bytea, qtcl.hlwe_sign(secret_key, 'm'::bytea)), 'another message is false') FROM k;
SELECT is(qtcl.hlwe_params(qtcl.hlwe_sign(secret_key, 'm'::bytea)), 'ml-dsa-65', 'default parameter set') FROM k;
SELECT is((SELECT length(public_key) FROM qtcl.hlwe_keygen(NULL, 'ml-dsa-44')), 1312, 'ml-dsa-44 public key size');
SELECT is((SELECT length(secret_key) FROM qtcl.hlwe_keygen(NULL, 'ml-dsa-87')), 4896, 'ml-dsa-87 secret key size');

-- Error codes (docs/SQLSTATES.md).
SELECT throws_ok($$SELECT 'nonsense'::qtcl.hlwe_signature$$, '22P02', NULL, 'text without a parameter set: 22P02');
SELECT throws_ok($$SELECT 'ml-dsa-65:zz'::qtcl.hlwe_signature$$, '22026', NULL, 'text of the wrong length: 22026');
SELECT throws_ok($$SELECT ('ml-dsa-44:' || repeat('g', 4840))::qtcl.hlwe_signature$$, '22P02', NULL, 'bad hex: 22P02');
SELECT throws_ok($$SELECT 'ml-dsa-12:00'::qtcl.hlwe_signature$$, '22P02', NULL, 'unknown parameter set in text: 22P02');
SELECT throws_ok($$SELECT '\x0000'::bytea::qtcl.hlwe_signature$$, '22026',
                 'invalid ML-DSA signature length: 2 bytes', 'bytea of the wrong length: 22026');
SELECT throws_ok($$SELECT qtcl.hlwe_keygen('\x01'::bytea)$$, '22026', NULL, 'seed of the wrong length: 22026');
SELECT throws_ok($$SELECT qtcl.hlwe_keygen(NULL, 'ML-DSA-65')$$, '22023', NULL, 'parameter set names are exact: 22023');
SELECT throws_ok($$SELECT qtcl.hlwe_keygen(NULL, NULL)$$, '22004', NULL, 'NULL parameter set: 22004');
SELECT throws_ok($$SELECT qtcl.hlwe_sign('\x00'::bytea, 'm'::bytea)$$, '22026', NULL, 'secret key of no known length: 22026');
SELECT throws_ok($$SELECT qtcl.hlwe_sign(secret_key, 'm'::bytea, convert_to(repeat('c', 256), 'UTF8')) FROM k$$, '22023',
                 'ML-DSA context is 256 bytes, at most 255 are allowed', 'context over 255 bytes when signing: 22023');
SELECT throws_ok($$SELECT qtcl.hlwe_sign(set_byte(secret_key, 200, 255), 'm'::bytea) FROM k$$, '22023', NULL,
                 'secret key with out-of-range coefficients: 22023');
SELECT throws_ok($$SELECT qtcl.hlwe_verify('\x00'::bytea, 'm'::bytea, qtcl.hlwe_sign(secret_key, 'm'::bytea)) FROM k$$, '22026', NULL,
                 'public key of no known length: 22026');
SELECT throws_ok($$SELECT qtcl.hlwe_verify(public_key, 'm'::bytea, qtcl.hlwe_sign(secret_key, 'm'::bytea), convert_to(repeat('c', 256), 'UTF8')) FROM k$$,
                 '22023', NULL, 'context over 255 bytes when verifying: 22023');
SELECT lives_ok($$SELECT qtcl.hlwe_verify(public_key, 'm'::bytea, qtcl.hlwe_sign(secret_key, 'm'::bytea), convert_to(repeat('c', 255), 'UTF8')) FROM k$$,
                'a 255-byte context is fine');
SELECT throws_ok($$SELECT qtcl.hlwe_public_key(set_byte(secret_key, 4031, 7)) FROM k$$, '22023', NULL,
                 'an inconsistent secret key: 22023');

SELECT * FROM finish();
ROLLBACK;
