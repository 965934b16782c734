# Loads never half-happen.  Every loader (hcpcs_load_level2, hcpcs_load_ptp,
# hcpcs_load_cpt_list, their *_staged forms, and scripts/hcpcs-load) given a
# bad file -- cut short, with bytes cp1252 leaves undefined, with a NUL byte,
# of another kind, empty, a directory, missing -- fails with a clear error
# (SQLSTATE, words, file and line) and changes nothing: a fingerprint of
# every table the extension owns, and the answers of the checks, are the
# same before and after.  A PTP load of the full 2024 Q3 hospital table
# killed by pg_terminate_backend, or by an immediate shutdown, while it is
# inserting rows leaves exactly the previous release after recovery, and
# the same load then succeeds.  A Level II load is too quick to kill at a
# chosen moment, so it is paused in the middle of its inserts by a trigger
# of this test's own (waiting on an advisory lock the test holds) and
# killed there.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use File::Basename qw(basename dirname);
use Cwd qw(abs_path);

my $data = $ENV{HCPCS_DATA};
plan skip_all => 'HCPCS_DATA (the CMS data directory) is not set'
  unless $data && -d "$data/cms";
# (the hospital table, 1,775,818 rows: the practitioner one takes half as
# long again to load, for nothing more to see)
my $ptp_full = "$data/cms/ncci/ptp-hospital-2024q3.cms-layout.txt";
plan skip_all => "the full PTP table is not unpacked in $data (scripts/test-data.sh does it)"
  unless -f $ptp_full;

# scripts/hcpcs-load, next to this checkout's tests
my $hcpcs_load = abs_path(dirname(__FILE__) . '/../../../scripts/hcpcs-load');
plan skip_all => 'scripts/hcpcs-load is not in this tree'
  unless $hcpcs_load && -f $hcpcs_load;

my $node = PostgreSQL::Test::Cluster->new('faults');
$node->init;
$node->start;
my $tmp = PostgreSQL::Test::Utils::tempdir;
my $db = 'postgres';

sub slurp
{
	my ($path) = @_;
	open(my $f, '<:raw', $path) or die "$path: $!";
	local $/;
	my $c = <$f>;
	close $f;
	return $c;
}

sub spew
{
	my ($path, $content) = @_;
	open(my $f, '>:raw', $path) or die "$path: $!";
	print $f $content;
	close $f;
	return $path;
}

# ---------------------------------------------------------------------------
# The files.  For each kind, every fault, built from the real CMS files.

my $l2_good = "$data/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt";
my $ptp_good = "$data/cms/ncci/ccipra-v322r0-f1.excerpt.txt";
my $mue = "$data/cms/ncci/mue-practitioner-2024q3.csv";
my $mue_excerpt = "$data/cms/ncci/MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv";
my @l2 = split /(?<=\n)/, slurp($l2_good);
my @ptp = split /(?<=\n)/, slurp($ptp_good);
my @cpt = ("code,effective,termination\r\n", "99213,2000-01-01,\r\n",
	"99201,1992-01-01,2020-12-31\r\n", "0591T,2020-01-01,\r\n");

# a byte put in place of another (the length stays; fixed width stays)
sub with_byte
{
	my ($lines, $index, $offset, $byte) = @_;
	my @copy = @$lines;
	substr($copy[$index], $offset, 1) = $byte;
	return join('', @copy);
}

