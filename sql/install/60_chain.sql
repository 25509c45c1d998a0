-- The chain, part 1: parameters and genesis, accounts, and transactions submitted by INSERT into
-- the mempool. (Blocks beyond genesis, mining, fork choice and reorganisations come next.)
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

-- init_chain: the genesis block and the initial allocations, in one transaction.
CREATE FUNCTION qtcl.init_chain(network text DEFAULT 'devnet', allocations jsonb DEFAULT '{}', params jsonb DEFAULT '{}')
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
    INSERT INTO qtcl.blocks (hash, parent, height, header, status, chainwork, timestamp_ms, tx_count)
    VALUES (ghash, decode(repeat('00', 32), 'hex'), 0, header, 'active', qtcl.target_work(np.genesis_target), gen_time, 0);
    INSERT INTO qtcl.account_state (address, balance, nonce)
    SELECT a.key::qtcl.hyper_addr, (a.value #>> '{}')::bigint, 0 FROM jsonb_each(allocations) a;

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

REVOKE ALL ON qtcl.chain_params, qtcl.blocks, qtcl.account_state, qtcl.transactions, qtcl.mempool FROM PUBLIC;
GRANT SELECT ON qtcl.chain_params, qtcl.blocks, qtcl.account_state, qtcl.transactions, qtcl.mempool,
                qtcl.accounts, qtcl.chain, qtcl.tip TO PUBLIC;
GRANT INSERT (sender_key, recipient, amount, fee, nonce, signature, chain_id) ON qtcl.mempool TO PUBLIC;
REVOKE ALL ON FUNCTION qtcl.init_chain(text, jsonb, jsonb) FROM PUBLIC;
