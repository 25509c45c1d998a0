# The upgrade-script scheme (test/upgrade/README.md): released install scripts never change, and
# ALTER EXTENSION qtcl UPDATE from every released version gives what a fresh install gives.
use strict;
use warnings;
use lib $ENV{QTCL_SRC} . '/test/integration';
use QtclTest;
use PostgreSQL::Test::Utils qw(slurp_file);
use Test::More;

my $src = $ENV{QTCL_SRC};
my ($current) = slurp_file("$src/../pg_control_version") =~ /(\S+)/;    # written by test/run.sh
my %frozen = map { m{qtcl--([0-9.]+)\.sql$} ? ($1 => $_) : () } glob("$src/test/upgrade/qtcl--*.sql");

ok(exists $frozen{$current}, "the current version $current is frozen in test/upgrade/");
is(slurp_file($frozen{$current}), slurp_file("$src/../generated/qtcl--$current.sql"),
	"the released $current script is unchanged (change SQL only with a version bump and an upgrade script)")
  if exists $frozen{$current};

my $node = QtclTest::node('upgrade');

# What the extension consists of, in a comparable form.
my $objects = q{
SELECT string_agg(d, E'\n' ORDER BY d) FROM (
  SELECT pg_describe_object(dep.classid, dep.objid, dep.objsubid) ||
         CASE WHEN dep.classid = 'pg_proc'::regclass THEN
           (SELECT ' -> ' || pg_get_function_result(p.oid) || ' ' || p.provolatile::text || p.proparallel::text ||
                   p.proisstrict::text || p.prosecdef::text || ' ' || coalesce(p.proconfig::text, '') ||
                   ' ' || coalesce(obj_description(p.oid, 'pg_proc'), '') || ' ' || md5(p.prosrc)
              FROM pg_proc p WHERE p.oid = dep.objid)
         ELSE '' END AS d
    FROM pg_depend dep
   WHERE dep.refclassid = 'pg_extension'::regclass AND dep.deptype = 'e'
     AND dep.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'qtcl')
  UNION ALL  -- what the list above does not show: columns, constraints, indexes, triggers, views
  SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' storage ' || a.attstorage::text ||
         CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relnamespace = 'qtcl'::regnamespace AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'qtcl'::regnamespace
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   WHERE c.relnamespace = 'qtcl'::regnamespace
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE c.relnamespace = 'qtcl'::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT 'view ' || c.relname || ' ' || pg_get_viewdef(c.oid) FROM pg_class c
   WHERE c.relnamespace = 'qtcl'::regnamespace AND c.relkind = 'v') s
};

$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION qtcl');
my $want = $node->safe_psql('fresh', $objects);
isnt($want, '', 'a fresh install has objects to compare');

for my $v (sort grep { $_ ne $current } keys %frozen)
{
	my $db = "from_$v" =~ s/\./_/gr;
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION qtcl VERSION '$v'");
	$node->safe_psql($db, 'ALTER EXTENSION qtcl UPDATE');
	is($node->safe_psql($db, "SELECT extversion FROM pg_extension WHERE extname = 'qtcl'"), $current,
		"$v updates to $current");
	is($node->safe_psql($db, $objects), $want, "$v updated to $current has the objects of a fresh install");
}

done_testing();
