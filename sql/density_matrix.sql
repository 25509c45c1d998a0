-- density_matrix: the type's forms, validation, metrics and channels (conventions in
-- ../shared/conventions/density_matrix.md; closed forms checked to 1e-12).
CREATE FUNCTION pg_temp.near(a float8, b float8, tol float8 DEFAULT 1e-12) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) <= tol $$;

-- Forms: text (round trip exact), arrays, binary.
SELECT qtcl.w_state(1) AS w1, qtcl.ghz_state(1) AS ghz1;
SELECT qtcl.w_state();
SELECT qtcl.qubits(qtcl.w_state(5)), array_length(qtcl.re(qtcl.w_state(5)), 1) AS entries;
SELECT qtcl.w_state()::text::qtcl.density_matrix::text = qtcl.w_state()::text AS text_roundtrip,
       qtcl.density_matrix(qtcl.re(qtcl.w_state()), qtcl.im(qtcl.w_state()))::text = qtcl.w_state()::text AS array_roundtrip;
-- An awkward state: complex entries, non-terminating decimals.
CREATE TEMP TABLE states AS
SELECT 'mixed' AS name, qtcl.amplitude_damp(qtcl.phase_damp(qtcl.depolarize(qtcl.ghz_state(2), 0.123456789), 0.3), 0.1, '{1}') AS dm
UNION ALL SELECT 'complex', qtcl.density_matrix('{0.6, 0.1, 0.1, 0.4}', '{0, -0.2, 0.2, 0}')
UNION ALL SELECT 'w6', qtcl.w_state(6);
SELECT name, dm::text::qtcl.density_matrix::text = dm::text AS text_exact,
       qtcl.re(dm::text::qtcl.density_matrix) = qtcl.re(dm) AND qtcl.im(dm::text::qtcl.density_matrix) = qtcl.im(dm) AS values_exact
  FROM states ORDER BY name;
SELECT qtcl.density_matrix('{0.6, 0.1, 0.1, 0.4}', '{0, -0.2, 0.2, 0}');
\getenv abs_builddir PG_ABS_BUILDDIR
\set binfile :abs_builddir '/results/density_matrix.bin'
COPY states TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE states_back (LIKE states);
COPY states_back FROM :'binfile' WITH (FORMAT binary);
SELECT count(*) AS binary_roundtrips FROM states s JOIN states_back b USING (name) WHERE s.dm::text = b.dm::text;
-- JSON whitespace and key order are free on input.
SELECT '  { "im" : [0,0,0,0] , "n":1,"re":[1, 0, 0, 0.0e0] }  '::qtcl.density_matrix;

-- Validation: each failure named (22P02 unparsable, 22023 not a valid state).
SELECT 'not a matrix'::qtcl.density_matrix;
SELECT '{"n": 1, "re": [1, 0, 0, 0], "im": [0, 0, 0, 0]} x'::qtcl.density_matrix;
SELECT '{"n": 1, "re": [1, 0, 0, 0], "re": [1, 0, 0, 0], "im": [0, 0, 0, 0]}'::qtcl.density_matrix;
SELECT '{"n": 1, "re": [1, 0, 0, 0x1], "im": [0, 0, 0, 0]}'::qtcl.density_matrix;
SELECT '{"n": 1, "re": [1, 0, 0], "im": [0, 0, 0]}'::qtcl.density_matrix;
SELECT '{"n": 2, "re": [1, 0, 0, 0], "im": [0, 0, 0, 0]}'::qtcl.density_matrix;
SELECT '{"n": 1, "re": [1, 0, 0, 1e999], "im": [0, 0, 0, 0]}'::qtcl.density_matrix;
SELECT qtcl.density_matrix('{0.5, 0.2, 0.1, 0.5}', '{0, 0, 0, 0}');
SELECT qtcl.density_matrix('{0.5, 0, 0, 0.500001}', '{0, 0, 0, 0}');
SELECT qtcl.density_matrix('{1.5, 0, 0, -0.5}', '{0, 0, 0, 0}');
SELECT qtcl.density_matrix('{0.5, 0, 0, NaN}', '{0, 0, 0, 0}');
SELECT qtcl.density_matrix('{1, 0, 0, 0}', '{0, 0, 0}');
SELECT qtcl.density_matrix(array_fill(0::float8, ARRAY[16384]), array_fill(0::float8, ARRAY[16384]));
SELECT qtcl.density_matrix('{1, 0, 0, NULL}', '{0, 0, 0, 0}');
SELECT qtcl.density_matrix('{{1, 0}, {0, 0}}', '{{0, 0}, {0, 0}}');
-- Borderline values the conventions accept: trace 1 + 1e-13, an eigenvalue of -1e-14.
SELECT qtcl.qubits(qtcl.density_matrix(ARRAY[0.5, 0, 0, 0.5 + 1e-13], '{0, 0, 0, 0}')) AS trace_plus_1e13_ok,
       qtcl.qubits(qtcl.density_matrix(ARRAY[1 + 1e-14, 0, 0, -1e-14], '{0, 0, 0, 0}')) AS eigenvalue_minus_1e14_ok;

