-- pgTAP: blocks by qtcl.submit_block. Every invalid case has its verdict: a transaction's as a
-- mempool INSERT (class QT) and inside a block (class QB), and every block defect (class QB); each
-- refusal leaves blocks, accounts, transactions, undo rows and the mempool exactly as they were.
-- Blocks are built by hand from templates (docs/PROTOCOL.md, "Blocks"): header (164 bytes) ||
-- beacon round (4557) || claimed reward (8) || tx count (4) || transactions (5328 each).
BEGIN;
SELECT plan(192);
SET LOCAL search_path = public, qtcl;

-- Keys: deterministic wallets; "oracle2" signs beacon rounds this chain does not trust.
CREATE TEMP TABLE k AS
SELECT name, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('tap blocks ' || name, 'UTF8')))).*
  FROM unnest(ARRAY['alice', 'bob', 'carol', 'dave', 'miner', 'oracle2']) name;
CREATE FUNCTION pg_temp.pk(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT public_key FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.sk(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT secret_key FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.addr(n text) RETURNS qtcl.hyper_addr LANGUAGE sql AS $$ SELECT qtcl.hyper_addr(public_key) FROM k WHERE name = n $$;

-- Big-endian integers at a 0-based byte offset; a byte string with bytes replaced at one.
CREATE FUNCTION pg_temp.i8(b bytea, off int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT ('x' || encode(substring(b FROM off + 1 FOR 8), 'hex'))::bit(64)::bigint $$;
CREATE FUNCTION pg_temp.i4(b bytea, off int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT ('x' || encode(substring(b FROM off + 1 FOR 4), 'hex'))::bit(32)::bigint $$;
CREATE FUNCTION pg_temp.put(b bytea, off int, v bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT overlay(b PLACING v FROM off + 1) $$;
CREATE FUNCTION pg_temp.flip(b bytea, off int) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT set_byte(b, off, get_byte(b, off) # 255) $$;
CREATE FUNCTION pg_temp.u4(v bigint) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT substring(int8send(v) FROM 5) $$;

-- A transaction's canonical bytes, signed by hand (ML-DSA-65, context qtcl-tx-v1), for any field
-- values and chain id: "QTCLTX" || 01 || chain id || sender key || recipient || amount || fee || nonce || signature.
CREATE FUNCTION pg_temp.tx(f text, t text, amount bigint, fee bigint, nonce bigint, chain bigint DEFAULT NULL,
                           signer text DEFAULT NULL) RETURNS bytea LANGUAGE sql AS $$
    WITH m AS (SELECT convert_to('QTCLTX', 'UTF8') || '\x01'::bytea
                      || pg_temp.u4(coalesce(chain, (SELECT chain_id FROM qtcl.chain_params))) || pg_temp.pk(f)
                      || qtcl.addr_hash(pg_temp.addr(t)) || int8send(amount) || int8send(fee) || int8send(nonce) AS msg)
    SELECT msg || qtcl.bytea(qtcl.hlwe_sign(pg_temp.sk(coalesce(signer, f)), msg, convert_to('qtcl-tx-v1', 'UTF8'))) FROM m $$;
-- The same transaction submitted to the mempool (every field taken from its bytes).
CREATE FUNCTION pg_temp.pool(tx bytea) RETURNS void LANGUAGE sql AS $$
    INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature, chain_id)
    VALUES (substring(tx FROM 12 FOR 1952), qtcl.hyper_addr_from_hash(substring(tx FROM 1964 FOR 32)),
            pg_temp.i8(tx, 1995), pg_temp.i8(tx, 2003), pg_temp.i8(tx, 2011),
            qtcl.hlwe_signature(substring(tx FROM 2020 FOR 3309)), pg_temp.i4(tx, 7)) $$;

-- A solved block from a header and a beacon round's bytes: the header's merkle root and beacon
-- hash made to match, the claimed reward = subsidy + fees + delta.
CREATE FUNCTION pg_temp.make(hdr bytea, beacon bytea, txs bytea[], reward_delta bigint DEFAULT 0) RETURNS bytea LANGUAGE sql AS $$
    SELECT qtcl.solve_block(
             pg_temp.put(pg_temp.put(hdr, 48, qtcl.merkle_root(coalesce((SELECT array_agg(qtcl.sha3_256(x) ORDER BY o)
                                                                          FROM unnest(txs) WITH ORDINALITY u(x, o)), '{}'))),
                         124, qtcl.sha3_256(beacon))
             || beacon
             || int8send((SELECT block_reward FROM qtcl.chain_params)
                         + coalesce((SELECT sum(pg_temp.i8(x, 2003)) FROM unnest(txs) x), 0)::bigint + reward_delta)
             || pg_temp.u4(coalesce(cardinality(txs), 0))
             || coalesce((SELECT string_agg(x, ''::bytea ORDER BY o) FROM unnest(txs) WITH ORDINALITY u(x, o)), ''::bytea)) $$;
-- The next block on the tip: the template's header (timestamp replaced when given) and beacon
-- round, with the given transactions.
CREATE FUNCTION pg_temp.next(txs bytea[] DEFAULT '{}', reward_delta bigint DEFAULT 0, ts bigint DEFAULT NULL,
                             beacon bytea DEFAULT NULL) RETURNS bytea LANGUAGE sql AS $$
    SELECT pg_temp.make(CASE WHEN ts IS NULL THEN substring(t FROM 1 FOR 164) ELSE pg_temp.put(substring(t FROM 1 FOR 164), 80, int8send(ts)) END,
                        coalesce(beacon, substring(t FROM 165 FOR 4557)), txs, reward_delta)
      FROM qtcl.block_template(pg_temp.addr('miner')) t $$;
-- A child of any block (stored or not): its height + 1, its target (blocks here are never ahead of
-- schedule, so the ASERT target stays at the regtest limit), a stored beacon round.
CREATE FUNCTION pg_temp.child(parent bytea, ts bigint, round bigint, txs bytea[] DEFAULT '{}') RETURNS bytea LANGUAGE sql AS $$
    SELECT pg_temp.make(qtcl.block_header(1, pg_temp.i4(parent, 4), pg_temp.i8(parent, 8) + 1,
                                          qtcl.sha3_256(substring(parent FROM 1 FOR 164)), decode(repeat('00', 32), 'hex'), ts,
                                          pg_temp.i4(parent, 88), qtcl.addr_hash(pg_temp.addr('miner')),
                                          decode(repeat('00', 32), 'hex'), 0),
                        qtcl.beacon_round_bytes(round), txs) $$;
-- Change bytes of a block and solve it again (its own header target).
CREATE FUNCTION pg_temp.resolve(b bytea, off int, v bytea) RETURNS bytea LANGUAGE sql AS $$
    SELECT qtcl.solve_block(pg_temp.put(b, off, v)) $$;
-- Proof-of-work hash: SHA3-256(the round's output value (beacon offset 1182) || the 164 header bytes).
CREATE FUNCTION pg_temp.pow(b bytea) RETURNS bytea LANGUAGE sql AS $$
    SELECT qtcl.sha3_256(substring(b FROM 165 + 1182 FOR 32) || substring(b FROM 1 FOR 164)) $$;
CREATE FUNCTION pg_temp.hash(b bytea) RETURNS bytea LANGUAGE sql AS $$ SELECT qtcl.sha3_256(substring(b FROM 1 FOR 164)) $$;
CREATE FUNCTION pg_temp.tip() RETURNS bytea LANGUAGE sql AS $$ SELECT hash FROM qtcl.tip $$;
CREATE FUNCTION pg_temp.mtp() RETURNS bigint LANGUAGE sql AS $$
    SELECT ts FROM (SELECT timestamp_ms AS ts FROM qtcl.chain ORDER BY height DESC LIMIT 11) s
     ORDER BY ts OFFSET (SELECT least(count(*), 11) / 2 FROM qtcl.chain) LIMIT 1 $$;
-- The node's clock (regtest mock time), in ms after the genesis time.
CREATE PROCEDURE pg_temp.clock(ms bigint) LANGUAGE sql AS $$
    SELECT qtcl.set_mock_time(timestamptz 'epoch' + (1700000000000 + ms) * interval '1 millisecond') $$;
CREATE FUNCTION pg_temp.at(ms bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 1700000000000 + ms $$;

-- Everything a refusal must leave unchanged.
CREATE FUNCTION pg_temp.digest() RETURNS text LANGUAGE sql AS $$
    SELECT concat_ws('/',
        (SELECT md5(coalesce(string_agg(encode(hash, 'hex') || status || coalesce(invalid_reason, ''), ',' ORDER BY hash), '')) FROM qtcl.blocks),
        (SELECT md5(coalesce(string_agg(address::text || balance || ':' || nonce, ',' ORDER BY address), '')) FROM qtcl.account_state),
        (SELECT md5(coalesce(string_agg(encode(tx_hash, 'hex') || encode(block_hash, 'hex') || position, ',' ORDER BY tx_hash), '')) FROM qtcl.transactions),
        (SELECT md5(coalesce(string_agg(encode(block_hash, 'hex') || address::text, ',' ORDER BY block_hash, address), '')) FROM qtcl.block_undo),
        (SELECT md5(coalesce(string_agg(encode(tx_hash, 'hex') || fee, ',' ORDER BY tx_hash), '')) FROM qtcl.mempool)) $$;

-- Named transactions and blocks.
CREATE TEMP TABLE t (name text PRIMARY KEY, tx bytea NOT NULL);
CREATE TEMP TABLE blk (name text PRIMARY KEY, b bytea NOT NULL);
-- A block refused with its SQLSTATE, and the state as it was.
CREATE FUNCTION pg_temp.refused(name text, state text, what text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    d text := pg_temp.digest();
BEGIN
    RETURN NEXT throws_ok(format('SELECT qtcl.submit_block(b) FROM blk WHERE name = %L', name), state, NULL, what || ': ' || state);
    RETURN NEXT is(pg_temp.digest(), d, what || ': nothing changed');
END $$;
-- A bad transaction: its mempool verdict, then a block on the tip carrying it and its block verdict.
CREATE FUNCTION pg_temp.bad_tx(name text, qt text, qb text, what text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    d text := pg_temp.digest();
BEGIN
    RETURN NEXT throws_ok(format('SELECT pg_temp.pool(tx) FROM t WHERE name = %L', name), qt, NULL, what || ': mempool ' || qt);
    INSERT INTO blk SELECT 'tx ' || t.name, pg_temp.next(ARRAY[t.tx]) FROM t WHERE t.name = bad_tx.name;
    RETURN NEXT throws_ok(format('SELECT qtcl.submit_block(b) FROM blk WHERE name = %L', 'tx ' || name), qb, NULL, what || ': block ' || qb);
    RETURN NEXT is(pg_temp.digest(), d, what || ': nothing changed');
END $$;
-- What submit_block would answer (the block stored nothing afterwards), optionally trusting one more oracle key.
CREATE FUNCTION pg_temp.trial(b bytea, trust bytea DEFAULT NULL) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v text;
BEGIN
    IF trust IS NOT NULL THEN
        INSERT INTO qtcl.oracle_keys (key_id, public_key, note) VALUES (qtcl.sha3_256(trust), trust, 'tap');
    END IF;
    v := qtcl.submit_block(b);
    RAISE EXCEPTION USING ERRCODE = 'QZ999', MESSAGE = v;
EXCEPTION
    WHEN SQLSTATE 'QZ999' THEN RETURN SQLERRM;
    WHEN OTHERS THEN RETURN SQLSTATE || ' ' || SQLERRM;
END $$;

-- ---- The chain: regtest, genesis at 1700000000000, at most 30 transactions a block.
SELECT lives_ok(format($$SELECT qtcl.init_chain('regtest', '{"%s": 1000000000, "%s": 5000}',
                       '{"genesis_time_ms": 1700000000000, "max_block_txs": 30, "min_fee": 1000,
                         "max_future_ms": 15000, "max_beacon_age_ms": 60000}')$$,
                       pg_temp.addr('alice'), pg_temp.addr('carol')), 'init_chain');
-- Three empty blocks, 20 s apart (behind the 10 s schedule: the target stays at the limit).
CALL pg_temp.clock(20000);
SELECT isnt(qtcl.mine_block(pg_temp.addr('miner')), NULL, 'mine_block: height 1');
CALL pg_temp.clock(40000);
SELECT isnt(qtcl.mine_block(pg_temp.addr('miner')), NULL, 'mine_block: height 2');
CALL pg_temp.clock(60000);
SELECT isnt(qtcl.mine_block(pg_temp.addr('miner')), NULL, 'mine_block: height 3');
SELECT results_eq($$SELECT height, timestamp_ms FROM qtcl.chain ORDER BY height$$,
                  $$VALUES (0::bigint, 1700000000000::bigint), (1, 1700000020000), (2, 1700000040000), (3, 1700000060000)$$,
                  'heights 0..3 active, stamped with the mock time');

-- ---- A valid block: a hand-signed transfer through the mempool, the template, solved, submitted.
CALL pg_temp.clock(80000);
SELECT lives_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                  VALUES (pg_temp.pk('alice'), pg_temp.addr('bob'), 1000000, 1000, 0,
                          qtcl.sign_transaction(pg_temp.sk('alice'), pg_temp.pk('alice'), pg_temp.addr('bob'), 1000000, 1000, 0))$$,
                'a transfer signed with sign_transaction is accepted into the mempool');
INSERT INTO t SELECT 'pay', qtcl.tx_encode(sender_key, recipient, amount, fee, nonce, signature) FROM qtcl.mempool;
SELECT is((SELECT tx_hash FROM qtcl.mempool), qtcl.sha3_256(tx), 'its hash is SHA3-256 of its tx_encode bytes') FROM t WHERE name = 'pay';
-- Transactions built by hand (the encoder refuses the invalid field values this file needs) are the same bytes.
SELECT is(substring(pg_temp.tx('alice', 'bob', 1000000, 1000, 0) FROM 1 FOR 2019), substring(tx FROM 1 FOR 2019),
          'a hand-built transaction has the same signed fields') FROM t WHERE name = 'pay';
SELECT is(qtcl.tx_encode(pg_temp.pk('alice'), pg_temp.addr('bob'), 1000000, 1000, 0, qtcl.hlwe_signature(substring(x FROM 2020))), x,
          'and is the canonical encoding of its fields') FROM pg_temp.tx('alice', 'bob', 1000000, 1000, 0) x;
SELECT is(qtcl.test_accept(pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1, qtcl.hlwe_signature(substring(x FROM 2020))), 'ok',
          'and its signature is valid') FROM pg_temp.tx('alice', 'bob', 5, 1000, 1) x;
INSERT INTO blk SELECT 'valid', qtcl.solve_block(qtcl.block_template(pg_temp.addr('miner')));
SELECT is(pg_temp.i4(b, 4729), 1::bigint, 'the template carries the pending transaction') FROM blk WHERE name = 'valid';
SELECT is(substring(b FROM 4734), tx, 'byte for byte') FROM blk, t WHERE blk.name = 'valid' AND t.name = 'pay';
SELECT is(pg_temp.i8(b, 80), pg_temp.at(80000), 'template timestamp = node time') FROM blk WHERE name = 'valid';
SELECT ok(encode(pg_temp.pow(b), 'hex') <= '7fffff' || repeat('0', 58), 'the PoW hash recomputed here meets the target')
  FROM blk WHERE name = 'valid';
SELECT is(qtcl.submit_block(b), 'connected', 'a valid block connects') FROM blk WHERE name = 'valid';
SELECT is(pg_temp.tip(), pg_temp.hash(b), 'and is the tip (hash = SHA3-256 of its header)') FROM blk WHERE name = 'valid';
SELECT is(qtcl.submit_block(b), 'duplicate', 'the same block again: duplicate') FROM blk WHERE name = 'valid';
SELECT is((SELECT count(*) FROM qtcl.mempool), 0::bigint, 'its transaction left the mempool');
SELECT results_eq($$SELECT position, amount, fee, nonce FROM qtcl.transactions$$, $$VALUES (0, 1000000::bigint, 1000::bigint, 0::bigint)$$,
                  'and is confirmed');
SELECT results_eq($$SELECT (SELECT balance FROM qtcl.account_state WHERE address = pg_temp.addr('bob')),
                           (SELECT balance FROM qtcl.account_state WHERE address = pg_temp.addr('miner'))$$,
                  $$VALUES (1000000::bigint, 4 * 5000000000::bigint + 1000)$$, 'bob is paid; the miner has four subsidies and the fee');

-- ---- Height 5: every block defect, on otherwise valid blocks.
CALL pg_temp.clock(100000);
INSERT INTO t VALUES ('ok', pg_temp.tx('alice', 'bob', 5, 1000, 1));
INSERT INTO blk SELECT 'base', pg_temp.next();
INSERT INTO blk SELECT 'base tx', pg_temp.next(ARRAY[tx]) FROM t WHERE name = 'ok';
SELECT is(pg_temp.i4(b, 88), x'207fffff'::bigint, 'the target is the regtest limit') FROM blk WHERE name = 'base';
SELECT is(pg_temp.trial(b), 'connected', 'control: the empty block would connect') FROM blk WHERE name = 'base';
SELECT is(pg_temp.trial(b), 'connected', 'control: the block with a valid transfer would connect') FROM blk WHERE name = 'base tx';

INSERT INTO blk SELECT 'truncated', substring(b FROM 1 FOR length(b) - 1) FROM blk WHERE name = 'base tx';
SELECT * FROM pg_temp.refused('truncated', 'QB001', 'a block one byte short');
INSERT INTO blk SELECT 'trailing', b || '\x00'::bytea FROM blk WHERE name = 'base tx';
SELECT * FROM pg_temp.refused('trailing', 'QB001', 'a block with a trailing byte');
INSERT INTO blk SELECT 'chain', pg_temp.resolve(b, 4, pg_temp.u4(77)) FROM blk WHERE name = 'base';
SELECT * FROM pg_temp.refused('chain', 'QB002', 'wrong chain id');
INSERT INTO blk SELECT 'pow', pg_temp.put(b, 156, int8send(n))
  FROM blk, generate_series(0, 63) n
 WHERE name = 'base' AND encode(pg_temp.pow(pg_temp.put(b, 156, int8send(n))), 'hex') > '7fffff' || repeat('0', 58)
 ORDER BY n LIMIT 1;
SELECT * FROM pg_temp.refused('pow', 'QB003', 'proof of work above the target');
INSERT INTO blk SELECT 'target', pg_temp.resolve(b, 88, pg_temp.u4(x'207ffffe'::bigint)) FROM blk WHERE name = 'base';
SELECT * FROM pg_temp.refused('target', 'QB004', 'a target other than the difficulty rule''s');
INSERT INTO blk SELECT 'target undecodable', pg_temp.put(b, 88, '\x04923456'::bytea) FROM blk WHERE name = 'base';
SELECT * FROM pg_temp.refused('target undecodable', 'QB004', 'a target that does not decode');
INSERT INTO blk SELECT 'version', pg_temp.put(b, 0, pg_temp.u4(2)) FROM blk WHERE name = 'base';
SELECT * FROM pg_temp.refused('version', 'QB001', 'header version 2');
INSERT INTO blk SELECT 'target easier', pg_temp.resolve(b, 88, pg_temp.u4(x'2100ffff'::bigint)) FROM blk WHERE name = 'base';
SELECT * FROM pg_temp.refused('target easier', 'QB004', 'a target easier than the difficulty rule''s (above the limit)');
INSERT INTO blk SELECT 'height', pg_temp.resolve(b, 8, int8send(6)) FROM blk WHERE name = 'base';
SELECT * FROM pg_temp.refused('height', 'QB017', 'wrong height');

SELECT is(pg_temp.mtp(), pg_temp.at(40000), 'median time past of heights 0..4 = height 2''s time');
INSERT INTO blk SELECT 'at mtp', pg_temp.next(ts => pg_temp.mtp());
SELECT * FROM pg_temp.refused('at mtp', 'QB005', 'timestamp = median time past');
INSERT INTO blk SELECT 'below mtp', pg_temp.next(ts => pg_temp.mtp() - 1);
SELECT * FROM pg_temp.refused('below mtp', 'QB005', 'timestamp below median time past');
SELECT is(pg_temp.trial(pg_temp.next(ts => pg_temp.mtp() + 1)), 'connected', 'control: median time past + 1 ms would connect');

INSERT INTO blk SELECT 'merkle', pg_temp.resolve(b, 48, decode(repeat('00', 32), 'hex')) FROM blk WHERE name = 'base tx';
SELECT * FROM pg_temp.refused('merkle', 'QB010', 'merkle root of no transactions on a block with one');
INSERT INTO blk SELECT 'reward +1', pg_temp.next(ARRAY[tx], 1) FROM t WHERE name = 'ok';
SELECT * FROM pg_temp.refused('reward +1', 'QB014', 'claimed reward one unit too high');
INSERT INTO blk SELECT 'reward -1', pg_temp.next(ARRAY[tx], -1) FROM t WHERE name = 'ok';
SELECT * FROM pg_temp.refused('reward -1', 'QB014', 'claimed reward one unit too low');
INSERT INTO blk SELECT 'dup', pg_temp.next(ARRAY[tx, tx]) FROM t WHERE name = 'ok';
SELECT * FROM pg_temp.refused('dup', 'QB013', 'the same transaction twice');

-- Beacon rounds: forged (a byte of the output value or of the signature changed), untrusted
-- (re-signed by another oracle's key), bytes that do not decode or are not the header's, and
-- rounds not newer than the parent's.
INSERT INTO blk SELECT 'forged output', pg_temp.next(beacon => pg_temp.flip(bc, 1182))
  FROM (SELECT substring(b FROM 165 FOR 4557) bc FROM blk WHERE name = 'base') s;
SELECT * FROM pg_temp.refused('forged output', 'QB007', 'a beacon round with a changed output value');
INSERT INTO blk SELECT 'forged signature', pg_temp.next(beacon => pg_temp.flip(bc, 2000))
  FROM (SELECT substring(b FROM 165 FOR 4557) bc FROM blk WHERE name = 'base') s;
SELECT * FROM pg_temp.refused('forged signature', 'QB007', 'a beacon round with a changed signature byte');
INSERT INTO blk SELECT 'untrusted', pg_temp.next(beacon => m || qtcl.bytea(qtcl.hlwe_sign(pg_temp.sk('oracle2'), m, convert_to('qtcl-beacon-v1', 'UTF8'))))
  FROM (SELECT pg_temp.put(substring(b FROM 165 FOR 1248), 1214, qtcl.sha3_256(pg_temp.pk('oracle2'))) m FROM blk WHERE name = 'base') s;
SELECT * FROM pg_temp.refused('untrusted', 'QB007', 'a beacon round signed by an untrusted oracle');
SELECT is(pg_temp.trial(b, pg_temp.pk('oracle2')), 'connected', 'control: trusting that oracle, it would connect') FROM blk WHERE name = 'untrusted';
INSERT INTO blk SELECT 'beacon hash', pg_temp.resolve(b, 124, qtcl.sha3_256('x'::bytea)) FROM blk WHERE name = 'base';
SELECT * FROM pg_temp.refused('beacon hash', 'QB007', 'a header naming another beacon round than the one carried');
INSERT INTO blk SELECT 'beacon magic', pg_temp.flip(b, 164) FROM blk WHERE name = 'base';
SELECT * FROM pg_temp.refused('beacon magic', 'QB007', 'beacon round bytes that do not decode');
INSERT INTO blk SELECT 'beacon same', pg_temp.next(beacon => qtcl.beacon_round_bytes(beacon_round))
  FROM qtcl.blocks WHERE hash = pg_temp.tip();
SELECT * FROM pg_temp.refused('beacon same', 'QB008', 'the parent''s own beacon round');
INSERT INTO blk SELECT 'beacon older', pg_temp.next(beacon => qtcl.beacon_round_bytes(beacon_round - 1))
  FROM qtcl.blocks WHERE hash = pg_temp.tip();
SELECT * FROM pg_temp.refused('beacon older', 'QB008', 'a beacon round older than the parent''s');

-- Transactions: the mempool's verdict and the block's. Alice's next nonce is 1.
INSERT INTO t VALUES
    ('signed another amount', pg_temp.put(pg_temp.tx('alice', 'bob', 5, 1000, 1), 2019,
                                          substring(pg_temp.tx('alice', 'bob', 6, 1000, 1) FROM 2020))),
    ('signed by another key', pg_temp.tx('alice', 'bob', 5, 1000, 1, signer => 'bob')),
    ('signature byte changed', pg_temp.flip(pg_temp.tx('alice', 'bob', 5, 1000, 1), 3000)),
    ('wrong chain', pg_temp.tx('alice', 'bob', 5, 1000, 1, chain => 77)),
    ('nonce ahead', pg_temp.tx('alice', 'bob', 5, 1000, 2)),
    ('nonce spent', pg_temp.tx('alice', 'carol', 5, 1000, 0)),
    ('balance', pg_temp.tx('carol', 'bob', 4001, 1000, 0)),
    ('no account', pg_temp.tx('dave', 'bob', 1, 1000, 0)),
    ('amount zero', pg_temp.tx('alice', 'bob', 0, 1000, 1)),
    ('amount negative', pg_temp.tx('alice', 'bob', -5, 1000, 1)),
    ('above cap', pg_temp.tx('alice', 'bob', 2100000000000000, 1000, 1)),
    ('overflow', pg_temp.tx('alice', 'bob', 9223372036854775807, 1000, 1)),
    ('fee low', pg_temp.tx('alice', 'bob', 5, 999, 1)),
    ('fee negative', pg_temp.tx('alice', 'bob', 5, -1, 1));
SELECT is(qtcl.hlwe_verify(pg_temp.pk('alice'), substring(tx FROM 1 FOR 2019), qtcl.hlwe_signature(substring(tx FROM 2020)),
                           convert_to('qtcl-tx-v1', 'UTF8')), true, 'the wrong-chain transaction is properly signed')
  FROM t WHERE name = 'wrong chain';
SELECT * FROM pg_temp.bad_tx('signed another amount', 'QT001', 'QB012', 'signature over another amount');
SELECT * FROM pg_temp.bad_tx('signed by another key', 'QT001', 'QB012', 'signature by another key');
SELECT * FROM pg_temp.bad_tx('signature byte changed', 'QT001', 'QB012', 'a changed signature byte');
SELECT * FROM pg_temp.bad_tx('wrong chain', 'QT002', 'QB012', 'wrong chain id');
SELECT * FROM pg_temp.bad_tx('nonce ahead', 'QT003', 'QB015', 'nonce ahead of the sender''s next');
SELECT * FROM pg_temp.bad_tx('nonce spent', 'QT003', 'QB015', 'a nonce spent in an earlier block (double spend across blocks)');
SELECT * FROM pg_temp.bad_tx('balance', 'QT004', 'QB015', 'one unit more than the balance');
SELECT * FROM pg_temp.bad_tx('no account', 'QT004', 'QB015', 'a sender without balance');
SELECT * FROM pg_temp.bad_tx('amount zero', 'QT007', 'QB012', 'amount zero');
SELECT * FROM pg_temp.bad_tx('amount negative', 'QT007', 'QB012', 'negative amount');
SELECT * FROM pg_temp.bad_tx('above cap', 'QT008', 'QB012', 'amount + fee beyond the supply cap');
SELECT * FROM pg_temp.bad_tx('overflow', 'QT008', 'QB012', 'amount + fee overflowing');
SELECT * FROM pg_temp.bad_tx('fee low', 'QT009', 'QB012', 'fee below the minimum');
SELECT * FROM pg_temp.bad_tx('fee negative', 'QT011', 'QB012', 'negative fee');
-- Beyond what the mempool can express: a nonce of 2^63 (the mempool's bigint sees -2^63), bytes that
-- are not a transaction, fees that together leave the money range.
INSERT INTO t VALUES ('nonce 2^63', pg_temp.tx('alice', 'bob', 5, 1000, -9223372036854775808));
SELECT * FROM pg_temp.bad_tx('nonce 2^63', 'QT011', 'QB012', 'nonce 2^63');
INSERT INTO blk SELECT 'tx magic', pg_temp.next(ARRAY[pg_temp.flip(tx, 0)]) FROM t WHERE name = 'ok';
SELECT * FROM pg_temp.refused('tx magic', 'QB012', 'a transaction with a wrong magic');
INSERT INTO blk SELECT 'fees range', pg_temp.next(ARRAY[pg_temp.tx('alice', 'bob', 1, 1100000000000000, 1),
                                                        pg_temp.tx('alice', 'bob', 1, 1100000000000000, 2)]);
SELECT * FROM pg_temp.refused('fees range', 'QB014', 'fees summing beyond the money range');
-- Carol can pay either transfer, not both.
INSERT INTO t VALUES ('carol 0', pg_temp.tx('carol', 'bob', 3000, 1000, 0)), ('carol 1', pg_temp.tx('carol', 'bob', 1000, 1000, 1));
INSERT INTO blk SELECT 'overspend', pg_temp.next(ARRAY[(SELECT tx FROM t WHERE name = 'carol 0'), (SELECT tx FROM t WHERE name = 'carol 1')]);
SELECT * FROM pg_temp.refused('overspend', 'QB015', 'two transfers that together overspend');

-- More than 25 pending: the mempool's limit, not a block rule. 30 (= max_block_txs) from one sender connect, 31 do not.
INSERT INTO t SELECT 'alice ' || n, pg_temp.tx('alice', 'carol', 10, 1000, n) FROM generate_series(1, 31) n;
SELECT lives_ok($$SELECT pg_temp.pool(tx) FROM t WHERE name IN (SELECT 'alice ' || n FROM generate_series(1, 25) n)$$,
                'alice: 25 pending');
SELECT is((SELECT pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('alice')), 26::bigint, 'her next nonce is 26');
SELECT throws_ok($$SELECT pg_temp.pool(tx) FROM t WHERE name = 'alice 26'$$, 'QT005', NULL, 'a 26th pending: QT005');
SELECT throws_ok($$SELECT pg_temp.pool(tx) FROM t WHERE name = 'alice 1'$$, 'QT006', NULL, 'a pending transaction again: QT006');
INSERT INTO blk SELECT 'too many', pg_temp.next((SELECT array_agg(tx ORDER BY n) FROM t, generate_series(1, 31) n WHERE name = 'alice ' || n));
SELECT * FROM pg_temp.refused('too many', 'QB011', '31 transactions, the maximum is 30');
INSERT INTO blk SELECT 'thirty', pg_temp.next((SELECT array_agg(tx ORDER BY n) FROM t, generate_series(1, 30) n WHERE name = 'alice ' || n));
SELECT is(qtcl.submit_block(b), 'connected', '30 transactions from one sender connect') FROM blk WHERE name = 'thirty';
SELECT results_eq($$SELECT count(*), min(nonce), max(nonce) FROM qtcl.transactions WHERE block_hash = pg_temp.tip()$$,
                  $$VALUES (30::bigint, 1::bigint, 30::bigint)$$, 'all 30 confirmed in it');
SELECT is((SELECT count(*) FROM qtcl.mempool), 0::bigint, 'the 25 pending are gone from the mempool');
SELECT is((SELECT nonce FROM qtcl.account_state WHERE address = pg_temp.addr('alice')), 31::bigint, 'alice''s nonce is 31');

-- ---- Height 6: double spends across blocks; the median of an even count; a block from the
-- future, accepted later.
CALL pg_temp.clock(120000);
INSERT INTO t VALUES ('replay', (SELECT tx FROM t WHERE name = 'alice 1')), ('respend', pg_temp.tx('alice', 'bob', 7, 1000, 30));
SELECT * FROM pg_temp.bad_tx('replay', 'QT006', 'QB015', 'a transaction confirmed in an earlier block');
SELECT * FROM pg_temp.bad_tx('respend', 'QT003', 'QB015', 'another transfer with a nonce confirmed in an earlier block');

SELECT is(pg_temp.mtp(), pg_temp.at(60000), 'median time past of heights 0..5 = the upper median, height 3''s time');
INSERT INTO blk SELECT 'at upper median', pg_temp.next(ts => pg_temp.mtp());
SELECT * FROM pg_temp.refused('at upper median', 'QB005', 'timestamp = the upper median of six');
SELECT is(pg_temp.trial(pg_temp.next(ts => pg_temp.mtp() + 1)), 'connected', 'control: one ms above it would connect');

INSERT INTO blk SELECT 'future', pg_temp.next(ts => pg_temp.at(120000 + 15001));
SELECT * FROM pg_temp.refused('future', 'QB006', 'timestamp 15001 ms after node time');
SELECT is(pg_temp.trial(pg_temp.next(ts => pg_temp.at(120000 + 15000))), 'connected', 'control: 15000 ms after node time would connect');
CALL pg_temp.clock(120001);
SELECT is(qtcl.submit_block(b), 'connected', 'one ms later the same block connects') FROM blk WHERE name = 'future';

-- ---- Heights 7 to 9: blocks whose parent is unknown are held, and connect when it arrives.
CALL pg_temp.clock(160000);
INSERT INTO blk SELECT 'parent', pg_temp.next();
CALL pg_temp.clock(180000);
SELECT cmp_ok(qtcl.beacon_tick(), '>', pg_temp.i8(b, 164 + 9), 'a beacon round newer than the parent''s') FROM blk WHERE name = 'parent';
INSERT INTO blk SELECT 'orphan', pg_temp.child(b, pg_temp.at(180000), (SELECT max(round) FROM qtcl.beacon)) FROM blk WHERE name = 'parent';
INSERT INTO blk SELECT 'bad orphan', pg_temp.child(p.b, pg_temp.at(180000), (SELECT max(round) FROM qtcl.beacon), ARRAY[t.tx])
  FROM blk p, t WHERE p.name = 'parent' AND t.name = 'replay';
CALL pg_temp.clock(200000);
SELECT cmp_ok(qtcl.beacon_tick(), '>', pg_temp.i8(b, 164 + 9), 'a beacon round newer than the orphan''s') FROM blk WHERE name = 'orphan';
INSERT INTO blk SELECT 'orphan 2', pg_temp.child(b, pg_temp.at(200000), (SELECT max(round) FROM qtcl.beacon)) FROM blk WHERE name = 'orphan';
SELECT is(qtcl.submit_block(b), 'orphan', 'a block two above the tip: orphan') FROM blk WHERE name = 'orphan 2';
SELECT is(qtcl.submit_block(b), 'orphan', 'its parent, one above the tip: orphan') FROM blk WHERE name = 'orphan';
SELECT is(qtcl.submit_block(b), 'orphan', 'a sibling with a transaction already confirmed: orphan (its body is checked later)')
  FROM blk WHERE name = 'bad orphan';
SELECT is((SELECT array_agg(status ORDER BY height) FROM qtcl.blocks WHERE hash IN (SELECT pg_temp.hash(b) FROM blk WHERE name IN ('orphan', 'orphan 2'))),
          ARRAY['orphan', 'orphan'], 'both held as orphans');
SELECT is((SELECT height FROM qtcl.tip), 6::bigint, 'the tip did not move');
SELECT is(qtcl.submit_block(b), 'connected', 'the missing parent arrives: connected') FROM blk WHERE name = 'parent';
SELECT is(pg_temp.tip(), pg_temp.hash(b), 'and both orphans connected on it') FROM blk WHERE name = 'orphan 2';
SELECT is((SELECT height FROM qtcl.tip), 9::bigint, 'the tip is at height 9');
SELECT is((SELECT status FROM qtcl.blocks WHERE hash = pg_temp.hash(b)), 'invalid', 'the orphan with the double spend is marked invalid')
  FROM blk WHERE name = 'bad orphan';
SELECT is((SELECT count(*) FROM qtcl.blocks WHERE status = 'orphan'), 0::bigint, 'no orphan left');
SELECT * FROM pg_temp.refused('bad orphan', 'QB018', 'the invalid orphan again');

-- ---- Height 10: a stale beacon round (older than max_beacon_age_ms at the block's timestamp).
CALL pg_temp.clock(220000);
SELECT cmp_ok(qtcl.beacon_tick(), '>', (SELECT beacon_round FROM qtcl.blocks WHERE hash = pg_temp.tip()), 'a new beacon round');
INSERT INTO blk SELECT 'round', qtcl.beacon_round_bytes(max(round)) FROM qtcl.beacon;
CALL pg_temp.clock(281000);
INSERT INTO blk SELECT 'stale', pg_temp.next(ts => pg_temp.at(281000), beacon => b) FROM blk WHERE name = 'round';
SELECT * FROM pg_temp.refused('stale', 'QB009', 'a beacon round 60001 ms older than the block');
INSERT INTO blk SELECT 'oldest', pg_temp.next(ts => pg_temp.at(280000), beacon => b) FROM blk WHERE name = 'round';
SELECT is(qtcl.submit_block(b), 'connected', 'a round exactly 60000 ms older connects') FROM blk WHERE name = 'oldest';

-- ---- Heights 11 and 12, invalidated: they and blocks on them are refused.
CALL pg_temp.clock(300000);
INSERT INTO blk SELECT 'x', qtcl.block_bytes(qtcl.mine_block(pg_temp.addr('miner')));
CALL pg_temp.clock(320000);
INSERT INTO blk SELECT 'y', qtcl.block_bytes(qtcl.mine_block(pg_temp.addr('miner')));
SELECT is((SELECT height FROM qtcl.tip), 12::bigint, 'mined heights 11 and 12');
SELECT lives_ok($$SELECT qtcl.invalidate_block(pg_temp.hash(b)) FROM blk WHERE name = 'x'$$, 'invalidate_block(height 11)');
SELECT is((SELECT array_agg(status) FROM qtcl.blocks WHERE hash IN (SELECT pg_temp.hash(b) FROM blk WHERE name IN ('x', 'y'))),
          ARRAY['invalid', 'invalid'], 'it and its child are invalid');
SELECT is((SELECT height FROM qtcl.tip), 10::bigint, 'the tip is back at height 10');
SELECT * FROM pg_temp.refused('x', 'QB018', 'the invalidated block again');
SELECT * FROM pg_temp.refused('y', 'QB018', 'its child again');
CALL pg_temp.clock(340000);
SELECT cmp_ok(qtcl.beacon_tick(), '>', (SELECT beacon_round FROM qtcl.blocks WHERE hash = pg_temp.hash(b)), 'a beacon round newer than height 12''s')
  FROM blk WHERE name = 'y';
INSERT INTO blk SELECT 'on x', pg_temp.child(b, pg_temp.at(340000), (SELECT max(round) FROM qtcl.beacon)) FROM blk WHERE name = 'x';
SELECT * FROM pg_temp.refused('on x', 'QB016', 'a block on the invalid block');
INSERT INTO blk SELECT 'on y', pg_temp.child(b, pg_temp.at(340000), (SELECT max(round) FROM qtcl.beacon)) FROM blk WHERE name = 'y';
SELECT * FROM pg_temp.refused('on y', 'QB016', 'a block on a descendant of the invalid block');
SELECT isnt(qtcl.mine_block(pg_temp.addr('miner')), (SELECT pg_temp.hash(b) FROM blk WHERE name = 'x'), 'mining goes on at height 11');
CALL pg_temp.clock(350000);
SELECT isnt(qtcl.mine_block(pg_temp.addr('miner')), NULL, 'and 12');
SELECT is((SELECT height FROM qtcl.tip), 12::bigint, 'on the valid chain');

-- ---- The median time past spans the last 11 blocks only (heights 2..12: height 7's time).
CALL pg_temp.clock(360000);
SELECT is(pg_temp.mtp(), pg_temp.at(160000), 'median time past of heights 2..12 = height 7''s time');
INSERT INTO blk SELECT 'at mtp 11', pg_temp.next(ts => pg_temp.mtp());
SELECT * FROM pg_temp.refused('at mtp 11', 'QB005', 'timestamp = the median of the last 11');
SELECT is(pg_temp.trial(pg_temp.next(ts => pg_temp.mtp() + 1)), 'connected', 'control: one ms above it would connect');

-- ---- An orphan still too far in the future when its parent arrives is not invalid: it stays
-- held, and offered again once node time has caught up, it connects (docs/PROTOCOL.md, "Timestamp
-- rules": "not invalid ... may be offered again later").
INSERT INTO blk SELECT 'early parent', pg_temp.next();
CALL pg_temp.clock(380000);
SELECT cmp_ok(qtcl.beacon_tick(), '>', pg_temp.i8(b, 164 + 9), 'a beacon round newer than the parent''s') FROM blk WHERE name = 'early parent';
INSERT INTO blk SELECT 'early', pg_temp.child(b, pg_temp.at(380000 + 30000), (SELECT max(round) FROM qtcl.beacon)) FROM blk WHERE name = 'early parent';
SELECT is(qtcl.submit_block(b), 'orphan', 'a block 30 s ahead on an unknown parent: orphan') FROM blk WHERE name = 'early';
SELECT is(qtcl.submit_block(b), 'connected', 'its parent arrives: connected') FROM blk WHERE name = 'early parent';
SELECT is((SELECT status FROM qtcl.blocks WHERE hash = pg_temp.hash(b)), 'orphan', 'the early block is still held, not invalid')
  FROM blk WHERE name = 'early';
CALL pg_temp.clock(380000 + 30000);
SELECT is(qtcl.submit_block(b), 'connected', 'offered again once its time has come: connected') FROM blk WHERE name = 'early';
SELECT is(pg_temp.tip(), pg_temp.hash(b), 'it is the tip') FROM blk WHERE name = 'early';

-- ---- The chain is consistent.
SELECT is((SELECT array_agg(check_name) FROM qtcl.verify_chain() WHERE NOT ok), NULL, 'verify_chain: every check ok');
SELECT is((SELECT sum(balance)::bigint FROM qtcl.account_state), (SELECT issued FROM qtcl.blocks WHERE hash = pg_temp.tip()),
          'the balances add up to what the tip says was issued');

SELECT * FROM finish();
ROLLBACK;
