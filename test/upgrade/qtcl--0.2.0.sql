-- generated from sql/install/*.sql by make; edit those files
\echo Use "CREATE EXTENSION qtcl" to load this file. \quit

-- ---- sql/install/00_core.sql
-- Core: version, preload status, SHA3 (FIPS 202).
-- Every object is schema-qualified; the extension's schema is fixed (qtcl.control).
-- Every role may use the schema (types, functions, reading the chain); what changes state is
-- restricted object by object.
GRANT USAGE ON SCHEMA qtcl TO PUBLIC;

CREATE FUNCTION qtcl.version() RETURNS text
    AS 'MODULE_PATHNAME', 'qtcl_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.version() IS 'version of the loaded qtcl library';

CREATE FUNCTION qtcl.preloaded() RETURNS boolean
    AS 'MODULE_PATHNAME', 'qtcl_preloaded'
    LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.preloaded() IS 'true when qtcl is in shared_preload_libraries and its shared memory is set up';

CREATE FUNCTION qtcl.sha3_256(bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_sha3_256_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.sha3_256(bytea) IS 'SHA3-256 (FIPS 202) of the input, 32 bytes';

CREATE FUNCTION qtcl.shake256(bytea, outlen int4) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_shake256_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.shake256(bytea, int4) IS 'SHAKE256 (FIPS 202) of the input, outlen bytes (0 to 16 MiB)';

-- ---- sql/install/10_hlwe_signature.sql
-- hlwe_signature: an ML-DSA (FIPS 204) signature with its parameter set.
-- Text form: 'ml-dsa-65:<hex>'; binary form and bytea cast: the FIPS 204 signature bytes,
-- whose length (2420 / 3309 / 4627) names the parameter set.

CREATE TYPE qtcl.hlwe_signature;

CREATE FUNCTION qtcl.hlwe_signature_in(cstring) RETURNS qtcl.hlwe_signature
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.hlwe_signature_out(qtcl.hlwe_signature) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.hlwe_signature_recv(internal) RETURNS qtcl.hlwe_signature
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.hlwe_signature_send(qtcl.hlwe_signature) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hlwe_signature_in(cstring) IS 'hlwe_signature text input: ml-dsa-NN:<hex>';
COMMENT ON FUNCTION qtcl.hlwe_signature_out(qtcl.hlwe_signature) IS 'hlwe_signature text output: ml-dsa-NN:<hex>';
COMMENT ON FUNCTION qtcl.hlwe_signature_recv(internal) IS 'hlwe_signature binary input: FIPS 204 signature bytes';
COMMENT ON FUNCTION qtcl.hlwe_signature_send(qtcl.hlwe_signature) IS 'hlwe_signature binary output: FIPS 204 signature bytes';

CREATE TYPE qtcl.hlwe_signature (
    INPUT = qtcl.hlwe_signature_in,
    OUTPUT = qtcl.hlwe_signature_out,
    RECEIVE = qtcl.hlwe_signature_recv,
    SEND = qtcl.hlwe_signature_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = external          -- signatures do not compress; skip the attempt
);
COMMENT ON TYPE qtcl.hlwe_signature IS 'ML-DSA (FIPS 204) signature: ml-dsa-44, ml-dsa-65 or ml-dsa-87';

CREATE FUNCTION qtcl.hlwe_signature(bytea) RETURNS qtcl.hlwe_signature
    AS 'MODULE_PATHNAME', 'hlwe_signature_from_bytea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.bytea(qtcl.hlwe_signature) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hlwe_signature_to_bytea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hlwe_signature(bytea) IS 'signature from its FIPS 204 bytes (length names the parameter set)';
COMMENT ON FUNCTION qtcl.bytea(qtcl.hlwe_signature) IS 'the FIPS 204 signature bytes';
CREATE CAST (bytea AS qtcl.hlwe_signature) WITH FUNCTION qtcl.hlwe_signature(bytea);
CREATE CAST (qtcl.hlwe_signature AS bytea) WITH FUNCTION qtcl.bytea(qtcl.hlwe_signature);

CREATE FUNCTION qtcl.hlwe_signature_eq(qtcl.hlwe_signature, qtcl.hlwe_signature) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hlwe_signature_ne(qtcl.hlwe_signature, qtcl.hlwe_signature) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hlwe_signature_hash(qtcl.hlwe_signature) RETURNS int4
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hlwe_signature_eq(qtcl.hlwe_signature, qtcl.hlwe_signature) IS 'equal parameter set and bytes';
COMMENT ON FUNCTION qtcl.hlwe_signature_ne(qtcl.hlwe_signature, qtcl.hlwe_signature) IS 'not equal';
COMMENT ON FUNCTION qtcl.hlwe_signature_hash(qtcl.hlwe_signature) IS 'hash support for hlwe_signature';

CREATE OPERATOR qtcl.= (
    LEFTARG = qtcl.hlwe_signature, RIGHTARG = qtcl.hlwe_signature,
    FUNCTION = qtcl.hlwe_signature_eq, COMMUTATOR = OPERATOR(qtcl.=), NEGATOR = OPERATOR(qtcl.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR qtcl.<> (
    LEFTARG = qtcl.hlwe_signature, RIGHTARG = qtcl.hlwe_signature,
    FUNCTION = qtcl.hlwe_signature_ne, COMMUTATOR = OPERATOR(qtcl.<>), NEGATOR = OPERATOR(qtcl.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE FUNCTION qtcl.hlwe_signature_cmp(qtcl.hlwe_signature, qtcl.hlwe_signature) RETURNS int4
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hlwe_signature_lt(qtcl.hlwe_signature, qtcl.hlwe_signature) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hlwe_signature_le(qtcl.hlwe_signature, qtcl.hlwe_signature) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hlwe_signature_gt(qtcl.hlwe_signature, qtcl.hlwe_signature) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hlwe_signature_ge(qtcl.hlwe_signature, qtcl.hlwe_signature) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION qtcl.hlwe_signature_cmp(qtcl.hlwe_signature, qtcl.hlwe_signature) IS 'btree support: parameter set, then bytes';
COMMENT ON FUNCTION qtcl.hlwe_signature_lt(qtcl.hlwe_signature, qtcl.hlwe_signature) IS 'less than (parameter set, then bytes)';
COMMENT ON FUNCTION qtcl.hlwe_signature_le(qtcl.hlwe_signature, qtcl.hlwe_signature) IS 'less than or equal';
COMMENT ON FUNCTION qtcl.hlwe_signature_gt(qtcl.hlwe_signature, qtcl.hlwe_signature) IS 'greater than';
COMMENT ON FUNCTION qtcl.hlwe_signature_ge(qtcl.hlwe_signature, qtcl.hlwe_signature) IS 'greater than or equal';
CREATE OPERATOR qtcl.< (LEFTARG = qtcl.hlwe_signature, RIGHTARG = qtcl.hlwe_signature, FUNCTION = qtcl.hlwe_signature_lt,
    COMMUTATOR = OPERATOR(qtcl.>), NEGATOR = OPERATOR(qtcl.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR qtcl.<= (LEFTARG = qtcl.hlwe_signature, RIGHTARG = qtcl.hlwe_signature, FUNCTION = qtcl.hlwe_signature_le,
    COMMUTATOR = OPERATOR(qtcl.>=), NEGATOR = OPERATOR(qtcl.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR qtcl.> (LEFTARG = qtcl.hlwe_signature, RIGHTARG = qtcl.hlwe_signature, FUNCTION = qtcl.hlwe_signature_gt,
    COMMUTATOR = OPERATOR(qtcl.<), NEGATOR = OPERATOR(qtcl.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR qtcl.>= (LEFTARG = qtcl.hlwe_signature, RIGHTARG = qtcl.hlwe_signature, FUNCTION = qtcl.hlwe_signature_ge,
    COMMUTATOR = OPERATOR(qtcl.<=), NEGATOR = OPERATOR(qtcl.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR CLASS qtcl.hlwe_signature_btree_ops
    DEFAULT FOR TYPE qtcl.hlwe_signature USING btree AS
    OPERATOR 1 qtcl.< , OPERATOR 2 qtcl.<= , OPERATOR 3 qtcl.= , OPERATOR 4 qtcl.>= , OPERATOR 5 qtcl.> ,
    FUNCTION 1 qtcl.hlwe_signature_cmp(qtcl.hlwe_signature, qtcl.hlwe_signature);

CREATE OPERATOR CLASS qtcl.hlwe_signature_hash_ops
    DEFAULT FOR TYPE qtcl.hlwe_signature USING hash AS
    OPERATOR 1 qtcl.= ,
    FUNCTION 1 qtcl.hlwe_signature_hash(qtcl.hlwe_signature);

-- ML-DSA functions. keygen is not STRICT: a NULL seed means fresh randomness from the OS.
CREATE FUNCTION qtcl.hlwe_keygen(seed bytea DEFAULT NULL, params text DEFAULT 'ml-dsa-65')
    RETURNS TABLE(public_key bytea, secret_key bytea)
    AS 'MODULE_PATHNAME', 'hlwe_keygen_sql' LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hlwe_keygen(bytea, text) IS
    'ML-DSA.KeyGen: seed is xi (32 bytes, NULL = fresh randomness); keys in FIPS 204 encodings (expanded secret key)';

CREATE FUNCTION qtcl.hlwe_sign(secret_key bytea, message bytea, context bytea DEFAULT '',
                               deterministic boolean DEFAULT false)
    RETURNS qtcl.hlwe_signature
    AS 'MODULE_PATHNAME', 'hlwe_sign_sql' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hlwe_sign(bytea, bytea, bytea, boolean) IS
    'ML-DSA.Sign (FIPS 204 Algorithm 2), hedged unless deterministic; parameter set from the key length';

CREATE FUNCTION qtcl.hlwe_verify(public_key bytea, message bytea, signature qtcl.hlwe_signature,
                                 context bytea DEFAULT '')
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'hlwe_verify_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hlwe_verify(bytea, bytea, qtcl.hlwe_signature, bytea) IS
    'ML-DSA.Verify (FIPS 204 Algorithm 3): false for any invalid, tampered or mismatched signature';

CREATE FUNCTION qtcl.hlwe_params(qtcl.hlwe_signature) RETURNS text
    AS 'MODULE_PATHNAME', 'hlwe_params_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hlwe_params(qtcl.hlwe_signature) IS 'parameter set of a signature: ml-dsa-44, ml-dsa-65 or ml-dsa-87';

CREATE FUNCTION qtcl.hlwe_public_key(secret_key bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hlwe_public_key_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hlwe_public_key(bytea) IS 'public key of an expanded ML-DSA secret key (checks the key is consistent)';

-- ---- sql/install/20_hyper_addr.sql
-- hyper_addr: a wallet address "qtcl1..." (bech32m over SHA3-256 of the public key), its
-- pseudoqubit index (of 106,496) and its tile on the {8,3} hyperbolic tiling.
-- Stored as the 32-byte hash; binary form: those 32 bytes.

CREATE TYPE qtcl.hyper_addr;

CREATE FUNCTION qtcl.hyper_addr_in(cstring) RETURNS qtcl.hyper_addr
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.hyper_addr_out(qtcl.hyper_addr) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.hyper_addr_recv(internal) RETURNS qtcl.hyper_addr
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.hyper_addr_send(qtcl.hyper_addr) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hyper_addr_in(cstring) IS 'hyper_addr text input: qtcl1... bech32m, fully validated';
COMMENT ON FUNCTION qtcl.hyper_addr_out(qtcl.hyper_addr) IS 'hyper_addr text output: qtcl1..., lower case';
COMMENT ON FUNCTION qtcl.hyper_addr_recv(internal) IS 'hyper_addr binary input: the 32-byte hash';
COMMENT ON FUNCTION qtcl.hyper_addr_send(qtcl.hyper_addr) IS 'hyper_addr binary output: the 32-byte hash';

CREATE TYPE qtcl.hyper_addr (
    INPUT = qtcl.hyper_addr_in,
    OUTPUT = qtcl.hyper_addr_out,
    RECEIVE = qtcl.hyper_addr_recv,
    SEND = qtcl.hyper_addr_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = char,
    STORAGE = plain
);
COMMENT ON TYPE qtcl.hyper_addr IS 'qtcl wallet address: bech32m "qtcl1..." over SHA3-256 of the public key';

CREATE FUNCTION qtcl.hyper_addr(public_key bytea) RETURNS qtcl.hyper_addr
    AS 'MODULE_PATHNAME', 'hyper_addr_from_pubkey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hyper_addr(bytea) IS 'address of a public key: bech32m over SHA3-256 of its bytes';
CREATE FUNCTION qtcl.hyper_addr_from_hash(hash bytea) RETURNS qtcl.hyper_addr
    AS 'MODULE_PATHNAME', 'hyper_addr_from_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hyper_addr_from_hash(bytea) IS 'address from its 32-byte hash';
CREATE FUNCTION qtcl.addr_hash(qtcl.hyper_addr) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hyper_addr_hash_bytes' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.addr_hash(qtcl.hyper_addr) IS 'the 32-byte hash of an address';
CREATE FUNCTION qtcl.pseudoqubit(qtcl.hyper_addr) RETURNS int4
    AS 'MODULE_PATHNAME', 'hyper_addr_pseudoqubit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.pseudoqubit(qtcl.hyper_addr) IS 'pseudoqubit index: first 8 bytes of the hash, big-endian, mod 106496';

-- Text casts run the type's output and input functions (full validation on the way in).
CREATE CAST (text AS qtcl.hyper_addr) WITH INOUT;
CREATE CAST (qtcl.hyper_addr AS text) WITH INOUT;

-- Comparison (byte order of the hash), btree and hash operator classes.
CREATE FUNCTION qtcl.hyper_addr_cmp(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS int4
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hyper_addr_eq(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hyper_addr_ne(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hyper_addr_lt(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hyper_addr_le(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hyper_addr_gt(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hyper_addr_ge(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION qtcl.hyper_addr_hash(qtcl.hyper_addr) RETURNS int4
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION qtcl.hyper_addr_hash_extended(qtcl.hyper_addr, int8) RETURNS int8
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hyper_addr_cmp(qtcl.hyper_addr, qtcl.hyper_addr) IS 'btree support: byte order of the hashes';
COMMENT ON FUNCTION qtcl.hyper_addr_eq(qtcl.hyper_addr, qtcl.hyper_addr) IS 'same address';
COMMENT ON FUNCTION qtcl.hyper_addr_ne(qtcl.hyper_addr, qtcl.hyper_addr) IS 'different addresses';
COMMENT ON FUNCTION qtcl.hyper_addr_lt(qtcl.hyper_addr, qtcl.hyper_addr) IS 'less than (byte order of the hashes)';
COMMENT ON FUNCTION qtcl.hyper_addr_le(qtcl.hyper_addr, qtcl.hyper_addr) IS 'less than or equal';
COMMENT ON FUNCTION qtcl.hyper_addr_gt(qtcl.hyper_addr, qtcl.hyper_addr) IS 'greater than';
COMMENT ON FUNCTION qtcl.hyper_addr_ge(qtcl.hyper_addr, qtcl.hyper_addr) IS 'greater than or equal';
COMMENT ON FUNCTION qtcl.hyper_addr_hash(qtcl.hyper_addr) IS 'hash support';
COMMENT ON FUNCTION qtcl.hyper_addr_hash_extended(qtcl.hyper_addr, int8) IS 'hash support (64-bit, seeded)';

CREATE OPERATOR qtcl.= (LEFTARG = qtcl.hyper_addr, RIGHTARG = qtcl.hyper_addr, FUNCTION = qtcl.hyper_addr_eq,
    COMMUTATOR = OPERATOR(qtcl.=), NEGATOR = OPERATOR(qtcl.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR qtcl.<> (LEFTARG = qtcl.hyper_addr, RIGHTARG = qtcl.hyper_addr, FUNCTION = qtcl.hyper_addr_ne,
    COMMUTATOR = OPERATOR(qtcl.<>), NEGATOR = OPERATOR(qtcl.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR qtcl.< (LEFTARG = qtcl.hyper_addr, RIGHTARG = qtcl.hyper_addr, FUNCTION = qtcl.hyper_addr_lt,
    COMMUTATOR = OPERATOR(qtcl.>), NEGATOR = OPERATOR(qtcl.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR qtcl.<= (LEFTARG = qtcl.hyper_addr, RIGHTARG = qtcl.hyper_addr, FUNCTION = qtcl.hyper_addr_le,
    COMMUTATOR = OPERATOR(qtcl.>=), NEGATOR = OPERATOR(qtcl.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR qtcl.> (LEFTARG = qtcl.hyper_addr, RIGHTARG = qtcl.hyper_addr, FUNCTION = qtcl.hyper_addr_gt,
    COMMUTATOR = OPERATOR(qtcl.<), NEGATOR = OPERATOR(qtcl.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR qtcl.>= (LEFTARG = qtcl.hyper_addr, RIGHTARG = qtcl.hyper_addr, FUNCTION = qtcl.hyper_addr_ge,
    COMMUTATOR = OPERATOR(qtcl.<=), NEGATOR = OPERATOR(qtcl.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS qtcl.hyper_addr_btree_ops DEFAULT FOR TYPE qtcl.hyper_addr USING btree AS
    OPERATOR 1 qtcl.< , OPERATOR 2 qtcl.<= , OPERATOR 3 qtcl.= , OPERATOR 4 qtcl.>= , OPERATOR 5 qtcl.> ,
    FUNCTION 1 qtcl.hyper_addr_cmp(qtcl.hyper_addr, qtcl.hyper_addr);
CREATE OPERATOR CLASS qtcl.hyper_addr_hash_ops DEFAULT FOR TYPE qtcl.hyper_addr USING hash AS
    OPERATOR 1 qtcl.= ,
    FUNCTION 1 qtcl.hyper_addr_hash(qtcl.hyper_addr),
    FUNCTION 2 qtcl.hyper_addr_hash_extended(qtcl.hyper_addr, int8);

-- The {8,3} tiling: tiles 0 .. 106495 (rings 0-7 whole, ring 8 in part), built once per process.
CREATE FUNCTION qtcl.tile(index int4) RETURNS TABLE(ring int4, pos int4, x float8, y float8)
    AS 'MODULE_PATHNAME', 'qtcl_tile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.tile(int4) IS 'tile of a pseudoqubit index (0..106495): ring, position in ring, centre in the Poincare disk';
CREATE FUNCTION qtcl.tile_distance(i int4, j int4) RETURNS float8
    AS 'MODULE_PATHNAME', 'qtcl_tile_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.tile_distance(int4, int4) IS 'hyperbolic distance (curvature -1) between two tile centres';
CREATE FUNCTION qtcl.tile_hops(i int4, j int4) RETURNS int4
    AS 'MODULE_PATHNAME', 'qtcl_tile_hops' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.tile_hops(int4, int4) IS 'edge crossings between two tiles';

CREATE FUNCTION qtcl.hyper_addr_distance(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS float8
    AS 'MODULE_PATHNAME', 'hyper_addr_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hyper_addr_distance(qtcl.hyper_addr, qtcl.hyper_addr) IS 'hyperbolic distance between the tiles of two addresses';
CREATE OPERATOR qtcl.<-> (LEFTARG = qtcl.hyper_addr, RIGHTARG = qtcl.hyper_addr,
    FUNCTION = qtcl.hyper_addr_distance, COMMUTATOR = OPERATOR(qtcl.<->));
CREATE FUNCTION qtcl.hops(qtcl.hyper_addr, qtcl.hyper_addr) RETURNS int4
    AS 'MODULE_PATHNAME', 'hyper_addr_hops' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hops(qtcl.hyper_addr, qtcl.hyper_addr) IS 'edge crossings between the tiles of two addresses';
CREATE FUNCTION qtcl.hyper_point(qtcl.hyper_addr) RETURNS point
    AS 'MODULE_PATHNAME', 'hyper_addr_point' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.hyper_point(qtcl.hyper_addr) IS 'centre of the address''s tile in the Poincare disk';

-- ---- sql/install/30_density_matrix.sql
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

-- ---- sql/install/40_entropy.sql
-- Entropy pool: QRNG sources with SP 800-90B health tests and circuit breakers, XORed with
-- the OS generator and conditioned with SHAKE256 into a pool in shared memory (needs qtcl in
-- shared_preload_libraries). Network access and source diagnostics are for superusers only.

CREATE FUNCTION qtcl.qrng_refill() RETURNS int4
    AS 'MODULE_PATHNAME', 'qtcl_qrng_refill' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.qrng_refill() IS
    'one refill round over the enabled entropy sources; returns the number of healthy sources, os included';
REVOKE ALL ON FUNCTION qtcl.qrng_refill() FROM PUBLIC;

CREATE FUNCTION qtcl.qrng_fetch(source text) RETURNS TABLE(bytes bytea, ok boolean, error text)
    AS 'MODULE_PATHNAME', 'qtcl_qrng_fetch' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.qrng_fetch(text) IS
    'one diagnostic fetch from a source with every check of a refill; feeds nothing into the pool';
REVOKE ALL ON FUNCTION qtcl.qrng_fetch(text) FROM PUBLIC;

CREATE FUNCTION qtcl.entropy(n int4) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_entropy_sql' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.entropy(int4) IS
    'n bytes from the entropy pool (0 to 16 MiB); bytes are never handed out twice';
-- Drawing consumes a shared resource (and with qtcl.qrng_min_sources > 0, a scarce one):
-- superusers, and roles granted EXECUTE, only.
REVOKE ALL ON FUNCTION qtcl.entropy(int4) FROM PUBLIC;

CREATE FUNCTION qtcl.qrng_status_rows()
    RETURNS TABLE(source text, state text, successes bigint, failures bigint, last_error text,
                  last_success_at timestamptz, bytes_delivered bigint, enabled boolean)
    AS 'MODULE_PATHNAME', 'qtcl_qrng_status_rows' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.qrng_status_rows() IS 'rows of the qtcl.qrng_status view';
REVOKE ALL ON FUNCTION qtcl.qrng_status_rows() FROM PUBLIC;

CREATE VIEW qtcl.qrng_status AS
    SELECT source, state, successes, failures, last_error, last_success_at, bytes_delivered, enabled
      FROM qtcl.qrng_status_rows();
COMMENT ON VIEW qtcl.qrng_status IS
    'entropy sources: breaker state (closed, open, half-open), refill successes and failures, last error';
REVOKE ALL ON qtcl.qrng_status FROM PUBLIC;

CREATE FUNCTION qtcl.qrng_pool_status()
    RETURNS TABLE(available bigint, draws bigint, bytes_drawn bigint, bytes_discarded bigint,
                  last_draw_sources int4)
    AS 'MODULE_PATHNAME', 'qtcl_qrng_pool_status' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.qrng_pool_status() IS
    'entropy pool: bytes available, draws, bytes drawn and discarded, remote sources behind the last draw';

-- ---- sql/install/50_beacon.sql
-- The W-state beacon (the oracle): signed, hash-chained rounds with a commit-reveal of their
-- entropy, a density matrix derived from it, and an output value that no signature enters.
-- The byte format is docs/PROTOCOL.md, "Beacon rounds". Rows are written only by the
-- extension's functions; anyone may read and verify them.

CREATE TABLE qtcl.oracle_keys (
    key_id      bytea PRIMARY KEY CHECK (length(key_id) = 32),
    public_key  bytea NOT NULL UNIQUE CHECK (length(public_key) = 1952),
    local       boolean NOT NULL DEFAULT false,
    added_at    timestamptz NOT NULL DEFAULT now(),
    note        text,
    CHECK (key_id = qtcl.sha3_256(public_key))
);
COMMENT ON TABLE qtcl.oracle_keys IS
    'trusted oracle public keys (ML-DSA-65); beacon rounds verify against these. The local oracle''s key is added on first use';
SELECT pg_catalog.pg_extension_config_dump('qtcl.oracle_keys', '');

CREATE TABLE qtcl.beacon (
    round           bigint PRIMARY KEY CHECK (round >= 1),
    ts              timestamptz NOT NULL,
    prev_hash       bytea NOT NULL,
    secret          bytea NOT NULL,
    commitment      bytea NOT NULL,
    density         qtcl.density_matrix NOT NULL,
    purity          float8 NOT NULL,
    entropy         float8 NOT NULL,
    fidelity_w      float8 NOT NULL,
    l1_coherence    float8 NOT NULL,
    sources         int4 NOT NULL,
    output          bytea NOT NULL,
    key_id          bytea NOT NULL,
    signature       qtcl.hlwe_signature NOT NULL,
    round_hash      bytea NOT NULL UNIQUE,
    bytes           bytea NOT NULL
);
COMMENT ON TABLE qtcl.beacon IS
    'beacon rounds: every column is a decoded field of bytes (the canonical signed encoding); qtcl.beacon_verify checks them all';
SELECT pg_catalog.pg_extension_config_dump('qtcl.beacon', '');

-- What the oldest stored round links to once older rounds are pruned (one row at most).
CREATE TABLE qtcl.beacon_anchor (
    only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    round       bigint NOT NULL,
    ts_ms       bigint NOT NULL,
    round_hash  bytea NOT NULL,
    commitment  bytea NOT NULL
);
COMMENT ON TABLE qtcl.beacon_anchor IS 'link data of the newest pruned beacon round, so the oldest stored round still verifies';
SELECT pg_catalog.pg_extension_config_dump('qtcl.beacon_anchor', '');

REVOKE ALL ON qtcl.oracle_keys, qtcl.beacon, qtcl.beacon_anchor FROM PUBLIC;
GRANT SELECT ON qtcl.oracle_keys, qtcl.beacon, qtcl.beacon_anchor TO PUBLIC;

CREATE FUNCTION qtcl.oracle_public_key() RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_oracle_public_key' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.oracle_public_key() IS
    'this node''s oracle public key (ML-DSA-65, made on first use), recorded as trusted; give it to nodes that should trust this oracle';
REVOKE ALL ON FUNCTION qtcl.oracle_public_key() FROM PUBLIC;

CREATE FUNCTION qtcl.beacon_tick() RETURNS bigint
    AS 'MODULE_PATHNAME', 'qtcl_beacon_tick' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.beacon_tick() IS
    'makes, signs, stores and announces (NOTIFY qtcl_beacon) the next beacon round; returns its number';
REVOKE ALL ON FUNCTION qtcl.beacon_tick() FROM PUBLIC;

CREATE FUNCTION qtcl.beacon_verify(round bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'qtcl_beacon_verify_sql' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.beacon_verify(bigint) IS
    'a stored round: trusted signature, link to the previous round, commitment reveal, density matrix, metrics, output, and every column equal to its encoded field';

CREATE FUNCTION qtcl.beacon_round_bytes(round bigint) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_beacon_round_bytes' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.beacon_round_bytes(bigint) IS 'canonical bytes of a stored round (NULL if not stored)';

CREATE FUNCTION qtcl.beacon_verify_bytes(bytea) RETURNS boolean
    AS 'MODULE_PATHNAME', 'qtcl_beacon_verify_bytes_sql' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.beacon_verify_bytes(bytea) IS
    'round bytes from anywhere: decode strictly, trusted signature, density matrix, metrics, output; and the link when the previous round is known here';

CREATE FUNCTION qtcl.beacon_prune(keep bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'qtcl_beacon_prune' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.beacon_prune(bigint) IS
    'deletes all but the newest keep rounds (rounds a block references are kept); returns how many were deleted';
REVOKE ALL ON FUNCTION qtcl.beacon_prune(bigint) FROM PUBLIC;

CREATE FUNCTION qtcl.beacon_measure(round bigint, shots int4) RETURNS int4[]
    AS 'MODULE_PATHNAME', 'qtcl_beacon_measure_sql' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.beacon_measure(bigint, int4) IS
    'Born-rule samples (basis states 0..7) of a round''s density matrix from a generator seeded by its output: the same on every node';

-- ---- sql/install/60_chain.sql
-- The chain, part 1: parameters and genesis, accounts, and transactions submitted by INSERT into
-- the mempool. (Blocks beyond genesis, mining, fork choice and reorganisations: 61_blocks.sql.)
-- Byte formats: docs/PROTOCOL.md. Verdict SQLSTATEs (class QT): docs/SQLSTATES.md.

CREATE TABLE qtcl.chain_params (
    only_row            boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    network             text NOT NULL CHECK (network IN ('regtest', 'devnet')),
    chain_id            bigint NOT NULL CHECK (chain_id BETWEEN 0 AND 4294967295),
    target_block_ms     bigint NOT NULL CHECK (target_block_ms > 0),
    max_block_txs       int4 NOT NULL CHECK (max_block_txs > 0),
    block_reward        bigint NOT NULL CHECK (block_reward BETWEEN 0 AND 2100000000000000),
    halving_interval    bigint NOT NULL CHECK (halving_interval > 0),
    min_fee             bigint NOT NULL CHECK (min_fee >= 0),
    max_future_ms       bigint NOT NULL CHECK (max_future_ms >= 0),
    max_beacon_age_ms   bigint NOT NULL CHECK (max_beacon_age_ms > 0),
    genesis_target      bigint NOT NULL,
    genesis_hash        bytea NOT NULL,
    mock_time_ms        bigint,
    created_at          timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE qtcl.chain_params IS 'the chain of this database (one at most), as qtcl.init_chain made it';

CREATE TABLE qtcl.blocks (
    hash            bytea PRIMARY KEY CHECK (length(hash) = 32),
    parent          bytea NOT NULL,
    height          bigint NOT NULL CHECK (height >= 0),
    header          bytea NOT NULL CHECK (length(header) = 164),
    status          text NOT NULL CHECK (status IN ('active', 'side', 'invalid', 'orphan')),
    chainwork       numeric NOT NULL,
    timestamp_ms    bigint NOT NULL,
    tx_count        int4 NOT NULL DEFAULT 0,
    beacon          bytea,
    received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON qtcl.blocks (parent);
COMMENT ON TABLE qtcl.blocks IS 'every known block with its status';

CREATE TABLE qtcl.account_state (
    address     qtcl.hyper_addr PRIMARY KEY,
    balance     bigint NOT NULL CHECK (balance BETWEEN 0 AND 2100000000000000),
    nonce       bigint NOT NULL DEFAULT 0 CHECK (nonce >= 0)
);
COMMENT ON TABLE qtcl.account_state IS 'confirmed balance and nonce per address (read qtcl.accounts)';

CREATE TABLE qtcl.transactions (
    tx_hash     bytea PRIMARY KEY,
    block_hash  bytea NOT NULL REFERENCES qtcl.blocks (hash),
    position    int4 NOT NULL,
    sender      qtcl.hyper_addr NOT NULL,
    recipient   qtcl.hyper_addr NOT NULL,
    amount      bigint NOT NULL,
    fee         bigint NOT NULL,
    nonce       bigint NOT NULL,
    raw         bytea NOT NULL,
    UNIQUE (block_hash, position)
);
COMMENT ON TABLE qtcl.transactions IS 'confirmed transactions with their block and position';

CREATE TABLE qtcl.mempool (
    sender_key  bytea NOT NULL,
    recipient   qtcl.hyper_addr NOT NULL,
    amount      bigint NOT NULL,
    fee         bigint NOT NULL,
    nonce       bigint NOT NULL,
    signature   qtcl.hlwe_signature NOT NULL,
    chain_id    bigint,                              -- optional: NULL means this chain
    tx_hash     bytea NOT NULL PRIMARY KEY,          -- filled by the trigger
    sender      qtcl.hyper_addr NOT NULL,            -- filled by the trigger
    received_at timestamptz NOT NULL,                -- filled by the trigger
    UNIQUE (sender, nonce)
);
COMMENT ON TABLE qtcl.mempool IS
    'pending transactions: INSERT (sender_key, recipient, amount, fee, nonce, signature) submits one; a trigger validates it';

CREATE VIEW qtcl.accounts AS
    SELECT a.address, a.balance, a.nonce, a.nonce + coalesce(p.pending, 0) AS pending_nonce
      FROM qtcl.account_state a
      LEFT JOIN (SELECT sender, count(*) AS pending FROM qtcl.mempool GROUP BY sender) p ON p.sender = a.address;
COMMENT ON VIEW qtcl.accounts IS 'balance, confirmed nonce, and the next nonce counting pending transactions';

CREATE VIEW qtcl.chain AS
    SELECT height, hash, parent, timestamp_ms, tx_count, chainwork FROM qtcl.blocks WHERE status = 'active';
COMMENT ON VIEW qtcl.chain IS 'the active chain';
CREATE VIEW qtcl.tip AS
    SELECT height, hash, parent, timestamp_ms, tx_count, chainwork FROM qtcl.chain ORDER BY height DESC LIMIT 1;
COMMENT ON VIEW qtcl.tip IS 'the top of the active chain';

SELECT pg_catalog.pg_extension_config_dump('qtcl.chain_params', '');
SELECT pg_catalog.pg_extension_config_dump('qtcl.blocks', '');
SELECT pg_catalog.pg_extension_config_dump('qtcl.account_state', '');
SELECT pg_catalog.pg_extension_config_dump('qtcl.transactions', '');
SELECT pg_catalog.pg_extension_config_dump('qtcl.mempool', '');

-- Consensus bytes.
CREATE FUNCTION qtcl.block_header(version int4, chain_id bigint, height bigint, parent bytea, merkle_root bytea,
                                  timestamp_ms bigint, target bigint, miner bytea, beacon_round bytea, nonce bigint)
    RETURNS bytea AS 'MODULE_PATHNAME', 'qtcl_block_header_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.block_header(int4, bigint, bigint, bytea, bytea, bigint, bigint, bytea, bytea, bigint) IS
    'the 164-byte canonical block header (docs/PROTOCOL.md)';
CREATE FUNCTION qtcl.target_work(compact bigint) RETURNS numeric
    AS 'MODULE_PATHNAME', 'qtcl_target_work_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.target_work(bigint) IS 'work of a compact target: floor(2^256 / (target + 1))';
CREATE FUNCTION qtcl.network_params(network text)
    RETURNS TABLE(genesis_target bigint, pow_limit bigint, target_block_ms bigint, max_future_ms bigint)
    AS 'MODULE_PATHNAME', 'qtcl_network_params_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.network_params(text) IS 'consensus constants of regtest and devnet';

-- Transactions.
CREATE FUNCTION qtcl.tx_signing_message(sender_key bytea, recipient qtcl.hyper_addr, amount bigint, fee bigint, nonce bigint)
    RETURNS bytea AS 'MODULE_PATHNAME', 'qtcl_tx_signing_message_sql' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.tx_signing_message(bytea, qtcl.hyper_addr, bigint, bigint, bigint) IS
    'the bytes a transaction''s signature covers (ML-DSA-65, context qtcl-tx-v1), for this chain';
CREATE FUNCTION qtcl.sign_transaction(secret_key bytea, public_key bytea, recipient qtcl.hyper_addr, amount bigint,
                                      fee bigint, nonce bigint)
    RETURNS qtcl.hlwe_signature AS 'MODULE_PATHNAME', 'qtcl_sign_transaction_sql' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.sign_transaction(bytea, bytea, qtcl.hyper_addr, bigint, bigint, bigint) IS
    'signs a transaction of this chain (hedged ML-DSA-65, context qtcl-tx-v1)';
CREATE FUNCTION qtcl.test_accept(sender_key bytea, recipient qtcl.hyper_addr, amount bigint, fee bigint, nonce bigint,
                                 signature qtcl.hlwe_signature)
    RETURNS text AS 'MODULE_PATHNAME', 'qtcl_test_accept' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.test_accept(bytea, qtcl.hyper_addr, bigint, bigint, bigint, qtcl.hlwe_signature) IS
    'dry run of a mempool INSERT: ''ok'' or the reason it would be refused; stores nothing';

CREATE FUNCTION qtcl.mempool_before_insert() RETURNS trigger
    AS 'MODULE_PATHNAME', 'qtcl_mempool_before_insert' LANGUAGE C
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.mempool_before_insert() IS 'validates a submitted transaction and fills its derived columns';
-- Nobody calls it directly (a trigger does not need EXECUTE to fire): a SECURITY DEFINER
-- function must not be attachable to other tables.
REVOKE ALL ON FUNCTION qtcl.mempool_before_insert() FROM PUBLIC;
CREATE TRIGGER validate BEFORE INSERT ON qtcl.mempool FOR EACH ROW EXECUTE FUNCTION qtcl.mempool_before_insert();

REVOKE ALL ON qtcl.chain_params, qtcl.blocks, qtcl.account_state, qtcl.transactions, qtcl.mempool FROM PUBLIC;
GRANT SELECT ON qtcl.chain_params, qtcl.blocks, qtcl.account_state, qtcl.transactions, qtcl.mempool,
                qtcl.accounts, qtcl.chain, qtcl.tip TO PUBLIC;
GRANT INSERT (sender_key, recipient, amount, fee, nonce, signature, chain_id) ON qtcl.mempool TO PUBLIC;

-- ---- sql/install/61_blocks.sql
-- The chain, part 2 (added in 0.2.0): blocks beyond genesis, validation and connection with undo
-- rows, fork choice and reorganisations, orphans, mining, block transport, tamper evidence.
-- This file is also the whole upgrade script from 0.1.0 (see the Makefile), so it only adds to
-- part 1 and replaces what changed. Byte formats and rules: docs/PROTOCOL.md. SQLSTATEs:
-- docs/SQLSTATES.md.

-- Blocks: first-seen order (fork-choice ties), the amount issued up to and including the block,
-- its beacon round's number, its canonical bytes, and why it is invalid.
CREATE SEQUENCE qtcl.block_seq;
ALTER TABLE qtcl.blocks
    ADD COLUMN seq bigint NOT NULL DEFAULT nextval('qtcl.block_seq'),
    ADD COLUMN issued bigint CHECK (issued BETWEEN 0 AND 2100000000000000),
    ADD COLUMN beacon_round bigint NOT NULL DEFAULT 0,
    ADD COLUMN raw bytea,
    ADD COLUMN invalid_reason text;
ALTER SEQUENCE qtcl.block_seq OWNED BY qtcl.blocks.seq;
-- Keys, signatures and blocks are random-looking bytes: storing them uncompressed spares every
-- INSERT and every connected block a compression attempt that cannot succeed.
ALTER TABLE qtcl.blocks ALTER COLUMN raw SET STORAGE EXTERNAL;
ALTER TABLE qtcl.transactions ALTER COLUMN raw SET STORAGE EXTERNAL;
ALTER TABLE qtcl.mempool ALTER COLUMN sender_key SET STORAGE EXTERNAL;
ALTER TABLE qtcl.beacon ALTER COLUMN bytes SET STORAGE EXTERNAL;
COMMENT ON COLUMN qtcl.blocks.status IS
    'active (on the best chain), side (valid, another branch), invalid (with its descendants), orphan (parent not yet known)';
COMMENT ON COLUMN qtcl.blocks.beacon IS 'hash of the beacon round the block builds on (NULL in genesis)';
COMMENT ON COLUMN qtcl.blocks.raw IS 'the canonical block bytes (genesis: its header)';
-- One block per height on the active chain.
CREATE UNIQUE INDEX blocks_active_height ON qtcl.blocks (height) WHERE status = 'active';
CREATE INDEX blocks_best ON qtcl.blocks (chainwork DESC, seq) WHERE status IN ('active', 'side');
CREATE INDEX blocks_orphans ON qtcl.blocks (seq) WHERE status = 'orphan';
CREATE INDEX blocks_beacon_round ON qtcl.blocks (beacon_round);
-- A 0.1.0 chain has only its genesis block, and its accounts are its allocations.
UPDATE qtcl.blocks SET issued = (SELECT coalesce(sum(balance), 0) FROM qtcl.account_state), raw = header
 WHERE height = 0 AND status = 'active';

-- The allocations of the genesis block, kept so the state can be replayed from genesis.
CREATE TABLE qtcl.genesis_allocations (
    address     qtcl.hyper_addr PRIMARY KEY,
    amount      bigint NOT NULL CHECK (amount BETWEEN 1 AND 2100000000000000)
);
COMMENT ON TABLE qtcl.genesis_allocations IS 'initial balances of the genesis block';
INSERT INTO qtcl.genesis_allocations (address, amount) SELECT address, balance FROM qtcl.account_state WHERE balance > 0;
SELECT pg_catalog.pg_extension_config_dump('qtcl.genesis_allocations', '');

-- Undo rows: the state of every account a connected block touched, as it was before the block.
CREATE TABLE qtcl.block_undo (
    block_hash  bytea NOT NULL REFERENCES qtcl.blocks (hash),
    address     qtcl.hyper_addr NOT NULL,
    balance     bigint,             -- NULL: the account did not exist before the block
    nonce       bigint,
    PRIMARY KEY (block_hash, address)
);
COMMENT ON TABLE qtcl.block_undo IS 'previous balance and nonce of each account an active block touched (for disconnecting it)';
SELECT pg_catalog.pg_extension_config_dump('qtcl.block_undo', '');

CREATE INDEX transactions_sender ON qtcl.transactions (sender);
CREATE INDEX transactions_recipient ON qtcl.transactions (recipient);
CREATE INDEX mempool_received_at ON qtcl.mempool (received_at);

REVOKE ALL ON qtcl.genesis_allocations, qtcl.block_undo FROM PUBLIC;
GRANT SELECT ON qtcl.genesis_allocations, qtcl.block_undo TO PUBLIC;

-- init_chain: the genesis block and the initial allocations, in one transaction.
CREATE OR REPLACE FUNCTION qtcl.init_chain(network text DEFAULT 'devnet', allocations jsonb DEFAULT '{}', params jsonb DEFAULT '{}')
    RETURNS bytea LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    known constant text[] := ARRAY['chain_id', 'target_block_ms', 'max_block_txs', 'block_reward', 'halving_interval',
                                   'min_fee', 'max_future_ms', 'max_beacon_age_ms', 'oracle_keys', 'genesis_time_ms'];
    np record;
    k text;
    v jsonb;
    total numeric := 0;
    commitment bytea;
    gen_time bigint;
    header bytea;
    ghash bytea;
    key bytea;
BEGIN
    IF EXISTS (SELECT 1 FROM qtcl.chain_params) THEN
        RAISE EXCEPTION 'this database already has a chain (genesis %)',
            (SELECT encode(genesis_hash, 'hex') FROM qtcl.chain_params)
            USING ERRCODE = 'duplicate_object', HINT = 'One chain per database.';
    END IF;
    SELECT * INTO np FROM qtcl.network_params(network);
    IF jsonb_typeof(params) IS DISTINCT FROM 'object' OR jsonb_typeof(allocations) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'params and allocations must be JSON objects' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR k IN SELECT jsonb_object_keys(params) LOOP
        IF NOT k = ANY (known) THEN
            RAISE EXCEPTION 'unknown chain parameter "%"', k USING ERRCODE = 'invalid_parameter_value',
                HINT = 'The parameters are ' || array_to_string(known, ', ') || '.';
        END IF;
    END LOOP;
    FOR k, v IN SELECT * FROM jsonb_each(allocations) LOOP
        IF jsonb_typeof(v) <> 'number' OR (v #>> '{}')::numeric <= 0 OR (v #>> '{}')::numeric <> trunc((v #>> '{}')::numeric) THEN
            RAISE EXCEPTION 'allocation to % must be a positive whole number of base units, not %', k, v
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM k::qtcl.hyper_addr;
        total := total + (v #>> '{}')::numeric;
    END LOOP;
    IF total > 2100000000000000 THEN
        RAISE EXCEPTION 'allocations total % base units, above the supply cap 2100000000000000', total
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO qtcl.chain_params (network, chain_id, target_block_ms, max_block_txs, block_reward, halving_interval,
                                   min_fee, max_future_ms, max_beacon_age_ms, genesis_target, genesis_hash)
    VALUES (network,
            coalesce((params ->> 'chain_id')::bigint, CASE network WHEN 'regtest' THEN 2 ELSE 1 END),
            coalesce((params ->> 'target_block_ms')::bigint, np.target_block_ms),
            coalesce((params ->> 'max_block_txs')::int4, 100),
            coalesce((params ->> 'block_reward')::bigint, 5000000000),
            coalesce((params ->> 'halving_interval')::bigint, 210000),
            coalesce((params ->> 'min_fee')::bigint, 1000),
            coalesce((params ->> 'max_future_ms')::bigint, np.max_future_ms),
            coalesce((params ->> 'max_beacon_age_ms')::bigint, 60000),
            np.genesis_target, '\x'::bytea);

    -- The genesis block commits to its allocations through its merkle-root field.
    SELECT qtcl.sha3_256(convert_to('qtcl-genesis-v1', 'UTF8') ||
                         coalesce(string_agg(qtcl.addr_hash(a.key::qtcl.hyper_addr) || int8send((a.value #>> '{}')::bigint),
                                             ''::bytea ORDER BY qtcl.addr_hash(a.key::qtcl.hyper_addr)), ''::bytea))
      INTO commitment FROM jsonb_each(allocations) a;
    gen_time := coalesce((params ->> 'genesis_time_ms')::bigint, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
    header := qtcl.block_header(1, (SELECT chain_id FROM qtcl.chain_params), 0, '\x'::bytea || decode(repeat('00', 32), 'hex'),
                                commitment, gen_time, np.genesis_target, decode(repeat('00', 32), 'hex'),
                                decode(repeat('00', 32), 'hex'), 0);
    ghash := qtcl.sha3_256(header);
    UPDATE qtcl.chain_params SET genesis_hash = ghash;
    INSERT INTO qtcl.blocks (hash, parent, height, header, status, chainwork, timestamp_ms, tx_count, issued, raw)
    VALUES (ghash, decode(repeat('00', 32), 'hex'), 0, header, 'active', qtcl.target_work(np.genesis_target), gen_time, 0,
            total::bigint, header);
    INSERT INTO qtcl.account_state (address, balance, nonce)
    SELECT a.key::qtcl.hyper_addr, (a.value #>> '{}')::bigint, 0 FROM jsonb_each(allocations) a;
    INSERT INTO qtcl.genesis_allocations (address, amount)
    SELECT a.key::qtcl.hyper_addr, (a.value #>> '{}')::bigint FROM jsonb_each(allocations) a;

    -- Trusted oracles: the given public keys, or this node's own.
    IF NOT params ? 'oracle_keys' THEN
        PERFORM qtcl.oracle_public_key();
    ELSE
        FOR v IN SELECT * FROM jsonb_array_elements(params -> 'oracle_keys') LOOP
            key := decode(v #>> '{}', 'hex');
            INSERT INTO qtcl.oracle_keys (key_id, public_key, note) VALUES (qtcl.sha3_256(key), key, 'init_chain')
            ON CONFLICT DO NOTHING;
        END LOOP;
    END IF;
    RETURN ghash;
END $$;
COMMENT ON FUNCTION qtcl.init_chain(text, jsonb, jsonb) IS
    'creates the genesis block (regtest or devnet) with initial allocations {"qtcl1...": base units}; returns its hash';

REVOKE ALL ON FUNCTION qtcl.init_chain(text, jsonb, jsonb) FROM PUBLIC;

-- Blocks in and out.
CREATE FUNCTION qtcl.submit_block(block bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'qtcl_submit_block' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.submit_block(bytea) IS
    'validates a block and stores it: ''connected'', ''side-branch'', ''orphan'' (parent unknown, held) or ''duplicate''; an invalid block raises with its reason';
REVOKE ALL ON FUNCTION qtcl.submit_block(bytea) FROM PUBLIC;

CREATE FUNCTION qtcl.block_template(miner qtcl.hyper_addr) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_block_template' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.block_template(qtcl.hyper_addr) IS
    'a block on the tip paying miner (nonce 0, to be mined): highest fees first in each sender''s nonce order, the newest fresh beacon round (a new one made when none is fresh)';
REVOKE ALL ON FUNCTION qtcl.block_template(qtcl.hyper_addr) FROM PUBLIC;

CREATE FUNCTION qtcl.mine_block(miner qtcl.hyper_addr, max_hashes bigint DEFAULT NULL, parent bytea DEFAULT NULL) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_mine_block' LANGUAGE C VOLATILE PARALLEL UNSAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.mine_block(qtcl.hyper_addr, bigint, bytea) IS
    'mines a block paying miner on the tip (or on parent: then without transactions) and submits it; its hash, or NULL when max_hashes ran out';
REVOKE ALL ON FUNCTION qtcl.mine_block(qtcl.hyper_addr, bigint, bytea) FROM PUBLIC;

CREATE FUNCTION qtcl.block_bytes(hash bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_block_bytes' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.block_bytes(bytea) IS 'the canonical bytes of a known block (genesis: its header), NULL when unknown';

CREATE FUNCTION qtcl.get_blocks(from_height bigint, max_count int4) RETURNS SETOF bytea
    AS 'MODULE_PATHNAME', 'qtcl_get_blocks' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION qtcl.get_blocks(bigint, int4) IS
    'canonical bytes of the active chain''s blocks from from_height up, at most max_count (1 .. 1000), in height order';

CREATE FUNCTION qtcl.invalidate_block(hash bytea) RETURNS void
    AS 'MODULE_PATHNAME', 'qtcl_invalidate_block' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.invalidate_block(bytea) IS
    'marks a block and its descendants invalid and moves to the best remaining chain';
REVOKE ALL ON FUNCTION qtcl.invalidate_block(bytea) FROM PUBLIC;

CREATE FUNCTION qtcl.reconsider_block(hash bytea) RETURNS void
    AS 'MODULE_PATHNAME', 'qtcl_reconsider_block' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.reconsider_block(bytea) IS
    'clears the invalid mark of a block, its ancestors and descendants, and moves to the best chain (re-validating what it connects)';
REVOKE ALL ON FUNCTION qtcl.reconsider_block(bytea) FROM PUBLIC;

CREATE FUNCTION qtcl.set_mock_time(t timestamptz) RETURNS void
    AS 'MODULE_PATHNAME', 'qtcl_set_mock_time' LANGUAGE C VOLATILE PARALLEL UNSAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.set_mock_time(timestamptz) IS
    'regtest only: the node''s clock for block rules, templates and beacon rounds (NULL: the real clock again)';
REVOKE ALL ON FUNCTION qtcl.set_mock_time(timestamptz) FROM PUBLIC;

CREATE FUNCTION qtcl.verify_chain() RETURNS TABLE(check_name text, ok boolean, detail text)
    AS 'MODULE_PATHNAME', 'qtcl_verify_chain' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.verify_chain() IS
    'recomputes every hash, proof of work, signature and beacon round of the active chain and replays the state from genesis, comparing it with the stored state';

-- Building blocks by hand (tests, external tools).
CREATE FUNCTION qtcl.merkle_root(tx_hashes bytea[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_merkle_root_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.merkle_root(bytea[]) IS 'the transaction merkle root of tx hashes in block order (docs/PROTOCOL.md)';
CREATE FUNCTION qtcl.tx_encode(sender_key bytea, recipient qtcl.hyper_addr, amount bigint, fee bigint, nonce bigint,
                               signature qtcl.hlwe_signature) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_tx_encode_sql' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.tx_encode(bytea, qtcl.hyper_addr, bigint, bigint, bigint, qtcl.hlwe_signature) IS
    'the canonical 5328 bytes of a transaction of this chain (its hash is sha3_256 of them)';
CREATE FUNCTION qtcl.solve_block(block bytea, max_hashes bigint DEFAULT NULL) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_solve_block' LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.solve_block(bytea, bigint) IS
    'the block with a nonce meeting its header''s own target (nothing else checked), NULL when max_hashes ran out';

-- Mempool upkeep: expiry (qtcl.mempool_expiry) and the size cap (qtcl.mempool_max_txs), after every
-- INSERT statement and every change of the chain.
CREATE FUNCTION qtcl.mempool_trim() RETURNS int8
    AS 'MODULE_PATHNAME', 'qtcl_mempool_trim' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.mempool_trim() IS
    'evicts expired pending transactions, then the lowest fees (with their senders'' later nonces) beyond the size cap; returns how many';
REVOKE ALL ON FUNCTION qtcl.mempool_trim() FROM PUBLIC;
CREATE FUNCTION qtcl.mempool_after_insert() RETURNS trigger
    AS 'MODULE_PATHNAME', 'qtcl_mempool_after_insert' LANGUAGE C
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION qtcl.mempool_after_insert() IS 'trims the mempool after each INSERT statement';
REVOKE ALL ON FUNCTION qtcl.mempool_after_insert() FROM PUBLIC;
CREATE TRIGGER trim AFTER INSERT ON qtcl.mempool REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION qtcl.mempool_after_insert();

-- ---- sql/install/70_workers.sql
-- The node's background workers (registered when qtcl is preloaded): their status.
CREATE FUNCTION qtcl.workers_rows()
    RETURNS TABLE(worker text, pid int4, state text, last_step_at timestamptz, steps bigint, errors bigint, last_error text)
    AS 'MODULE_PATHNAME', 'qtcl_workers_rows' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.workers_rows() IS 'rows of the qtcl.workers view';
CREATE VIEW qtcl.workers AS
    SELECT worker, pid, state, last_step_at, steps, errors, last_error FROM qtcl.workers_rows();
COMMENT ON VIEW qtcl.workers IS 'background workers: pid, state, last step, steps, errors, last error';

-- ---- sql/install/71_miner.sql
-- The miner worker's status (added in 0.2.0; the worker runs when qtcl is preloaded and
-- qtcl.miner_address is set).
CREATE FUNCTION qtcl.miner_status_rows()
    RETURNS TABLE(miner_address text, hash_rate float8, template_height bigint, hashes bigint, blocks_found bigint,
                  stale_blocks bigint, last_block_at timestamptz)
    AS 'MODULE_PATHNAME', 'qtcl_miner_status_rows' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.miner_status_rows() IS 'the row of the qtcl.miner_status view';
CREATE VIEW qtcl.miner_status AS
    SELECT miner_address, hash_rate, template_height, hashes, blocks_found, stale_blocks, last_block_at
      FROM qtcl.miner_status_rows();
COMMENT ON VIEW qtcl.miner_status IS
    'the miner worker: address paid, hash rate (hashes/s), height of the block being mined, hashes, blocks found, stale finds, last block';
