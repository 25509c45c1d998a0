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
