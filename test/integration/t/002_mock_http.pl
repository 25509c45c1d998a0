# The harness's mock HTTP server (used by the entropy-source tests): serves what the handler
# says on 127.0.0.1 only, can fail, delay and drip on request, and stops when told.
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use HTTP::Tiny;
use Time::HiRes qw(time);
use Test::More;

my $srv = QtclTest::mock_http(sub {
	my ($method, $path) = @_;
	return (200, { 'Content-Type' => 'application/json' }, '{"ok":true}') if $path eq '/json';
	return (500, {}, 'boom') if $path eq '/fail';
	return (200, {}, 'late', 1) if $path eq '/slow';
	return (200, {}, 'drip', 0, 100) if $path eq '/drip';
	return (404, {}, 'none');
});
like($srv->url, qr{^http://127\.0\.0\.1:\d+$}, 'listens on 127.0.0.1');

my $http = HTTP::Tiny->new(timeout => 5);
my $r = $http->get($srv->url . '/json');
is($r->{status}, 200, 'status 200');
is($r->{content}, '{"ok":true}', 'body as given');
is($r->{headers}{'content-type'}, 'application/json', 'headers as given');
is($http->get($srv->url . '/fail')->{status}, 500, 'a fault status on request');
is($http->get($srv->url . '/nothing')->{status}, 404, 'unknown paths are 404');

my $t0 = time;
is($http->get($srv->url . '/slow')->{content}, 'late', 'a delayed answer arrives');
cmp_ok(time - $t0, '>=', 0.9, 'after the delay asked for');

$t0 = time;
is($http->get($srv->url . '/drip')->{content}, 'drip', 'a dripped body arrives whole');
cmp_ok(time - $t0, '>=', 0.3, 'byte by byte, slowly');

# A short client timeout against the slow path times out (what a source adapter must survive).
my $impatient = HTTP::Tiny->new(timeout => 0.3);
is($impatient->get($srv->url . '/slow')->{status}, 599, 'a client with a short timeout gives up');

$srv->stop;
my $after = HTTP::Tiny->new(timeout => 2)->get($srv->url . '/json');
is($after->{status}, 599, 'after stop nothing answers');

done_testing();
