# pg_dump / pg_restore of a database that uses every part of hcpcs
# (tests/tap/sql/dataset.sql: every type in columns, arrays, ranges and
# multiranges; btree, hash, GiST and GIN indexes; hash partitions on code
# and modifier columns; unique and exclusion constraints; Level II, CPT and
# PTP releases; local modifier policy).  Custom format through pg_restore
# (also in parallel, the way doc/upgrade.md says) and plain format through
# psql must give a database on which tests/tap/sql/queries.sql prints the
# same output, byte for byte, with sound indexes.  The stored PTP index images are not dumped: checks build
# the index from the table until hcpcs_ptp_refresh_index() stores them again.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use HcpcsTap;

my $data = $ENV{HCPCS_DATA};
plan skip_all => 'HCPCS_DATA (the CMS data directory) is not set'
  unless $data && -d "$data/cms";

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->start;
my $tmp = PostgreSQL::Test::Utils::tempdir;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', 'CREATE EXTENSION hcpcs');
run_sql_file($node, 'src', sql_file('dataset.sql'), data => $data);
is($node->safe_psql('src', 'SELECT count(*) FROM hcpcs_ptp_index'), '1',
	'the source has the stored index image of its PTP release');
my $expected = run_sql_file($node, 'src', sql_file('queries.sql'));
like($expected, qr/hcpcs_ptp_audit/, 'the query file ran to its end');
check_indexes($node, 'src', 'source');

# the source's PTP cache came from the stored image
like($node->safe_psql('src', q{SELECT (hcpcs_ptp_check('0001A', '0591T', '2022-06-01')).applies;
	SELECT detail FROM hcpcs_cache_stats() WHERE cache LIKE '%PTP%'}),
	qr/^t\n.*1 from stored images, 0 built from the table/s, 'source: the PTP check reads the stored image');

command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/src.dump", '-d', $node->connstr('src') ], 'pg_dump -Fc');
command_ok([ 'pg_dump', '-f', "$tmp/src.sql", '-d', $node->connstr('src') ], 'pg_dump (plain)');
my $plain_sql = slurp_file("$tmp/src.sql");
unlike($plain_sql, qr/COPY \S*hcpcs_ptp_index/, 'the PTP index images are not in the dump');
unlike($plain_sql, qr/COPY \S*hcpcs_catalog_state/, 'the catalog version is not in the dump');

