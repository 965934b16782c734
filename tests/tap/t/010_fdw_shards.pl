# Scale-out with postgres_fdw (doc/scale-out.md): a coordinator and two
# shards on loopback, set up by the recipe's own files (doc/scale-out-shard.sql,
# doc/scale-out-coordinator.sql), the reference tables loaded on every node
# with the normal loaders from real CMS data, synthetic claims built from real
# edit pairs.  Shows what postgres_fdw ships to the shards (EXPLAIN VERBOSE),
# that the shards' views run the STABLE checks themselves, that the sharded
# answers are exactly the single-server answers, that diverging reference data
# is detected, and that a shard that is down gives an error, not fewer rows.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $data = $ENV{HCPCS_DATA};
plan skip_all => 'HCPCS_DATA (the CMS data directory) is not set'
  unless $data && -d "$data/cms";
for my $f ('doc/scale-out-shard.sql', 'doc/scale-out-coordinator.sql')
{
	BAIL_OUT("$f not found (run from the top of the tree)") unless -f $f;
}

my $tmp = PostgreSQL::Test::Utils::tempdir;

# The PTP edits: a slice of the full 2024 Q3 practitioner table (every row
# whose Column 1 code starts with 992, 993, 994, 36, 96 or J: about 92,000
# rows, real pairs, indicators, dates and rationales), or the real excerpt
# when the full table is not there.
my $full = "$data/cms/ncci/ptp-practitioner-2024q3.cms-layout.txt";
my $ptp  = "$tmp/ptp-practitioner-2024q3-slice.txt";
if (-f $full)
{
	open(my $in,  '<', $full) or die "$full: $!";
	open(my $out, '>', $ptp)  or die "$ptp: $!";
	binmode($in);
	binmode($out);
	while (my $l = <$in>)
	{
		print $out $l if $. <= 6 || $l =~ /^(?:992|993|994|36|96|J)/;
	}
	close($out);
	close($in);
}
else
{
	$ptp = "$data/cms/ncci/ccipra-v322r0-f1.excerpt.txt";
}
my $level2 = "$data/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt";

# Three servers; the shards listen on 127.0.0.1, and the coordinator reaches
# them over TCP.
my $coord = PostgreSQL::Test::Cluster->new('coordinator');
my @shards = map { PostgreSQL::Test::Cluster->new("shard$_") } (1, 2);
for my $node ($coord, @shards)
{
	$node->init;
	$node->append_conf('postgresql.conf', "listen_addresses = '127.0.0.1'\n");
	$node->start;
}

sub psql_file
{
	my ($node, $file, @vars) = @_;
	$node->command_ok(
		[
			'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1',
			(map { ('-v', $_) } @vars),
			'-d', $node->connstr('postgres'), '-f', $file
		],
		"$file on " . $node->name);
}

# Every node: the extension and the same releases, by the normal loaders.
for my $node ($coord, @shards)
{
	$node->safe_psql('postgres', qq{
		SET client_min_messages = warning;
		CREATE EXTENSION hcpcs;
		SELECT hcpcs_load_level2('$level2');
		SELECT hcpcs_load_ptp(ARRAY['$ptp'], 'practitioner');
	});
}
psql_file($_, 'doc/scale-out-shard.sql') for @shards;
my $shardlist = join(';',
	map { sprintf('host=127.0.0.1 port=%d dbname=postgres', $_->port) } @shards);
psql_file($coord, 'doc/scale-out-coordinator.sql', "shards=$shardlist");

is($coord->safe_psql('postgres', 'SELECT count(*) FROM hcpcs_fingerprint_mismatch'),
	'0', 'every shard holds the same reference data as the coordinator (fingerprints)');
is($coord->safe_psql('postgres',
		q{SELECT string_agg(DISTINCT node, ',' ORDER BY node) || ' ' || count(*) FROM hcpcs_fingerprints}),
	'coordinator,shard1,shard2 21', 'fingerprints of 7 objects from all three nodes');
cmp_ok($coord->safe_psql('postgres',
		q{SELECT rows FROM hcpcs_fingerprints WHERE node = 'shard2' AND object = 'hcpcs_ptp_edits'}),
	'>', 100, 'the shards hold the PTP edits');

