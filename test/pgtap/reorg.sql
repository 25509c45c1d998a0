-- pgTAP: fork choice and reorganisations. Equal work does not reorganise (the first seen wins ties);
-- more work does, and back; transactions of disconnected blocks come back to the mempool unless the
-- winning branch confirms them (or a conflicting one); invalidate_block / reconsider_block; orphans;
-- a reorganisation onto a block that fails against its branch's state changes nothing; and a
-- randomized walk over many forks (fixed seed) that checks after every step that the stored state
-- is the state replayed from genesis along the winning chain, and that nothing was lost.
-- Blocks that must reach the node out of order are "forged": mined in a subtransaction that is
-- rolled back, keeping only their bytes.
BEGIN;
SELECT plan(187);
SET LOCAL search_path = public, qtcl;

CREATE TEMP TABLE k AS
SELECT name, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('tap reorg ' || name, 'UTF8')))).*
  FROM unnest(ARRAY['alice', 'bob', 'carol', 'dave', 'miner']) name;
CREATE FUNCTION pg_temp.pk(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT public_key FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.sk(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT secret_key FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.addr(n text) RETURNS qtcl.hyper_addr LANGUAGE sql AS $$ SELECT qtcl.hyper_addr(public_key) FROM k WHERE name = n $$;
-- Submit a signed transfer; its hash.
CREATE FUNCTION pg_temp.send(f text, t text, amount bigint, fee bigint, nonce bigint) RETURNS bytea LANGUAGE sql AS $$
    INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
    VALUES (pg_temp.pk(f), pg_temp.addr(t), amount, fee, nonce,
            qtcl.sign_transaction(pg_temp.sk(f), pg_temp.pk(f), pg_temp.addr(t), amount, fee, nonce))
    RETURNING tx_hash $$;

-- Names for blocks and transactions, so that assertions read like the scenario.
CREATE TEMP TABLE named (name text PRIMARY KEY, hash bytea NOT NULL UNIQUE);
CREATE FUNCTION pg_temp.h(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT hash FROM named WHERE name = n $$;
CREATE FUNCTION pg_temp.name_of(b bytea) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce((SELECT name FROM named WHERE hash = b), substr(encode(b, 'hex'), 1, 12)) $$;
CREATE FUNCTION pg_temp.remember(n text, b bytea) RETURNS bytea LANGUAGE sql AS $$
    INSERT INTO named VALUES (n, b) RETURNING hash $$;
CREATE FUNCTION pg_temp.tip() RETURNS bytea LANGUAGE sql AS $$ SELECT hash FROM qtcl.tip $$;
CREATE FUNCTION pg_temp.status(n text) RETURNS text LANGUAGE sql AS $$ SELECT status FROM qtcl.blocks WHERE hash = pg_temp.h(n) $$;
-- The active chain's names, genesis first.
CREATE FUNCTION pg_temp.chain() RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(pg_temp.name_of(hash), ' ' ORDER BY height) FROM qtcl.blocks WHERE status = 'active' $$;
-- Mine a block (on the tip with the pending transactions, or on `parent` without) and name it.
CREATE FUNCTION pg_temp.mine(n text, parent text DEFAULT NULL) RETURNS bytea LANGUAGE sql AS $$
    SELECT pg_temp.remember(n, qtcl.mine_block(pg_temp.addr('miner'), NULL, pg_temp.h(parent))) $$;
-- The hash of a pending transaction's canonical bytes (what its tx_hash column should say).
CREATE FUNCTION pg_temp.real_hash(m qtcl.mempool) RETURNS bytea LANGUAGE sql AS $$
    SELECT qtcl.sha3_256(qtcl.tx_encode(m.sender_key, m.recipient, m.amount, m.fee, m.nonce, m.signature)) $$;
-- Where a transaction is: the names of the blocks confirming it, and 'mempool' when it is pending
-- (found by its bytes), joined by '+'; 'gone' when neither.
CREATE FUNCTION pg_temp.where_tx(n text) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(nullif(concat_ws('+',
               (SELECT string_agg(pg_temp.name_of(block_hash), '+') FROM qtcl.transactions WHERE tx_hash = pg_temp.h(n)),
               (SELECT string_agg('mempool', '+') FROM qtcl.mempool m WHERE pg_temp.real_hash(m) = pg_temp.h(n))), ''), 'gone') $$;
-- Pending transactions whose tx_hash is not the hash of their bytes.
CREATE FUNCTION pg_temp.misnamed() RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(format('nonce %s: tx_hash %s, its bytes hash to %s', m.nonce, substr(encode(m.tx_hash, 'hex'), 1, 12),
                             substr(encode(pg_temp.real_hash(m), 'hex'), 1, 12)), '; ' ORDER BY m.sender, m.nonce)
      FROM qtcl.mempool m WHERE m.tx_hash <> pg_temp.real_hash(m) $$;

-- New beacon rounds until the newest stored one is newer than round r.
CREATE FUNCTION pg_temp.beacon_past(r bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WHILE (SELECT coalesce(max(round), 0) FROM qtcl.beacon) <= r LOOP
        PERFORM qtcl.beacon_tick();
    END LOOP;
END $$;
-- Bytes of `n` blocks mined in a chain on `parent`, none of them kept: mined in a subtransaction
-- that is rolled back (PL/pgSQL variables survive it). Afterwards the beacon gets rounds newer than
-- the ones the forged blocks use, so that blocks can be mined on top of them once submitted.
CREATE FUNCTION pg_temp.forge(parent bytea, n int) RETURNS bytea[] LANGUAGE plpgsql AS $$
DECLARE
    out bytea[] := '{}';
    b bytea := parent;
    top_round bigint;
BEGIN
    BEGIN
        FOR i IN 1 .. n LOOP
            b := qtcl.mine_block(pg_temp.addr('miner'), NULL, b);
            out := out || qtcl.block_bytes(b);
        END LOOP;
        top_round := (SELECT max(beacon_round) FROM qtcl.blocks);
        RAISE EXCEPTION 'undo' USING ERRCODE = 'QTX99';
    EXCEPTION WHEN SQLSTATE 'QTX99' THEN NULL;
    END;
    PERFORM pg_temp.beacon_past(top_round);
    RETURN out;
END $$;
-- Bytes of a block mined on the tip with one transfer of alice's (her next nonce), none of it kept.
CREATE FUNCTION pg_temp.forge_with_transfer(amount bigint) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    out bytea;
    top_round bigint;
BEGIN
    BEGIN
        PERFORM pg_temp.send('alice', 'dave', amount, 1000, (SELECT pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('alice')));
        out := qtcl.block_bytes(qtcl.mine_block(pg_temp.addr('miner')));
        top_round := (SELECT max(beacon_round) FROM qtcl.blocks);
        RAISE EXCEPTION 'undo' USING ERRCODE = 'QTX99';
    EXCEPTION WHEN SQLSTATE 'QTX99' THEN NULL;
    END;
    PERFORM pg_temp.beacon_past(top_round);
    RETURN out;
END $$;
CREATE FUNCTION pg_temp.hash_of(b bytea) RETURNS bytea LANGUAGE sql AS $$ SELECT qtcl.sha3_256(substring(b FROM 1 FOR 164)) $$;

-- Big-endian integers out of block bytes.
CREATE FUNCTION pg_temp.i64(b bytea) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT ('x' || encode(b, 'hex'))::bit(64)::bigint $$;
CREATE FUNCTION pg_temp.u32(b bytea) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT ('x' || encode(b, 'hex'))::bit(32)::bigint & 4294967295 $$;

-- The state replayed from genesis, independently of the extension's own replay: the allocations,
-- then along the chain from the tip's parent links (not the status column), each block's miner
-- credited its claimed reward and each transaction's amount and fee moved, its sender's nonce counted.
CREATE FUNCTION pg_temp.replayed() RETURNS TABLE (address text, balance numeric, nonce bigint) LANGUAGE sql AS $$
    WITH RECURSIVE walk(hash, parent, height, raw) AS (
        SELECT hash, parent, height, raw FROM qtcl.blocks WHERE hash = (SELECT hash FROM qtcl.tip)
        UNION ALL SELECT b.hash, b.parent, b.height, b.raw FROM walk w JOIN qtcl.blocks b ON b.hash = w.parent WHERE w.height > 0),
    blk AS (SELECT raw FROM walk WHERE height > 0),
    tx AS (SELECT substring(raw FROM 4734 + 5328 * i FOR 5328) AS t
             FROM blk, generate_series(0, pg_temp.u32(substring(raw FROM 4730 FOR 4))::int - 1) i),
    moves(a, d, n) AS (
        SELECT g.address::text, g.amount::numeric, 0 FROM qtcl.genesis_allocations g
        UNION ALL
        SELECT qtcl.hyper_addr_from_hash(substring(raw FROM 93 FOR 32))::text, pg_temp.i64(substring(raw FROM 4722 FOR 8)), 0 FROM blk
        UNION ALL
        SELECT qtcl.hyper_addr(substring(t FROM 12 FOR 1952))::text,
               -(pg_temp.i64(substring(t FROM 1996 FOR 8))::numeric + pg_temp.i64(substring(t FROM 2004 FOR 8))), 1 FROM tx
        UNION ALL
        SELECT qtcl.hyper_addr_from_hash(substring(t FROM 1964 FOR 32))::text, pg_temp.i64(substring(t FROM 1996 FOR 8)), 0 FROM tx)
    SELECT a, sum(d), sum(n)::bigint FROM moves GROUP BY a $$;

-- Everything that must hold after every step; NULL when it does, else what does not.
CREATE FUNCTION pg_temp.problems() RETURNS text LANGUAGE sql AS $$
    WITH tip AS (SELECT b.* FROM qtcl.blocks b WHERE b.hash = (SELECT hash FROM qtcl.tip)),
    walk AS (
        WITH RECURSIVE w(hash, parent, height) AS (
            SELECT hash, parent, height FROM tip
            UNION ALL SELECT b.hash, b.parent, b.height FROM w JOIN qtcl.blocks b ON b.hash = w.parent WHERE w.height > 0)
        SELECT * FROM w),
    p(what) AS (
        SELECT 'verify_chain: ' || check_name || ': ' || coalesce(detail, '?') FROM qtcl.verify_chain() WHERE NOT ok
        UNION ALL
        SELECT 'sum of balances ' || (SELECT coalesce(sum(balance), 0) FROM qtcl.account_state) || ' <> issued of the tip ' || issued
          FROM tip WHERE (SELECT coalesce(sum(balance), 0) FROM qtcl.account_state) IS DISTINCT FROM issued::numeric
        UNION ALL
        SELECT 'state differs from the replay at ' || coalesce(r.address, a.address::text) || ': stored ' ||
               coalesce(a.balance || '/' || a.nonce, 'nothing') || ', replayed ' || coalesce(r.balance || '/' || r.nonce, 'nothing')
          FROM pg_temp.replayed() r FULL JOIN qtcl.account_state a ON a.address::text = r.address
         WHERE r.balance IS DISTINCT FROM a.balance::numeric OR r.nonce IS DISTINCT FROM a.nonce
        UNION ALL
        SELECT 'the active blocks are not the chain from the tip to genesis'
         WHERE (SELECT array_agg(hash ORDER BY hash) FROM walk) IS DISTINCT FROM
               (SELECT array_agg(hash ORDER BY hash) FROM qtcl.blocks WHERE status = 'active')
            OR (SELECT count(*) FROM walk) <> (SELECT height + 1 FROM tip)
            OR (SELECT min(height) FROM walk) <> 0
        UNION ALL
        SELECT 'height ' || height || ' has ' || count(*) || ' active blocks'
          FROM qtcl.blocks WHERE status = 'active' GROUP BY height HAVING count(*) <> 1
        UNION ALL
        SELECT 'block ' || pg_temp.name_of(b.hash) || ' (' || b.status || ') has more work than the tip, or as much and was seen first'
          FROM qtcl.blocks b, tip WHERE b.status IN ('active', 'side')
           AND (b.chainwork > tip.chainwork OR (b.chainwork = tip.chainwork AND b.seq < tip.seq))
        UNION ALL
        SELECT 'chainwork of ' || pg_temp.name_of(b.hash) || ' is not its parent''s plus its own'
          FROM qtcl.blocks b JOIN qtcl.blocks q ON q.hash = b.parent
         WHERE b.status IN ('active', 'side')
           AND b.chainwork <> q.chainwork + qtcl.target_work(pg_temp.u32(substring(b.header FROM 89 FOR 4)))
        UNION ALL
        SELECT 'valid block ' || pg_temp.name_of(b.hash) || ' has a parent that is ' || coalesce(q.status, 'unknown')
          FROM qtcl.blocks b LEFT JOIN qtcl.blocks q ON q.hash = b.parent
         WHERE b.status IN ('active', 'side') AND b.height > 0 AND coalesce(q.status, '-') NOT IN ('active', 'side')
        UNION ALL
        SELECT 'confirmed transactions are not exactly those of the active blocks'
         WHERE (SELECT count(*) FROM qtcl.transactions t JOIN qtcl.blocks b ON b.hash = t.block_hash AND b.status = 'active')
               <> (SELECT coalesce(sum(tx_count), 0) FROM qtcl.blocks WHERE status = 'active')
            OR EXISTS (SELECT 1 FROM qtcl.transactions t JOIN qtcl.blocks b ON b.hash = t.block_hash WHERE b.status <> 'active')
        UNION ALL
        SELECT 'undo rows for ' || pg_temp.name_of(u.block_hash) || ', which is not active'
          FROM (SELECT DISTINCT block_hash FROM qtcl.block_undo) u JOIN qtcl.blocks b ON b.hash = u.block_hash
         WHERE b.status <> 'active'
        UNION ALL
        SELECT 'no undo rows for active block ' || pg_temp.name_of(b.hash)
          FROM qtcl.blocks b WHERE b.status = 'active' AND b.height > 0
           AND NOT EXISTS (SELECT 1 FROM qtcl.block_undo u WHERE u.block_hash = b.hash)
        UNION ALL
        SELECT 'pending transaction ' || encode(t.tx_hash, 'hex') || ' is also confirmed'
          FROM qtcl.mempool m JOIN qtcl.transactions t ON t.tx_hash = pg_temp.real_hash(m)
        UNION ALL
        SELECT 'pending nonces of ' || m.sender::text || ' are ' || string_agg(m.nonce::text, ',' ORDER BY m.nonce) ||
               ', not a run from the confirmed nonce ' || coalesce(min(a.nonce), 0)
          FROM qtcl.mempool m LEFT JOIN qtcl.account_state a ON a.address = m.sender GROUP BY m.sender
        HAVING min(m.nonce) <> coalesce(min(a.nonce), 0) OR max(m.nonce) - min(m.nonce) + 1 <> count(*)
    )
    SELECT string_agg(what, '; ') FROM p $$;

-- NULL when qtcl.get_blocks(from, count) returns the active chain's blocks of those heights, in order.
CREATE FUNCTION pg_temp.get_blocks_problem(from_height bigint, max_count int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE got text; want text;
BEGIN
    SELECT string_agg(pg_temp.name_of(pg_temp.hash_of(g)), ' ' ORDER BY n) INTO got
      FROM qtcl.get_blocks(from_height, max_count) WITH ORDINALITY x(g, n);
    SELECT string_agg(pg_temp.name_of(hash), ' ' ORDER BY height) INTO want
      FROM (SELECT hash, height FROM qtcl.blocks WHERE status = 'active' AND height >= from_height ORDER BY height LIMIT max_count) a;
    RETURN CASE WHEN got IS DISTINCT FROM want THEN format('got %s, want %s', coalesce(got, 'nothing'), want) END;
EXCEPTION WHEN OTHERS THEN
    RETURN 'get_blocks raised ' || SQLSTATE || ': ' || SQLERRM;
END $$;

-- Everything an equal-work block must leave as it was.
CREATE FUNCTION pg_temp.digest() RETURNS text LANGUAGE sql AS $$
    SELECT coalesce((SELECT md5(string_agg(address::text || balance || ':' || nonce, ',' ORDER BY address)) FROM qtcl.account_state), '-') || '/' ||
           coalesce((SELECT md5(string_agg(encode(tx_hash, 'hex'), ',' ORDER BY tx_hash)) FROM qtcl.mempool), '-') || '/' ||
           coalesce((SELECT md5(string_agg(encode(tx_hash, 'hex') || encode(block_hash, 'hex'), ',' ORDER BY tx_hash)) FROM qtcl.transactions), '-') || '/' ||
           coalesce((SELECT md5(string_agg(encode(block_hash, 'hex') || address::text, ',' ORDER BY block_hash, address)) FROM qtcl.block_undo), '-') || '/' ||
           pg_temp.chain() $$;

SELECT lives_ok(format($$SELECT qtcl.init_chain('regtest', '{"%s": 1000000000000, "%s": 1000000000000, "%s": 1000000000000}')$$,
                       pg_temp.addr('alice'), pg_temp.addr('bob'), pg_temp.addr('carol')), 'init_chain: a regtest chain with three wallets');
INSERT INTO named SELECT 'G', hash FROM qtcl.tip;
SELECT is(pg_temp.problems(), NULL, 'the invariants hold at genesis');

-- ---- 1. Equal work does not reorganise; more work does, and back ----
SELECT isnt(pg_temp.mine('A1'), NULL, 'A1 mined on genesis');
CREATE TEMP TABLE forged (name text PRIMARY KEY, bytes bytea NOT NULL);
INSERT INTO forged SELECT 'B' || i, b[i] FROM (SELECT pg_temp.forge(pg_temp.h('G'), 2) b) f, generate_series(1, 2) i;
INSERT INTO named SELECT name, pg_temp.hash_of(bytes) FROM forged;
SELECT is((SELECT count(*) FROM qtcl.blocks WHERE hash IN (SELECT pg_temp.h(name) FROM forged)), 0::bigint,
          'the forged blocks B1, B2 are not stored yet');
CREATE TEMP TABLE before AS SELECT pg_temp.digest() AS d;
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'B1')), 'side-branch',
          'B1 on genesis has as much work as the tip A1: side-branch');
SELECT is(pg_temp.chain(), 'G A1', 'equal work does not reorganise: A1, seen first, stays the tip');
SELECT is(pg_temp.status('B1'), 'side', 'B1 is stored as a side branch');
SELECT is(pg_temp.digest(), (SELECT d FROM before), 'a side branch changes no state, undo row, transaction or mempool entry');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'B1')), 'duplicate', 'B1 again: duplicate');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'B2')), 'connected',
          'B2 on B1 gives its branch more work: connected');
