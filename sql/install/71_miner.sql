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
