-- pgTAP: the core objects exist with the promised signatures, properties and error codes.
BEGIN;
SELECT plan(20);

SELECT has_schema('qtcl');
SELECT has_extension('qtcl');
SELECT has_function('qtcl', 'version', '{}'::name[]);
SELECT function_returns('qtcl', 'version', '{}'::name[], 'text');
SELECT has_function('qtcl', 'preloaded', '{}'::name[]);
SELECT has_function('qtcl', 'sha3_256', ARRAY['bytea']);
SELECT function_returns('qtcl', 'sha3_256', ARRAY['bytea'], 'bytea');
SELECT has_function('qtcl', 'shake256', ARRAY['bytea', 'integer']);
SELECT function_returns('qtcl', 'shake256', ARRAY['bytea', 'integer'], 'bytea');
SELECT volatility_is('qtcl', 'sha3_256', ARRAY['bytea'], 'immutable');
SELECT is_strict('qtcl', 'shake256', ARRAY['bytea', 'integer']);

SELECT is(qtcl.preloaded(), true, 'the library is preloaded and its shared memory is set up');
SELECT is(encode(qtcl.sha3_256(''::bytea), 'hex'),
          'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a', 'SHA3-256 of the empty string');
SELECT is(length(qtcl.sha3_256(convert_to(repeat('q', 100000), 'UTF8'))), 32, 'SHA3-256 of 100 kB is 32 bytes');
SELECT is(length(qtcl.shake256('\x00'::bytea, 4096)), 4096, 'SHAKE256 gives the length asked for');

SELECT throws_ok($$SELECT qtcl.shake256('x'::bytea, -1)$$, '22023',
                 'SHAKE256 output length must be between 0 and 16777216 bytes, not -1',
                 'negative SHAKE256 length: invalid_parameter_value');
SELECT throws_ok($$SELECT qtcl.shake256('x'::bytea, 2147483647)$$, '22023', NULL,
                 'huge SHAKE256 length: invalid_parameter_value');
SELECT throws_ok($$SET qtcl.not_a_setting = 'x'$$, '42602', NULL,
                 'the qtcl.* settings prefix is reserved');
SELECT throws_ok($$CREATE EXTENSION qtcl SCHEMA public$$, '42710', NULL,
                 'qtcl cannot be installed twice');
SELECT is((SELECT extrelocatable FROM pg_extension WHERE extname = 'qtcl'), false, 'qtcl is not relocatable');

SELECT * FROM finish();
ROLLBACK;