SELECT is(pg_temp.chain(), 'G B1 B2', 'more work reorganises: the chain is G B1 B2');
SELECT is(pg_temp.status('A1'), 'side', 'A1 is now a side branch');
SELECT is(pg_temp.problems(), NULL, 'invariants after the reorganisation to B2');
SELECT isnt(pg_temp.mine('A2', 'A1'), NULL, 'A2 mined on A1');
SELECT is(pg_temp.chain(), 'G B1 B2', 'A2 ties with B2, which was seen first (although A1 was seen before B1): no reorganisation');
SELECT isnt(pg_temp.mine('A3', 'A2'), NULL, 'A3 mined on A2');
SELECT is(pg_temp.chain(), 'G A1 A2 A3', 'and back: A3 gives the A branch more work');
SELECT results_eq($$SELECT status FROM qtcl.blocks WHERE hash IN (pg_temp.h('B1'), pg_temp.h('B2'))$$,
                  $$VALUES ('side'), ('side')$$, 'B1 and B2 are side blocks again');
SELECT is(pg_temp.problems(), NULL, 'invariants after the reorganisation back to A3');

-- ---- 2. Transactions across reorganisations ----
INSERT INTO named SELECT 'T1', pg_temp.send('alice', 'bob', 1000000, 1000, 0);
INSERT INTO named SELECT 'T2', pg_temp.send('alice', 'carol', 2000000, 2000, 1);
SELECT isnt(pg_temp.mine('A4'), NULL, 'A4 mined on the tip with the pending transactions');
SELECT is(pg_temp.where_tx('T1') || ' ' || pg_temp.where_tx('T2'), 'A4 A4', 'T1 and T2 are confirmed in A4');
SELECT results_eq($$SELECT balance, nonce, pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('alice')$$,
                  $$VALUES (1000000000000::bigint - 3003000, 2::bigint, 2::bigint)$$, 'alice paid both');
