# The harness stops what it started even when a test dies half-way: a child test starts a
# cluster and a mock HTTP server, records their pid and port, then dies; afterwards neither
# the postmaster nor the server may be left running.
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use HTTP::Tiny;
use File::Temp qw(tempdir);
use Test::More;

my $dir = tempdir(CLEANUP => 1);
my $child = "$dir/dying_test.pl";
open my $fh, '>', $child or die;
print $fh <<'CHILD';
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use Test::More;
my $node = QtclTest::node('doomed');
my $srv = QtclTest::mock_http(sub { (200, {}, 'alive') });
open my $out, '>', $ARGV[0] or die;
print $out join(' ', $node->safe_psql('postgres', 'SELECT pg_backend_pid()'),
                $node->data_dir, $srv->port), "\n";
close $out;
ok(1, 'started');
die "this test fails on purpose\n";
CHILD
close $fh;

my $facts = "$dir/facts";
# Its own TAP output goes to a file, not into this test's stream.
my $rc = system("$^X $child $facts >$dir/child.log 2>&1");
isnt($rc, 0, 'the dying test failed, as it should');
open my $in, '<', $facts or die "the dying test did not start: $!";
my ($backend, $datadir, $port) = split ' ', <$in>;
ok($backend, "it had a cluster ($datadir) and a mock server (port $port)");
ok(!-e "$datadir/postmaster.pid", 'its cluster was stopped (no postmaster.pid left)');
is(HTTP::Tiny->new(timeout => 2)->get("http://127.0.0.1:$port/")->{status}, 599, 'its mock server was stopped');
ok(!kill(0, $backend), 'no backend of it is left');

done_testing();