# Synthetic claims from real edit pairs, on the coordinator: claims_single is
# the single-server table, and the same rows go into the sharded claim_lines.
# 3,000 claims of 2 to 6 lines; in 70 % of them lines 1 and 2 are the two
# codes of an edit of indicator 0 or 1 in force in 2024 (either order), the
# other lines codes of the edit table; a quarter of the lines carry a
# modifier, PTP-associated or not.
$coord->safe_psql('postgres', q{
	SELECT setseed(0.2024);
	CREATE TEMP TABLE pairs AS
	SELECT row_number() OVER (ORDER BY column1, column2, effective) AS id, column1, column2
	FROM hcpcs_ptp_edits
	WHERE modifier_indicator IN (0, 1) AND (deletion IS NULL OR deletion >= '2024-01-01');
	CREATE TEMP TABLE codes AS
	SELECT row_number() OVER (ORDER BY c) AS id, c
	FROM (SELECT column1 AS c FROM hcpcs_ptp_edits UNION SELECT column2 FROM hcpcs_ptp_edits) s;
	CREATE TABLE claims_single AS
	WITH np AS (SELECT count(*) AS n FROM pairs),
	     nc AS (SELECT count(*) AS n FROM codes),
	     claims AS MATERIALIZED (
		SELECT k AS claim_id, 2 + floor(random() * 5)::int AS nlines,
		       CASE WHEN random() < 0.7 THEN 1 + floor(random() * np.n)::int END AS pair,
		       random() < 0.5 AS swap,
		       date '2024-01-01' + floor(random() * 274)::int AS dos
		FROM generate_series(1, 3000) k, np),
	     lines AS MATERIALIZED (
		SELECT c.*, l.line, 1 + floor(random() * nc.n)::int AS code_id,
		       random() AS r, 1 + floor(random() * 10)::int AS m
		FROM claims c CROSS JOIN LATERAL generate_series(1, c.nlines) l(line) CROSS JOIN nc
		ORDER BY c.claim_id, l.line)
	SELECT l.claim_id::bigint AS claim_id, l.line, 'B' || l.claim_id % 701 AS beneficiary_id,
	       'P' || l.claim_id % 53 AS provider_id,
	       CASE WHEN l.pair IS NOT NULL AND l.line = 1 THEN CASE WHEN l.swap THEN p.column2 ELSE p.column1 END
	            WHEN l.pair IS NOT NULL AND l.line = 2 THEN CASE WHEN l.swap THEN p.column1 ELSE p.column2 END
	            ELSE g.c END AS code,
	       CASE WHEN l.r < 0.25 THEN ('{59,XS,25,LT,RT,26,TC,22,76,F1}'::hcpcs_modifier[])[l.m] END AS modifier1,
	       CASE WHEN l.r < 0.03 THEN 'XU'::hcpcs_modifier END AS modifier2,
	       NULL::hcpcs_modifier AS modifier3, NULL::hcpcs_modifier AS modifier4,
	       l.dos, 1::numeric AS units
	FROM lines l JOIN codes g ON g.id = l.code_id LEFT JOIN pairs p ON p.id = l.pair;
	ALTER TABLE claims_single ADD PRIMARY KEY (claim_id, line);
	INSERT INTO claim_lines SELECT * FROM claims_single;
	ANALYZE claims_single;
});
my $nlines = $coord->safe_psql('postgres', 'SELECT count(*) FROM claims_single');
cmp_ok($nlines, '>', 9000, "$nlines claim lines");
is($coord->safe_psql('postgres', q{
	SELECT string_agg(n::text, ' ' ORDER BY s) FROM (
	  SELECT 1 AS s, count(*) AS n FROM claim_lines
	  UNION ALL SELECT 2, count(*) FROM claim_lines WHERE tableoid = 'claim_lines_shard1'::regclass
	  UNION ALL SELECT 3, count(*) FROM claim_lines WHERE tableoid = 'claim_lines_shard2'::regclass) t}),
	$nlines . ' '
	  . $coord->safe_psql('postgres', q{
		SELECT count(*) FILTER (WHERE satisfies_hash_partition('claim_lines'::regclass, 2, 0, claim_id)) || ' ' ||
		       count(*) FILTER (WHERE satisfies_hash_partition('claim_lines'::regclass, 2, 1, claim_id))
		FROM claims_single}),
	'every line is on the shard its claim_id hashes to');
