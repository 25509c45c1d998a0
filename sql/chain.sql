-- The chain's consensus bytes and genesis (exact values: docs/PROTOCOL.md).
SELECT * FROM qtcl.network_params('regtest');
SELECT * FROM qtcl.network_params('devnet');
SELECT qtcl.network_params('mainnet');
SELECT to_hex(c) AS compact, qtcl.target_work(c) AS work
  FROM unnest(ARRAY[x'207fffff'::int8, x'2000ffff'::int8, x'1e011e54'::int8, x'1d00ffff'::int8]) c;
SELECT qtcl.target_work(x'00800000'::int8);
SELECT qtcl.target_work(0);
-- A header: field order and sizes.
SELECT encode(qtcl.block_header(1, 1, 1, decode(repeat('11', 32), 'hex'), decode(repeat('22', 32), 'hex'), 1700000010000,
                                x'1e011e54'::int8, decode(repeat('33', 32), 'hex'), decode(repeat('44', 32), 'hex'), 0), 'hex') AS header;
SELECT encode(qtcl.sha3_256(qtcl.block_header(1, 1, 1, decode(repeat('11', 32), 'hex'), decode(repeat('22', 32), 'hex'),
                                1700000010000, x'1e011e54'::int8, decode(repeat('33', 32), 'hex'), decode(repeat('44', 32), 'hex'), 0)), 'hex') AS block_hash;
SELECT qtcl.block_header(1, 1, 1, '\x00'::bytea, decode(repeat('22', 32), 'hex'), 0, 0, decode(repeat('33', 32), 'hex'), decode(repeat('44', 32), 'hex'), 0);
SELECT qtcl.block_header(1, 1, 1, decode(repeat('11', 32), 'hex'), decode(repeat('22', 32), 'hex'), -1, 0, decode(repeat('33', 32), 'hex'), decode(repeat('44', 32), 'hex'), 0);
-- Genesis is deterministic given its inputs.
CREATE TEMP TABLE keys AS SELECT (qtcl.hlwe_keygen(qtcl.sha3_256('genesis test'::bytea))).*;
SELECT encode(qtcl.init_chain('regtest', jsonb_build_object((SELECT qtcl.hyper_addr(public_key)::text FROM keys), 1000000000),
                              '{"genesis_time_ms": 1700000000000, "chain_id": 7}'), 'hex') AS genesis_hash;
SELECT network, chain_id, target_block_ms, max_block_txs, block_reward, halving_interval, min_fee, max_future_ms,
       max_beacon_age_ms, to_hex(genesis_target) AS genesis_target FROM qtcl.chain_params;
SELECT height, encode(substring(hash FROM 1 FOR 8), 'hex') AS hash_prefix, timestamp_ms, tx_count, chainwork FROM qtcl.tip;
SELECT balance, nonce, pending_nonce FROM qtcl.accounts;
SELECT length(qtcl.tx_signing_message(public_key, qtcl.hyper_addr(public_key), 5, 1000, 0)) AS signing_message_bytes,
       encode(substring(qtcl.tx_signing_message(public_key, qtcl.hyper_addr(public_key), 5, 1000, 0) FROM 1 FOR 11), 'hex') AS prefix
  FROM keys;
-- Refused parameters.
SELECT qtcl.init_chain('regtest');
DELETE FROM qtcl.account_state; DELETE FROM qtcl.blocks; DELETE FROM qtcl.chain_params;
SELECT qtcl.init_chain('regtest', '{}', '{"block_time": 5}');
SELECT qtcl.init_chain('regtest', '{"qtcl1nope": 5}');
SELECT qtcl.init_chain('regtest', jsonb_build_object((SELECT qtcl.hyper_addr(public_key)::text FROM keys), -5));
SELECT qtcl.init_chain('regtest', jsonb_build_object((SELECT qtcl.hyper_addr(public_key)::text FROM keys), 2100000000000001));
SELECT count(*) AS nothing_left_behind FROM qtcl.chain_params;
-- Blocks: mining, transport, refusals with their messages, tamper evidence.
DELETE FROM qtcl.genesis_allocations;
SELECT length(qtcl.init_chain('regtest', jsonb_build_object((SELECT qtcl.hyper_addr(public_key)::text FROM keys), 1000000000),
                              '{"genesis_time_ms": 1700000000000}')) AS genesis_hash_bytes;
SELECT length(qtcl.block_bytes(hash)) AS genesis_bytes FROM qtcl.tip;
SELECT qtcl.mine_block(qtcl.hyper_addr(public_key)) IS NOT NULL AS mined FROM keys;
SELECT qtcl.mine_block(qtcl.hyper_addr(public_key)) IS NOT NULL AS mined FROM keys;
SELECT height, status, tx_count, issued FROM qtcl.blocks ORDER BY height;
SELECT balance, nonce FROM qtcl.accounts;
SELECT count(*) AS blocks, sum(length(b)) AS bytes FROM qtcl.get_blocks(1, 10) b;
SELECT qtcl.submit_block(qtcl.block_bytes(hash)) FROM qtcl.tip;
SELECT qtcl.submit_block('\x00');
SELECT qtcl.submit_block(qtcl.block_bytes(hash) || '\x00'::bytea) FROM qtcl.tip;
SELECT qtcl.get_blocks(0, 0);
SELECT qtcl.block_bytes('\x00');
SELECT qtcl.block_bytes(decode(repeat('00', 32), 'hex')) IS NULL AS unknown_is_null;
SELECT qtcl.mine_block(qtcl.hyper_addr(public_key), 0) IS NULL AS no_hashes_no_block FROM keys;
SELECT encode(qtcl.merkle_root(ARRAY[]::bytea[]), 'hex') AS empty_root;
SELECT check_name, ok, detail FROM qtcl.verify_chain();