SELECT isnt(pg_temp.mine('B3', 'B2'), NULL, 'B3 mined on B2');
SELECT isnt(pg_temp.mine('B4', 'B3'), NULL, 'B4 mined on B3');
SELECT is(pg_temp.chain(), 'G A1 A2 A3 A4', 'B4 ties with A4: no reorganisation');
SELECT isnt(pg_temp.mine('B5', 'B4'), NULL, 'B5 mined on B4');
SELECT is(pg_temp.chain(), 'G B1 B2 B3 B4 B5', 'B5: reorganisation to the B branch, four blocks deep');
SELECT is(pg_temp.where_tx('T1') || ' ' || pg_temp.where_tx('T2'), 'mempool mempool',
          'T1 and T2, confirmed only on the losing branch, are back in the mempool');
SELECT is(pg_temp.misnamed(), NULL, 'and each under its own hash (the hash of its bytes)');
SELECT results_eq($$SELECT balance, nonce, pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('alice')$$,
                  $$VALUES (1000000000000::bigint, 0::bigint, 2::bigint)$$, 'alice has her allocation again, with two pending');
SELECT is((SELECT count(*) FROM qtcl.transactions), 0::bigint, 'nothing is confirmed on the B branch');
SELECT is(pg_temp.problems(), NULL, 'invariants after the reorganisation to B5');
SELECT is(pg_temp.get_blocks_problem(0, 1000), NULL, 'get_blocks(0, 1000) gives the new active chain G B1 .. B5');
-- T2 is replaced in the mempool by T2' (same nonce, more fee): a double spend between the branches.
INSERT INTO named SELECT 'T2x', pg_temp.send('alice', 'carol', 3000000, 2200, 1);
SELECT is(pg_temp.where_tx('T2'), 'gone', 'T2'' replaced T2 in the mempool');
SELECT isnt(pg_temp.mine('B6'), NULL, 'B6 mined on the tip');
SELECT is(pg_temp.where_tx('T1') || ' ' || pg_temp.where_tx('T2x'), 'B6 B6', 'T1 is confirmed again (in B6), with T2''');
INSERT INTO named SELECT 'T3', pg_temp.send('alice', 'bob', 500000, 1500, 2);
SELECT isnt(pg_temp.mine('B7'), NULL, 'B7 mined on the tip');
SELECT is(pg_temp.where_tx('T3'), 'B7', 'T3 is confirmed in B7');
SELECT isnt(pg_temp.mine('A' || n, 'A' || (n - 1)), NULL, format('A%s mined on A%s', n, n - 1)) FROM generate_series(5, 7) n;
SELECT is(pg_temp.chain(), 'G B1 B2 B3 B4 B5 B6 B7', 'A7 ties with B7: no reorganisation');
SELECT isnt(pg_temp.mine('A8', 'A7'), NULL, 'A8 mined on A7');
SELECT is(pg_temp.chain(), 'G A1 A2 A3 A4 A5 A6 A7 A8', 'A8: reorganisation back to the A branch, seven blocks deep');
SELECT is(pg_temp.where_tx('T1'), 'A4', 'T1, confirmed on both branches, is confirmed once, in A4, and not pending');
SELECT is(pg_temp.where_tx('T2'), 'A4', 'T2 is confirmed in A4 again');
SELECT is(pg_temp.where_tx('T2x'), 'gone', 'T2'', confirmed on the losing branch but a double spend of T2, is gone');
SELECT is(pg_temp.where_tx('T3'), 'mempool', 'T3, confirmed on the losing branch only, is back in the mempool');
SELECT results_eq($$SELECT balance, nonce, pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('alice')$$,
                  $$VALUES (1000000000000::bigint - 3003000, 2::bigint, 3::bigint)$$, 'alice: T1 and T2 paid, T3 pending');
