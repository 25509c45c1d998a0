# The miner worker on a regtest chain (trivial proof of work: many blocks per second): it idles
# without qtcl.miner_address, mines once the address is set by a reload, confirms a transfer
# inserted while it mines, pays a new address after a reload, shows itself in qtcl.miner_status
# and pg_stat_activity, stops on SIGTERM and comes back, lets DROP DATABASE elsewhere through;
# a kill -9 of the postmaster during mining and a heavy INSERT load loses no acknowledged
# transaction and leaves a chain that verifies; a streaming replica answers chain queries while
# its workers stay idle. (The beacon's cadence and reloads of the other workers: 030_workers.pl.)
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use IPC::Run;
use Time::HiRes qw(time sleep);
use Test::More;

# allows_streaming brings shared_buffers = 1MB and max_connections = 10: more room for the load.
my $node = QtclTest::node('miner', allows_streaming => 1, workers => 1,
	conf => "qtcl.qrng_sources = 'os'\nqtcl.beacon_interval_ms = 100\nshared_buffers = 32MB\nmax_connections = 30\n");
my $t_start = time;

sub q1 { return $node->safe_psql('postgres', $_[0]); }

sub wait_for
{
	my ($n, $sql, $want, $secs) = @_;
	my $deadline = time + $secs;
	my $got;
	while (time < $deadline)
	{
		$got = $n->safe_psql('postgres', $sql);
		return 1 if $got eq $want;
		sleep 0.1;
	}
	diag "waited ${secs} s for [$sql] = [$want], last: [$got]";
	return 0;
}

sub height { return q1('SELECT height FROM qtcl.tip'); }

# Wallets: 1..24 send the crash test's load to 25; 26 and 27 are the miners' addresses; 28 sends
# one transfer to 29 while the miner runs.
q1(q{
	CREATE EXTENSION qtcl;
	CREATE TABLE wallets AS
	  SELECT n, k.public_key AS pk, k.secret_key AS sk, qtcl.hyper_addr(k.public_key) AS addr
	    FROM generate_series(1, 29) n, LATERAL qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('040 wallet ' || n, 'UTF8'))) k;
	SELECT qtcl.init_chain('regtest', (SELECT jsonb_object_agg(addr::text, 10000000000) FROM wallets WHERE n <= 24 OR n = 28));
	-- The load: each sender's nonces 0..24 (the pending limit is 25), signed for this chain.
	CREATE TABLE signed AS
	  SELECT row_number() OVER (ORDER BY k, w.n) AS id, w.n, w.pk, r.addr AS recipient, 1000 + k AS amount, 1000 AS fee,
	         k AS nonce, qtcl.sign_transaction(w.sk, w.pk, r.addr, 1000 + k, 1000, k) AS sig
	    FROM wallets w, generate_series(0, 24) k, wallets r WHERE w.n <= 24 AND r.n = 25;
	-- Whom a block pays: the header's miner field (bytes 92..123).
	CREATE FUNCTION paid(h bytea) RETURNS int LANGUAGE sql STABLE AS
	  $$ SELECT n FROM wallets WHERE qtcl.addr_hash(addr) = substring(h FROM 93 FOR 32) $$;
});
my %addr = map { $_ => q1("SELECT addr FROM wallets WHERE n = $_") } (25 .. 29);

sub set_miner
{
	my ($a) = @_;
	q1(defined $a ? "ALTER SYSTEM SET qtcl.miner_address = '$a'" : 'ALTER SYSTEM RESET qtcl.miner_address');
	q1('SELECT pg_reload_conf()');
}

# ---- Without an address the miner idles.
ok(wait_for($node, "SELECT state FROM qtcl.workers WHERE worker = 'qtcl miner'", 'idle (no miner_address)', 10),
	"without qtcl.miner_address the miner says 'idle (no miner_address)'");
ok(wait_for($node, "SELECT count(*) FROM qtcl.workers WHERE worker <> 'qtcl miner' AND state = 'running'", '2', 10),
	'while the other workers run');