for my $i (1, 2)
{
	cmp_ok($shards[ $i - 1 ]->safe_psql('postgres', 'SELECT count(*) FROM claim_lines'),
		'>', 3000, "shard$i holds its part of the lines");
}

#
# What is shipped to the shards (EXPLAIN VERBOSE of the coordinator)
#
sub plan_of
{
	my ($q) = @_;
	return $coord->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $q");
}

# Immutable operators and functions of the extension, and its types'
# constants, are in the Remote SQL of both shards, with no local filter.
my @shipped = (
	[ q{code @@ 'J'},  qr/code OPERATOR\(public\.>=\) 'J0000'\)\) AND \(\(code OPERATOR\(public\.<=\) 'J9999'/ ],
	[ q{code @@ 'CPT Category I'}, qr/code OPERATOR\(public\.>=\) '00000'/ ],
	[ q{code <@ '[99202,99215]'::hcpcs_range}, qr/code OPERATOR\(public\.>=\) '99202'.*code OPERATOR\(public\.<=\) '99215'/ ],
	[ q{code >= '99213' AND code < '99300'}, qr/code OPERATOR\(public\.>=\) '99213'.*code OPERATOR\(public\.<\) '99300'/ ],
	[ q{hcpcs_level(code) = 2},   qr/public\.hcpcs_level\(code\) = 2/ ],
	[ q{hcpcs_section(code) IS NULL}, qr/public\.hcpcs_section\(code\) IS NULL/ ],
	[ q{modifier1 = '59'},        qr/modifier1 OPERATOR\(public\.=\) '59'/ ],
	[ q{code IN ('99213', '99214', 'J1100')}, qr/code OPERATOR\(public\.=\) ANY \('\{99213,99214,J1100\}'::public\.hcpcs_code\[\]\)/ ],
	[ q{modifier1 = ANY ('{59,XS}')}, qr/modifier1 OPERATOR\(public\.=\) ANY \('\{59,XS\}'::public\.hcpcs_modifier\[\]\)/ ]);
for my $s (@shipped)
{
	my ($cond, $re) = @$s;
	my $plan = plan_of("SELECT claim_id, line FROM claim_lines WHERE $cond");
	my @remote = $plan =~ /Remote SQL: (.*)/g;
	is(scalar(@remote), 2, "$cond: one remote scan per shard");
	is(scalar(grep { $_ =~ $re } @remote), 2, "$cond: shipped to both shards")
	  or diag($plan);
	unlike($plan, qr/Filter:/, "$cond: no filter left on the coordinator");
}
like(plan_of(q{SELECT claim_id FROM claim_lines WHERE code @@ 'J'}),
	qr/Async Foreign Scan on public\.claim_lines_shard1.*Async Foreign Scan on public\.claim_lines_shard2/s,
	'the shards are scanned concurrently (async_capable)');

# Aggregates grouped by code over one shard's foreign table run on the shard,
# and give what the single server gives for that shard's claims.
my $agg = q{SELECT code, count(*), count(DISTINCT claim_id), min(dos), max(code) FROM claim_lines_shard2 WHERE code @@ 'E/M' GROUP BY code};
like(plan_of($agg), qr/Relations: Aggregate on \(public\.claim_lines_shard2\)\n\s+Remote SQL: SELECT code, count\(\*\), count\(DISTINCT claim_id\), min\(dos\), public\.max\(code\) FROM public\.claim_lines WHERE .* GROUP BY 1/,
	'an aggregate grouped by code over one shard is computed on the shard');
my $agg_single = $coord->safe_psql('postgres', q{
	SELECT code, count(*), count(DISTINCT claim_id), min(dos), max(code) FROM claims_single
	WHERE code @@ 'E/M' AND satisfies_hash_partition('claim_lines'::regclass, 2, 1, claim_id)
	GROUP BY code ORDER BY code});
isnt($agg_single, '', 'the shard has E/M lines');
is($coord->safe_psql('postgres', "$agg ORDER BY code"), $agg_single,
	'the shard\'s aggregate equals the single server\'s over the same claims');