# Level II: line 199 (a modifier record), a byte of its long description
# (positions 12-91); cut in the middle of line 3112; the PTP file instead
my $l2_cut = 1_000_000;
my $l2_text = join('', @l2);
die "the cut must fall inside a line" if substr($l2_text, $l2_cut - 1, 1) eq "\n";
my $l2_cut_line = 1 + (substr($l2_text, 0, $l2_cut) =~ tr/\n//);
# PTP: line 10's rationale (the last field); cut inside line 80's rationale
my $ptp_text = join('', @ptp);
my $ptp_cut = length(join('', @ptp[0 .. 78])) + 45;
die "the cut must fall inside line 80's rationale"
  unless substr($ptp[79], 0, 45) =~ /\t[019]\t\S/;
# CPT: line 3's termination date (2020-12-31) is where bytes go; the cut
# leaves "2020-1" of it
my $cpt_text = join('', @cpt);
my $cpt_cut = length(join('', @cpt[0 .. 1])) + length('99201,1992-01-01,2020-1');

mkdir "$tmp/adir" or die;
my %file = (
	level2 => {
		cut => spew("$tmp/HCPC2019_cut.txt", substr($l2_text, 0, $l2_cut)),
		undefined => spew("$tmp/HCPC2019_undefined.txt", with_byte(\@l2, 198, 20, "\x8D")),
		nul => spew("$tmp/HCPC2019_nul.txt", with_byte(\@l2, 198, 20, "\0")),
		other => $ptp_good,
		empty => spew("$tmp/HCPC2019_empty.txt", ''),
		directory => "$tmp/adir",
		missing => "$tmp/HCPC2019_missing.txt",
	},
	ptp => {
		cut => spew("$tmp/ccipra-v322r0-f1.cut.txt", substr($ptp_text, 0, $ptp_cut)),
		undefined => spew("$tmp/ccipra-v322r0-f1.undefined.txt", with_byte(\@ptp, 9, -10, "\x81")),
		nul => spew("$tmp/ccipra-v322r0-f1.nul.txt", with_byte(\@ptp, 9, -10, "\0")),
		other => $mue,
		other_excerpt => $mue_excerpt,
		empty => spew("$tmp/ccipra-v322r0-f1.empty.txt", ''),
		directory => "$tmp/adir",
		missing => "$tmp/ccipra-v322r0-f1.missing.txt",
	},
	cpt => {
		cut => spew("$tmp/cpt-cut.csv", substr($cpt_text, 0, $cpt_cut)),
		undefined => spew("$tmp/cpt-undefined.csv", with_byte(\@cpt, 2, 24, "\x81")),
		nul => spew("$tmp/cpt-nul.csv", with_byte(\@cpt, 2, 24, "\0")),
		other => $ptp_good,
		empty => spew("$tmp/cpt-empty.csv", ''),
		directory => "$tmp/adir",
		missing => "$tmp/cpt-missing.csv",
	});

# ---------------------------------------------------------------------------
# The state the faults must not change: a Level II release, a CPT list, a
# PTP release (current), a local modifier policy.

my $cpt_good = spew("$tmp/cpt-2024.csv", $cpt_text);
$node->safe_psql($db, qq{
	CREATE EXTENSION hcpcs;
	SET client_min_messages = warning;
	SELECT hcpcs_load_level2('$data/cms/hcpcs-level2/HCPC2018_CONTR_ANWEB_disc.txt');
	SELECT hcpcs_load_cpt_list('$cpt_good', '2024', '2024-01-01');
	SELECT hcpcs_load_ptp(ARRAY['$ptp_good'], 'practitioner');
	SELECT hcpcs_load_ptp(ARRAY['$ptp_good'], 'hospital');
	UPDATE hcpcs_modifiers SET ptp_associated = false, note = 'local policy' WHERE modifier = '91';
});

# every table the extension owns
my @tables = split /\n/, $node->safe_psql($db, q{
	SELECT c.oid::regclass FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
	WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
	  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hcpcs')
	  AND d.deptype = 'e' AND c.relkind = 'r'
	ORDER BY 1::text});
for my $t (qw(hcpcs_releases hcpcs_code_history hcpcs_modifier_history hcpcs_modifiers
	hcpcs_catalog_state hcpcs_ptp_edits hcpcs_ptp_current hcpcs_ptp_index))
{
	ok((grep { $_ eq $t } @tables), "$t is fingerprinted");
}
my $fp_query = join(' UNION ALL ', map {
	"SELECT '$_', count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM $_ t"
} @tables);

# What the checks answer: hcpcs_is_active for every 50th code of the 2019
# file (many unknown to 2018: NULL), and PTP claims of pairs of the 2024 Q3
# table (most not in the current excerpt release) and of the excerpt.
my @codes;
for my $i (0 .. $#l2)
{
	push @codes, substr($l2[$i], 0, 5)
	  if $i % 50 == 0 && length($l2[$i]) > 11 && substr($l2[$i], 10, 1) eq '3';
}
my @pairs = map { [ (split /\t/, $ptp[$_])[ 0, 1 ] ] } 6 .. 20;
{
	open(my $f, '<', $ptp_full) or die;
	while (my $line = <$f>)
	{
		push @pairs, [ (split /\t/, $line)[ 0, 1 ] ] if $. > 6 && $. % 100_000 == 0;
	}
	close $f;
}
my $claims = join(',', map { "($_, '$pairs[$_][0]'::hcpcs_code, '$pairs[$_][1]'::hcpcs_code)" } 0 .. $#pairs);
my $answers_query = qq{
	SELECT string_agg(c || '=' || coalesce(hcpcs_is_active(c::hcpcs_code, d)::text, 'unknown'), ',' ORDER BY c, d)
	FROM unnest('{@{[ join(',', @codes) ]}}'::text[]) c, (VALUES (date '2018-06-01'), (date '2019-06-01')) v(d)
	UNION ALL
	SELECT string_agg(s.setting || r::text, ';' ORDER BY n, s.setting, r::text)
	FROM (VALUES $claims) p(n, a, b)
	CROSS JOIN (VALUES ('practitioner'), ('hospital')) s(setting)
	CROSS JOIN LATERAL hcpcs_ptp_claim(ARRAY[ROW(1, a, NULL, '2024-08-01', 1), ROW(2, b, NULL, '2024-08-01', 1)]::hcpcs_claim_line[],
	                        s.setting) r
	UNION ALL
	SELECT string_agg(m || '=' || hcpcs_modifier_is_ptp(m::hcpcs_modifier)::text, ',' ORDER BY m)
	FROM unnest('{25,59,91,XS}'::text[]) m};

# (one session for them all: a connection costs more than the query)
my $fp_session;

sub fingerprint
{
	$fp_session //= $node->background_psql($db);
	return $fp_session->query_safe($fp_query);
}

sub answers
{
	return $node->safe_psql($db, $answers_query);
}

my $fp0 = fingerprint();
my $answers0 = answers();
like($fp0, qr/^hcpcs_code_history\|6208:/m, 'the 2018 Level II release (6,205 codes) and the CPT list (3) are loaded');
like($fp0, qr/^hcpcs_ptp_edits\|308:/m, 'the PTP excerpt release (154 edits) is loaded for two settings');
like($answers0, qr/=unknown/, 'some 2019 codes are unknown to the catalog now');

# ---------------------------------------------------------------------------
# The fault matrix.

# psql with the SQLSTATE in the message; returns (exit code, stderr)
sub run_sql
{
	my ($sql) = @_;
	my ($out, $err);
	my $rc = $node->psql($db, $sql, stdout => \$out, stderr => \$err,
		extra_params => [ '-v', 'VERBOSITY=verbose' ]);
	return ($rc, $err);
}

my %encoding = (level2 => 'LATIN1', ptp => 'LATIN1', cpt => 'UTF8');

# The loaders, each as a function of (kind's file, fault) giving (rc, stderr)
my %loaders = (
	'hcpcs_load_level2' => [ level2 => sub {
		run_sql("SELECT hcpcs_load_level2('$_[0]', as_of => '2019-01-01')");
	} ],
	'hcpcs_load_ptp' => [ ptp => sub {
		run_sql("SELECT hcpcs_load_ptp(ARRAY['$_[0]'], 'practitioner', '2024Q3', '2024-07-01')");
	} ],
	'hcpcs_load_cpt_list' => [ cpt => sub {
		run_sql("SELECT hcpcs_load_cpt_list('$_[0]', '2025', '2025-01-01')");
	} ],
	# the staged forms get the lines as a client would stage them (as
	# latin-1: every byte becomes a character, so that the bytes reach the
	# loader); a NUL byte, a directory or a missing file never reach them
	'hcpcs_load_level2_staged' => [ level2 => sub {
		staged($_[0], 'hcpcs_load_level2_staged(%s, %s, as_of => \'2019-01-01\')');
	} ],
	'hcpcs_load_ptp_staged' => [ ptp => sub {
		staged($_[0], 'hcpcs_load_ptp_staged(%s, ARRAY[%s], \'practitioner\', \'2024Q3\', \'2024-07-01\')');
	} ],
	'hcpcs_load_cpt_list_staged' => [ cpt => sub {
		staged($_[0], 'hcpcs_load_cpt_list_staged(%s, %s, \'2025\', \'2025-01-01\')');
	} ],
	'hcpcs-load level2' => [ level2 => sub {
		client([ 'level2', $_[0], '--as-of', '2019-01-01' ]);
	} ],
	'hcpcs-load ptp' => [ ptp => sub {
		client([ 'ptp', 'practitioner', $_[0], '--period', '2024Q3', '--as-of', '2024-07-01' ]);
	} ],
	'hcpcs-load cpt' => [ cpt => sub {
		client([ 'cpt', $_[0], '--period', '2025', '--as-of', '2025-01-01' ]);
	} ]);

sub staged
{
	my ($path, $call) = @_;
	my $name = basename($path);
	return run_sql(qq{
		CREATE TEMP TABLE stage (part int DEFAULT 1, lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
		COPY stage (line) FROM '$path' WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02', ENCODING 'LATIN1');
		SELECT } . sprintf($call, "'stage'", "'$name'"));
}

sub client
{
	my ($args) = @_;
	my ($out, $err);
	IPC::Run::run([ 'bash', $hcpcs_load, @$args, '--', '-d', $node->connstr($db),
			'-v', 'VERBOSITY=verbose' ],
		'<', \undef, '>', \$out, '2>', \$err);
	return ($? >> 8, $err);
}

# What each fault must say.  $f: the file's path, $n: its name; the
# staged forms and hcpcs-load name the file by its name.
my $l2what = 'invalid HCPCS Level II file';
my $ptpwhat = 'invalid NCCI PTP file';
my $cptwhat = 'invalid CPT code list';
my %expect = (
	'hcpcs_load_level2' => {
		cut => sub { qr/ERROR:  22P04: $l2what "\Q$_[0]\E": line $l2_cut_line, field file.*DETAIL:  The last line has no line end: the file was cut short/s },
		undefined => sub { qr/ERROR:  22P04: $l2what "\Q$_[0]\E": line 199, field LONG DESCRIPTION.*DETAIL:  Control character/s },
		nul => sub { qr/ERROR:  22P04: $l2what "\Q$_[0]\E": line 199, field LONG DESCRIPTION.*DETAIL:  Control character/s },
		other => sub { qr/ERROR:  22P04: $l2what "\Q$_[0]\E": line \d+, field file.*DETAIL:  Not a HCPCS Level II file/s },
		empty => sub { qr/ERROR:  22P04: $l2what "\Q$_[0]\E": line 0, field file.*DETAIL:  Not a HCPCS Level II file/s },
		directory => sub { qr/ERROR:  42809: "\Q$_[0]\E" is a directory/ },
		missing => sub { qr/ERROR:  58P01: could not open file "\Q$_[0]\E": No such file/ },
	},
	'hcpcs_load_ptp' => {
		cut => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[0]\E": line 80, field file.*DETAIL:  The last line has no line end: the file was cut short/s },
		undefined => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[0]\E": line 10, field PTP Edit Rationale.*DETAIL:  Byte undefined in Windows-1252/s },
		nul => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[0]\E": line 10, field PTP Edit Rationale.*DETAIL:  NUL byte/s },
		other => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[0]\E": line \d+, field file.*DETAIL:  Not an NCCI PTP file/s },
		other_excerpt => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[0]\E": line \d+, field file.*DETAIL:  Not an NCCI PTP file/s },
		empty => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[0]\E": line 0, field file.*DETAIL:  Not an NCCI PTP file \(the input is empty\)/s },
		directory => sub { qr/ERROR:  42809: "\Q$_[0]\E" is a directory/ },
		missing => sub { qr/ERROR:  58P01: could not open file "\Q$_[0]\E": No such file/ },
	},
	'hcpcs_load_cpt_list' => {
		cut => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[0]\E": line 3, field termination, value "2020-1"/ },
		undefined => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[0]\E": line 3, invalid byte sequence for encoding "UTF8": 0x81/ },
		nul => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[0]\E": line 3, invalid byte sequence for encoding "UTF8": 0x00/ },
		other => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[0]\E": line 1, expected 3 fields/ },
		empty => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[0]\E": no codes/ },
		directory => sub { qr/ERROR:  42809: "\Q$_[0]\E" is a directory/ },
		missing => sub { qr/ERROR:  58P01: could not open file "\Q$_[0]\E" for reading: No such file/ },
	},
	# Staged lines carry no line ends, so a cut cannot be seen here:
	# scripts/hcpcs-load checks the file (below).  Bytes arrive as latin-1
	# characters; those the file encoding lacks are named with their line.
	'hcpcs_load_level2_staged' => {
		undefined => sub { qr/ERROR:  22P04: $l2what "\Q$_[1]\E": line 199, field LONG DESCRIPTION.*DETAIL:  Control character/s },
		other => sub { qr/ERROR:  22P04: $l2what "\Q$_[1]\E": line \d+, field file.*DETAIL:  Not a HCPCS Level II file/s },
		empty => sub { qr/ERROR:  22P04: $l2what "\Q$_[1]\E": line 0, field file.*DETAIL:  Not a HCPCS Level II file/s },
	},
	'hcpcs_load_ptp_staged' => {
		undefined => sub { qr/ERROR:  22P05: character with byte sequence 0xc2 0x81 in encoding "UTF8" has no equivalent in encoding "WIN1252".*CONTEXT:  line 10 of "\Q$_[1]\E"/s },
		other => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[1]\E": line \d+, field file.*DETAIL:  Not an NCCI PTP file/s },
		empty => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[1]\E": line 0, field file.*DETAIL:  Not an NCCI PTP file \(the input is empty\)/s },
	},
	'hcpcs_load_cpt_list_staged' => {
		cut => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[1]\E": line 3, field termination, value "2020-1"/ },
		undefined => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[1]\E": line 3, field termination, value "2020-12\x{c2}\x{81}31"/ },
		other => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[1]\E": line 1, expected 3 fields/ },
		empty => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[1]\E": no codes/ },
	},
	# the client: its own checks (no SQLSTATE: before anything is sent),
	# else the loader's or COPY's error; a progress line names the file
	'hcpcs-load level2' => {
		cut => sub { qr/hcpcs-load: \Q$_[0]\E: the last line has no line end: the file was cut short/ },
		undefined => sub { qr/ERROR:  22P04: $l2what "\Q$_[1]\E": line 199, field LONG DESCRIPTION.*DETAIL:  Control character/s },
		nul => sub { qr/hcpcs-load: \Q$_[0]\E: line 199: a NUL byte/ },
		other => sub { qr/ERROR:  22P04: $l2what "\Q$_[1]\E": line \d+, field file.*DETAIL:  Not a HCPCS Level II file/s },
		empty => sub { qr/ERROR:  22P04: $l2what "\Q$_[1]\E": line 0, field file.*DETAIL:  Not a HCPCS Level II file/s },
		directory => sub { qr/hcpcs-load: \Q$_[0]\E is a directory, not a file/ },
		missing => sub { qr/hcpcs-load: no such file: \Q$_[0]\E/ },
	},
	'hcpcs-load ptp' => {
		cut => sub { qr/hcpcs-load: \Q$_[0]\E: the last line has no line end: the file was cut short/ },
		undefined => sub { qr/\Q$_[1]\E: 100.0%.*ERROR:  22P05: character with byte sequence 0x81 in encoding "WIN1252" has no equivalent in encoding "UTF8".*CONTEXT:  COPY hcpcs_stage, line 10\n/s },
		nul => sub { qr/hcpcs-load: \Q$_[0]\E: line 10: a NUL byte/ },
		other => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[1]\E": line \d+, field file.*DETAIL:  Not an NCCI PTP file/s },
		# (a quoted header cell holding a line break: COPY refuses the CR)
		other_excerpt => sub { qr/\Q$_[1]\E: 100.0%.*ERROR:  22P04: unquoted carriage return found in data.*CONTEXT:  COPY hcpcs_stage, line \d+/s },
		empty => sub { qr/ERROR:  22P04: $ptpwhat "\Q$_[1]\E": line 0, field file.*DETAIL:  Not an NCCI PTP file \(the input is empty\)/s },
		directory => sub { qr/hcpcs-load: \Q$_[0]\E is a directory, not a file/ },
		missing => sub { qr/hcpcs-load: no such file: \Q$_[0]\E/ },
	},
	'hcpcs-load cpt' => {
		cut => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[1]\E": line 3, field termination, value "2020-1"/ },
		undefined => sub { qr/\Q$_[1]\E: 100.0%.*ERROR:  22021: invalid byte sequence for encoding "UTF8": 0x81.*CONTEXT:  COPY hcpcs_stage, line 3\n/s },
		nul => sub { qr/hcpcs-load: \Q$_[0]\E: line 3: a NUL byte/ },
		other => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[1]\E": line 1, expected 3 fields/ },
		empty => sub { qr/ERROR:  22P04: $cptwhat "\Q$_[1]\E": no codes/ },
		directory => sub { qr/hcpcs-load: \Q$_[0]\E is a directory, not a file/ },
		missing => sub { qr/hcpcs-load: no such file: \Q$_[0]\E/ },
	});

for my $loader (sort keys %loaders)
{
	my ($kind, $run) = @{ $loaders{$loader} };
	for my $fault (qw(cut undefined nul other other_excerpt empty directory missing))
	{
		my $want = $expect{$loader}{$fault} or next;
		my $path = $file{$kind}{$fault};
		my ($rc, $err) = $run->($path);
		$err =~ s/\r/\n/g;    # (hcpcs-load's progress line)
		isnt($rc, 0, "$loader, $fault file: fails");
		like($err, $want->($path, basename($path)), "$loader, $fault file: the error says what and where");
		is(fingerprint(), $fp0, "$loader, $fault file: no table changed");
	}
}
is(answers(), $answers0, 'after all the faults, every check answers as before');

# the client's checks do not refuse good files: the Level II CSV export
# (which does not end its last line) and a PTP part load
{
	my ($rc, $err) = client([ 'level2', "$data/cms/hcpcs-level2/HCPC2026_OCT_ANWEB.excerpt.csv", '--as-of', '2026-10-01' ]);
	is($rc, 0, 'hcpcs-load loads the Level II CSV export, whose last line has no line end') or diag $err;
}
# a blank line in a CPT list is skipped (COPY in CSV mode stages it as NULL)
{
	my $blank = spew("$tmp/cpt-blank.csv", "code,effective\n99214,2000-01-01\n\n99202,1992-01-01\n");
	my ($rc, $err) = run_sql("SELECT hcpcs_load_cpt_list('$blank', '2026', '2026-01-01')");
	is($rc, 0, 'a CPT list with a blank line loads') or diag $err;
}

# ---------------------------------------------------------------------------
# A PTP load killed while it inserts rows.

$fp0 = fingerprint();
$answers0 = answers();

# Start $sql in the background; once the query $ready is true, kill the
# backend the query $find names (its pid, then what else to report) with
# $how: pg_terminate_backend, or an immediate shutdown and a restart.
# Returns what $find gave after the pid.
sub kill_load
{
	my ($how, $sql, $ready, $find) = @_;
	my $bg = $node->background_psql($db, on_error_stop => 0);
	$bg->query_until(qr/started/, "\\echo started\n$sql;\n");
	$node->poll_query_until($db, $ready) or die "the load never got to: $ready";
	my ($pid, @more) = split /\|/, $node->safe_psql($db, $find);
	if ($how eq 'terminate')
	{
		$node->safe_psql($db, "SELECT pg_terminate_backend($pid)");
		$node->poll_query_until($db, "SELECT NOT EXISTS (SELECT FROM pg_stat_activity WHERE pid = $pid)")
		  or die "backend $pid did not exit";
	}
	else
	{
		$node->stop('immediate');
		$node->start;
		eval { $fp_session->quit };
		undef $fp_session;
	}
	eval { $bg->quit };
	return @more;
}

# the full PTP load, killed once COPY has inserted rows; returns how many
sub kill_ptp_load
{
	my ($how) = @_;
	my ($rows) = kill_load($how, "SELECT hcpcs_load_ptp(ARRAY['$ptp_full'], 'hospital')",
		q{SELECT tuples_processed > 50000 FROM pg_stat_progress_copy WHERE relid = 'hcpcs_ptp_edits'::regclass},
		q{SELECT pid, tuples_processed FROM pg_stat_progress_copy WHERE relid = 'hcpcs_ptp_edits'::regclass});
	return $rows;
}

my $rows = kill_ptp_load('terminate');
cmp_ok($rows, '>', 0, "pg_terminate_backend killed the PTP load with $rows of 1,775,818 rows in");
is(fingerprint(), $fp0, 'after pg_terminate_backend in a PTP load: no table changed');
is(answers(), $answers0, 'after pg_terminate_backend in a PTP load: every check answers as before');

$rows = kill_ptp_load('immediate');
cmp_ok($rows, '>', 0, "an immediate shutdown stopped the PTP load with $rows rows in");
is(fingerprint(), $fp0, 'after an immediate shutdown in a PTP load and recovery: no table changed');
is(answers(), $answers0, 'after an immediate shutdown in a PTP load and recovery: every check answers as before');

# ---------------------------------------------------------------------------
# A Level II load killed in the middle of its inserts: the test's own
# trigger waits on an advisory lock the test holds once a record past
# line 5000 is inserted (about 3,000 codes in).

$node->safe_psql($db, q{
	CREATE FUNCTION test_pause() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		PERFORM pg_advisory_lock(4242);
		PERFORM pg_advisory_unlock(4242);
		RETURN NEW;
	END $$;
	CREATE TRIGGER test_pause BEFORE INSERT ON hcpcs_code_history
		FOR EACH ROW WHEN (NEW.source_line > 5000) EXECUTE FUNCTION test_pause();
});

sub kill_level2_load
{
	my ($how) = @_;
	my $holder = $node->background_psql($db);
	$holder->query_safe('SELECT pg_advisory_lock(4242)');
	my $waiting = q{FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted};
	kill_load($how, "SELECT hcpcs_load_level2('$l2_good')",
		"SELECT EXISTS (SELECT $waiting)", "SELECT pid $waiting");
	eval { $holder->quit };    # (gone with an immediate shutdown)
	return;
}

kill_level2_load('terminate');
is(fingerprint(), $fp0, 'after pg_terminate_backend in a Level II load: no table changed');
is(answers(), $answers0, 'after pg_terminate_backend in a Level II load: every check answers as before');
kill_level2_load('immediate');
is(fingerprint(), $fp0, 'after an immediate shutdown in a Level II load and recovery: no table changed');
is(answers(), $answers0, 'after an immediate shutdown in a Level II load and recovery: every check answers as before');

# ---------------------------------------------------------------------------
# The same loads then succeed, and change what the checks answer (so the
# comparisons above could fail).

$node->safe_psql($db, 'DROP TRIGGER test_pause ON hcpcs_code_history; DROP FUNCTION test_pause()');
is($node->safe_psql($db, "SET client_min_messages = warning; SELECT hcpcs_load_level2('$l2_good')"),
	'6800', 'the Level II load then succeeds (6,440 codes, 360 modifiers)');
is($node->safe_psql($db, "SELECT hcpcs_load_ptp(ARRAY['$ptp_full'], 'hospital')"),
	'1775818', 'the PTP load then succeeds (1,775,818 rows)');
is($node->safe_psql($db, q{
	SELECT period || ' ' || row_count FROM hcpcs_ptp_releases WHERE is_current AND setting = 'hospital'}),
	'2024Q3 1775818', 'and its release is current');
isnt(answers(), $answers0, 'and the checks answer from the new releases');

$node->stop;
done_testing();