sleep 1;
is(height(), '0', 'and mines nothing');
is(q1('SELECT miner_address IS NULL AND blocks_found = 0 FROM qtcl.miner_status'), 't',
	'qtcl.miner_status: no address, no block');

# ---- An address set by a reload: blocks appear, paying it.
set_miner($addr{26});
ok(wait_for($node, 'SELECT height >= 20 FROM qtcl.tip', 't', 15), 'after a reload that sets the address, blocks appear');
is(q1("SELECT state || ' ' || errors FROM qtcl.workers WHERE worker = 'qtcl miner'"), 'running 0', 'the miner runs without errors');
is(q1("SELECT count(*) FILTER (WHERE paid(header) IS DISTINCT FROM 26) FROM qtcl.blocks WHERE status = 'active' AND height > 0"),
	'0', 'every block pays the configured address');

my ($found1, $hashes1) = split /\|/, q1('SELECT blocks_found, hashes FROM qtcl.miner_status');
sleep 1;
my ($rate, $found2, $hashes2, $theight, $recent, $shown) = split /\|/,
  q1("SELECT hash_rate, blocks_found, hashes, template_height, last_block_at > now() - interval '5 s', miner_address FROM qtcl.miner_status");
cmp_ok($rate, '>', 0, "qtcl.miner_status: hash_rate $rate > 0");
cmp_ok($found2, '>', $found1, "blocks_found grows ($found1, then $found2 a second later)");
cmp_ok($hashes2, '>', $hashes1, 'so do hashes');
ok($theight > 0 && $recent eq 't' && $shown eq $addr{26}, "template height $theight, a recent last_block_at, the address");

# pg_stat_activity: 'qtcl miner: hashing height N' (or 'submitting'), N just above the tip.
my ($activity, $h_before) = ('', height());
for (1 .. 50)
{
	$activity = q1("SELECT query FROM pg_stat_activity WHERE backend_type = 'qtcl miner'");
	last if $activity =~ /^qtcl miner: (hashing|submitting) height \d+$/;
	sleep 0.05;
}
like($activity, qr/^qtcl miner: (hashing|submitting) height \d+$/, "pg_stat_activity shows the miner's activity: '$activity'");
ok($activity =~ /(\d+)$/ && $1 > $h_before, "at a height above the tip seen before ($h_before)");

# ---- A transfer inserted while the miner runs is confirmed.
my $tx = q1(q{
	INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature)
	SELECT s.pk, r.addr, 123456, 2000, 0, qtcl.sign_transaction(s.sk, s.pk, r.addr, 123456, 2000, 0)
	  FROM wallets s, wallets r WHERE s.n = 28 AND r.n = 29
	RETURNING encode(tx_hash, 'hex')});
ok(wait_for($node, "SELECT count(*) FROM qtcl.transactions t JOIN qtcl.chain c ON c.hash = t.block_hash WHERE t.tx_hash = '\\x$tx'",
		'1', 10), 'a transfer inserted while mining is confirmed in an active block');
is(q1("SELECT count(*) FROM qtcl.mempool WHERE tx_hash = '\\x$tx'"), '0', 'and is no longer pending');
is(q1(q{SELECT string_agg(w.n || ':' || a.balance || ':' || a.nonce, ' ' ORDER BY w.n) FROM qtcl.accounts a
	JOIN wallets w ON qtcl.addr_hash(w.addr) = qtcl.addr_hash(a.address) WHERE w.n IN (28, 29)}),
	'28:9999874544:1 29:123456:0', 'the balances and nonce moved');

# ---- A reload to another address: new blocks pay it.
set_miner($addr{27});
ok(wait_for($node, 'SELECT paid(b.header) FROM qtcl.tip t JOIN qtcl.blocks b USING (hash)', '27', 10),
	'after a reload to another address, the tip pays it');
my $h_switch = height();
ok(wait_for($node, "SELECT height >= $h_switch + 20 FROM qtcl.tip", 't', 15), 'mining goes on');
is(q1("SELECT count(*) FILTER (WHERE paid(header) IS DISTINCT FROM 27) FROM qtcl.blocks WHERE status = 'active' AND height > $h_switch"),
	'0', 'every block since pays the new address');