my %how = (
	restored => [ 'pg_restore', '--exit-on-error', "$tmp/src.dump" ],
	replayed => [ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', "$tmp/src.sql" ]);
for my $db (sort keys %how)
{
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	command_ok([ @{ $how{$db} }, '-d', $node->connstr($db) ], "$db: " . join(' ', $how{$db}[0], $how{$db}[-1] =~ s{.*/}{}r));
	# (pg_dump keeps no statistics; the source's were computed by ANALYZE too)
	$node->safe_psql($db, 'ANALYZE');

	# no image after the restore: the first check builds from the table
	is($node->safe_psql($db, 'SELECT count(*) FROM hcpcs_ptp_index'), '0', "$db: no stored PTP image");
	like($node->safe_psql($db, q{SELECT (hcpcs_ptp_check('0001A', '0591T', '2022-06-01')).applies;
		SELECT detail FROM hcpcs_cache_stats() WHERE cache LIKE '%PTP%'}),
		qr/^t\n.*0 from stored images, 1 built from the table/s, "$db: the PTP check builds its index from the restored edits");

	same_output(run_sql_file($node, $db, sql_file('queries.sql')), $expected,
		"$db: queries.sql prints the same as on the source");
	check_indexes($node, $db, $db);
}

# Parallel pg_restore: the data of the extension's tables that reference
# hcpcs_releases can arrive before the releases (pg_restore -j does not keep
# the order pg_dump records between the data of extension configuration
# tables), and the foreign key rejects it.  A known limitation (doc/upgrade.md).
$node->safe_psql('postgres', 'CREATE DATABASE restored_j2');
TODO:
{
	local $TODO = 'pg_restore -j loads the catalog tables in any order (doc/upgrade.md)';
	run_command([ 'pg_restore', '--exit-on-error', '-j', '2', '-d', $node->connstr('restored_j2'), "$tmp/src.dump" ]);
	is($node->safe_psql('restored_j2', 'SELECT count(*) FROM hcpcs_code_history'),
		$node->safe_psql('src', 'SELECT count(*) FROM hcpcs_code_history'), 'pg_restore -j 2 restores the catalog');
}

# The documented way to restore in parallel: the extension's tables first,
# in the dump's order, then everything else with -j.
my ($list) = run_command([ 'pg_restore', '-l', "$tmp/src.dump" ]);
my @hcpcs_data = grep { / TABLE DATA \S+ hcpcs_(releases|code_history|modifier_history|modifiers|ptp_edits|ptp_current) / } split /\n/, $list;
is(scalar @hcpcs_data, 6, 'the dump holds the data of the 6 reference tables');
my %is_hcpcs = map { $_ => 1 } @hcpcs_data;
PostgreSQL::Test::Utils::append_to_file("$tmp/hcpcs.list", join("\n", @hcpcs_data) . "\n");
PostgreSQL::Test::Utils::append_to_file("$tmp/rest.list", join("\n", grep { !$is_hcpcs{$_} } split /\n/, $list) . "\n");
$node->safe_psql('postgres', 'CREATE DATABASE restored_par');
my $par = $node->connstr('restored_par');
command_ok([ 'pg_restore', '--exit-on-error', '--section=pre-data', '-d', $par, "$tmp/src.dump" ], 'parallel restore, 1: pre-data');
command_ok([ 'pg_restore', '--exit-on-error', '-L', "$tmp/hcpcs.list", '-d', $par, "$tmp/src.dump" ],
	'parallel restore, 2: the reference tables, in order');
command_ok([ 'pg_restore', '--exit-on-error', '-j', '2', '--section=data', '--section=post-data', '-L', "$tmp/rest.list",
		'-d', $par, "$tmp/src.dump" ], 'parallel restore, 3: the rest, -j 2');
$node->safe_psql('restored_par', 'ANALYZE');
same_output(run_sql_file($node, 'restored_par', sql_file('queries.sql')), $expected,
	'restored_par: queries.sql prints the same as on the source');

# The images come back with hcpcs_ptp_refresh_index(), and answers do not move
is($node->safe_psql('restored', 'SELECT hcpcs_ptp_refresh_index()'), '1', 'hcpcs_ptp_refresh_index() stores the image again');
like($node->safe_psql('restored', q{SELECT (hcpcs_ptp_check('0001A', '0591T', '2022-06-01')).applies;
	SELECT detail FROM hcpcs_cache_stats() WHERE cache LIKE '%PTP%'}),
	qr/^t\n.*1 from stored images, 0 built from the table/s, 'restored: after the refresh, a session reads the stored image');
same_output(run_sql_file($node, 'restored', sql_file('queries.sql')), $expected,
	'restored, images refreshed: queries.sql prints the same as on the source');
is($node->safe_psql('restored', 'SELECT md5(image) FROM hcpcs_ptp_index'),
	$node->safe_psql('src', 'SELECT md5(image) FROM hcpcs_ptp_index'),
	'the refreshed image is the one the loader stored');

# The restored database keeps working: one local release, new releases get
# new numbers, reloading a restored release is recognized
is($node->safe_psql('restored', q{
	UPDATE hcpcs_modifiers SET note = 'changed after restore' WHERE modifier = '25';
	SELECT count(*) FILTER (WHERE kind = 'local') || ' ' || count(*) FILTER (WHERE kind = 'shipped')
	       || ' ' || bool_or(kind = 'local' AND release_id = (SELECT release_id FROM hcpcs_modifiers WHERE modifier = '25'))
	FROM hcpcs_releases}),
	'1 1 true', 'restored: a new local change joins the restored local release');
is($node->safe_psql('restored', qq{
	SET client_min_messages = warning;
	SELECT hcpcs_load_level2('$data/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt');
	SELECT hcpcs_load_level2('$data/cms/hcpcs-level2/HCPC17_CONTR_ANWEB.txt');
	SELECT max(release_id) FROM hcpcs_releases}),
	"6800\n6498\n6", 'restored: reloading a release is recognized, a new one gets the next number');

$node->stop;
done_testing();
