# pg_dump / pg_restore of a database that uses hcpcs: every loaded release,
# every catalog row, a user's change to a shipped row, and user tables with
# hcpcs types and indexes come back exactly; shipped rows are not doubled.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/../lib";
use HcpcsTap;

my $data = $ENV{HCPCS_DATA};
plan skip_all => 'HCPCS_DATA (the CMS data directory) is not set'
  unless $data && -d "$data/cms";

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->start;
my $tmp = PostgreSQL::Test::Utils::tempdir;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', qq{
    CREATE EXTENSION hcpcs;
    SET client_min_messages = warning;
    SELECT hcpcs_load_level2('$data/cms/hcpcs-level2/HCPC17_CONTR_ANWEB.txt');
    SELECT hcpcs_load_level2('$data/cms/hcpcs-level2/HCPC2018_CONTR_ANWEB_disc.txt');
    SELECT hcpcs_load_level2('$data/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt');
    UPDATE hcpcs_modifiers SET ptp_associated = false, note = 'local policy' WHERE modifier = '91';
    INSERT INTO hcpcs_modifiers (modifier, ptp_associated, note) VALUES ('GA', false, 'local');
    CREATE TEMP TABLE stage (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
    INSERT INTO stage (line) VALUES ('code,effective,termination'), ('99213,2000-01-01,'),
                                    ('99201,1992-01-01,2020-12-31');
    SELECT hcpcs_load_cpt_list_staged('stage', 'cpt.csv', '2024', '2024-01-01');

    CREATE TABLE claim_line (id int PRIMARY KEY, code hcpcs_code NOT NULL,
                             modifiers hcpcs_modifier[] NOT NULL DEFAULT '{}',
                             band hcpcs_range, dos date);
    INSERT INTO claim_line
    SELECT g, c.code, CASE WHEN g % 3 = 0 THEN '{25}'::hcpcs_modifier[] ELSE '{}' END,
           hcpcs_range(c.code, c.code, '[]'), date '2019-01-01' + g % 365
    FROM generate_series(1, 5000) g
    JOIN LATERAL (SELECT code FROM hcpcs_code_history ORDER BY code OFFSET g % 6000 LIMIT 1) c ON true;
    CREATE INDEX ON claim_line (code);
    CREATE INDEX ON claim_line USING hash (code);
    CREATE INDEX ON claim_line USING gist (code);
    CREATE TABLE by_code (code hcpcs_code, n int) PARTITION BY HASH (code);
    CREATE TABLE by_code0 PARTITION OF by_code FOR VALUES WITH (MODULUS 2, REMAINDER 0);
    CREATE TABLE by_code1 PARTITION OF by_code FOR VALUES WITH (MODULUS 2, REMAINDER 1);
    INSERT INTO by_code SELECT code, count(*) FROM claim_line GROUP BY code;
});

# A fingerprint of everything a user would see: every table's rows, the
# catalog views, and answers of the functions.
my @queries = (
	# (the shipped release is created again by CREATE EXTENSION: its load time is new)
	q{SELECT release_id, kind, setting, period, as_of, source_files, row_count, checksum,
	         CASE WHEN kind <> 'shipped' THEN loaded_at END, loaded_by
	  FROM hcpcs_releases ORDER BY release_id},
	'SELECT * FROM hcpcs_code_history ORDER BY code, release_id',
	'SELECT * FROM hcpcs_modifier_history ORDER BY modifier, release_id',
	'SELECT * FROM hcpcs_modifiers ORDER BY modifier',
	'SELECT * FROM hcpcs_code_catalog ORDER BY code',
	'SELECT * FROM hcpcs_modifier_catalog ORDER BY modifier',
	'SELECT id, code, modifiers, band, dos, hcpcs_is_active(code, dos), hcpcs_modifier_is_ptp(modifiers[1]) FROM claim_line ORDER BY id',
	'SELECT tableoid::regclass, * FROM by_code ORDER BY code',
	q{SELECT count(*) FROM claim_line WHERE code @@ 'J'},
	q{SELECT last_value FROM hcpcs_release_id_seq});

sub fingerprint { return query_fingerprints($node, $_[0], \@queries); }

my $before = fingerprint('src');
like($before->{ $queries[1] }, qr/^18802:/, 'source holds the three releases (6,155 + 6,205 + 6,440 codes) and the CPT list (2)');

# custom format, pg_restore
command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/src.dump", '-d', $node->connstr('src') ],
	'pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), "$tmp/src.dump" ],
	'pg_restore');
my $after = fingerprint('restored');
for my $q (@queries)
{
	is($after->{$q}, $before->{$q}, "pg_restore: same rows for: $q");
}

# plain format through psql
command_ok([ 'pg_dump', '-f', "$tmp/src.sql", '-d', $node->connstr('src') ], 'pg_dump plain');
$node->safe_psql('postgres', 'CREATE DATABASE replayed');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', "$tmp/src.sql", '-d', $node->connstr('replayed') ],
	'psql replays the plain dump');
my $plain = fingerprint('replayed');
for my $q (@queries)
{
	is($plain->{$q}, $before->{$q}, "pg_dump | psql: same rows for: $q");
}

# nothing shipped is doubled, and the restored database keeps working
is($node->safe_psql('restored', q{SELECT count(*) FROM hcpcs_releases WHERE kind = 'shipped'}),
	'1', 'one shipped release');
is($node->safe_psql('restored', q{SELECT hcpcs_modifier_is_ptp('91')::text || hcpcs_modifier_is_ptp('25')::text}),
	'falsetrue', 'the local change to a shipped modifier survives, the shipped rows too');
is($node->safe_psql('restored', q{
	SET client_min_messages = warning;
	SELECT hcpcs_load_level2('} . "$data/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt" . q{');
	SELECT count(*) FROM hcpcs_releases WHERE kind = 'level2'}),
	"6800\n3", 'loading a restored release again is recognized');

$node->stop;
done_testing();