# Its balance is exactly what its blocks earned: the reward (no halving this early) and their fees.
is(q1(q{BEGIN ISOLATION LEVEL REPEATABLE READ;
	SELECT (SELECT balance FROM qtcl.accounts a, wallets w WHERE w.n = 27 AND qtcl.addr_hash(a.address) = qtcl.addr_hash(w.addr))
	     = (SELECT sum(5000000000 + coalesce((SELECT sum(fee) FROM qtcl.transactions t WHERE t.block_hash = b.hash), 0))
	          FROM qtcl.blocks b WHERE status = 'active' AND paid(header) = 27)
	   AND (SELECT count(*) FROM qtcl.blocks WHERE status = 'active' AND paid(header) = 26) > 0;
	COMMIT}), 't', "the new address's balance is its blocks' rewards and fees; the earlier blocks still pay the first");

# ---- Unset: the miner idles.
set_miner(undef);
ok(wait_for($node, "SELECT state FROM qtcl.workers WHERE worker = 'qtcl miner'", 'idle (no miner_address)', 5),
	"unsetting the address idles the miner ('idle (no miner_address)')");
my $h_idle = height();
sleep 1.5;
is(height(), $h_idle, 'no block is mined while it idles');

# ---- SIGTERM: gone within a second, restarted (bgw_restart_time 5 s), mining again.
set_miner($addr{26});
ok(wait_for($node, "SELECT height > $h_idle + 5 FROM qtcl.tip", 't', 10), 'setting it again resumes mining');
my $pid = q1("SELECT pid FROM qtcl.workers WHERE worker = 'qtcl miner'");
q1("SELECT pg_terminate_backend($pid)");
my $t0 = time;
my $gone = 0;
while (time - $t0 < 3)
{
	if (q1("SELECT count(*) FROM pg_stat_activity WHERE pid = $pid") eq '0') { $gone = 1; last; }
	sleep 0.05;
}
my $took = time - $t0;
ok($gone && $took < 1, sprintf('the miner left %.2f s after SIGTERM', $took));
ok(wait_for($node, "SELECT count(*) FROM qtcl.workers WHERE worker = 'qtcl miner' AND state = 'running' AND pid <> $pid", '1', 15),
	'and was restarted');
my $h_restart = height();
ok(wait_for($node, "SELECT height > $h_restart + 5 FROM qtcl.tip", 't', 10), 'and mines again');

# ---- DROP DATABASE of another database while every worker runs, the miner included.
q1('CREATE DATABASE scratch');
is(q1("SELECT string_agg(state, ',' ORDER BY worker) FROM qtcl.workers"), 'running,running,running', 'every worker runs');
$t0 = time;
q1('DROP DATABASE scratch');
$took = time - $t0;
cmp_ok($took, '<', 5, sprintf('DROP DATABASE of another database took %.2f s', $took));
my $h_drop = height();
ok(wait_for($node, "SELECT height > $h_drop + 5 FROM qtcl.tip", 't', 10), 'and the miner goes on');

