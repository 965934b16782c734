# The update path: a database made under hcpcs 1.0 (the v1.0 tag, built from
# source into a private copy of the PostgreSQL installation) keeps every
# value, index, hash and answer when the installed files are replaced by the
# current build (same module path, as a package upgrade does), the server
# restarts and ALTER EXTENSION hcpcs UPDATE runs; and afterwards its
# extension objects are exactly those of a fresh CREATE EXTENSION.
#
# The v1.0 sources come from $HCPCS_V10_TAR (a `git archive v1.0` tarball;
# scripts/test.sh makes it) or, in a git checkout, from `git archive v1.0`.
# The current build is taken from the installation pg_config on PATH names.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use File::Copy qw(copy);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use HcpcsTap;

my $data = $ENV{HCPCS_DATA};
plan skip_all => 'HCPCS_DATA (the CMS data directory) is not set'
  unless $data && -d "$data/cms";

my $top = "$FindBin::Bin/../../..";
my $tmp = PostgreSQL::Test::Utils::tempdir;

# v1.0 sources
my $tar = $ENV{HCPCS_V10_TAR};
if (!$tar)
{
	$tar = "$tmp/v1.0.tar";
	my ($out, $err);
	IPC::Run::run([ 'git', '-C', $top, 'archive', '-o', $tar, 'v1.0' ], '>', \$out, '2>', \$err)
	  or plan skip_all => "no v1.0 sources: set HCPCS_V10_TAR or run in a git checkout with tag v1.0 ($err)";
}
mkdir "$tmp/v1.0" or die;
system('tar', '-x', '-f', $tar, '-C', "$tmp/v1.0") == 0 or die "could not extract $tar";

# a private PostgreSQL installation with hcpcs 1.0 in it
my ($bin) = run_command([ 'bash', "$top/scripts/private-pg.sh", "$tmp/pg" ]);
chomp $bin;
my $inst = "$bin/..";
my ($make_out, $make_err) = run_command([ 'make', '-C', "$tmp/v1.0", '-s', "PG_CONFIG=$bin/pg_config", 'with_llvm=no', 'install' ]);
ok(-f "$inst/lib/hcpcs.so", 'hcpcs 1.0 is built and installed into a private installation')
  or BAIL_OUT("building v1.0 failed: $make_err");

# the current build, as installed where pg_config on PATH says
my ($new_lib) = run_command([ 'pg_config', '--pkglibdir' ]);
my ($new_share) = run_command([ 'pg_config', '--sharedir' ]);
chomp($new_lib, $new_share);
my ($old_lib) = run_command([ "$bin/pg_config", '--pkglibdir' ]);
my ($old_share) = run_command([ "$bin/pg_config", '--sharedir' ]);
chomp($old_lib, $old_share);
my @new_files = (glob("$new_share/extension/hcpcs.control"), glob("$new_share/extension/hcpcs--*.sql"));
ok(-f "$new_lib/hcpcs.so" && @new_files >= 2, "the current build is installed in $new_lib");

my $node = PostgreSQL::Test::Cluster->new('old', install_path => $inst);
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE upd');
$node->safe_psql('postgres', 'CREATE DATABASE upd_empty');
$node->safe_psql($_, 'CREATE EXTENSION hcpcs') for qw(upd upd_empty);
is($node->safe_psql('upd', q{SELECT extversion FROM pg_extension WHERE extname = 'hcpcs'}), '1.0',
	'the database runs hcpcs 1.0');
run_sql_file($node, 'upd', sql_file('dataset.sql'), data => $data);

# Pinned hash values: hash indexes and hash partitions store them, so no
# release may change them (seed 8816678312871386365 is PostgreSQL's hash
# partitioning seed).
my $hash_query = q{
	SELECT string_agg(format('%s %s %s %s', c, hcpcs_code_hash(c), hcpcs_code_hash_extended(c, 0),
	                         hcpcs_code_hash_extended(c, 8816678312871386365)), E'\n' ORDER BY c)
	FROM unnest('{00100,0001A,99213,J1100,G0008}'::hcpcs_code[]) c
	UNION ALL
	SELECT string_agg(format('%s %s %s', m, hcpcs_modifier_hash(m), hcpcs_modifier_hash_extended(m, 8816678312871386365)),
	                  E'\n' ORDER BY m)
	FROM unnest('{25,59,XS}'::hcpcs_modifier[]) m};
my $pinned = <<'END';
00100 108199381 -4553584787365626411 -6862593215598433930
99213 -786549341 2961177820054566307 3016672671785956921
0001A -52985093 8220890257182655227 -2489614181341328967
G0008 1222594844 4971741541914595612 -5374805655796616553
J1100 -2068173577 4798071572482632951 -4204790473591282988
25 159441402 -3813497087689422384
59 -1777382352 -7633678068196303789
XS -351194994 -4630436109635246855
END
chomp $pinned;
is($node->safe_psql('upd', $hash_query), $pinned, '1.0: hash values are the pinned ones');

