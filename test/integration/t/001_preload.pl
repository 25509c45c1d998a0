# Two clusters at once: one with qtcl preloaded, one without. The extension works in both;
# only the preloaded one has qtcl's shared memory; misspelt qtcl.* settings are refused.
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use Test::More;

my $pre = QtclTest::node('preloaded', conf => "qtcl.misspelt_setting = 1\n");
my $plain = QtclTest::node('plain', preload => 0);

for my $n ($pre, $plain)
{
	$n->safe_psql('postgres', 'CREATE EXTENSION qtcl');
	is($n->safe_psql('postgres', "SELECT encode(qtcl.sha3_256(''::bytea), 'hex')"),
		'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a',
		$n->name . ': SHA3-256 computed by the server');
	is($n->safe_psql('postgres', 'SELECT qtcl.version()'),
		$n->safe_psql('postgres', "SELECT extversion FROM pg_extension WHERE extname = 'qtcl'"),
		$n->name . ': library version equals the installed SQL version');
}
is($pre->safe_psql('postgres', 'SELECT qtcl.preloaded()'), 't', 'preloaded cluster: shared memory set up');
is($plain->safe_psql('postgres', 'SELECT qtcl.preloaded()'), 'f', 'plain cluster: no shared memory, functions still work');

# What needs shared memory says so clearly when qtcl is not preloaded.
my ($prc, $pout, $perr) = $plain->psql('postgres', 'SELECT qtcl.entropy(8)');
like($perr, qr/entropy pool needs qtcl in shared_preload_libraries/, 'plain cluster: the entropy pool asks for preloading');
($prc, $pout, $perr) = $plain->psql('postgres', "\\set VERBOSITY verbose\nSELECT qtcl.beacon_tick()");
like($perr, qr/55000/, 'plain cluster: the beacon refuses with SQLSTATE 55000');

# MarkGUCPrefixReserved: the misspelt setting from postgresql.conf was reported and dropped.
ok($pre->log_contains(qr/invalid configuration parameter name "qtcl\.misspelt_setting"/),
	'a misspelt qtcl.* setting in postgresql.conf is reported in the log');
my ($rc, $out, $err) = $pre->psql('postgres', 'SHOW qtcl.misspelt_setting');
isnt($rc, 0, 'and is not kept as a placeholder');

# The preloaded cluster survives a restart with the extension in place.
$pre->restart;
is($pre->safe_psql('postgres', 'SELECT qtcl.preloaded()'), 't', 'preloaded again after restart');

done_testing();