# ---- Crash: kill -9 of the postmaster during mining and an INSERT load.
# Four psql sessions submit the 600 signed transfers, one INSERT (one transaction) each, every
# sender's nonces in order; psql prints each tx_hash once the server acknowledged the commit.
# (A 10 ms pause after each keeps the load going for a few seconds, so the kill comes amid it.)
my $dir = "$ENV{TESTDIR}/040_load";
mkdir $dir;
my @senders = (1 .. 24);
my @loaders;
for my $l (0 .. 3)
{
	my @mine = grep { ($_ - 1) % 4 == $l } @senders;
	open my $fh, '>', "$dir/load$l.sql" or die;
	for my $k (0 .. 24)
	{
		for my $s (@mine)
		{
			print $fh "INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature) "
			  . "SELECT pk, recipient, amount, fee, nonce, sig FROM signed WHERE n = $s AND nonce = $k RETURNING encode(tx_hash, 'hex');\n"
			  . "SELECT pg_sleep(0.01);\n";
		}
	}
	close $fh;
	my ($out, $err) = ("$dir/load$l.out", "$dir/load$l.err");
	my $h = IPC::Run::start([ $node->installed_command('psql'), '-X', '-At', '-d', $node->connstr('postgres'), '-f', "$dir/load$l.sql" ],
		'<', \undef, '>', $out, '2>', $err, IPC::Run::timeout(90));
	push @loaders, { h => $h, out => $out, err => $err };
}
my $sink = q1('SELECT qtcl.addr_hash(addr) FROM wallets WHERE n = 25');
# Kill once a sixth of the load is in (pending or already mined), while the rest is still coming.
my $in = 0;
$t0 = time;
while (time - $t0 < 30)
{
	$in = q1("SELECT (SELECT count(*) FROM qtcl.mempool WHERE qtcl.addr_hash(recipient) = '$sink')
	               + (SELECT count(*) FROM qtcl.transactions WHERE qtcl.addr_hash(recipient) = '$sink')");
	last if $in >= 100;
	sleep 0.02;
}
my $h_crash = height();
my @pids = split /\n/, q1('SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()');
my $miner_state = q1("SELECT state FROM qtcl.workers WHERE worker = 'qtcl miner'");
my $data = $node->data_dir;
my $pm = (split /\n/, PostgreSQL::Test::Utils::slurp_file("$data/postmaster.pid"))[0];
$node->kill9;
diag sprintf('killed at %d transfers in, height %s, %.2f s into the load', $in, $h_crash, time - $t0);
is($miner_state, 'running', 'the miner was running when the postmaster was killed');
for my $l (@loaders) { eval { $l->{h}->finish; 1 } or $l->{h}->kill_kill; }

# The old backends and workers notice the postmaster's death and leave; only then may a new
# postmaster start (the old shared memory must be detached, and the old postmaster reaped, or
# its pid in postmaster.pid still looks alive). Unlisted ones are told by their working directory.
my $deadline = time + 30;
my @left;
while (time < $deadline)
{
	@left = ((grep { kill 0, $_ } $pm, @pids),
		(grep { my $cwd = readlink("/proc/$_/cwd"); defined $cwd && $cwd eq $data } map { m{/proc/(\d+)$} ? $1 : () } glob '/proc/[0-9]*'));
	last unless @left;
	sleep 0.1;
}
is("@left", '', 'the orphaned server processes exit after the postmaster died');

my @acked;
my ($lost_conn, $refused) = (0, '');
for my $l (@loaders)
{
	open my $fh, '<', $l->{out} or die;
	push @acked, grep { /^[0-9a-f]{64}$/ } map { chomp; $_ } <$fh>;
	close $fh;
	my $e = PostgreSQL::Test::Utils::slurp_file($l->{err});
	$lost_conn++ if $e =~ /connection|terminat|closed/i;
	$refused .= join("\n", grep { /ERROR/ } split /\n/, $e);
}
diag scalar(@acked) . ' INSERTs acknowledged';
ok(@acked >= 50 && @acked < 600, scalar(@acked) . ' of 600 INSERTs were acknowledged before the crash');
is($lost_conn, 4, 'every load session lost its connection to the crash (it was still submitting)');
is($refused, '', 'no INSERT was refused before the crash');

$node->start;
# A consistent snapshot for the multi-statement reads below: the miner commits blocks meanwhile.
# (qtcl.verify_chain() itself reads everything with one snapshot, at READ COMMITTED too.)
sub rr { return q1("BEGIN ISOLATION LEVEL REPEATABLE READ; $_[0]; COMMIT"); }
is(q1("SELECT string_agg(check_name || ': ' || coalesce(detail, 'failed'), '; ') FILTER (WHERE NOT ok) FROM qtcl.verify_chain()"),
	'', 'after the restart qtcl.verify_chain() passes while the miner keeps committing blocks');
q1('CREATE TABLE acked (tx_hash bytea PRIMARY KEY)');
q1('INSERT INTO acked VALUES ' . join(',', map { "('\\x$_')" } @acked)) if @acked;
is(rr(q{SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM qtcl.mempool m WHERE m.tx_hash = a.tx_hash)
	AND NOT EXISTS (SELECT 1 FROM qtcl.transactions t JOIN qtcl.chain c ON c.hash = t.block_hash WHERE t.tx_hash = a.tx_hash)}),
	'0', 'no acknowledged transaction is lost: each is pending or confirmed');
