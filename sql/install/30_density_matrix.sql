-- density_matrix: n-qubit density matrices (1 <= n <= 6), validated on every way in, with the
-- metrics the beacon reports and the noise channels that model it.
-- Text form: {"n": N, "re": [...], "im": [...]} (row-major, %.17g: round-trips exactly).
-- Binary form: one byte n, then 4^n real and 4^n imaginary parts as big-endian doubles.

CREATE TYPE qtcl.density_matrix;

CREATE FUNCTION qtcl.density_matrix_in(cstring) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.density_matrix_out(qtcl.density_matrix) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.density_matrix_recv(internal) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.density_matrix_send(qtcl.density_matrix) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.density_matrix_in(cstring) IS 'density_matrix text input: {"n": N, "re": [...], "im": [...]}, validated';
COMMENT ON FUNCTION qtcl.density_matrix_out(qtcl.density_matrix) IS 'density_matrix text output (exact round trip)';
COMMENT ON FUNCTION qtcl.density_matrix_recv(internal) IS 'density_matrix binary input, validated';
COMMENT ON FUNCTION qtcl.density_matrix_send(qtcl.density_matrix) IS 'density_matrix binary output';

CREATE TYPE qtcl.density_matrix (
    INPUT = qtcl.density_matrix_in,
    OUTPUT = qtcl.density_matrix_out,
    RECEIVE = qtcl.density_matrix_recv,
    SEND = qtcl.density_matrix_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE qtcl.density_matrix IS 'n-qubit density matrix (1 <= n <= 6): Hermitian, trace 1, positive semidefinite';

CREATE FUNCTION qtcl.density_matrix(re float8[], im float8[]) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME', 'density_matrix_from_arrays' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.density_matrix(float8[], float8[]) IS 'density matrix from row-major real and imaginary parts (4^n entries each), validated';
CREATE FUNCTION qtcl.re(qtcl.density_matrix) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'density_matrix_re' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.re(qtcl.density_matrix) IS 'real parts, row-major';
CREATE FUNCTION qtcl.im(qtcl.density_matrix) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'density_matrix_im' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.im(qtcl.density_matrix) IS 'imaginary parts, row-major';
CREATE FUNCTION qtcl.qubits(qtcl.density_matrix) RETURNS int4
    AS 'MODULE_PATHNAME', 'density_matrix_qubits' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.qubits(qtcl.density_matrix) IS 'number of qubits';

CREATE FUNCTION qtcl.w_state(n int4 DEFAULT 3) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME', 'density_matrix_w_state' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.w_state(int4) IS '|W_n><W_n|: one excitation spread uniformly over n qubits';
CREATE FUNCTION qtcl.ghz_state(n int4 DEFAULT 3) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME', 'density_matrix_ghz_state' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.ghz_state(int4) IS '|GHZ_n><GHZ_n| = (|0...0> + |1...1>)/sqrt 2';

CREATE FUNCTION qtcl.purity(qtcl.density_matrix) RETURNS float8
    AS 'MODULE_PATHNAME', 'density_matrix_purity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.purity(qtcl.density_matrix) IS 'tr(rho^2)';
CREATE FUNCTION qtcl.von_neumann_entropy(qtcl.density_matrix) RETURNS float8
    AS 'MODULE_PATHNAME', 'density_matrix_entropy' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.von_neumann_entropy(qtcl.density_matrix) IS 'von Neumann entropy in bits';
CREATE FUNCTION qtcl.l1_coherence(qtcl.density_matrix) RETURNS float8
    AS 'MODULE_PATHNAME', 'density_matrix_l1_coherence' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.l1_coherence(qtcl.density_matrix) IS 'sum of |rho_ij| over i != j (computational basis)';
CREATE FUNCTION qtcl.eigenvalues(qtcl.density_matrix) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'density_matrix_eigenvalues' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.eigenvalues(qtcl.density_matrix) IS 'eigenvalues, ascending';
CREATE FUNCTION qtcl.fidelity(qtcl.density_matrix, qtcl.density_matrix) RETURNS float8
    AS 'MODULE_PATHNAME', 'density_matrix_fidelity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.fidelity(qtcl.density_matrix, qtcl.density_matrix) IS 'Uhlmann fidelity, squared convention, in [0, 1]';
CREATE FUNCTION qtcl.trace_distance(qtcl.density_matrix, qtcl.density_matrix) RETURNS float8
    AS 'MODULE_PATHNAME', 'density_matrix_trace_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.trace_distance(qtcl.density_matrix, qtcl.density_matrix) IS '1/2 sum |eig(rho - sigma)|';
CREATE FUNCTION qtcl.concurrence(qtcl.density_matrix) RETURNS float8
    AS 'MODULE_PATHNAME', 'density_matrix_concurrence' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.concurrence(qtcl.density_matrix) IS 'Wootters concurrence of a two-qubit state';

-- Channels. NULL qubits means every qubit; NULL state or parameter gives NULL.
CREATE FUNCTION qtcl.depolarize(dm qtcl.density_matrix, p float8) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME', 'density_matrix_depolarize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.depolarize(qtcl.density_matrix, float8) IS 'global depolarizing: (1-p) rho + p I/2^n';
CREATE FUNCTION qtcl.depolarize(dm qtcl.density_matrix, p float8, qubits int4[]) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME', 'density_matrix_depolarize_local' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.depolarize(qtcl.density_matrix, float8, int4[]) IS 'local depolarizing p on each listed qubit (NULL: all)';
CREATE FUNCTION qtcl.amplitude_damp(dm qtcl.density_matrix, gamma float8, qubits int4[] DEFAULT NULL) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME', 'density_matrix_amplitude_damp' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.amplitude_damp(qtcl.density_matrix, float8, int4[]) IS 'amplitude damping gamma on each listed qubit (NULL: all)';
CREATE FUNCTION qtcl.phase_damp(dm qtcl.density_matrix, lambda float8, qubits int4[] DEFAULT NULL) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME', 'density_matrix_phase_damp' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.phase_damp(qtcl.density_matrix, float8, int4[]) IS 'phase damping lambda on each listed qubit (NULL: all)';
CREATE FUNCTION qtcl.partial_trace(dm qtcl.density_matrix, keep int4[]) RETURNS qtcl.density_matrix
    AS 'MODULE_PATHNAME', 'density_matrix_partial_trace' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.partial_trace(qtcl.density_matrix, int4[]) IS 'reduced state on the kept qubits (in increasing order)';