SELECT is(pg_temp.problems(), NULL, 'invariants after the reorganisation to A8');
SELECT is(pg_temp.get_blocks_problem(2, 3), NULL, 'get_blocks(2, 3) gives A2 A3 A4 of the chain it moved back to');
SELECT isnt(pg_temp.mine('A9'), NULL, 'A9 mined on the tip');
SELECT is(pg_temp.where_tx('T3'), 'A9', 'T3 is confirmed when mined again');
SELECT is((SELECT count(*) FROM qtcl.mempool), 0::bigint, 'the mempool is empty');
SELECT is(pg_temp.problems(), NULL, 'invariants after A9');

-- ---- 3. invalidate_block and reconsider_block ----
INSERT INTO forged SELECT 'Z10', (pg_temp.forge(pg_temp.h('A9'), 1))[1];
INSERT INTO named SELECT name, pg_temp.hash_of(bytes) FROM forged WHERE name = 'Z10';
SELECT lives_ok($$SELECT qtcl.invalidate_block(pg_temp.h('A5'))$$, 'invalidate_block(A5), an active block');
SELECT is(pg_temp.chain(), 'G B1 B2 B3 B4 B5 B6 B7', 'the chain moves to the best remaining one: B7');
SELECT results_eq($$SELECT pg_temp.name_of(hash), status FROM qtcl.blocks WHERE height >= 4 AND hash IN (SELECT hash FROM named) ORDER BY height, 1$$,
                  $$VALUES ('A4', 'side'), ('B4', 'active'), ('A5', 'invalid'), ('B5', 'active'), ('A6', 'invalid'), ('B6', 'active'),
                           ('A7', 'invalid'), ('B7', 'active'), ('A8', 'invalid'), ('A9', 'invalid')$$,
                  'A5 and its descendants are invalid; A4 stays a valid side block');