my ($pending, $confirmed) = split /\|/, rr(q{SELECT count(*) FILTER (WHERE m.tx_hash IS NOT NULL), count(*) FILTER (WHERE t.tx_hash IS NOT NULL)
	FROM acked a LEFT JOIN qtcl.mempool m USING (tx_hash) LEFT JOIN qtcl.transactions t USING (tx_hash)});
diag "acknowledged: $pending pending, $confirmed confirmed";
cmp_ok($confirmed, '>', 0, 'some of them were mined');
# Each sender's transfers (confirmed and pending) have the nonces 0, 1, 2, ... without a gap.
is(rr(q{SELECT count(*) FROM (SELECT w.n, count(*) AS c, max(x.nonce) AS hi FROM wallets w
	JOIN (SELECT sender, nonce FROM qtcl.mempool UNION ALL SELECT sender, nonce FROM qtcl.transactions) x
	  ON qtcl.addr_hash(x.sender) = qtcl.addr_hash(w.addr) WHERE w.n <= 24 GROUP BY w.n) s WHERE hi <> c - 1}),
	'0', "every sender's nonces run without a gap");
is(rr(q{SELECT (SELECT sum(balance) FROM qtcl.account_state) = (SELECT issued FROM qtcl.blocks WHERE hash = (SELECT hash FROM qtcl.tip))}),
	't', 'the balances total what the tip has issued');
my $h_after = height();
cmp_ok($h_after, '>=', $h_crash, "the chain kept its height ($h_crash before the crash, $h_after after)");
ok(wait_for($node, "SELECT height > $h_after + 5 FROM qtcl.tip", 't', 15), 'and the miner goes on after the restart');
ok(wait_for($node, "SELECT string_agg(state || ' ' || errors, ',' ORDER BY worker) FROM qtcl.workers", 'running 0,running 0,running 0', 10),
	'every worker runs again, without errors');

# ---- A streaming replica (pg_basebackup): chain queries answer, its workers stay idle.
$node->backup('b1');
my $standby = PostgreSQL::Test::Cluster->new('miner_standby', install_path => $ENV{QTCL_PGINST});
$standby->init_from_backup($node, 'b1', has_streaming => 1);
$standby->start;
$node->wait_for_catchup($standby, 'replay');
my ($sh, $shash) = split /\|/, $standby->safe_psql('postgres', "SELECT height, encode(hash, 'hex') FROM qtcl.tip");
is(q1("SELECT count(*) FROM qtcl.chain WHERE height = $sh AND hash = '\\x$shash'"), '1',
	"the replica's tip (height $sh) is a block of the primary's chain");
is($standby->safe_psql('postgres', q{SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM qtcl.mempool m WHERE m.tx_hash = a.tx_hash)
	AND NOT EXISTS (SELECT 1 FROM qtcl.transactions t WHERE t.tx_hash = a.tx_hash)}), '0',
	'the replica answers transaction queries');
is($standby->safe_psql('postgres', "SELECT string_agg(check_name, ', ') FILTER (WHERE NOT ok) FROM qtcl.verify_chain()"),
	'', 'qtcl.verify_chain() passes on the replica');
ok(wait_for($standby, "SELECT string_agg(state, ',' ORDER BY worker) FROM qtcl.workers", 'standby,standby,standby', 10),
	"on the replica every worker says standby (the miner too: its address came with the backup)");
is($standby->safe_psql('postgres', q{SELECT hashes || ' ' || blocks_found FROM qtcl.miner_status}), '0 0', 'the replica mines nothing');
$node->wait_for_catchup($standby, 'replay');
cmp_ok($standby->safe_psql('postgres', 'SELECT height FROM qtcl.tip'), '>', $sh, 'and follows the primary');
ok(!$standby->log_contains(qr/ERROR/), 'no error in its log');

diag sprintf('040_miner: %.1f s', time - $t_start);
done_testing();
