# The background workers: they wait quietly for the extension, keep the beacon's cadence
# (within 20%), follow a reload, refill the pool, show in qtcl.workers and pg_stat_activity,
# stop on SIGTERM and come back, let DROP DATABASE elsewhere through, back off on errors
# instead of looping, stop when disabled, and stay idle on a streaming replica.
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use Time::HiRes qw(time sleep);
use Test::More;

my $node = QtclTest::node('primary', allows_streaming => 1, workers => 1,
	conf => "qtcl.qrng_sources = 'os'\nqtcl.beacon_interval_ms = 50\nqtcl.qrng_interval_ms = 200\n");
sleep 2.5;
ok(!$node->log_contains(qr/ERROR/), 'without the extension the workers wait quietly (no error in the log)');
$node->safe_psql('postgres', 'CREATE EXTENSION qtcl');

sub wait_for
{
	my ($sql, $want, $secs) = @_;
	my $deadline = time + $secs;
	while (time < $deadline)
	{
		return 1 if $node->safe_psql('postgres', $sql) eq $want;
		sleep 0.1;
	}
	return 0;
}
ok(wait_for("SELECT count(*) FILTER (WHERE state = 'running') FROM qtcl.workers", '2', 10), 'both workers run once the extension exists');

sub rate
{
	my ($secs) = @_;
	my $a = $node->safe_psql('postgres', 'SELECT coalesce(max(round), 0) FROM qtcl.beacon');
	sleep $secs;
	my $b = $node->safe_psql('postgres', 'SELECT coalesce(max(round), 0) FROM qtcl.beacon');
	return ($b - $a) / $secs;
}
my $r = rate(3);
ok($r >= 16 && $r <= 24, "beacon rounds at 50 ms: $r per second (20 expected, within 20%)");

$node->safe_psql('postgres', "ALTER SYSTEM SET qtcl.beacon_interval_ms = 100; SELECT pg_reload_conf()");
sleep 0.5;
$r = rate(3);
ok($r >= 8 && $r <= 12, "after a reload to 100 ms: $r per second (10 expected, within 20%)");
is($node->safe_psql('postgres', "SELECT count(*) FILTER (WHERE NOT qtcl.beacon_verify(round)) FROM qtcl.beacon"), '0',
	'every round the worker made verifies');

ok($node->safe_psql('postgres', "SELECT successes FROM qtcl.qrng_status WHERE source = 'os'") >= 5, 'the qrng worker refills the pool');
is($node->safe_psql('postgres', "SELECT count(*) FROM qtcl.workers WHERE pid IS NOT NULL AND steps > 0 AND errors = 0"), '2',
	'qtcl.workers: pids, steps, no errors');
is($node->safe_psql('postgres', "SELECT string_agg(backend_type, ',' ORDER BY backend_type) FROM pg_stat_activity WHERE backend_type LIKE 'qtcl%'"),
	'qtcl beacon,qtcl miner,qtcl qrng', 'pg_stat_activity shows the workers by type (the miner idles without an address)');

# DROP DATABASE of another database is not held up by the workers' ProcSignalBarrier handling.
$node->safe_psql('postgres', 'CREATE DATABASE scratch');
my $t0 = time;
$node->safe_psql('postgres', 'DROP DATABASE scratch');
cmp_ok(time - $t0, '<', 5, sprintf('DROP DATABASE of another database took %.2f s', time - $t0));

# SIGTERM: gone within a second, back after the restart interval.
my $pid = $node->safe_psql('postgres', "SELECT pid FROM qtcl.workers WHERE worker = 'qtcl beacon'");
$node->safe_psql('postgres', "SELECT pg_terminate_backend($pid)");
$t0 = time;
my $gone = 0;
while (time - $t0 < 2)
{
	if ($node->safe_psql('postgres', "SELECT count(*) FROM pg_stat_activity WHERE pid = $pid") eq '0') { $gone = 1; last; }
	sleep 0.05;
}
ok($gone && time - $t0 < 1, sprintf('the beacon worker left %.2f s after SIGTERM', time - $t0));
ok(wait_for("SELECT count(*) FROM qtcl.workers WHERE worker = 'qtcl beacon' AND state = 'running' AND pid <> $pid", '1', 15),
	'and was restarted');

# A failing step backs off exponentially: losing the oracle's secrets makes every tick fail.
unlink $node->data_dir . '/qtcl/oracle.secrets' or die;
sleep 3;
my ($errors, $state) = split /\|/, $node->safe_psql('postgres', "SELECT errors, state FROM qtcl.workers WHERE worker = 'qtcl beacon'");
ok($errors >= 2 && $errors <= 8, "a failing tick is retried with backoff: $errors errors in 3 s, not 30");
is($state, 'backoff', 'the worker says it is backing off');
like($node->safe_psql('postgres', "SELECT last_error FROM qtcl.workers WHERE worker = 'qtcl beacon'"), qr/secret/,
	'and shows the last error');

# Disabled: no more rounds, state says so.
$node->safe_psql('postgres', "ALTER SYSTEM SET qtcl.qrng_worker = off; SELECT pg_reload_conf()");
ok(wait_for("SELECT state FROM qtcl.workers WHERE worker = 'qtcl qrng'", 'idle (disabled)', 5), 'a disabled worker idles');
my $s1 = $node->safe_psql('postgres', "SELECT successes FROM qtcl.qrng_status WHERE source = 'os'");
sleep 1;
is($node->safe_psql('postgres', "SELECT successes FROM qtcl.qrng_status WHERE source = 'os'"), $s1, 'and refills nothing');

# A streaming replica: chain queries work, the writers stay idle.
$node->backup('b1');
my $standby = PostgreSQL::Test::Cluster->new('standby', install_path => $ENV{QTCL_PGINST});
$standby->init_from_backup($node, 'b1', has_streaming => 1);
$standby->start;
$node->safe_psql('postgres', 'SELECT qtcl.qrng_refill()');
$node->wait_for_catchup($standby, 'replay');
ok($standby->safe_psql('postgres', 'SELECT count(*) FROM qtcl.beacon') > 0, 'the replica answers beacon queries');
my $ok = 0;
for (1 .. 50)
{
	# (the qrng worker was disabled on the primary by ALTER SYSTEM, which the backup copied)
	if ($standby->safe_psql('postgres', "SELECT string_agg(state, ',' ORDER BY worker) FROM qtcl.workers") eq 'standby,idle (no miner_address),idle (disabled)') { $ok = 1; last; }
	sleep 0.1;
}
ok($ok, 'on the replica the beacon worker says standby (the qrng worker is disabled there too)');
ok(!$standby->log_contains(qr/ERROR/), 'and write nothing, so no error in its log');

done_testing();