SELECT is(pg_temp.where_tx('T1') || ' ' || pg_temp.where_tx('T2x') || ' ' || pg_temp.where_tx('T3') || ' ' || pg_temp.where_tx('T2'),
          'B6 B6 B7 gone', 'T1, T2'' and T3 are confirmed on the B branch; T2 conflicts with T2'' and is gone');
SELECT is(pg_temp.problems(), NULL, 'invariants after invalidate_block');
SELECT throws_ok($$SELECT qtcl.submit_block(qtcl.block_bytes(pg_temp.h('A9')))$$, 'QB018', NULL,
                 'an invalidated block is refused when offered again: QB018');
SELECT throws_ok($$SELECT qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'Z10'))$$, 'QB016', NULL,
                 'a block on an invalidated block is refused: QB016');
SELECT throws_ok($$SELECT qtcl.mine_block(pg_temp.addr('miner'), NULL, pg_temp.h('A9'))$$, '22023', NULL,
                 'mining on an invalidated block is refused');
SELECT throws_ok($$SELECT qtcl.invalidate_block(pg_temp.h('G'))$$, '22023', NULL, 'the genesis block cannot be invalidated');
SELECT throws_ok($$SELECT qtcl.invalidate_block(qtcl.sha3_256('\x00'::bytea))$$, 'P0002', NULL, 'invalidate_block of an unknown block: P0002');
SELECT throws_ok($$SELECT qtcl.reconsider_block(qtcl.sha3_256('\x00'::bytea))$$, 'P0002', NULL, 'reconsider_block of an unknown block: P0002');
SELECT lives_ok($$SELECT qtcl.reconsider_block(pg_temp.h('A7'))$$, 'reconsider_block(A7), a descendant of the invalidated block');
SELECT is(pg_temp.chain(), 'G A1 A2 A3 A4 A5 A6 A7 A8 A9', 'reconsider_block clears its ancestors and descendants and brings the chain back');
SELECT is((SELECT count(*) FROM qtcl.blocks WHERE status = 'invalid'), 0::bigint, 'no block is invalid any more');
SELECT is(pg_temp.where_tx('T1') || ' ' || pg_temp.where_tx('T2') || ' ' || pg_temp.where_tx('T3') || ' ' || pg_temp.where_tx('T2x'),
          'A4 A4 A9 gone', 'T1, T2, T3 are confirmed on the A branch again; T2'' is gone');
SELECT is(pg_temp.problems(), NULL, 'invariants after reconsider_block');
DELETE FROM before;
INSERT INTO before SELECT pg_temp.digest();
SELECT lives_ok($$SELECT qtcl.invalidate_block(pg_temp.h('B3'))$$, 'invalidate_block(B3), a side block');
SELECT is((SELECT array_agg(pg_temp.name_of(hash) ORDER BY height) FROM qtcl.blocks WHERE status = 'invalid'),
          ARRAY['B3', 'B4', 'B5', 'B6', 'B7'], 'B3 and its descendants are invalid');
