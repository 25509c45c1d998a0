# MockQrng.pm: a mock of the four QRNG services for the entropy tests, on 127.0.0.1 only.
#
# The base URL of a source is <server>/<mode>; the request that follows tells the source:
#   anu         GET  /<mode>?length=N&type=uint8           (x-api-key header when a key is set)
#   random_org  POST /<mode>  JSON-RPC generateIntegers     (apiKey in the body)
#   qbck        GET  /<mode>/<KEY>/qbck/block/hex?size=1&length=N
#   hotbits     GET  /<mode>?nbytes=N&fmt=json&apikey=KEY
# Modes: ok, legacy (anu jsonI.php form), legacyfail (success:false with 200), e500, slow (answers
# after 3 s), truncated, garbage, oversized (a 300 kB body), constant (every byte 0x41), repeat
# (the same block every time), short (half the bytes), drip (one byte per 50 ms), rpcerror
# (random_org JSON-RPC error), badkey (answers 403 unless the expected key was sent).
package MockQrng;

use strict;
use warnings;
use JSON::PP;
use QtclTest;

our %KEYS = (anu => 'anukey', random_org => 'rokey', qbck => 'qbckkey', hotbits => 'hbkey');

sub random_bytes
{
	my ($n) = @_;
	open my $fh, '<:raw', '/dev/urandom' or die;
	read($fh, my $buf, $n) == $n or die;
	close $fh;
	return unpack('C*', $buf);
}

sub start
{
	my $json = JSON::PP->new->canonical;
	my @repeat = random_bytes(4096);
	return QtclTest::mock_http(sub {
		my ($method, $path, $h, $body) = @_;
		my ($mode, $rest) = $path =~ m{^/(\w+)(.*)$} or return (404, {}, 'no mode');
		my ($src, $n, $key, $rpcid);
		if ($method eq 'POST')
		{
			my $req = eval { $json->decode($body) } or return (400, {}, 'bad json');
			($src, $n, $key, $rpcid) = ('random_org', $req->{params}{n}, $req->{params}{apiKey}, $req->{id});
		}
		elsif ($rest =~ m{^/([^/]+)/qbck/block/hex\?size=1&length=(\d+)$})
		{
			($src, $key, $n) = ('qbck', $1, $2);
		}
		elsif ($rest =~ m{^\?nbytes=(\d+)&fmt=json&apikey=(.*)$})
		{
			($src, $n, $key) = ('hotbits', $1, $2);
		}
		elsif ($rest =~ m{^\?length=(\d+)&type=uint8$})
		{
			($src, $n, $key) = ('anu', $1, $h->{'x-api-key'});
		}
		else
		{
			return (404, {}, 'unknown request');
		}
		return (403, {}, 'HotBits API Key invalid') if $mode eq 'badkey' && ($key // '') ne $KEYS{$src};
		return (500, {}, 'internal error') if $mode eq 'e500';
		return (200, { 'Content-Type' => 'text/html' }, '<html><body>maintenance</body></html>') if $mode eq 'garbage';
		return (200, { 'Content-Type' => 'application/json' }, '{"data": [' . join(',', (1) x 100000) . ']}')
		  if $mode eq 'oversized';

		my @bytes = $mode eq 'constant' ? ((0x41) x $n)
		  : $mode eq 'repeat' ? @repeat[0 .. $n - 1]
		  : random_bytes($n);
		@bytes = @bytes[0 .. int($n / 2) - 1] if $mode eq 'short';

		my $doc;
		if ($src eq 'anu')
		{
			$doc = $mode eq 'legacy' ? { type => 'uint8', length => scalar @bytes, data => \@bytes, success => JSON::PP::true }
			  : $mode eq 'legacyfail' ? { type => 'uint8', length => 0, data => [], success => JSON::PP::false }
			  : { success => JSON::PP::true, type => 'uint8', length => '' . scalar @bytes, data => \@bytes };
		}
		elsif ($src eq 'random_org')
		{
			$doc = $mode eq 'rpcerror'
			  ? { jsonrpc => '2.0', error => { code => 402, message => 'The API key you specified does not exist' }, id => $rpcid }
			  : { jsonrpc => '2.0', id => $rpcid,
				  result => { random => { data => \@bytes, completionTime => '2026-11-25 00:00:00Z' },
							  bitsUsed => 8 * @bytes, bitsLeft => 1000000, requestsLeft => 1000, advisoryDelay => 0 } };
		}
		elsif ($src eq 'qbck')
		{
			$doc = { data => { result => [ join('', map { sprintf '%02x', $_ } @bytes) ] } };
		}
		else
		{
			$doc = { data => \@bytes, status => 200 };
		}
		my $out = $json->encode($doc);
		$out = substr($out, 0, int(length($out) / 2)) if $mode eq 'truncated';
		return (200, { 'Content-Type' => 'application/json' }, $out, 3) if $mode eq 'slow';
		return (200, { 'Content-Type' => 'application/json' }, $out, 0, 50) if $mode eq 'drip';
		return (200, { 'Content-Type' => 'application/json' }, $out);
	});
}

# postgresql.conf lines: keys (read at start) and short timeouts.
sub conf
{
	return join('', map { "qtcl.qrng_${_}_key = '$KEYS{$_}'\n" } sort keys %KEYS)
	  . "qtcl.qrng_timeout_ms = 1000\nqtcl.qrng_connect_timeout_ms = 500\n";
}

1;
