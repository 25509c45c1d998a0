# The beacon: a chain of rounds that verifies, tampering of any column or byte caught, round
# numbers unique and increasing under concurrent ticks, NOTIFY on each round, rounds of another
# oracle verified only once its key is trusted, pruning that keeps the chain verifiable, and the
# oracle's key and secrets kept in files only the server can read.
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use Test::More;

my $a = QtclTest::node('oracle_a', conf => "qtcl.qrng_sources = 'os'\n");
my $b = QtclTest::node('oracle_b', conf => "qtcl.qrng_sources = 'os'\n");
$_->safe_psql('postgres', 'CREATE EXTENSION qtcl') for $a, $b;

is($a->safe_psql('postgres', 'SELECT max(r) FROM (SELECT qtcl.beacon_tick() AS r FROM generate_series(1, 20)) s'), '20',
	'twenty rounds made');
is($a->safe_psql('postgres', 'SELECT count(*) FILTER (WHERE qtcl.beacon_verify(round)) FROM qtcl.beacon'), '20',
	'every round verifies');
is($a->safe_psql('postgres', q{SELECT count(*) FROM qtcl.beacon b JOIN qtcl.beacon p ON p.round = b.round - 1
	WHERE b.prev_hash = p.round_hash AND qtcl.sha3_256(b.secret) = p.commitment}), '19',
	'each round links to the one before and reveals the secret it committed to');
is($a->safe_psql('postgres', 'SELECT count(*) FROM qtcl.oracle_keys WHERE local'), '1', 'the local oracle key is trusted');

# Tampering: any column, or any part of the bytes, makes verification fail; restoring it heals.
my @columns = (
	"ts = ts + interval '1 ms'", "prev_hash = qtcl.sha3_256(prev_hash)", "secret = qtcl.sha3_256(secret)",
	"commitment = qtcl.sha3_256(commitment)", "density = qtcl.w_state(3)", "purity = purity * (1 + 1e-15)",
	"entropy = entropy + 1e-9", "fidelity_w = fidelity_w - 1e-12", "l1_coherence = l1_coherence + 1",
	"sources = sources + 1", "output = qtcl.sha3_256(output)", "key_id = qtcl.sha3_256(key_id)",
	"signature = (SELECT signature FROM qtcl.beacon WHERE round = 5)", "round_hash = qtcl.sha3_256(round_hash)",
	# (the byte XOR a mask: overwriting with a constant is no change when the byte already holds it)
	"bytes = overlay(bytes placing set_byte('\\x00'::bytea, 0, get_byte(bytes, 1999) # 255) from 2000 for 1)",
	"bytes = overlay(bytes placing set_byte('\\x00'::bytea, 0, get_byte(bytes, 99) # 1) from 100 for 1)",
	"bytes = bytes || '\\x00'::bytea");
for my $change (@columns)
{
	my $r = $a->safe_psql('postgres', "BEGIN; UPDATE qtcl.beacon SET $change WHERE round = 7; SELECT qtcl.beacon_verify(7); ROLLBACK;");
	like($r, qr/^f$/m, "changing $change is caught");
}
is($a->safe_psql('postgres', 'SELECT qtcl.beacon_verify(7) AND qtcl.beacon_verify(8)'), 't', 'untouched rounds still verify');
# A round whose predecessor was altered no longer links.
like($a->safe_psql('postgres', "BEGIN; UPDATE qtcl.beacon SET bytes = (SELECT bytes FROM qtcl.beacon WHERE round = 3) WHERE round = 9; SELECT qtcl.beacon_verify(10); ROLLBACK;"),
	qr/^f$/m, 'a round after a replaced round fails to link');