SELECT is(pg_temp.digest(), (SELECT d FROM before), 'invalidating a side block changes nothing else');
SELECT lives_ok($$SELECT qtcl.reconsider_block(pg_temp.h('B3'))$$, 'reconsider_block(B3)');
SELECT is((SELECT array_agg(DISTINCT status) FROM qtcl.blocks WHERE hash IN (SELECT pg_temp.h('B' || i) FROM generate_series(3, 7) i)),
          ARRAY['side'], 'B3 .. B7 are side blocks again');
SELECT is(pg_temp.digest(), (SELECT d FROM before), 'and the chain is as it was');
SELECT is(pg_temp.problems(), NULL, 'invariants after invalidating and reconsidering a side block');
-- Equal work after reconsider_block: A9 was seen before C9, so A9 wins the tie again.
SELECT isnt(pg_temp.mine('C9', 'A8'), NULL, 'C9 mined on A8');
SELECT is(pg_temp.chain(), 'G A1 A2 A3 A4 A5 A6 A7 A8 A9', 'C9 ties with A9, seen first: no reorganisation');
SELECT lives_ok($$SELECT qtcl.invalidate_block(pg_temp.h('A9'))$$, 'invalidate_block(A9)');
SELECT is(pg_temp.chain(), 'G A1 A2 A3 A4 A5 A6 A7 A8 C9', 'C9 is the best remaining block');
SELECT is(pg_temp.where_tx('T3'), 'mempool', 'T3 (in A9) is back in the mempool');
SELECT is(pg_temp.misnamed(), NULL, 'under its own hash');
SELECT lives_ok($$SELECT qtcl.reconsider_block(pg_temp.h('A9'))$$, 'reconsider_block(A9)');
SELECT is(pg_temp.chain(), 'G A1 A2 A3 A4 A5 A6 A7 A8 A9',
          'reconsider_block: A9 has as much work as C9 and was seen first, so the chain comes back to A9');
SELECT is(pg_temp.problems(), NULL, 'invariants after the tie and reconsider_block');
-- Whatever the tie gave, leave A9 the tip with C9 a side block.
SELECT lives_ok($$SELECT qtcl.invalidate_block(pg_temp.h('C9'))$$, 'invalidate_block(C9)');
SELECT lives_ok($$SELECT qtcl.reconsider_block(pg_temp.h('C9'))$$, 'reconsider_block(C9)');
SELECT is(pg_temp.chain() || ' / ' || pg_temp.status('C9'), 'G A1 A2 A3 A4 A5 A6 A7 A8 A9 / side', 'A9 is the tip, C9 a side block');
SELECT is(pg_temp.where_tx('T3'), 'A9', 'T3 is confirmed in A9');

-- ---- 4. Orphans ----
INSERT INTO forged SELECT 'X' || (9 + i), b[i] FROM (SELECT pg_temp.forge(pg_temp.h('A9'), 3) b) f, generate_series(1, 3) i;
INSERT INTO named SELECT name, pg_temp.hash_of(bytes) FROM forged WHERE name LIKE 'X%';
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'X12')), 'orphan', 'X12 before its parent: orphan');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'X11')), 'orphan', 'X11 before its parent: orphan');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'X12')), 'orphan', 'X12 again, its parent still unknown: judged afresh, held again');
SELECT is(pg_temp.status('X11') || ' ' || pg_temp.status('X12') || ' / ' || pg_temp.name_of(pg_temp.tip()), 'orphan orphan / A9',
          'both are held as orphans; the tip is still A9');
SELECT is(pg_temp.problems(), NULL, 'invariants with orphans held');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'X10')), 'connected', 'X10, their missing ancestor: connected');
SELECT is(pg_temp.chain(), 'G A1 A2 A3 A4 A5 A6 A7 A8 A9 X10 X11 X12', 'the waiting orphans are connected after it: the tip is X12');
SELECT is((SELECT count(*) FROM qtcl.blocks WHERE status = 'orphan'), 0::bigint, 'no orphan is left');
SELECT is(pg_temp.problems(), NULL, 'invariants after the orphans connected');
-- An orphan branch whose root arrives last and which then has the most work: a reorganisation.
INSERT INTO forged SELECT 'Y' || (8 + i), b[i] FROM (SELECT pg_temp.forge(pg_temp.h('A8'), 5) b) f, generate_series(1, 5) i;
INSERT INTO named SELECT name, pg_temp.hash_of(bytes) FROM forged WHERE name LIKE 'Y%';
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'Y13')), 'orphan', 'Y13 before its parent: orphan');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'Y12')), 'orphan', 'Y12 before its parent: orphan');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'Y11')), 'orphan', 'Y11 before its parent: orphan');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'Y10')), 'orphan', 'Y10 before its parent: orphan');
SELECT is(pg_temp.name_of(pg_temp.tip()), 'X12', 'orphans change nothing: the tip is still X12');
SELECT ok(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'Y9')) IN ('side-branch', 'connected'), 'Y9, the root, is accepted');
SELECT is(pg_temp.chain(), 'G A1 A2 A3 A4 A5 A6 A7 A8 Y9 Y10 Y11 Y12 Y13',
          'with its orphans the Y branch has the most work: reorganisation to Y13');
SELECT is(pg_temp.where_tx('T3'), 'mempool', 'T3 (in A9, now a side block) is back in the mempool');
SELECT is(pg_temp.problems(), NULL, 'invariants after the reorganisation through orphans');
SELECT isnt(pg_temp.mine('Y14'), NULL, 'Y14 mined on the tip');
SELECT is(pg_temp.where_tx('T3'), 'Y14', 'T3 is confirmed in Y14');

