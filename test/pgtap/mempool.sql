-- pgTAP: transactions by INSERT into qtcl.mempool. Each refusal has its SQLSTATE (class QT) and a
-- message that says what was expected, and leaves the state exactly as it was.
BEGIN;
SELECT plan(48);
SET LOCAL search_path = public, qtcl;

CREATE TEMP TABLE k AS
SELECT name, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('tap ' || name, 'UTF8')))).* FROM unnest(ARRAY['alice', 'bob', 'carol']) name;
CREATE FUNCTION pg_temp.pk(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT public_key FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.sk(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT secret_key FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.addr(n text) RETURNS qtcl.hyper_addr LANGUAGE sql AS $$ SELECT qtcl.hyper_addr(public_key) FROM k WHERE name = n $$;
-- Submit a signed transfer from one wallet to another.
CREATE FUNCTION pg_temp.send(f text, t text, amount bigint, fee bigint, nonce bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
    VALUES (pg_temp.pk(f), pg_temp.addr(t), amount, fee, nonce,
            qtcl.sign_transaction(pg_temp.sk(f), pg_temp.pk(f), pg_temp.addr(t), amount, fee, nonce)) $$;
-- Everything a refusal must leave unchanged.
CREATE FUNCTION pg_temp.digest() RETURNS text LANGUAGE sql AS $$
    SELECT coalesce((SELECT md5(string_agg(encode(tx_hash, 'hex') || fee, ',' ORDER BY tx_hash)) FROM qtcl.mempool), '-') || '/' ||
           coalesce((SELECT md5(string_agg(address::text || balance || ':' || nonce, ',' ORDER BY address)) FROM qtcl.account_state), '-') $$;

SELECT throws_ok($$SELECT pg_temp.send('alice', 'bob', 1, 1000, 0)$$, '55000', NULL, 'no chain yet: 55000');
SELECT lives_ok(format($$SELECT qtcl.init_chain('regtest', '{"%s": 100000000, "%s": 5000}', '{"min_fee": 1000}')$$,
                       pg_temp.addr('alice'), pg_temp.addr('carol')), 'init_chain with two allocations');
SELECT results_eq($$SELECT balance, nonce, pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('alice')$$,
                  $$VALUES (100000000::bigint, 0::bigint, 0::bigint)$$, 'alice starts with her allocation');
SELECT throws_ok($$SELECT qtcl.init_chain('regtest')$$, '42710', NULL, 'one chain per database');

-- Accepted: derived columns filled; pending nonce counts it.
SELECT lives_ok($$SELECT pg_temp.send('alice', 'bob', 1000000, 1000, 0)$$, 'a valid transfer is accepted');
SELECT is((SELECT sender FROM qtcl.mempool), pg_temp.addr('alice'), 'sender filled from the key');
SELECT is((SELECT length(tx_hash) FROM qtcl.mempool), 32, 'tx hash filled');
SELECT ok((SELECT received_at IS NOT NULL FROM qtcl.mempool), 'received time filled');
SELECT is((SELECT pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('alice')), 1::bigint, 'pending nonce counts it');
SELECT is(qtcl.test_accept(pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1,
          qtcl.sign_transaction(pg_temp.sk('alice'), pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1)), 'ok',
          'test_accept says ok for the next nonce');
SELECT is((SELECT count(*) FROM qtcl.mempool), 1::bigint, 'test_accept stored nothing');

-- Every refusal: SQLSTATE, message, state unchanged.
CREATE TEMP TABLE before AS SELECT pg_temp.digest() AS d;
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                   VALUES (pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1,
                           qtcl.sign_transaction(pg_temp.sk('alice'), pg_temp.pk('alice'), pg_temp.addr('bob'), 6, 1000, 1))$$,
                 'QT001', NULL, 'bad signature (signed another amount): QT001');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                   VALUES (pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1,
                           qtcl.sign_transaction(pg_temp.sk('bob'), pg_temp.pk('bob'), pg_temp.addr('bob'), 5, 1000, 1))$$,
                 'QT001', NULL, 'bad signature (another key): QT001');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature, chain_id)
                   VALUES (pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1,
                           qtcl.sign_transaction(pg_temp.sk('alice'), pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1), 77)$$,
                 'QT002', 'transaction refused: wrong chain id 77 (this chain is 2)', 'wrong chain id: QT002');
