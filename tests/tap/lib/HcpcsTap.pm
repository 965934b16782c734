# Helpers shared by the dump/restore and update TAP tests: the data set
# (tests/tap/sql/dataset.sql), the query file whose output must not change
# (tests/tap/sql/queries.sql), and index checks.
package HcpcsTap;
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Temp;
use PostgreSQL::Test::Utils;
use Test::More;
use Exporter 'import';
our @EXPORT = qw(sql_file run_sql_file same_output check_indexes query_fingerprints);

my $sql_dir = dirname(__FILE__) . '/../sql';

sub sql_file { return "$sql_dir/$_[0]"; }

# Run a psql script (echoed, stop on the first error) and return its output
sub run_sql_file
{
	my ($node, $db, $file, %vars) = @_;
	my @cmd = ('psql', '-X', '-a', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr($db), '-f', $file);
	push @cmd, '-v', "$_=$vars{$_}" for sort keys %vars;
	my ($out, $err);
	my $ok = IPC::Run::run(\@cmd, '>', \$out, '2>', \$err);
	die "psql -f $file on $db failed:\n$err" unless $ok;
	return $out;
}

# A fingerprint of each query's answer (row count and md5 of the rows, in
# the query's order), keyed by the query; $setup runs before each one
sub query_fingerprints
{
	my ($node, $db, $queries, $setup) = @_;
	my %fp;
	$setup = defined $setup ? "$setup; " : '';
	for my $q (@$queries)
	{
		$fp{$q} = $node->safe_psql($db,
			"${setup}SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|'), '')) FROM ($q) t");
	}
	return \%fp;
}

# Byte-for-byte comparison, showing a unified diff when they differ
sub same_output
{
	my ($got, $expected, $name) = @_;
	return pass($name) if $got eq $expected;
	my $dir = PostgreSQL::Test::Utils::tempdir;
	PostgreSQL::Test::Utils::append_to_file("$dir/expected", $expected);
	PostgreSQL::Test::Utils::append_to_file("$dir/got", $got);
	my ($diff) = run_command([ 'diff', '-u', "$dir/expected", "$dir/got" ]);
	fail($name);
	diag(length($diff) > 20000 ? substr($diff, 0, 20000) . "\n..." : $diff);
	return 0;
}

# Every index of the database is sound: amcheck on every btree (with a
# heap scan, so that every row must be found in the index), and every
# GiST, hash and GIN index of the user tables finds, by index scan alone,
# exactly the rows a sequential scan finds.  Returns the number of btree
# indexes checked.
sub check_indexes
{
	my ($node, $db, $label) = @_;
	$node->safe_psql($db, 'CREATE EXTENSION IF NOT EXISTS amcheck');
	my $n = $node->safe_psql($db, q{
		SELECT count(bt_index_check(c.oid, heapallindexed => true))
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		JOIN pg_am a ON a.oid = c.relam
		WHERE a.amname = 'btree' AND c.relkind = 'i' AND c.relpersistence <> 't' AND i.indisvalid
		  AND c.relnamespace <> 'pg_catalog'::regnamespace AND c.relnamespace <> 'pg_toast'::regnamespace});
	ok($n >= 20, "$label: bt_index_check(heapallindexed) passes on all $n btree indexes");
	is($node->safe_psql($db, q{SELECT count(*) FROM pg_index WHERE NOT indisvalid OR NOT indisready}),
		'0', "$label: no invalid index");

	# [index, condition, table, indexes that could serve it too (dropped
	# for the probe, in a transaction rolled back)]
	my @code_btree = qw(claim_line_code claim_line_code_dos);
	my @probes = (
		[ claim_line_code_hash => q{code = 'G0008'}, undef, @code_btree, 'claim_line_code_gist' ],
		[ claim_line_code_hash => q{code = '0001A'}, undef, @code_btree, 'claim_line_code_gist' ],
		[ claim_line_code_gist => q{code @@ 'J'}, undef, @code_btree, 'claim_line_code_hash' ],
		[ claim_line_code_gist => q{code <@ '[0001A,0099A]'::hcpcs_range}, undef, @code_btree ],
		[ claim_line_code_gist => q{code < '0001A'}, undef, @code_btree ],
		[ claim_line_first_mod_hash => q{first_mod = 'XS'}, undef, 'claim_line_first_mod' ],
		[ claim_line_cls => q{cls = 'G'} ],
		[ claim_line_band => q{band && '[J0000,J9999]'::hcpcs_range} ],
		[ claim_line_bands => q{bands @> 'J1100'::hcpcs_code} ],
		[ claim_line_nearby => q{nearby @> '{A0021}'} ],
		[ claim_line_mods => q{modifiers @> '{LT,59}'} ],
		[ code_band_band_excl => q{band && '[J1000,J2000]'::hcpcs_range}, 'code_band' ],
		[ fee_schedule_code_period_excl => q{code = 'J1100' AND period && '[2019-01-01,2019-02-01)'}, 'fee_schedule' ]);
	# (two psql runs for all probes: one by index only, one by sequential scan)
	my $rows = q{SELECT count(*) || ':' || md5(coalesce(string_agg(ctid::text, ',' ORDER BY ctid), ''))};
	my $sep = "SELECT '-- next probe --';\n";
	my $by_index = $node->safe_psql($db, "SET enable_seqscan = off; SET enable_indexscan = off;\n"
		  . join($sep, map {
			  my ($index, $cond, $table, @drop) = @$_;
			  $table //= 'claim_line';
			  "BEGIN;\n" . (@drop ? 'DROP INDEX ' . join(', ', @drop) . ";\n" : '')
				. "EXPLAIN (COSTS OFF) SELECT ctid FROM $table WHERE $cond;\n"
				. "$rows FROM $table WHERE $cond;\nROLLBACK;\n" } @probes));
	my $by_scan = $node->safe_psql($db, "SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off;\n"
		  . join($sep, map { "$rows FROM " . ($_->[2] // 'claim_line') . " WHERE $_->[1];\n" } @probes));
	my @index_out = split /\n-- next probe --\n/, $by_index;
	my @scan_out = split /\n-- next probe --\n/, $by_scan;
	for my $i (0 .. $#probes)
	{
		my ($index, $cond) = @{ $probes[$i] };
		my ($plan, $found) = ($index_out[$i] // '') =~ /^(.*)\n([^\n]*)$/s;
		like($plan // '', qr/Bitmap Index Scan on $index\n\s+Index Cond/, "$label: $index serves $cond");
		is($found, $scan_out[$i], "$label: $index finds the rows a sequential scan finds for $cond (" . ($scan_out[$i] // '') . ')');
	}
	return $n;
}

1;