-- Metrics of the named states.
SELECT pg_temp.near(qtcl.purity(qtcl.w_state()), 1) AS w_pure,
       pg_temp.near(qtcl.von_neumann_entropy(qtcl.w_state()), 0) AS w_entropy_0,
       pg_temp.near(qtcl.l1_coherence(qtcl.w_state()), 2) AS w_l1_2,
       pg_temp.near(qtcl.l1_coherence(qtcl.ghz_state()), 1) AS ghz_l1_1,
       pg_temp.near(qtcl.fidelity(qtcl.w_state(), qtcl.w_state()), 1, 1e-6) AS w_fidelity_1,
       pg_temp.near(qtcl.fidelity(qtcl.w_state(), qtcl.ghz_state()), 0, 1e-6) AS w_ghz_orthogonal,
       pg_temp.near(qtcl.von_neumann_entropy(qtcl.depolarize(qtcl.w_state(), 1)), 3) AS maximally_mixed_3_bits;
SELECT array_to_string(ARRAY(SELECT round(e::numeric, 12) FROM unnest(qtcl.eigenvalues(qtcl.depolarize(qtcl.w_state(), 0.1))) e), ', ')
       AS eigenvalues_ascending;
-- Global depolarizing of pure 3-qubit W, p = 0.1: purity 0.83375, S = 0.673713184909 bits, F = 0.9125, l1 = 0.9 * 2.
SELECT pg_temp.near(qtcl.purity(d), 0.83375) AS purity, pg_temp.near(qtcl.von_neumann_entropy(d), 0.673713184909) AS entropy,
       pg_temp.near(qtcl.fidelity(d, qtcl.w_state()), 0.9125, 1e-6) AS fidelity, pg_temp.near(qtcl.l1_coherence(d), 1.8) AS l1
  FROM (SELECT qtcl.depolarize(qtcl.w_state(), 0.1) AS d) s;
-- Local depolarizing p = 0.3 on all qubits of W: purity 0.289376625, F_W = 0.495125, l1 = 2 (1-p)^2.
SELECT pg_temp.near(qtcl.purity(d), 0.289376625) AS purity, pg_temp.near(qtcl.fidelity(d, qtcl.w_state()), 0.495125, 1e-6) AS fidelity,
       pg_temp.near(qtcl.l1_coherence(d), 2 * 0.7 ^ 2) AS l1,
       qtcl.depolarize(qtcl.w_state(), 0.3, NULL)::text = qtcl.depolarize(qtcl.w_state(), 0.3, '{0,1,2}')::text AS null_means_all
  FROM (SELECT qtcl.depolarize(qtcl.w_state(), 0.3, NULL) AS d) s;