-- ---- 5. A reorganisation onto a block that fails against its branch's state changes nothing ----
-- F (on the tip Y14) pays with alice's nonce 3, the next one after T3 (in Y14). F' is F moved onto W14, a
-- sibling of Y14 without T3: there the nonce 3 leaves a gap. F' has the most work, but cannot connect.
SELECT isnt(pg_temp.mine('W14', 'Y13'), NULL, 'W14 mined on Y13 (a tie with Y14)');
-- (a few ms later: F15's timestamp must also clear the median time past of W14's branch, which
-- fast regtest blocks can leave at the same millisecond; and on a new beacon round, newer than
-- W14's as well as Y14's, so that F' fails on its state and nothing else)
SELECT pg_sleep(0.02);
SELECT qtcl.beacon_tick() > 0 AS new_round;
INSERT INTO forged SELECT 'F15', pg_temp.forge_with_transfer(777);
INSERT INTO forged SELECT 'F15x', qtcl.solve_block(overlay(bytes PLACING pg_temp.h('W14') FROM 17 FOR 32)) FROM forged WHERE name = 'F15';
INSERT INTO named SELECT name, pg_temp.hash_of(bytes) FROM forged WHERE name LIKE 'F15%';
SELECT is(pg_temp.u32(substring(bytes FROM 4730 FOR 4)), 1::bigint, name || ' holds one transaction') FROM forged WHERE name LIKE 'F15%' ORDER BY name;
DELETE FROM before;
INSERT INTO before SELECT pg_temp.digest();
SELECT throws_ok($$SELECT qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'F15x'))$$, 'QB015', NULL,
                 'F'' (more work, but a nonce gap on its branch) is refused: QB015');
SELECT is(pg_temp.digest() || ' / ' || coalesce(pg_temp.status('F15x'), 'unknown'), (SELECT d FROM before) || ' / unknown',
          'the refused reorganisation left the chain, the state, the mempool, and F'' unstored');
SELECT is(pg_temp.problems(), NULL, 'invariants after the refused reorganisation');
SELECT is(qtcl.submit_block((SELECT bytes FROM forged WHERE name = 'F15')), 'connected', 'F on Y14, where its nonce follows: connected');
SELECT is(pg_temp.name_of(pg_temp.tip()) || ' ' || pg_temp.status('W14'), 'F15 side', 'F is the tip; W14 a side block');
SELECT is(pg_temp.problems(), NULL, 'invariants after F');

-- ---- 6. Randomized: many forks, reorganisations, invalidations, double spends ----
-- Each step may first add a transfer (or replace a pending one with more fee), then mines on a
-- random valid block (biased to recent ones), mines on the tip with the pending transactions,
-- invalidates a random valid block or reconsiders a random invalid one. After each step: the
-- invariants, and every transaction that was confirmed or pending before the chain moved is still
-- confirmed or pending, unless the new chain confirmed another one with its sender's nonce.
DO $$ BEGIN PERFORM setseed(0.2); END $$;
CREATE TEMP TABLE snap (tx_hash bytea, sender qtcl.hyper_addr, nonce bigint, was text);
CREATE TEMP TABLE walk_log (step int, action text, reorg_depth int, returned int, dropped int);
CREATE FUNCTION pg_temp.pick(q text) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE n bigint; b bytea;
BEGIN
    EXECUTE 'SELECT count(*) FROM (' || q || ') s' INTO n;
    IF n = 0 THEN RETURN NULL; END IF;
    EXECUTE q || ' OFFSET ' || floor(random() * n)::bigint || ' LIMIT 1' INTO b;
    RETURN b;