# grouped by the partition key, partitionwise: one aggregate per shard
like($coord->safe_psql('postgres', q{
	SET enable_partitionwise_aggregate = on;
	EXPLAIN (VERBOSE, COSTS OFF) SELECT claim_id, count(*) FROM claim_lines GROUP BY claim_id}),
	qr/Relations: Aggregate on \(public\.claim_lines_shard1 claim_lines\)\n\s+Remote SQL: SELECT claim_id, count\(\*\) FROM public\.claim_lines GROUP BY 1.*Relations: Aggregate on \(public\.claim_lines_shard2 claim_lines_1\)/s,
	'grouped by claim_id with partitionwise aggregation: each shard aggregates its claims');

# STABLE functions (they read the reference tables) are never shipped: the
# coordinator fetches the rows and evaluates them itself.
for my $cond (q{hcpcs_is_active(code, dos)}, q{hcpcs_modifier_is_ptp(modifier1)},
	q{(hcpcs_ptp_check(code, '99213', dos)).applies})
{
	my $plan = plan_of("SELECT claim_id FROM claim_lines WHERE $cond");
	my @remote = $plan =~ /Remote SQL: (.*)/g;
	is(scalar(grep { /hcpcs_is_active|hcpcs_modifier_is_ptp|hcpcs_ptp_check|WHERE/ } @remote), 0,
		"$cond (STABLE): not in the Remote SQL");
	like($plan, qr/Filter: .*(hcpcs_is_active|hcpcs_modifier_is_ptp|hcpcs_ptp_check)/,
		"$cond (STABLE): evaluated on the coordinator");
}
# A comparison of the text a classification function returns is not shipped
# either: postgres_fdw sends no comparison in the default collation that does
# not come from a remote column.  The class operator says the same thing and
# is shipped (above).
like(plan_of(q{SELECT claim_id FROM claim_lines WHERE hcpcs_category(code) = 'CPT Category I'}),
	qr/Filter: \(hcpcs_category\(claim_lines_\d\.code\) = 'CPT Category I'::text\)/,
	'hcpcs_category(code) = text: evaluated on the coordinator (collation rule of postgres_fdw)');
like(plan_of(q{SELECT claim_id FROM claim_lines WHERE code::text LIKE '99%'}),
	qr/Filter: \(\(claim_lines_\d\.code\)::text ~~ '99%'::text\)/,
	'code::text LIKE: evaluated on the coordinator (the same rule)');

# The formulation: the shards' views run the checks; from the coordinator
# they are columns, shipped like any other.
like(plan_of(q{SELECT claim_id, line FROM claim_lines_checked WHERE NOT code_active}),
	qr/Remote SQL: SELECT claim_id, line FROM public\.claim_lines_checked WHERE \(\(NOT code_active\)\).*Remote SQL: SELECT claim_id, line FROM public\.claim_lines_checked WHERE \(\(NOT code_active\)\)/s,
	'hcpcs_is_active through the shard view: the filter is in the Remote SQL');
like(plan_of(q{SELECT claim_id FROM claim_lines_checked WHERE NOT code_active OR code_active IS NULL}),
	qr/Remote SQL: SELECT claim_id FROM public\.claim_lines_checked WHERE \(\(\(NOT code_active\) OR \(code_active IS NULL\)\)\)/,
	'not active or unknown: shipped');
like(plan_of(q{SELECT claim_id, line FROM claim_lines_checked WHERE code_active IS NOT TRUE}),
	qr/Filter: \(claim_lines_checked_\d\.code_active IS NOT TRUE\)/,
	'IS NOT TRUE is not shipped by PostgreSQL 15\'s postgres_fdw (the doc says how to write it)');
like(plan_of(q{SELECT * FROM claim_ptp_edits}),
	qr/Async Foreign Scan on public\.claim_ptp_edits_shard1.*Remote SQL: SELECT .* FROM public\.claim_ptp_edits\n.*Async Foreign Scan on public\.claim_ptp_edits_shard2/s,
	'claim_ptp_edits: both shards check their claims, concurrently');

#
# The sharded answers are the single-server answers, row for row
#
my $cols = 'claim_id, line_column1, line_column2, denied_line, column1, column2, denied, '
  . 'modifier_indicator, bypassed, bypass_modifier, effective, deletion, rationale, release, note';