SELECT throws_ok($$SELECT pg_temp.send('alice', 'bob', 5, 1000, 3)$$, 'QT003',
                 'transaction refused: nonce 3 is not the sender''s next: expected 1 (confirmed nonce 0 plus 1 pending)',
                 'nonce ahead: QT003, stating the expected nonce');
SELECT throws_ok($$SELECT pg_temp.send('carol', 'bob', 5, 1000, 1)$$, 'QT003', NULL, 'nonce ahead for a fresh sender: QT003');
SELECT throws_ok($$SELECT pg_temp.send('alice', 'bob', 99000000, 1000, 1)$$, 'QT004', NULL,
                 'balance below amount + fee + pending spends: QT004');
SELECT throws_ok($$SELECT pg_temp.send('bob', 'alice', 1, 1000, 0)$$, 'QT004', NULL, 'no balance at all: QT004');
SELECT throws_ok($$SELECT pg_temp.send('carol', 'bob', 4001, 1000, 0)$$, 'QT004', NULL, 'one unit too much: QT004');
SELECT throws_ok($$INSERT INTO qtcl.mempool SELECT * FROM qtcl.mempool$$, 'QT006', NULL, 'the same transaction again: QT006');
SELECT throws_ok($$SELECT pg_temp.send('alice', 'bob', 0, 1000, 1)$$, 'QT007', NULL, 'amount zero: QT007');
SELECT throws_ok($$SELECT pg_temp.send('alice', 'bob', -5, 1000, 1)$$, 'QT007', NULL, 'negative amount: QT007');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                   VALUES (pg_temp.pk('alice'), pg_temp.addr('bob'), 9223372036854775807, 1000, 1,
                           (SELECT signature FROM qtcl.mempool LIMIT 1))$$, 'QT008', NULL, 'amount + fee overflow: QT008');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                   VALUES (pg_temp.pk('alice'), pg_temp.addr('bob'), 2100000000000000, 1000, 1,
                           (SELECT signature FROM qtcl.mempool LIMIT 1))$$, 'QT008', NULL, 'beyond the supply cap: QT008');
SELECT throws_ok($$SELECT pg_temp.send('alice', 'bob', 5, 999, 1)$$, 'QT009',
                 'transaction refused: fee 999 below the minimum 1000', 'fee below the minimum: QT009');
SELECT throws_ok($$SELECT pg_temp.send('alice', 'bob', 1000000, 1099, 0)$$, 'QT010', NULL,
                 'replacement with less than 10% more fee: QT010');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                   VALUES ('\x00'::bytea, pg_temp.addr('bob'), 5, 1000, 1, (SELECT signature FROM qtcl.mempool LIMIT 1))$$,
                 '22026', NULL, 'a sender key that is not ML-DSA-65: 22026');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                   VALUES (pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1,
                           qtcl.hlwe_sign((qtcl.hlwe_keygen(NULL, 'ml-dsa-44')).secret_key, 'x'::bytea))$$,
                 'QT001', NULL, 'an ML-DSA-44 signature: QT001');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce) VALUES (pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 1000, 1)$$,
                 '23502', NULL, 'no signature: 23502');
SELECT is(pg_temp.digest(), (SELECT d FROM before), 'after every refusal the state is unchanged');
SELECT is(qtcl.test_accept(pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 999, 1,
          qtcl.sign_transaction(pg_temp.sk('alice'), pg_temp.pk('alice'), pg_temp.addr('bob'), 5, 999, 1)),
          'fee 999 below the minimum 1000', 'test_accept gives the reason');

