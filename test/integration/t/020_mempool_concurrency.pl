# Concurrent INSERTs into qtcl.mempool from the same senders (pgbench, 8 clients): never two
# pending transactions with one nonce, never a gap, never an overspend.
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use Test::More;

my $node = QtclTest::node('mempool');
$node->safe_psql('postgres', q{
	CREATE EXTENSION qtcl;
	CREATE TABLE wallets AS
	  SELECT n, k.public_key AS pk, k.secret_key AS sk, qtcl.hyper_addr(k.public_key) AS addr
	    FROM generate_series(1, 4) n, LATERAL qtcl.hlwe_keygen(qtcl.sha3_256(int4send(n))) k;
	SELECT qtcl.init_chain('regtest', (SELECT jsonb_object_agg(addr::text, 300000) FROM wallets));
	CREATE TABLE outcomes (code text);
	CREATE FUNCTION submit_one() RETURNS void LANGUAGE plpgsql AS $$
	DECLARE w record; n bigint; to_addr qtcl.hyper_addr; amt bigint := 1000 + (random() * 60000)::int;
	BEGIN
	  SELECT * INTO w FROM wallets ORDER BY random() LIMIT 1;
	  SELECT addr INTO to_addr FROM wallets ORDER BY random() LIMIT 1;
	  SELECT pending_nonce INTO n FROM qtcl.accounts WHERE qtcl.addr_hash(address) = qtcl.addr_hash(w.addr);
	  INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
	  VALUES (w.pk, to_addr, amt, 1000, n, qtcl.sign_transaction(w.sk, w.pk, to_addr, amt, 1000, n));
	  INSERT INTO outcomes VALUES ('ok');
	EXCEPTION WHEN SQLSTATE 'QT003' OR SQLSTATE 'QT004' OR SQLSTATE 'QT005' OR SQLSTATE 'QT006'
	               OR SQLSTATE 'QT010' OR unique_violation THEN
	  INSERT INTO outcomes VALUES (SQLSTATE);
	END $$;
});
my $script = "$ENV{TESTDIR}/submit.sql";
open my $fh, '>', $script or die;
print $fh "SELECT submit_one();\n";
close $fh;
$node->command_ok([ 'pgbench', '-n', '-c', '8', '-j', '2', '-t', '60', '-f', $script, '-h', $node->host, '-p', $node->port, 'postgres' ],
	'8 clients submit 480 transfers from 4 senders at once');

my $ok = $node->safe_psql('postgres', "SELECT count(*) FROM outcomes WHERE code = 'ok'");
my $refused = $node->safe_psql('postgres', "SELECT count(*) FROM outcomes WHERE code <> 'ok'");
cmp_ok($ok, '>', 0, "$ok transfers accepted");
cmp_ok($refused, '>', 0, "$refused refused under contention (stale nonce or not enough balance)");
is($node->safe_psql('postgres', 'SELECT count(*) FROM qtcl.mempool'), $ok, 'every accepted transfer is pending');
is($node->safe_psql('postgres', 'SELECT count(*) FROM (SELECT sender, nonce FROM qtcl.mempool GROUP BY 1, 2 HAVING count(*) > 1) d'), '0',
	'no two pending transactions share a sender and nonce');
is($node->safe_psql('postgres', q{SELECT count(*) FROM (SELECT sender, count(*) AS n, min(nonce) AS lo, max(nonce) AS hi
	FROM qtcl.mempool GROUP BY sender) s WHERE lo <> 0 OR hi <> n - 1}), '0', 'each sender\'s nonces run 0, 1, 2, ... without a gap');
is($node->safe_psql('postgres', q{SELECT count(*) FROM (SELECT m.sender, sum(m.amount + m.fee) AS spend, max(a.balance) AS balance
	FROM qtcl.mempool m JOIN qtcl.account_state a ON qtcl.addr_hash(a.address) = qtcl.addr_hash(m.sender) GROUP BY m.sender) s
	WHERE spend > balance}), '0', 'no sender\'s pending spends exceed its balance');
