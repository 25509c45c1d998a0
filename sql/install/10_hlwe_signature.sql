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
