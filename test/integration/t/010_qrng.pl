# The entropy pool against a mock of the four QRNG services (127.0.0.1 only): every response
# format and fault, what qtcl.qrng_status shows, the circuit breakers, draws that never repeat,
# and the statistics of the output (ent, rngtest).
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use MockQrng;
use Time::HiRes qw(time);
use Test::More;

my $mock = MockQrng::start();
my $url = $mock->url;
my $node = QtclTest::node('qrng', conf => MockQrng::conf());
$node->safe_psql('postgres', 'CREATE EXTENSION qtcl');
my @remote = qw(anu random_org qbck hotbits);

sub set_urls
{
	my (%mode) = @_;
	return join('', map { "SET qtcl.qrng_${_}_url = '$url/" . ($mode{$_} // 'ok') . "';" } @remote);
}

sub fetch
{
	my ($src, $mode) = @_;
	my $r = $node->safe_psql('postgres', set_urls($src => $mode)
		  . "SELECT ok, coalesce(length(bytes), 0), coalesce(error, '') FROM qtcl.qrng_fetch('$src')");
	return split /\|/, $r, 3;
}

# Every source's format, with its key where the service wants it (badkey refuses otherwise).
for my $src (@remote)
{
	my ($ok, $len, $err) = fetch($src, 'badkey');
	is("$ok $len", 't 1024', "$src: 1024 bytes, key sent where the service expects it") or diag($err);
}
my ($ok, $len, $err) = fetch('anu', 'legacy');
is("$ok $len", 't 1024', 'anu: the legacy jsonI.php form');
($ok, $len, $err) = fetch('os', 'ok');
is("$ok $len", 't 1024', 'os: getrandom');

# Every fault, on every source where it applies: refused, with a reason, never with the key.
my %faults = (
	e500 => qr/HTTP status 500/i, slow => qr/timeout|timed out/i, truncated => qr/truncated|JSON|body/i,
	garbage => qr/JSON|HTML|body/i, oversized => qr/larger than the size cap/, constant => qr/Repetition Count/i,
	short => qr/got \d+ bytes, asked for 1024/, drip => qr/timeout|timed out/i);
for my $fault (sort keys %faults)
{
	for my $src (@remote)
	{
		my ($ok, $len, $err) = fetch($src, $fault);
		ok($ok eq 'f' && $err =~ $faults{$fault}, "$src, $fault: refused ($err)");
		unlike($err, qr/anukey|rokey|qbckkey|hbkey/, "$src, $fault: the reason does not show the key");
	}
}
($ok, $len, $err) = fetch('anu', 'legacyfail');
ok($ok eq 'f' && $err =~ /refused|success/i, "anu: success:false with HTTP 200 is a failure ($err)");
($ok, $len, $err) = fetch('random_org', 'rpcerror');
ok($ok eq 'f' && $err =~ /402|error/i, "random_org: a JSON-RPC error is a failure ($err)");
# The same block twice from one source.
($ok) = fetch('qbck', 'repeat');
($ok, $len, $err) = fetch('qbck', 'repeat');
ok($ok eq 'f' && $err =~ /previous|repeat|identical|same/i, "qbck: the same block twice is refused ($err)");
# A time limit that a slow drip cannot dodge: the fetch returns in about qtcl.qrng_timeout_ms.
my $t0 = time;
fetch('hotbits', 'drip');
cmp_ok(time - $t0, '<', 3, 'a slow drip is cut off by the total timeout');
# A transfer in progress never holds up a cancel: the sockets are waited on with the latch.
$t0 = time;
my ($crc, $cout, $cerr) = $node->psql('postgres', "SET statement_timeout = '300ms'; SET qtcl.qrng_timeout_ms = 5000; "
	. set_urls(anu => 'slow') . "SELECT * FROM qtcl.qrng_fetch('anu')");
like($cerr, qr/statement timeout/, 'a fetch waiting on a slow source is cancelled by statement_timeout');
cmp_ok(time - $t0, '<', 1.5, sprintf('within %.2f s, not after the 3 s the source takes', time - $t0));

# Keys never appear in the server log either.
unlike(slurp_log(), qr/anukey|rokey|qbckkey|hbkey/, 'no key in the server log');
sub slurp_log { PostgreSQL::Test::Utils::slurp_file($node->logfile) }

# Refills: all healthy, then one source failing trips its breaker while entropy keeps flowing.
is($node->safe_psql('postgres', set_urls() . 'SELECT qtcl.qrng_refill()'), '5', 'a refill with every source healthy counts 5');
my $status = sub {
	$node->safe_psql('postgres', "SELECT state || ' ' || successes || ' ' || failures FROM qtcl.qrng_status WHERE source = '$_[0]'");
};
is($status->('random_org'), 'closed 1 0', 'random_org: one success');
for my $i (1 .. 3)
{
	is($node->safe_psql('postgres', set_urls(anu => 'e500') . 'SELECT qtcl.qrng_refill()'), '4',
		"refill $i with anu failing still has 4 healthy sources");
}
is($status->('anu'), 'open 1 3', 'three consecutive failures open the breaker');
like($node->safe_psql('postgres', "SELECT last_error FROM qtcl.qrng_status WHERE source = 'anu'"), qr/500/,
	'and qrng_status names the failure');
$node->safe_psql('postgres', set_urls(anu => 'e500') . 'SELECT qtcl.qrng_refill()');
is($status->('anu'), 'open 1 3', 'an open breaker is not asked again before its backoff');
sleep 2;
is($node->safe_psql('postgres', set_urls() . 'SELECT qtcl.qrng_refill()'), '5', 'after the backoff the probe succeeds');
is($status->('anu'), 'closed 2 3', 'and closes the breaker');

# Every fault, in a refill: it shows in qrng_status as the source's last error and failure
# count, while the other sources and the OS keep the pool filling. A healthy refill after each
# resets the run of failures, so no breaker opens here (opening is tested above).
for my $fault (sort keys %faults)
{
	my $before = $node->safe_psql('postgres', "SELECT string_agg(failures::text, ',' ORDER BY source) FROM qtcl.qrng_status WHERE source <> 'os'");
	my $n = $node->safe_psql('postgres', set_urls(map { $_ => $fault } @remote) . 'SELECT qtcl.qrng_refill()');
	is($n, '1', "a refill with every remote source giving '$fault' still yields the OS's block");
	my @rows = split /\n/, $node->safe_psql('postgres',
		"SELECT source || '|' || failures || '|' || coalesce(last_error, '') FROM qtcl.qrng_status WHERE source <> 'os' ORDER BY source");
	my @prev = split /,/, $before;
	for my $i (0 .. $#rows)
	{
		my ($src, $failures, $last) = split /\|/, $rows[$i], 3;
		ok($failures == $prev[$i] + 1 && $last =~ $faults{$fault}, "qrng_status: $src failed on '$fault' ($last)");
	}
	is($node->safe_psql('postgres', set_urls() . 'SELECT qtcl.qrng_refill()'), '5', "and a healthy refill after '$fault' counts 5 again");
}

# An unreachable source never delays a draw (draws never wait on the network).
$node->safe_psql('postgres', "SELECT qtcl.qrng_refill()");
$t0 = time;
$node->safe_psql('postgres', "SET qtcl.qrng_anu_url = 'http://127.0.0.1:1'; SELECT length(qtcl.entropy(4096))");
cmp_ok(time - $t0, '<', 1, 'a draw with a source unreachable takes no network time');

# qrng_min_sources: draws need bytes from that many healthy remote sources.
$node->safe_psql('postgres', "SELECT qtcl.entropy(65536)");    # empty the pool
my ($rc, $out, $stderr) = $node->psql('postgres', "SET qtcl.qrng_min_sources = 2; SELECT qtcl.entropy(32)");
like($stderr, qr/too few bytes from at least 2 healthy remote sources/, 'with qrng_min_sources = 2 and no such bytes a draw is refused');
is($node->safe_psql('postgres', set_urls() . "SET qtcl.qrng_min_sources = 2; SELECT qtcl.qrng_refill();
	SELECT length(qtcl.entropy(512)); SELECT last_draw_sources FROM qtcl.qrng_pool_status()"), "5\n512\n4",
	'after a refill with 4 remote sources the draw succeeds and records 4');

# Thousands of draws, from several sessions at once: no block ever handed out twice.
$node->safe_psql('postgres', 'CREATE TABLE draws (b bytea)');
my $script = "$ENV{TESTDIR}/draw.sql";
open my $fh, '>', $script or die;
print $fh "INSERT INTO draws SELECT qtcl.entropy(32);\n";
close $fh;
$node->command_ok([ 'pgbench', '-n', '-c', '4', '-j', '2', '-t', '1500', '-f', $script, '-h', $node->host, '-p', $node->port, 'postgres' ],
	'4 clients draw 6000 blocks concurrently');
is($node->safe_psql('postgres', 'SELECT count(*) || \' \' || count(DISTINCT b) FROM draws'), '6000 6000',
	'6000 draws, 6000 distinct blocks');

# Statistics of one megabyte of output.
my $file = "$ENV{TESTDIR}/entropy.bin";
$node->safe_psql('postgres', "COPY (SELECT encode(qtcl.entropy(1048576), 'hex')) TO '$file.hex'");
open my $hex, '<', "$file.hex" or die;
my $h = do { local $/; <$hex> };
$h =~ s/\s+//g;
open my $bin, '>:raw', $file or die;
print $bin pack('H*', $h);
close $bin;
is(-s $file, 1048576, 'one megabyte drawn');
my ($csv) = grep { /^1,/ } split /\n/, `ent -t $file`;
my (undef, $bytes, $entropy, $chisq) = split /,/, $csv;
cmp_ok($entropy, '>', 7.999, "ent: $entropy bits per byte");
my ($pct) = `ent $file` =~ /would exceed this value ([\d.]+) percent/;
ok($pct > 0.1 && $pct < 99.9, "ent: chi-square p-value $pct% is strictly between 0.1% and 99.9%");
my $rng = `rngtest -c 400 < $file 2>&1`;
my ($fails) = $rng =~ /FIPS 140-2 failures:\s*(\d+)/;
ok(defined $fails && $fails <= 4, "rngtest: " . ($fails // '?') . " FIPS 140-2 failures in 400 blocks (at most 1%)") or diag($rng);

done_testing();