is($node->safe_psql('postgres', q{SELECT count(*) FROM qtcl.accounts a
	WHERE a.pending_nonce <> (SELECT count(*) FROM qtcl.mempool m WHERE qtcl.addr_hash(m.sender) = qtcl.addr_hash(a.address))}), '0',
	'pending_nonce agrees with the mempool');

# REPEATABLE READ: a snapshot taken before another session's replacement must not let a sender
# overspend (the checks read with the latest snapshot after the row lock).
$node->safe_psql('postgres', q{
	CREATE TABLE w5 AS SELECT k.public_key AS pk, k.secret_key AS sk, qtcl.hyper_addr(k.public_key) AS addr
	  FROM qtcl.hlwe_keygen(qtcl.sha3_256('rr test'::bytea)) k;
	CREATE FUNCTION send5(amount bigint, fee bigint, nonce bigint) RETURNS void LANGUAGE sql AS $$
	  INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
	  SELECT pk, addr, amount, fee, nonce, qtcl.sign_transaction(sk, pk, addr, amount, fee, nonce) FROM w5 $$;
});
# Give w5 a balance of 100000 through a direct credit (the test is superuser; no blocks exist yet).
$node->safe_psql('postgres', 'INSERT INTO qtcl.account_state (address, balance, nonce) SELECT addr, 100000, 0 FROM w5');
$node->safe_psql('postgres', 'SELECT send5(1000, 1000, 0)');
my $b = $node->background_psql('postgres', on_error_stop => 0);
$b->query_safe('BEGIN ISOLATION LEVEL REPEATABLE READ');
$b->query_safe('SELECT count(*) FROM qtcl.mempool');    # the snapshot sees the small nonce 0
$node->safe_psql('postgres', 'SELECT send5(90000, 1100, 0)');    # replaced by a big one, committed
$b->query('SELECT send5(90000, 1000, 1)');
like($b->{stderr}, qr/balance 100000 is below/, 'a REPEATABLE READ session cannot overspend with a stale snapshot');
$b->query('ROLLBACK');
$b->quit;
is($node->safe_psql('postgres', q{SELECT sum(amount + fee) <= 100000 FROM qtcl.mempool m JOIN w5 ON qtcl.addr_hash(m.sender) = qtcl.addr_hash(w5.addr)}),
	't', 'its pending spends stay within its balance');

