#!/usr/bin/perl
# sql_vectors.pl SHARED OUTDIR: writes the ML-DSA vectors of SHARED/vectors/ml-dsa as COPY text
# files for the pg_regress test sql/hlwe_vectors.sql (run by test/run.sh into the test inputs'
# data/ directory). The JSON files stay the one source: nothing derived is committed.
use strict;
use warnings;
use JSON::PP;

my ($shared, $out) = @ARGV;
die "usage: $0 SHARED OUTDIR\n" unless $shared && $out;
mkdir $out;

sub load { local $/; open my $f, '<', "$shared/vectors/ml-dsa/$_[0]" or die "$_[0]: $!\n"; JSON::PP->new->decode(<$f>)->{tests} }
sub b { '\\\\x' . lc($_[0] // '') }    # bytea hex literal inside COPY text
sub t { JSON::PP::is_bool($_[0]) ? ($_[0] ? 't' : 'f') : $_[0] }

open my $kg, '>', "$out/mldsa_keygen.tsv" or die;
print $kg join("\t", lc $_->{parameterSet}, b($_->{seed}), b($_->{pk}), b($_->{sk})), "\n" for @{ load('keygen.json') };

open my $sg, '>', "$out/mldsa_siggen.tsv" or die;
for (grep { $_->{interface} eq 'external' } @{ load('siggen.json') })
{
	print $sg join("\t", $_->{id}, lc $_->{parameterSet}, b($_->{sk}), b($_->{pk}), b($_->{message}),
		b($_->{context}), t($_->{deterministic}), b($_->{signature}), $_->{expected}), "\n";
}

open my $sv, '>', "$out/mldsa_sigver.tsv" or die;
for (grep { $_->{interface} eq 'external' } @{ load('sigver.json') })
{
	print $sv join("\t", $_->{id}, lc $_->{parameterSet}, b($_->{pk}), b($_->{message}), b($_->{context}),
		b($_->{signature}), t($_->{expected_valid}), $_->{reason}), "\n";
}