-- Replacement with at least 10% more fee: the old one goes, the balance is re-checked.
SELECT lives_ok($$SELECT pg_temp.send('alice', 'bob', 1000000, 1100, 0)$$, 'a replacement with 10% more fee is accepted');
SELECT results_eq($$SELECT nonce, fee FROM qtcl.mempool$$, $$VALUES (0::bigint, 1100::bigint)$$, 'and replaces the pending one');
SELECT throws_ok($$SELECT pg_temp.send('alice', 'bob', 99999000, 1210, 0)$$, 'QT004', NULL, 'a replacement is balance-checked too');

-- Pending spends count against the balance; at most 25 pending per sender.
SELECT lives_ok($$SELECT pg_temp.send('alice', 'carol', 10, 1000, n) FROM generate_series(1, 24) n$$, '24 more pending from alice');
SELECT is((SELECT pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('alice')), 25::bigint, '25 pending');
SELECT throws_ok($$SELECT pg_temp.send('alice', 'carol', 10, 1000, 25)$$, 'QT005', NULL, 'a 26th pending transaction: QT005');
SELECT lives_ok($$SELECT pg_temp.send('alice', 'carol', 10, 1100, 7)$$, 'but replacing one of the 25 is fine');

-- Multi-row INSERT and COPY go through the same checks.
SELECT lives_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                  SELECT pg_temp.pk('carol'), pg_temp.addr('bob'), 1, 1000, n,
                         qtcl.sign_transaction(pg_temp.sk('carol'), pg_temp.pk('carol'), pg_temp.addr('bob'), 1, 1000, n)
                    FROM generate_series(0, 1) n$$, 'a multi-row INSERT of two transfers');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
                  SELECT pg_temp.pk('carol'), pg_temp.addr('bob'), 1, 1000, n,
                         qtcl.sign_transaction(pg_temp.sk('carol'), pg_temp.pk('carol'), pg_temp.addr('bob'), 1, 1000, n)
                    FROM generate_series(2, 4) n$$, 'QT004', NULL, 'a multi-row INSERT whose third row overspends fails whole');
SELECT is((SELECT pending_nonce FROM qtcl.accounts WHERE address = pg_temp.addr('carol')), 2::bigint, 'none of its rows stayed');

-- Privileges: any role may submit and read; nobody but the extension changes chain tables.
CREATE ROLE qtcl_tap_submitter;
GRANT SELECT ON k TO qtcl_tap_submitter;
SET LOCAL ROLE qtcl_tap_submitter;
SELECT lives_ok($$SELECT pg_temp.send('carol', 'bob', 1, 1000, 2)$$, 'an ordinary role submits by INSERT');
SELECT throws_ok($$DELETE FROM qtcl.mempool$$, '42501', NULL, 'an ordinary role cannot delete from the mempool');
SELECT throws_ok($$UPDATE qtcl.account_state SET balance = balance + 1$$, '42501', NULL, 'nor change balances');
SELECT throws_ok($$INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature, tx_hash)
                   SELECT sender_key, recipient, amount, fee, nonce, signature, tx_hash FROM qtcl.mempool LIMIT 1$$,
                 '42501', NULL, 'nor set the derived columns');
SELECT is((SELECT count(*) > 0 FROM qtcl.accounts), true, 'but may read the chain relations');
CREATE TEMP TABLE decoy (sender_key int4, recipient int4, amount int8, fee int8, nonce int8, signature int4,
                         chain_id int8, tx_hash int4, sender int4, received_at int4);
SELECT throws_ok($$CREATE TRIGGER x BEFORE INSERT ON decoy FOR EACH ROW EXECUTE FUNCTION qtcl.mempool_before_insert()$$,
                 '42501', NULL, 'nor attach the validating trigger (it runs as the owner) to a table of its own');
RESET ROLE;

-- The chain id is read with the query's snapshot, so the PARALLEL SAFE helpers run in parallel workers.
SET LOCAL force_parallel_mode = on;
SET LOCAL parallel_setup_cost = 0;
SELECT lives_ok($$SELECT qtcl.tx_signing_message(decode(repeat('00', 1952), 'hex'),
                  'qtcl1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqlfewua', 1, 1000, 0)$$,
                'tx_signing_message in a parallel worker');
RESET force_parallel_mode;

SELECT * FROM finish();
ROLLBACK;