# The account row lock follows a concurrent change of the account (a block connecting elsewhere
# changes balance and nonce): the waiting INSERT is judged on the newest version in READ
# COMMITTED, and is a serialization failure under REPEATABLE READ.
$node->safe_psql('postgres', q{
	CREATE TABLE w6 AS SELECT k.public_key AS pk, k.secret_key AS sk, qtcl.hyper_addr(k.public_key) AS addr
	  FROM qtcl.hlwe_keygen(qtcl.sha3_256('lock test'::bytea)) k;
	INSERT INTO qtcl.account_state (address, balance, nonce) SELECT addr, 100000, 0 FROM w6;
	CREATE TABLE outcomes6 (label text, code text);
	CREATE FUNCTION send6(label text, amount bigint, fee bigint, nonce bigint) RETURNS void LANGUAGE plpgsql AS $$
	BEGIN
	  INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
	  SELECT pk, addr, amount, fee, nonce, qtcl.sign_transaction(sk, pk, addr, amount, fee, nonce) FROM w6;
	  INSERT INTO outcomes6 VALUES (label, 'ok');
	EXCEPTION WHEN OTHERS THEN
	  INSERT INTO outcomes6 VALUES (label, SQLSTATE);
	END $$;
});
sub blocked_behind_lock {
	my ($label) = @_;
	ok($node->poll_query_until('postgres',
		qq{SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%$label%'}),
		"$label: the INSERT waits for the account row");
}
sub outcome {
	my ($label) = @_;
	$node->poll_query_until('postgres', qq{SELECT count(*) > 0 FROM outcomes6 WHERE label = '$label'});
	return $node->safe_psql('postgres', qq{SELECT code FROM outcomes6 WHERE label = '$label'});
}
for my $iso ('READ COMMITTED', 'REPEATABLE READ') {
	my $label = $iso eq 'READ COMMITTED' ? 'rc' : 'rr';
	my $a = $node->background_psql('postgres', on_error_stop => 0);
	my $b = $node->background_psql('postgres', on_error_stop => 0);
	$b->query_safe("BEGIN ISOLATION LEVEL $iso");
	$b->query_safe('SELECT count(*) FROM qtcl.account_state');    # the snapshot is taken
	$a->query_safe('BEGIN');
	# A block elsewhere confirmed one transaction of w6: nonce 0 -> 1, balance 100000 -> 3000.
	$a->query_safe('UPDATE qtcl.account_state a SET balance = 3000, nonce = a.nonce + 1 FROM w6 '
		. 'WHERE qtcl.addr_hash(a.address) = qtcl.addr_hash(w6.addr)');
	$b->query_until(qr/sent/, "\\echo sent\nSELECT send6('$label', 1000, 1000, (SELECT nonce FROM qtcl.account_state a JOIN w6 ON qtcl.addr_hash(a.address) = qtcl.addr_hash(w6.addr)));\n");
	blocked_behind_lock($label);
	$a->query_safe('COMMIT');
	# b's transaction is still open: wait for its statement to end, then commit it to see the outcome.
	$node->poll_query_until('postgres',
		qq{SELECT count(*) = 0 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%send6(''$label''%'});
	$b->query('COMMIT');
	if ($iso eq 'READ COMMITTED') {
		is(outcome($label), 'QT003', 'READ COMMITTED: after the wait the nonce is checked against the newest account (1, not 0)');
	} else {
		is(outcome($label), '40001', 'REPEATABLE READ: a concurrent change of the account is a serialization failure');
	}
	$a->quit;
	$b->quit;
	# Put the account back for the next round.
	$node->safe_psql('postgres', 'UPDATE qtcl.account_state a SET balance = 100000, nonce = 0 FROM w6 '
		. 'WHERE qtcl.addr_hash(a.address) = qtcl.addr_hash(w6.addr)');
}
# In READ COMMITTED the newest balance is what counts: 3000 allows 2000 + 1000 and nothing more.
my $a = $node->background_psql('postgres', on_error_stop => 0);
$a->query_safe('BEGIN');
$a->query_safe('UPDATE qtcl.account_state a SET balance = 3000, nonce = 1 FROM w6 WHERE qtcl.addr_hash(a.address) = qtcl.addr_hash(w6.addr)');
my $b2 = $node->background_psql('postgres', on_error_stop => 0);
$b2->query_until(qr/sent/, "\\echo sent\nSELECT send6('rc-balance', 2500, 1000, 1);\n");
blocked_behind_lock('rc-balance');
$a->query_safe('COMMIT');
is(outcome('rc-balance'), 'QT004', 'READ COMMITTED: 2500 + 1000 is refused against the newest balance 3000');
$node->safe_psql('postgres', "SELECT send6('rc-fits', 2000, 1000, 1)");
is(outcome('rc-fits'), 'ok', 'and 2000 + 1000 fits');
is($node->safe_psql('postgres', q{SELECT count(*) FROM qtcl.mempool m JOIN w6 ON qtcl.addr_hash(m.sender) = qtcl.addr_hash(w6.addr)}),
	'1', 'w6 has exactly the one pending transaction that fits');
$a->quit;
$b2->quit;

# The size cap under concurrent sessions: 4 clients insert 160 transactions from 16 senders into a
# pool capped at 40. A session counts the pool only every 20 ms while its own count says it is under
# the cap, so between counts the pool may briefly hold more; the next statement of a session whose
# count is older brings it back within the cap. Evictions take the sender's later nonces too.
$node->safe_psql('postgres', q{
	DELETE FROM qtcl.mempool;
	CREATE TABLE cap_wallets AS
	  SELECT n, k.public_key AS pk, k.secret_key AS sk, qtcl.hyper_addr(k.public_key) AS addr
	    FROM generate_series(1, 17) n, LATERAL qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('cap ' || n, 'UTF8'))) k;
	INSERT INTO qtcl.account_state (address, balance, nonce) SELECT addr, 100000000, 0 FROM cap_wallets WHERE n <= 16;
	CREATE TABLE cap_rows AS
	  SELECT (w.n - 1) * 10 + i AS id, w.pk, r.addr AS recipient, 1000::bigint AS amount,
	         (1000 + (w.n * 37 + i * 11) % 50 * 100)::bigint AS fee, i::bigint AS nonce, NULL::qtcl.hlwe_signature AS sig
	    FROM cap_wallets w, cap_wallets r, generate_series(0, 9) i WHERE w.n <= 16 AND r.n = 17;
	UPDATE cap_rows c SET sig = qtcl.sign_transaction(w.sk, w.pk, c.recipient, c.amount, c.fee, c.nonce)
	  FROM cap_wallets w WHERE w.pk = c.pk;
	CREATE TABLE cap_outcomes (code text);
	CREATE FUNCTION cap_submit(i int) RETURNS void LANGUAGE plpgsql AS $$
	BEGIN
	  INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
	  SELECT pk, recipient, amount, fee, nonce, sig FROM cap_rows WHERE id = i;
	  INSERT INTO cap_outcomes VALUES ('ok');
	EXCEPTION WHEN SQLSTATE 'QT012' OR SQLSTATE 'QT003' THEN
	  INSERT INTO cap_outcomes VALUES (SQLSTATE);
	END $$;
	ALTER SYSTEM SET qtcl.mempool_max_txs = 40;
	SELECT pg_reload_conf();
});
my $cap_script = "$ENV{TESTDIR}/cap.sql";
open my $cfh, '>', $cap_script or die;
print $cfh "\\set id :client_id * 40 + :k\n\\set k :k + 1\nSELECT cap_submit(:id);\n";
close $cfh;
# Several rounds from an empty pool: an eviction racing an INSERT for the same sender is rare in any one.
my ($rounds, $ran, $outcomes, $within, $most, $gapless) = (8, 0, 0, 0, 0, 0);
for my $round (1 .. $rounds) {
	$node->safe_psql('postgres', 'DELETE FROM qtcl.mempool; TRUNCATE cap_outcomes');
	$ran++ if PostgreSQL::Test::Utils::run_log([ 'pgbench', '-n', '-c', '4', '-j', '2', '-t', '40', '-D', 'k=0',
		'-f', $cap_script, '-h', $node->host, '-p', $node->port, 'postgres' ]);
	$outcomes++ if $node->safe_psql('postgres', 'SELECT count(*) FROM cap_outcomes') eq '160';
	$node->safe_psql('postgres', 'SELECT pg_sleep(0.05)');
	$node->safe_psql('postgres', 'INSERT INTO qtcl.mempool SELECT * FROM qtcl.mempool WHERE false');    # a statement that counts
	my $count = $node->safe_psql('postgres', 'SELECT count(*) FROM qtcl.mempool');
	$within++ if $count <= 40;
	$most++ if $count >= 30;
	$gapless++ if $node->safe_psql('postgres', q{SELECT count(*) FROM (SELECT sender, count(*) AS n, min(nonce) AS lo,
	  max(nonce) AS hi FROM qtcl.mempool GROUP BY sender) s WHERE lo <> 0 OR hi <> n - 1}) eq '0';
}
is($ran, $rounds, "4 clients submit 160 transactions to a pool capped at 40, $rounds times");
is($outcomes, $rounds, 'every submission has an outcome');
is($within, $rounds, 'the pool is within its cap after each round');
is($most, $rounds, 'and holds most of it');
is($gapless, $rounds,
	'every sender still pending keeps nonces 0, 1, 2, ... without a gap (an eviction takes the later nonces, even one inserted meanwhile)');
$node->safe_psql('postgres', 'ALTER SYSTEM RESET qtcl.mempool_max_txs; SELECT pg_reload_conf()');

done_testing();
