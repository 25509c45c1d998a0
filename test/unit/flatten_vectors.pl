#!/usr/bin/perl
# Flattens a JSON test-vector file of ../shared/vectors into a line format the C
# unit tests read without a JSON parser: one "key=value" line per scalar field
# of each record of every top-level array of objects ("tests", or for
# bech32m.json "valid_bech32m", "invalid_bech32m", ...), nested keys joined
# with ".", plus a field "group" naming the array; records separated by a line
# "--". Booleans become true/false, null becomes "". Arrays keep file order;
# groups come in key order.
use strict;
use warnings;
use JSON::PP;

my $file = shift or die "usage: $0 file.json\n";
open my $fh, '<', $file or die "$file: $!\n";
local $/;
my $doc = JSON::PP->new->decode(<$fh>);
my @groups = grep { ref $doc->{$_} eq 'ARRAY' && @{ $doc->{$_} } && ref $doc->{$_}[0] eq 'HASH' } sort keys %$doc;
die "$file: no array of records\n" unless @groups;

sub flat {
	my ($prefix, $v, $out) = @_;
	if (ref $v eq 'HASH') {
		flat($prefix eq '' ? $_ : "$prefix.$_", $v->{$_}, $out) for sort keys %$v;
	} elsif (ref $v eq 'ARRAY') {
		flat("$prefix.$_", $v->[$_], $out) for 0 .. $#$v;
	} elsif (JSON::PP::is_bool($v)) {
		push @$out, "$prefix=" . ($v ? 'true' : 'false');
	} else {
		my $s = defined $v ? "$v" : '';
		die "$file: newline in $prefix\n" if $s =~ /\n/;
		push @$out, "$prefix=$s";
	}
}

binmode STDOUT, ':raw';
for my $g (@groups) {
for my $t (@{ $doc->{$g} }) {
	my @lines = ("group=$g");
	flat('', $t, \@lines);
	utf8::encode($_) for @lines;
	print "$_\n" for @lines;
	print "--\n";
}
}
