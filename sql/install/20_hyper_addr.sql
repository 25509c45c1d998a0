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