END $$;
CREATE FUNCTION pg_temp.random_step(i int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    wallets constant text[] := ARRAY['alice', 'bob', 'carol'];
    f text;
    t text;
    r float8;
    target bytea;
    old_tip bytea;
    old_height bigint;
    fork_height bigint;
    action text := '';
    pend record;
    lost text;
    why text;
BEGIN
    -- The mempool.
    r := random();
    IF r < 0.35 THEN
        f := wallets[1 + floor(random() * 3)::int];
        t := (ARRAY['alice', 'bob', 'carol', 'dave', 'miner'])[1 + floor(random() * 5)::int];
        IF t = f THEN t := 'dave'; END IF;
        PERFORM pg_temp.send(f, t, 1 + floor(random() * 1000000)::bigint, 1000 + floor(random() * 1000)::bigint,
                             (SELECT pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr(f)));
        action := f || ' pays ' || t || ', ';
    ELSIF r < 0.65 AND EXISTS (SELECT 1 FROM qtcl.mempool) THEN
        SELECT k.name AS f, m.recipient, m.amount, m.fee, m.nonce INTO pend
          FROM qtcl.mempool m JOIN k ON qtcl.hyper_addr(k.public_key) = m.sender
         ORDER BY m.sender, m.nonce OFFSET floor(random() * (SELECT count(*) FROM qtcl.mempool)) LIMIT 1;
        IF FOUND THEN
            INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
            VALUES (pg_temp.pk(pend.f), pend.recipient, pend.amount + 1, pend.fee + pend.fee / 10 + 1, pend.nonce,
                    qtcl.sign_transaction(pg_temp.sk(pend.f), pg_temp.pk(pend.f), pend.recipient, pend.amount + 1,
                                          pend.fee + pend.fee / 10 + 1, pend.nonce));
            action := pend.f || ' replaces nonce ' || pend.nonce || ', ';
        END IF;
    END IF;
    DELETE FROM snap;
    INSERT INTO snap SELECT tx_hash, sender, nonce, 'confirmed' FROM qtcl.transactions
                     UNION ALL SELECT pg_temp.real_hash(m), sender, nonce, 'pending' FROM qtcl.mempool m;
    SELECT hash, height INTO old_tip, old_height FROM qtcl.tip;

    -- The chain.
    r := random();
    IF r < 0.35 THEN
        -- Extend a side branch's leaf (mostly the best one): branches race.
        IF random() < 0.8 THEN
            target := (SELECT hash FROM qtcl.blocks b WHERE status = 'side'
                          AND NOT EXISTS (SELECT 1 FROM qtcl.blocks c WHERE c.parent = b.hash AND c.status IN ('active', 'side'))
                        ORDER BY chainwork DESC, seq LIMIT 1);
        ELSE
            target := pg_temp.pick($q$SELECT hash FROM qtcl.blocks b WHERE status = 'side'
                                      AND NOT EXISTS (SELECT 1 FROM qtcl.blocks c WHERE c.parent = b.hash AND c.status IN ('active', 'side'))
                                    ORDER BY seq$q$);
        END IF;
        target := coalesce(target, (SELECT parent FROM qtcl.tip));
        action := action || 'extend ' || pg_temp.name_of(target);
    ELSIF r < 0.50 THEN
        -- Fork off one of the last three active blocks.
        target := pg_temp.pick($q$SELECT hash FROM qtcl.blocks WHERE status = 'active' AND height >= (SELECT height - 2 FROM qtcl.tip) ORDER BY height$q$);
        action := action || 'fork off ' || pg_temp.name_of(target);
    ELSIF r < 0.55 THEN
        target := pg_temp.pick($q$SELECT hash FROM qtcl.blocks WHERE status IN ('active', 'side') ORDER BY seq$q$);
        action := action || 'mine on ' || pg_temp.name_of(target);
    ELSIF r < 0.75 THEN
        action := action || 'mine on the tip';
    ELSIF r < 0.87 THEN
        target := pg_temp.pick($q$SELECT hash FROM qtcl.blocks WHERE status IN ('active', 'side') AND height > 0 ORDER BY seq$q$);
        PERFORM qtcl.invalidate_block(target);
        action := action || 'invalidate ' || pg_temp.name_of(target);
    ELSE
        target := pg_temp.pick($q$SELECT hash FROM qtcl.blocks WHERE status = 'invalid' ORDER BY seq$q$);
        IF target IS NOT NULL THEN
            PERFORM qtcl.reconsider_block(target);
            action := action || 'reconsider ' || pg_temp.name_of(target);
        ELSE
            action := action || 'mine on the tip (nothing to reconsider)';
        END IF;
    END IF;
    IF action ~ '(extend|fork off|mine on) [^ ]+$' THEN
        PERFORM pg_temp.remember('R' || i, qtcl.mine_block(pg_temp.addr('miner'), NULL, target));
        action := action || ': R' || i;
    ELSIF action ~ 'mine on the tip' THEN
        PERFORM pg_temp.remember('R' || i, qtcl.mine_block(pg_temp.addr('miner')));
        action := action || ': R' || i;
    END IF;

    -- What happened.
    WITH RECURSIVE down(hash, parent, height, status) AS (
        SELECT hash, parent, height, status FROM qtcl.blocks WHERE hash = old_tip
        UNION ALL SELECT b.hash, b.parent, b.height, b.status FROM down d JOIN qtcl.blocks b ON b.hash = d.parent WHERE d.status <> 'active')
    SELECT min(height) INTO fork_height FROM down WHERE status = 'active';
    INSERT INTO walk_log VALUES (i, action, old_height - fork_height,
        (SELECT count(*) FROM snap s JOIN qtcl.mempool m ON pg_temp.real_hash(m) = s.tx_hash WHERE s.was = 'confirmed'),
        (SELECT count(*) FROM snap s WHERE NOT EXISTS (SELECT 1 FROM qtcl.transactions t WHERE t.tx_hash = s.tx_hash)
                                       AND NOT EXISTS (SELECT 1 FROM qtcl.mempool m WHERE pg_temp.real_hash(m) = s.tx_hash)));
    SELECT string_agg(s.was || ' ' || encode(s.tx_hash, 'hex') || ' (nonce ' || s.nonce || ')', ', ') INTO lost
      FROM snap s LEFT JOIN qtcl.account_state a ON a.address = s.sender
     WHERE NOT EXISTS (SELECT 1 FROM qtcl.transactions t WHERE t.tx_hash = s.tx_hash)
       AND NOT EXISTS (SELECT 1 FROM qtcl.mempool m WHERE pg_temp.real_hash(m) = s.tx_hash)
       AND s.nonce >= coalesce(a.nonce, 0);
    why := nullif(concat_ws('; ', pg_temp.problems(), 'lost without a conflicting confirmation: ' || lost), '');
    RETURN is(why, NULL, format('random step %s (%s, reorganisation depth %s): invariants hold, nothing lost',
                                i, action, old_height - fork_height));
END $$;
SELECT pg_temp.random_step(i) FROM generate_series(1, 60) i;
-- The walk is reproducible (fixed seed); these say that it went through what it is meant to test.
SELECT cmp_ok((SELECT count(*) FROM walk_log WHERE reorg_depth > 0 AND action !~ 'invalidate|reconsider'), '>=', 3::bigint,
              'the random walk reorganised at least 3 times by mined blocks');
SELECT cmp_ok((SELECT count(*) FROM walk_log WHERE reorg_depth > 0 AND action ~ 'invalidate|reconsider'), '>=', 3::bigint,
              'and at least 3 times by invalidate_block or reconsider_block');
SELECT cmp_ok((SELECT max(reorg_depth) FROM walk_log), '>=', 10, 'at least once 10 or more blocks deep');
SELECT cmp_ok((SELECT sum(returned) FROM walk_log), '>=', 10::bigint, 'at least 10 times a confirmed transaction came back to the mempool');
SELECT cmp_ok((SELECT sum(dropped) FROM walk_log), '>=', 3::bigint, 'at least 3 transactions were dropped for a conflicting confirmation');
SELECT cmp_ok((SELECT count(*) FROM walk_log WHERE action ~ 'reconsider'), '>=', 3::bigint, 'at least 3 reconsiderations');
SELECT cmp_ok((SELECT count(*) FROM qtcl.transactions), '>=', 12::bigint, 'at least 12 transactions are confirmed at the end');

SELECT * FROM finish();
ROLLBACK;
