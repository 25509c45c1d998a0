# QtclTest.pm: helpers for qtcl's integration tests (Perl TAP on PostgreSQL::Test::Cluster).
#
#   my $node = QtclTest::node('name', preload => 1, conf => "qtcl.x = 1\n", workers => 1);
#       a started cluster from the private tree test/run.sh built ($ENV{QTCL_PGINST}),
#       with qtcl in shared_preload_libraries unless preload => 0, and its background
#       workers disabled unless workers => 1.
#   my $srv = QtclTest::mock_http(sub { my ($method, $path, $headers, $body) = @_; return (200, {'Content-Type' => 'application/json'}, '{...}') });
#       a forked HTTP/1.1 server on 127.0.0.1 (random free port); $srv->{url}; $srv->stop.
#       The handler may return (status, headers, body[, delay_seconds_before_body, drip_ms_per_byte]).
#
# Everything started here stops when the test ends, passes or fails: Cluster.pm tears its nodes
# down in its END block, and mock servers are killed from ours.
package QtclTest;

use strict;
use warnings;
use IO::Socket::INET;
use POSIX ();
use Time::HiRes qw(usleep);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;

my @servers;

sub node
{
	my ($name, %opt) = @_;
	my $inst = $ENV{QTCL_PGINST} or die "QTCL_PGINST not set (run through test/run.sh)\n";
	my $node = PostgreSQL::Test::Cluster->new($name, install_path => $inst);
	$node->init(allows_streaming => $opt{allows_streaming} // 0);
	my $preload = $opt{preload} // 1;
	$node->append_conf('postgresql.conf', "shared_preload_libraries = 'qtcl'\n") if $preload;
	# The background workers change state on their own schedule: off unless a test asks for them.
	$node->append_conf('postgresql.conf', "qtcl.qrng_worker = off\nqtcl.beacon_worker = off\n")
	  if $preload && !$opt{workers};
	$node->append_conf('postgresql.conf', $opt{conf}) if $opt{conf};
	$node->start unless $opt{no_start};
	return $node;
}

sub mock_http
{
	my ($handler) = @_;
	my $listen = IO::Socket::INET->new(
		Listen => 16, LocalAddr => '127.0.0.1', LocalPort => 0, ReuseAddr => 1, Proto => 'tcp')
	  or die "mock_http: cannot listen on 127.0.0.1: $!\n";
	my $port = $listen->sockport;
	my $pid = fork();
	die "mock_http: fork failed: $!\n" unless defined $pid;
	if ($pid == 0)
	{
		$SIG{TERM} = sub { kill 'TERM', -$$; POSIX::_exit(0) };
		$SIG{CHLD} = 'IGNORE';
		setpgrp(0, 0);
		# Bounded: a mock server never outlives a stuck test by much.
		alarm(600);
		while (1)
		{
			my $c = $listen->accept or next;
			# One process per connection: a slow answer never holds up the others.
			my $kid = fork();
			if (defined $kid && $kid == 0)
			{
				$SIG{PIPE} = 'DEFAULT';
				$SIG{TERM} = 'DEFAULT';
				alarm(60);
				_serve($c, $handler);
				close $c;
				POSIX::_exit(0);
			}
			close $c;
		}
	}
	close $listen;
	my $srv = bless { pid => $pid, port => $port, url => "http://127.0.0.1:$port" }, 'QtclTest::Server';
	push @servers, $srv;
	return $srv;
}

sub _serve
{
	my ($c, $handler) = @_;
	local $/ = "\r\n";
	my $req = <$c>;
	return unless defined $req;
	my ($method, $path) = split / /, $req;
	my %h;
	while (defined(my $l = <$c>))
	{
		last if $l eq "\r\n";
		$l =~ s/\r\n$//;
		my ($k, $v) = split /:\s*/, $l, 2;
		$h{ lc $k } = $v;
	}
	my $body = '';
	read($c, $body, $h{'content-length'}) if $h{'content-length'};
	my ($status, $hdr, $out, $delay, $drip_ms) = $handler->($method, $path, \%h, $body);
	$hdr //= {};
	$out //= '';
	sleep($delay) if $delay;
	my $head = "HTTP/1.1 $status X\r\nConnection: close\r\nContent-Length: " . length($out) . "\r\n";
	$head .= "$_: $hdr->{$_}\r\n" for sort keys %$hdr;
	print $c "$head\r\n";
	if ($drip_ms)
	{
		$c->autoflush(1);
		for my $ch (split //, $out) { print $c $ch; usleep($drip_ms * 1000); }
	}
	else
	{
		print $c $out;
	}
}

sub stop_all
{
	$_->stop for @servers;
	@servers = ();
}

END { stop_all(); }

package QtclTest::Server;

sub url  { $_[0]{url} }
sub port { $_[0]{port} }

sub stop
{
	my ($self) = @_;
	return unless $self->{pid};
	kill 'TERM', $self->{pid};
	waitpid($self->{pid}, 0);
	$self->{pid} = undef;
}

1;
