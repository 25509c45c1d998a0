-- pgTAP: the mempool's limits: expiry (qtcl.mempool_expiry) and the size cap (qtcl.mempool_max_txs),
-- evicting the lowest fees with their senders' later nonces; a statement whose own transaction would
-- be evicted at once is refused (QT012) and changes nothing.
BEGIN;
SELECT plan(18);
SET LOCAL search_path = public, qtcl;

CREATE TEMP TABLE k AS
SELECT name, (qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('limits ' || name, 'UTF8')))).* FROM unnest(ARRAY['a', 'b', 'c', 'd', 'e', 'f']) name;
CREATE FUNCTION pg_temp.pk(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT public_key FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.sk(n text) RETURNS bytea LANGUAGE sql AS $$ SELECT secret_key FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.addr(n text) RETURNS qtcl.hyper_addr LANGUAGE sql AS $$ SELECT qtcl.hyper_addr(public_key) FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.send(f text, amount bigint, fee bigint, nonce bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
    VALUES (pg_temp.pk(f), pg_temp.addr('d'), amount, fee, nonce,
            qtcl.sign_transaction(pg_temp.sk(f), pg_temp.pk(f), pg_temp.addr('d'), amount, fee, nonce)) $$;
CREATE FUNCTION pg_temp.pool() RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(k.name || m.nonce || ':' || m.fee, ' ' ORDER BY k.name, m.nonce), '')
      FROM qtcl.mempool m JOIN k ON qtcl.hyper_addr(k.public_key) OPERATOR(qtcl.=) m.sender $$;

SELECT lives_ok(format($$SELECT qtcl.init_chain('regtest', '{"%s": 100000000, "%s": 100000000, "%s": 100000000, "%s": 100000000, "%s": 100000000}')$$,
                       pg_temp.addr('a'), pg_temp.addr('b'), pg_temp.addr('c'), pg_temp.addr('e'), pg_temp.addr('f')),
                'a chain with five funded senders');

-- Size cap.
SET LOCAL qtcl.mempool_max_txs = 4;
SELECT lives_ok($$SELECT pg_temp.send('a', 10, 5000, 0), pg_temp.send('a', 10, 1500, 1), pg_temp.send('a', 10, 9000, 2)$$,
                'a: three pending, the middle one cheap');
SELECT lives_ok($$SELECT pg_temp.send('b', 10, 3000, 0)$$, 'b: one pending; the pool is at its cap');
SELECT is(pg_temp.pool(), 'a0:5000 a1:1500 a2:9000 b0:3000', 'four pending');
SELECT lives_ok($$SELECT pg_temp.send('c', 10, 4000, 0)$$, 'c: a fifth, above the cap');
SELECT is(pg_temp.pool(), 'a0:5000 b0:3000 c0:4000',
          'the lowest fee (a1) went, and a''s later nonce (a2) with it, whatever its fee');
SELECT is((SELECT pending_nonce FROM qtcl.accounts WHERE address OPERATOR(qtcl.=) pg_temp.addr('a')), 1::bigint,
          'a''s next nonce is 1 again');
CREATE TEMP TABLE before AS SELECT pg_temp.pool() AS p;
SET LOCAL qtcl.mempool_max_txs = 3;
SELECT throws_ok($$SELECT pg_temp.send('b', 10, 1000, 1)$$, 'QT012', NULL,
                 'a full pool and the lowest fee: refused with QT012');
SELECT is(pg_temp.pool(), (SELECT p FROM before), 'the refused INSERT changed nothing');
SELECT is(qtcl.mempool_trim(), 0::bigint, 'mempool_trim: nothing more to evict');
SET LOCAL qtcl.mempool_max_txs = 1;
SELECT is(qtcl.mempool_trim(), 2::bigint, 'mempool_trim to a smaller cap evicts two');
SELECT is(pg_temp.pool(), 'a0:5000', 'the highest fee stays');

-- Expiry (real time: received_at against the clock).
RESET qtcl.mempool_max_txs;
SET LOCAL qtcl.mempool_expiry = 1;
SELECT pg_sleep(1.2);
SELECT lives_ok($$SELECT pg_temp.send('c', 10, 4000, 0)$$, 'a new transaction after the old one expired');
SELECT is(pg_temp.pool(), 'c0:4000', 'the expired one is gone, the new one stays');

-- A full pool of 100 or more evicts down to 1% under its cap, so the next transactions enter
-- without another pass over the whole pool.
RESET qtcl.mempool_expiry;
DELETE FROM qtcl.mempool;
SET LOCAL qtcl.mempool_max_txs = 100;
SELECT lives_ok($$SELECT pg_temp.send(s, 10, CASE WHEN s = 'e' AND n = 24 THEN 1000 WHEN s = 'e' AND n = 23 THEN 1100 ELSE 2000 + n END, n)
                    FROM unnest(ARRAY['a', 'b', 'c', 'e']) s, generate_series(0, 24) n ORDER BY s, n$$,
                'four senders fill the pool to its cap of 100');
SELECT lives_ok($$SELECT pg_temp.send('f', 10, 5000, 0)$$, 'a 101st transaction with a high fee');
SELECT is((SELECT count(*) FROM qtcl.mempool), 99::bigint, 'the pool went down to 99 (1% under the cap)');
SELECT is((SELECT string_agg(k.name || m.nonce, ' ' ORDER BY k.name, m.nonce) FROM qtcl.mempool m
             JOIN k ON qtcl.hyper_addr(k.public_key) OPERATOR(qtcl.=) m.sender WHERE (k.name = 'e' AND m.nonce >= 22) OR k.name = 'f'),
          'e22 f0', 'the two lowest fees went (e24, then e23), the new one stays');

SELECT * FROM finish();
ROLLBACK;
