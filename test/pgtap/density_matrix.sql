-- pgTAP: the density_matrix contract and its error codes (22P02 unparsable, 22023 invalid).
BEGIN;
SELECT plan(36);

SELECT has_type('qtcl', 'density_matrix', 'type qtcl.density_matrix exists');
SELECT has_function('qtcl', 'density_matrix', ARRAY['double precision[]', 'double precision[]']);
SELECT is(pg_get_function_arguments('qtcl.density_matrix(float8[],float8[])'::regprocedure),
          're double precision[], im double precision[]', 'density_matrix(re, im)');
SELECT function_returns('qtcl', 're', ARRAY['qtcl.density_matrix'], 'double precision[]');
SELECT function_returns('qtcl', 'im', ARRAY['qtcl.density_matrix'], 'double precision[]');
SELECT function_returns('qtcl', 'qubits', ARRAY['qtcl.density_matrix'], 'integer');
SELECT is(pg_get_function_arguments('qtcl.w_state(int4)'::regprocedure), 'n integer DEFAULT 3', 'w_state(n DEFAULT 3)');
SELECT is(pg_get_function_arguments('qtcl.ghz_state(int4)'::regprocedure), 'n integer DEFAULT 3', 'ghz_state(n DEFAULT 3)');
SELECT function_returns('qtcl', 'purity', ARRAY['qtcl.density_matrix'], 'double precision');
SELECT function_returns('qtcl', 'von_neumann_entropy', ARRAY['qtcl.density_matrix'], 'double precision');
SELECT function_returns('qtcl', 'l1_coherence', ARRAY['qtcl.density_matrix'], 'double precision');
SELECT function_returns('qtcl', 'eigenvalues', ARRAY['qtcl.density_matrix'], 'double precision[]');
SELECT function_returns('qtcl', 'fidelity', ARRAY['qtcl.density_matrix', 'qtcl.density_matrix'], 'double precision');
SELECT function_returns('qtcl', 'trace_distance', ARRAY['qtcl.density_matrix', 'qtcl.density_matrix'], 'double precision');
SELECT function_returns('qtcl', 'concurrence', ARRAY['qtcl.density_matrix'], 'double precision');
SELECT has_function('qtcl', 'depolarize', ARRAY['qtcl.density_matrix', 'double precision']);
SELECT has_function('qtcl', 'depolarize', ARRAY['qtcl.density_matrix', 'double precision', 'integer[]']);
SELECT is(pg_get_function_arguments('qtcl.amplitude_damp(qtcl.density_matrix,float8,int4[])'::regprocedure),
          'dm qtcl.density_matrix, gamma double precision, qubits integer[] DEFAULT NULL::integer[]', 'amplitude_damp arguments');
SELECT is(pg_get_function_arguments('qtcl.phase_damp(qtcl.density_matrix,float8,int4[])'::regprocedure),
          'dm qtcl.density_matrix, lambda double precision, qubits integer[] DEFAULT NULL::integer[]', 'phase_damp arguments');
SELECT function_returns('qtcl', 'partial_trace', ARRAY['qtcl.density_matrix', 'integer[]'], 'qtcl.density_matrix');

SELECT is(qtcl.qubits(qtcl.w_state()), 3, 'w_state() has 3 qubits by default');
SELECT ok(abs(qtcl.fidelity(qtcl.w_state(4), qtcl.w_state(4)) - 1) < 1e-9, 'fidelity of a state with itself is 1');

SELECT throws_ok($$SELECT 'garbage'::qtcl.density_matrix$$, '22P02', NULL, 'unparsable text: 22P02');
SELECT throws_ok($$SELECT '{"n": 1, "re": [1, 0, 0, 0], "im": [0, 0, 0, 0]},'::qtcl.density_matrix$$, '22P02', NULL, 'trailing characters: 22P02');
SELECT throws_ok($$SELECT qtcl.density_matrix('{0.5, 0.3, 0, 0.5}', '{0, 0, 0, 0}')$$, '22023',
                 'invalid density matrix: not Hermitian (max |rho_ij - conj(rho_ji)| > 1e-9)', 'not Hermitian: 22023');
SELECT throws_ok($$SELECT qtcl.density_matrix('{0.5, 0, 0, 0.5000011}', '{0, 0, 0, 0}')$$, '22023',
                 'invalid density matrix: trace is not 1 (|tr rho - 1| > 1e-9)', 'trace off by 1e-6: 22023');
SELECT throws_ok($$SELECT qtcl.density_matrix('{1.2, 0, 0, -0.2}', '{0, 0, 0, 0}')$$, '22023',
                 'invalid density matrix: not positive semidefinite (smallest eigenvalue < -1e-9)', 'negative eigenvalue: 22023');
SELECT throws_ok($$SELECT qtcl.density_matrix('{1, 0, 0, Infinity}', '{0, 0, 0, 0}')$$, '22023', NULL, 'non-finite entry: 22023');
SELECT throws_ok($$SELECT qtcl.density_matrix('{1, 0, 0}', '{0, 0, 0}')$$, '22023', NULL, 'not 4^n entries: 22023');
SELECT throws_ok($$SELECT qtcl.depolarize(qtcl.w_state(), 1.01)$$, '22023', NULL, 'parameter above 1: 22023');
SELECT throws_ok($$SELECT qtcl.phase_damp(qtcl.w_state(), -0.01)$$, '22023', NULL, 'parameter below 0: 22023');
SELECT throws_ok($$SELECT qtcl.amplitude_damp(qtcl.w_state(), 0.5, '{-1}')$$, '22023', NULL, 'negative qubit: 22023');
SELECT throws_ok($$SELECT qtcl.depolarize(qtcl.w_state(), 0.5, '{3}')$$, '22023', NULL, 'qubit out of range: 22023');
SELECT throws_ok($$SELECT qtcl.concurrence(qtcl.ghz_state(3))$$, '22023',
                 'concurrence is defined for two-qubit states only', 'concurrence of 3 qubits: 22023');
SELECT throws_ok($$SELECT qtcl.partial_trace(qtcl.w_state(), '{}')$$, '22023', NULL, 'partial trace keeping nothing: 22023');
SELECT throws_ok($$SELECT qtcl.w_state(7)$$, '22023', NULL, 'seven qubits: 22023');

SELECT * FROM finish();
ROLLBACK;