my $order = 'ORDER BY claim_id, line_column1, line_column2, column1, column2, effective';
sub per_claim
{
	my ($table, $where) = @_;
	$where //= '';
	return qq{
	SELECT c.claim_id, e.*
	FROM (SELECT claim_id,
	             array_agg(ROW(line, code, ARRAY[modifier1, modifier2, modifier3, modifier4], dos, units)::hcpcs_claim_line
	                       ORDER BY line) AS lines
	      FROM $table $where GROUP BY claim_id) c,
	     LATERAL hcpcs_ptp_claim(c.lines) e};
}
my $single = $coord->safe_psql('postgres', 'SELECT ' . $cols . ' FROM (' . per_claim('claims_single') . ") t $order");
my @single_rows = split /\n/, $single;
cmp_ok(scalar(@single_rows), '>', 1000, scalar(@single_rows) . ' edits on the single server');
my $facts = $coord->safe_psql('postgres', 'SELECT count(*) FILTER (WHERE denied_line IS NOT NULL), count(*) FILTER (WHERE bypassed), '
	  . 'count(*) FILTER (WHERE modifier_indicator = 0), count(DISTINCT claim_id) FILTER (WHERE satisfies_hash_partition(\'claim_lines\'::regclass, 2, 1, claim_id)) FROM (' . per_claim('claims_single') . ') t');
my ($denied, $bypassed, $ind0, $on_shard2) = split /\|/, $facts;
cmp_ok($denied,    '>', 100, "$denied edits deny a line");
cmp_ok($bypassed,  '>', 10,  "$bypassed edits bypassed by a modifier");
cmp_ok($ind0,      '>', 10,  "$ind0 edits of indicator 0");
cmp_ok($on_shard2, '>', 100, "$on_shard2 claims with edits on shard2");

my $sharded = $coord->safe_psql('postgres', "SELECT $cols FROM claim_ptp_edits $order");
is($sharded, $single, 'the shards\' views: exactly the single-server rows, in order');
my $naive = $coord->safe_psql('postgres', 'SELECT ' . $cols . ' FROM (' . per_claim('claim_lines') . ") t $order");
is($naive, $single, 'checked on the coordinator over the sharded lines: the same rows');

# one claim, pruned to its shard
my ($claim) = $coord->safe_psql('postgres',
	q{SELECT claim_id FROM claims_single WHERE satisfies_hash_partition('claim_lines'::regclass, 2, 1, claim_id)
	  AND claim_id IN (SELECT claim_id FROM claim_ptp_edits_shard2) ORDER BY claim_id LIMIT 1});
my $one_plan = plan_of("SELECT * FROM claim_ptp_edits WHERE claim_id = $claim");
like($one_plan, qr/Remote SQL: SELECT .* FROM public\.claim_ptp_edits WHERE \(\(claim_id = $claim\)\)/,
	"claim $claim: the claim filter is in the Remote SQL");
unlike($one_plan, qr/shard1/, "claim $claim: only its shard is asked");
is($coord->safe_psql('postgres', "SELECT $cols FROM claim_ptp_edits WHERE claim_id = $claim $order"),
	$coord->safe_psql('postgres', 'SELECT ' . $cols . ' FROM (' . per_claim('claims_single', "WHERE claim_id = $claim") . ") t $order"),
	"claim $claim: the same rows as on one server");

# hcpcs_is_active evaluated on the shards
my $active_single = $coord->safe_psql('postgres',
	'SELECT claim_id, line, code, hcpcs_is_active(code, dos) FROM claims_single ORDER BY claim_id, line');
is($coord->safe_psql('postgres', 'SELECT claim_id, line, code, code_active FROM claim_lines_checked ORDER BY claim_id, line'),
	$active_single, 'hcpcs_is_active on the shards: the single-server answer for every line');
is($coord->safe_psql('postgres', 'SELECT count(*) FROM claim_lines_checked WHERE NOT code_active'),
	$coord->safe_psql('postgres', 'SELECT count(*) FROM claims_single WHERE NOT hcpcs_is_active(code, dos)'),
	'filtered on the shards: the same count');
cmp_ok($coord->safe_psql('postgres', 'SELECT count(DISTINCT code_active) FROM claim_lines_checked'),
	'>=', 2, 'the lines include active and inactive or unknown codes');