# Bytes from anywhere: round bytes verify here only if their oracle is trusted.
is($b->safe_psql('postgres', 'SELECT qtcl.beacon_tick(), qtcl.beacon_tick()'), '1|2', 'oracle B makes its own rounds');
my $b1 = $b->safe_psql('postgres', "SELECT encode(qtcl.beacon_round_bytes(1), 'hex')");
my $b2 = $b->safe_psql('postgres', "SELECT encode(qtcl.beacon_round_bytes(2), 'hex')");
my ($rc, $out, $err) = $a->psql('postgres', "SELECT qtcl.beacon_verify_bytes(decode('$b1', 'hex'))");
is($out, 'f', "A does not accept B's round before trusting B");
like($err, qr/no trusted|untrusted|trusted key/i, 'and says the key is not trusted');
my $bkey = $b->safe_psql('postgres', "SELECT encode(public_key, 'hex') FROM qtcl.oracle_keys WHERE local");
$a->safe_psql('postgres', "INSERT INTO qtcl.oracle_keys (key_id, public_key, note)
	VALUES (qtcl.sha3_256(decode('$bkey', 'hex')), decode('$bkey', 'hex'), 'oracle B')");
($rc, $out, $err) = $a->psql('postgres', "SELECT qtcl.beacon_verify_bytes(decode('$b2', 'hex'))");
is($out, 'f', "even trusted, B's round 2 is refused at A: A's round 1 is another chain's, so the link fails");
like($err, qr/previous round hash|does not match|link/i, 'and the reason is the link');
($rc, $out, $err) = $a->psql('postgres', "SELECT qtcl.beacon_verify_bytes(decode('$b1', 'hex'))");
is($out, 't', "B's round 1 verifies at A too (a round 1 links to nothing)");
# A's own round bytes, with one byte flipped anywhere in a sample of positions, never verify.
my $flips = $a->safe_psql('postgres', q{SELECT count(*) FILTER (WHERE NOT qtcl.beacon_verify_bytes(
	set_byte(qtcl.beacon_round_bytes(12), p, get_byte(qtcl.beacon_round_bytes(12), p) # 1)))
	FROM generate_series(0, 4556, 37) p});
is($flips, '124', 'one flipped bit at any of 124 sampled positions of the bytes is caught');

# NOTIFY qtcl_beacon on each round, once committed.
my $notify = `$ENV{QTCL_PGINST}/bin/psql -X -h @{[$a->host]} -p @{[$a->port]} -d postgres -c 'LISTEN qtcl_beacon' -c 'SELECT qtcl.beacon_tick()' -c 'SELECT 1' 2>&1`;
like($notify, qr/Asynchronous notification "qtcl_beacon" with payload "21" received/, 'a round is announced with NOTIFY qtcl_beacon');

# Concurrent ticks: unique, strictly increasing rounds without gaps, every one verifying.
my $script = "$ENV{TESTDIR}/tick.sql";
open my $fh, '>', $script or die;
print $fh "SELECT qtcl.beacon_tick();\n";
close $fh;
$a->command_ok([ 'pgbench', '-n', '-c', '4', '-j', '2', '-t', '50', '-f', $script, '-h', $a->host, '-p', $a->port, 'postgres' ],
	'4 clients tick 200 times at once');
is($a->safe_psql('postgres', 'SELECT count(*) || \' \' || count(DISTINCT round) || \' \' || min(round) || \' \' || max(round) FROM qtcl.beacon'),
	'221 221 1 221', 'rounds 1..221, each once');
is($a->safe_psql('postgres', 'SELECT count(*) FROM qtcl.beacon b JOIN qtcl.beacon p ON p.round = b.round - 1 WHERE b.ts < p.ts'), '0',
	'timestamps never go back');
is($a->safe_psql('postgres', 'SELECT count(*) FILTER (WHERE qtcl.beacon_verify(round)) FROM qtcl.beacon'), '221', 'all 221 verify');

# Measurements are reproducible and follow the density matrix's diagonal.
is($a->safe_psql('postgres', 'SELECT qtcl.beacon_measure(50, 1000) = qtcl.beacon_measure(50, 1000)'), 't', 'measurement is deterministic');
is($a->safe_psql('postgres', q{SELECT count(*) FROM unnest(qtcl.beacon_measure(50, 20000)) m
	WHERE (qtcl.re((SELECT density FROM qtcl.beacon WHERE round = 50)))[m * 9 + 1] = 0}), '0',
	'no outcome where the diagonal is zero');
my $chi = $a->safe_psql('postgres', q{
	WITH d AS (SELECT density FROM qtcl.beacon WHERE round = 50),
	     c AS (SELECT m, count(*) AS n FROM unnest(qtcl.beacon_measure(50, 20000)) m GROUP BY m),
	     p AS (SELECT i, (qtcl.re(d.density))[i * 9 + 1] AS p FROM d, generate_series(0, 7) i)
	SELECT round(sum((coalesce(c.n, 0) - 20000 * p.p) ^ 2 / (20000 * p.p))::numeric, 2)
	  FROM p LEFT JOIN c ON c.m = p.i WHERE p.p > 1e-6});
cmp_ok($chi, '<', 30, "frequencies match the diagonal (chi-square $chi over the non-zero outcomes)");

# Pruning keeps the chain verifiable from the anchor on.
is($a->safe_psql('postgres', 'SELECT qtcl.beacon_prune(10)'), '211', 'pruning to 10 rounds deletes 211');
is($a->safe_psql('postgres', 'SELECT count(*) FILTER (WHERE qtcl.beacon_verify(round)) FROM qtcl.beacon'), '10', 'the 10 left verify');
is($a->safe_psql('postgres', 'SELECT qtcl.beacon_tick()'), '222', 'the chain goes on after pruning');
($rc, $out, $err) = $a->psql('postgres', 'SELECT qtcl.beacon_prune(0)');
like($err, qr/must keep at least the newest round/, 'pruning everything is refused');

# The oracle's files: readable only by the server; no secret in any table or in the log.
my $dir = $a->data_dir . '/qtcl';
is(sprintf('%o', (stat "$dir/oracle.key")[2] & 07777), '600', 'oracle.key is mode 0600');
is(sprintf('%o', (stat "$dir/oracle.secrets")[2] & 07777), '600', 'oracle.secrets is mode 0600');
my $next = $a->safe_psql('postgres', 'SELECT encode(commitment, \'hex\') FROM qtcl.beacon ORDER BY round DESC LIMIT 1');
is($a->safe_psql('postgres', "SELECT count(*) FROM qtcl.beacon WHERE encode(qtcl.sha3_256(secret), 'hex') = '$next'"), '0',
	'the secret the newest round committed to is in no table');

# A restart resumes the chain with the same key.
$a->restart;
is($a->safe_psql('postgres', 'SELECT qtcl.beacon_tick()'), '223', 'after a restart the chain continues');
is($a->safe_psql('postgres', 'SELECT qtcl.beacon_verify(223) AND (SELECT count(*) = 1 FROM qtcl.oracle_keys WHERE local)'), 't',
	'with the same oracle key');

done_testing();