-- Amplitude damping gamma = 0.2 on all qubits of W: purity (1-g)^2 + g^2, S = h(g), F = 1 - g, l1 = 2 (1 - g).
SELECT pg_temp.near(qtcl.purity(d), 0.68) AS purity,
       pg_temp.near(qtcl.von_neumann_entropy(d), -(0.2 * log(2, 0.2::numeric) + 0.8 * log(2, 0.8::numeric))::float8) AS entropy,
       pg_temp.near(qtcl.fidelity(d, qtcl.w_state()), 0.8, 1e-6) AS fidelity, pg_temp.near(qtcl.l1_coherence(d), 1.6) AS l1
  FROM (SELECT qtcl.amplitude_damp(qtcl.w_state(), 0.2) AS d) s;
-- Phase damping lambda = 0.25 on all qubits of W: purity 1/3 + 2 (1-l)^2 / 3, F = 1 - 2l/3, l1 = 2 (1 - l).
SELECT pg_temp.near(qtcl.purity(d), 1.0 / 3 + 2 * 0.75 ^ 2 / 3) AS purity,
       pg_temp.near(qtcl.fidelity(d, qtcl.w_state()), 1 - 0.5 / 3, 1e-6) AS fidelity, pg_temp.near(qtcl.l1_coherence(d), 1.5) AS l1
  FROM (SELECT qtcl.phase_damp(qtcl.w_state(), 0.25) AS d) s;
-- Partial traces of W_3: one qubit diag(2/3, 1/3) with S = 0.918295834054; two qubits with concurrence 2/3.
SELECT q AS kept_qubit, qtcl.qubits(qtcl.partial_trace(qtcl.w_state(), ARRAY[q])) AS qubits,
       array_to_string(ARRAY(SELECT round(e::numeric, 12) FROM unnest(qtcl.eigenvalues(qtcl.partial_trace(qtcl.w_state(), ARRAY[q]))) e), ', ') AS eigenvalues,
       pg_temp.near(qtcl.von_neumann_entropy(qtcl.partial_trace(qtcl.w_state(), ARRAY[q])), 0.918295834054) AS entropy_ok
  FROM unnest(ARRAY[0, 1, 2]) q ORDER BY q;
SELECT k::text, pg_temp.near(qtcl.concurrence(qtcl.partial_trace(qtcl.w_state(), k)), 2.0 / 3) AS concurrence_two_thirds
  FROM (VALUES ('{0,1}'::int4[]), ('{0,2}'), ('{2,1}')) v(k);
-- Concurrence: Bell state 1, I/4 0, Werner state with singlet fidelity 0.8 gives 0.6.
SELECT pg_temp.near(qtcl.concurrence(qtcl.ghz_state(2)), 1) AS bell,
       pg_temp.near(qtcl.concurrence(qtcl.depolarize(qtcl.ghz_state(2), 1)), 0) AS identity_quarter,
       pg_temp.near(qtcl.concurrence(qtcl.depolarize(qtcl.ghz_state(2), 4.0 / 15)), 0.6) AS werner_0_8;
SELECT pg_temp.near(qtcl.trace_distance(qtcl.w_state(), qtcl.ghz_state()), 1) AS orthogonal_pure_states,
       qtcl.trace_distance(qtcl.w_state(), qtcl.w_state()) AS same_state;

-- Refused arguments.
SELECT qtcl.depolarize(qtcl.w_state(), 1.5);
SELECT qtcl.depolarize(qtcl.w_state(), -0.1, '{0}');
SELECT qtcl.amplitude_damp(qtcl.w_state(), 0.1, '{3}');
SELECT qtcl.phase_damp(qtcl.w_state(), 0.1, '{1,1}');
SELECT qtcl.amplitude_damp(qtcl.w_state(), 'NaN');
SELECT qtcl.partial_trace(qtcl.w_state(), '{}');
SELECT qtcl.partial_trace(qtcl.w_state(), '{5}');
SELECT qtcl.concurrence(qtcl.w_state());
SELECT qtcl.fidelity(qtcl.w_state(2), qtcl.w_state(3));
SELECT qtcl.w_state(0);
SELECT qtcl.ghz_state(7);
-- NULLs.
SELECT qtcl.amplitude_damp(NULL, 0.1) IS NULL AS null_state, qtcl.phase_damp(qtcl.w_state(), NULL) IS NULL AS null_param,
       qtcl.purity(NULL) IS NULL AS strict_metric;
