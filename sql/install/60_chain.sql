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