#
# postgres_fdw does not compare extension versions: a server listing
# "extensions 'hcpcs'" ships to a database whose hcpcs is 1.0 just the same.
# The recipe's fingerprint check is what notices (1.0 has no fingerprint
# view; between later versions the view's "extension" row differs).
#
$shards[0]->safe_psql('postgres', 'CREATE DATABASE old');
$shards[0]->safe_psql('old', q{
	CREATE EXTENSION hcpcs VERSION '1.0';
	CREATE TABLE t (code hcpcs_code);
	INSERT INTO t VALUES ('J1100'), ('99213');});
$coord->safe_psql('postgres', sprintf(q{
	CREATE SERVER oldshard FOREIGN DATA WRAPPER postgres_fdw
	    OPTIONS (host '127.0.0.1', port '%d', dbname 'old', extensions 'hcpcs');
	CREATE USER MAPPING FOR CURRENT_USER SERVER oldshard;
	CREATE FOREIGN TABLE old_t (code hcpcs_code) SERVER oldshard OPTIONS (table_name 't');
	CREATE FOREIGN TABLE old_fingerprint (object text, rows bigint, fingerprint text)
	    SERVER oldshard OPTIONS (table_name 'hcpcs_reference_fingerprint');}, $shards[0]->port));
like(plan_of(q{SELECT * FROM old_t WHERE code @@ 'J'}), qr/Remote SQL: .*WHERE .*'J0000'/,
	'a 1.0 shard: the filter is shipped all the same (no version check)');
is($coord->safe_psql('postgres', q{SELECT code FROM old_t WHERE code @@ 'J'}), 'J1100',
	'a 1.0 shard answers');
my ($oret, $oout, $oerr) = $coord->psql('postgres', 'SELECT * FROM old_fingerprint');
like($oerr, qr/relation "public\.hcpcs_reference_fingerprint" does not exist/,
	'a 1.0 shard: the fingerprint check fails loudly');

#
# Diverging reference data is detected: a shard whose modifier policy differs
#
$shards[1]->safe_psql('postgres', q{UPDATE hcpcs_modifiers SET ptp_associated = false WHERE modifier = 'XS'});
is($coord->safe_psql('postgres', 'SELECT node, object FROM hcpcs_fingerprint_mismatch ORDER BY 1, 2'),
	'shard2|hcpcs_modifiers', 'a changed modifier policy on shard2 shows in hcpcs_fingerprint_mismatch');
my $xs_on_shard2 = $coord->safe_psql('postgres',
	q{SELECT count(*) FROM (} . per_claim('claims_single') . q{) t
	  WHERE bypass_modifier = 'XS' AND satisfies_hash_partition('claim_lines'::regclass, 2, 1, claim_id)});
SKIP:
{
	skip 'no claim on shard2 is bypassed by XS', 1 unless $xs_on_shard2 > 0;
	isnt($coord->safe_psql('postgres', "SELECT $cols FROM claim_ptp_edits $order"), $single,
		"and the sharded answer then differs ($xs_on_shard2 edits bypassed by XS on shard2)");
}

#
# A shard that is down: an error naming it, never a partial answer
#
$shards[1]->stop('fast');
for my $q ('SELECT count(*) FROM claim_ptp_edits', 'SELECT count(*) FROM claim_lines',
	q{SELECT count(*) FROM claim_lines WHERE code @@ 'J'}, 'SELECT * FROM hcpcs_fingerprint_mismatch')
{
	my ($ret, $out, $err) = $coord->psql('postgres', $q);
	isnt($ret, 0, "shard2 down: $q fails");
	is($out, '', "shard2 down: $q returns no rows");
	like($err, qr/could not connect to server "shard2"/, "shard2 down: $q names the shard");
}
my ($claim1) = $coord->safe_psql('postgres',
	q{SELECT claim_id FROM claims_single WHERE satisfies_hash_partition('claim_lines'::regclass, 2, 0, claim_id)
	  ORDER BY claim_id LIMIT 1});
is($coord->safe_psql('postgres', "SELECT count(*) FROM claim_lines WHERE claim_id = $claim1"),
	$coord->safe_psql('postgres', "SELECT count(*) FROM claims_single WHERE claim_id = $claim1"),
	'shard2 down: a claim on shard1 is still answered (pruned to shard1)');
$shards[1]->start;
is($coord->safe_psql('postgres', 'SELECT count(*) FROM claim_lines'), $nlines,
	'shard2 back: every line again');

$_->stop for ($coord, @shards);
done_testing();
