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