my $expected = run_sql_file($node, 'upd', sql_file('queries.sql'), plans => 'false');
like($expected, qr/hcpcs_ptp_audit/, '1.0: the query file ran to its end');
check_indexes($node, 'upd', '1.0');

# (plans are left out of queries.sql's output here: a new version may plan
# better; check_indexes checks that every index still serves its queries)

# The upgrade: new files in place of the old, same module path
$node->stop;
for my $f (@new_files)
{
	copy($f, "$old_share/extension/") or die "copy $f: $!";
}
copy("$new_lib/hcpcs.so", "$old_lib/hcpcs.so") or die "copy hcpcs.so: $!";
if (-d "$new_lib/bitcode/hcpcs")
{
	system('rm', '-rf', "$old_lib/bitcode/hcpcs", "$old_lib/bitcode/hcpcs.index.bc");
	system('cp', '-r', "$new_lib/bitcode/hcpcs", "$new_lib/bitcode/hcpcs.index.bc", "$old_lib/bitcode/") == 0
	  or die 'copy bitcode';
}
$node->start;

# the new library under the 1.0 objects, before ALTER EXTENSION UPDATE
same_output(run_sql_file($node, 'upd', sql_file('queries.sql'), plans => 'false'), $expected,
	'new library, 1.0 objects: queries.sql prints the same');

my $default = $node->safe_psql('upd', q{SELECT default_version FROM pg_available_extensions WHERE name = 'hcpcs'});
isnt($default, '1.0', "the current build's default version is $default");
$node->safe_psql($_, 'ALTER EXTENSION hcpcs UPDATE') for qw(upd upd_empty);
is($node->safe_psql('upd', q{SELECT extversion FROM pg_extension WHERE extname = 'hcpcs'}), $default,
	"ALTER EXTENSION hcpcs UPDATE brings the database to $default");

is($node->safe_psql('upd', $hash_query), $pinned, 'updated: hash values are the pinned ones');
same_output(run_sql_file($node, 'upd', sql_file('queries.sql'), plans => 'false'), $expected,
	'updated: queries.sql prints the same as under 1.0');
check_indexes($node, 'upd', 'updated');
note('updated, PTP cache: ' . $node->safe_psql('upd', q{SELECT (hcpcs_ptp_check('0001A', '0591T', '2022-06-01')).applies;
	SELECT detail FROM hcpcs_cache_stats() WHERE cache LIKE '%PTP%'}));

# New sessions and new loads keep working after the update
is($node->safe_psql('upd', qq{
	SET client_min_messages = warning;
	SELECT hcpcs_load_level2('$data/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt');
	SELECT hcpcs_load_ptp(ARRAY['$data/cms/ncci/ccipra-v322r0-f1.excerpt.txt'], 'practitioner');
	SELECT count(*) FROM hcpcs_releases;
	SELECT hcpcs_load_level2('$data/cms/hcpcs-level2/HCPC17_CONTR_ANWEB.txt');
	SELECT hcpcs_ptp_refresh_index();
	SELECT count(*) FROM hcpcs_releases}),
	"6800\n154\n6\n6498\n1\n7",
	'updated: releases loaded under 1.0 are recognized when loaded again, a new one loads, the PTP image is stored again');

# The updated databases' extension objects are those of a fresh install
$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION hcpcs');
my $fresh = run_sql_file($node, 'fresh', sql_file('ext_objects.sql'));
like($fresh, qr/^extension\|\Q$default\E\|/m, "fresh: CREATE EXTENSION installs $default");
like($fresh, qr/^\d{3,} objects$/m, 'ext_objects.sql lists the extension members');
same_output(run_sql_file($node, 'upd_empty', sql_file('ext_objects.sql')), $fresh,
	'updated from 1.0 (no data): the same extension objects, shipped rows and dump settings as a fresh install');
my $fresh_defs = $fresh =~ s/^shipped modifier\|.*\n//mgr;
same_output(run_sql_file($node, 'upd', sql_file('ext_objects.sql')) =~ s/^shipped modifier\|.*\n//mgr, $fresh_defs,
	'updated from 1.0 (with data): the same extension objects as a fresh install');

# A dump of the updated database restores into a fresh install unchanged
command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/upd.dump", '-d', $node->connstr('upd') ], 'pg_dump -Fc of the updated database');
$node->safe_psql('postgres', 'CREATE DATABASE upd_restored');
command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('upd_restored'), "$tmp/upd.dump" ],
	"pg_restore into a fresh $default install");
$node->safe_psql($_, 'ANALYZE') for qw(upd upd_restored);
same_output(run_sql_file($node, 'upd_restored', sql_file('queries.sql'), plans => 'false'),
	run_sql_file($node, 'upd', sql_file('queries.sql'), plans => 'false'),
	'the restored copy of the updated database answers the same');

$node->stop;
done_testing();
