# search_path hijacking when the extension is installed, updated and
# restored: a hostile role's look-alike functions and operators, in a schema
# first on the installer's search_path and in the target schema itself (or
# its neighbour), must neither be used by any extension object nor ever run.
# Also: a non-superuser cannot install the extension (it is not trusted:
# doc/security.md says why).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/../lib";
use HcpcsTap;
use IPC::Run;

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->start;
my $tmp = PostgreSQL::Test::Utils::tempdir;

$node->safe_psql('postgres', q{
	CREATE ROLE regress_hostile LOGIN;
	CREATE ROLE regress_creator LOGIN;
});

# Look-alikes of what the install script's and the update script's
# unqualified names could resolve to (functions, operators, aggregates on
# built-in types: the extension's own types do not exist yet).  Each one
# records that it ran in hostile_log and answers wrongly.
sub hostile_sql
{
	my ($schema, $with_extension_names) = @_;
	my @funcs = (
		[ 'int4eq', 'integer, integer', 'boolean', 'true' ],
		[ 'texteq', 'text, text', 'boolean', 'true' ],
		[ 'textcat', 'text, text', 'text', q{'HIJACKED'} ],
		[ 'lower', 'text', 'text', q{'HIJACKED'} ],
		[ 'upper', 'text', 'text', q{'HIJACKED'} ],
		[ 'btrim', 'text', 'text', q{'HIJACKED'} ],
		[ 'btrim', 'text, text', 'text', q{'HIJACKED'} ],
		[ 'replace', 'text, text, text', 'text', q{'HIJACKED'} ],
		[ 'substr', 'text, integer, integer', 'text', q{'HIJACKED'} ],
		[ 'format', 'text', 'text', q{'SELECT 1'} ],
		[ 'format', 'text, text', 'text', q{'SELECT 1'} ],
		[ 'nextval', 'regclass', 'bigint', '-1' ],
		[ 'now', '', 'timestamptz', q{'1999-01-01'} ],
		[ 'pg_trigger_depth', '', 'integer', '99' ],
		[ 'daterange', 'date, date, text', 'daterange', q{'empty'} ],
		[ 'datemultirange', 'daterange', 'datemultirange', q{'{}'} ],
		[ 'pg_extension_config_dump', 'regclass, text', 'void', '' ],
		[ 'to_regclass', 'text', 'regclass', q{'pg_class'} ],);
	# (not where the extension goes: it would fail on the duplicate name)
	push @funcs, [ 'hcpcs_local_release', '', 'bigint', '0' ],
	  [ 'hcpcs_bump_version', '', 'trigger', 'NULL' ]
	  if $with_extension_names;
	my @ops = (
		[ '=', 'text', 'text', 'boolean', 'true' ],
		[ '<>', 'text', 'text', 'boolean', 'true' ],
		[ '||', 'text', 'text', 'text', q{'HIJACKED'} ],
		[ '=', 'integer', 'integer', 'boolean', 'true' ],
		[ '=', 'bigint', 'integer', 'boolean', 'true' ],
		[ '=', 'bigint', 'bigint', 'boolean', 'true' ],
		[ '=', 'smallint', 'integer', 'boolean', 'true' ],
		[ '=', 'boolean', 'boolean', 'boolean', 'true' ],
		[ '<', 'date', 'date', 'boolean', 'true' ],
		[ '>=', 'date', 'date', 'boolean', 'true' ],
		[ '-', 'datemultirange', 'datemultirange', 'datemultirange', q{'{}'} ],);
	my $sql = qq{
		CREATE TABLE IF NOT EXISTS public.hostile_log (what text, by_role name DEFAULT current_user);
		GRANT INSERT, SELECT ON public.hostile_log TO PUBLIC;
		CREATE FUNCTION $schema.hostile_ran(what text) RETURNS void LANGUAGE plpgsql AS \$f\$
		BEGIN
			INSERT INTO public.hostile_log (what) VALUES (what);
			RAISE WARNING 'hostile % ran', what;
		END \$f\$;
		CREATE FUNCTION $schema.hostile_count_sfunc(bigint) RETURNS bigint LANGUAGE plpgsql AS \$f\$
		BEGIN PERFORM $schema.hostile_ran('count(*)'); RETURN -1; END \$f\$;
		CREATE AGGREGATE $schema.count(*) (SFUNC = $schema.hostile_count_sfunc, STYPE = bigint);
	};
	for my $f (@funcs)
	{
		my ($name, $args, $result, $answer) = @$f;
		my $ret = $result eq 'void' ? 'RETURN;' : "RETURN $answer;";
		$sql .= qq{CREATE FUNCTION $schema.$name($args) RETURNS $result LANGUAGE plpgsql AS
			\$f\$BEGIN PERFORM $schema.hostile_ran('$name($args)'); $ret END\$f\$;\n};
	}
	my $n = 0;
	for my $o (@ops)
	{
		my ($op, $l, $r, $result, $answer) = @$o;
		$n++;
		$sql .= qq{CREATE FUNCTION $schema.hostile_op$n($l, $r) RETURNS $result LANGUAGE plpgsql AS
			\$f\$BEGIN PERFORM $schema.hostile_ran('operator $op($l, $r)'); RETURN $answer; END\$f\$;
			CREATE OPERATOR $schema.$op (LEFTARG = $l, RIGHTARG = $r, FUNCTION = $schema.hostile_op$n);\n};
	}
	return $sql;
}

# Every dependency of every object in the database but the hostile role's
# own, described by name: an extension object that resolved a name to a
# look-alike depends on it, and shows here.  (Dependencies on built-in
# objects are not recorded at all, so a look-alike shows as an extra line.)
my $deps = q{
	SELECT string_agg(d, E'\n' ORDER BY d) FROM (
		SELECT DISTINCT regexp_replace(pg_describe_object(classid, objid, objsubid) || ' -> ' ||
		                               pg_describe_object(refclassid, refobjid, refobjsubid) || ' (' || deptype::text || ')',
		                               'RI_ConstraintTrigger_[ac]_[0-9]+', 'RI_ConstraintTrigger') AS d
		FROM pg_depend dep
		WHERE (objid >= 16384 OR refobjid >= 16384) AND deptype <> 'p'
		  AND refclassid <> 'pg_namespace'::regclass
		  AND NOT EXISTS (SELECT FROM pg_shdepend s
		                  WHERE s.classid = dep.classid AND s.objid = dep.objid AND s.deptype = 'o'
		                    AND s.refobjid = 'regress_hostile'::regrole)
	) s WHERE d !~ 'hostile' AND d !~ 'pg_toast'};

# What the extension answers, for a few calls of each kind
my $answers = q{
	SELECT string_agg(x, E'\n' ORDER BY x) FROM (
		SELECT concat_ws(' ', c, hcpcs_level(c), hcpcs_category(c), hcpcs_section(c), c @@ 'J',
		                 c <@ '[99202,99499]'::hcpcs_range, hcpcs_is_active(c, '2020-01-01'),
		                 hcpcs_is_valid(c::text)) AS x
		FROM unnest('{J1100,99213,0591T,A4300}'::hcpcs_code[]) c
		UNION ALL SELECT concat_ws(' ', m, hcpcs_modifier_is_ptp(m)) FROM unnest('{25,59,22,LT}'::hcpcs_modifier[]) m
		UNION ALL SELECT concat_ws(' ', kind, period, source_files, row_count, checksum) FROM hcpcs_releases
		UNION ALL SELECT m::text FROM hcpcs_modifiers m
		UNION ALL SELECT concat_ws(' ', version) FROM hcpcs_catalog_state
	) s};

sub hostile_runs
{
	my ($db) = @_;
	return $node->safe_psql($db,
		q{SET search_path = pg_catalog, public; SELECT count(*) || coalesce(': ' || string_agg(what || ' by ' || by_role, ', '), '') FROM public.hostile_log});
}

# The reference: installed with nothing hostile around
$node->safe_psql('postgres', 'CREATE DATABASE ref');
$node->safe_psql('ref', 'CREATE EXTENSION hcpcs');
my $ref_deps = $node->safe_psql('ref', $deps);
my $ref_answers = $node->safe_psql('ref', $answers);
like($ref_deps, qr/view hcpcs_code_catalog/, 'the dependency listing covers the views');

# 1. CREATE EXTENSION by a superuser whose search_path starts with a hostile
# schema, look-alikes also in the target schema (public, where the hostile
# role may create), and temporary tables named like the extension's tables.
# (Without SCHEMA the extension would go into the first schema on the path:
# the hostile one.  Never install into a schema others may create in.)
$node->safe_psql('postgres', 'CREATE DATABASE inst');
$node->safe_psql('inst', q{
	GRANT CREATE ON SCHEMA public TO regress_hostile;
	CREATE SCHEMA hostile AUTHORIZATION regress_hostile;
});
$node->safe_psql('inst', 'SET ROLE regress_hostile;' . hostile_sql('hostile', 1) . hostile_sql('public', 0));
my ($ret, $out, $err) = $node->psql('inst', q{
	SET search_path = hostile, public, pg_catalog;
	CREATE TEMP TABLE hcpcs_releases (release_id bigint, kind text, period text, as_of date,
	                                  source_files text[], row_count bigint, checksum text);
	CREATE TEMP TABLE hcpcs_modifiers (modifier text, ptp_associated boolean, ptp_group text, note text);
	CREATE TRIGGER t BEFORE INSERT ON pg_temp.hcpcs_releases
	    FOR EACH ROW EXECUTE FUNCTION hostile.hcpcs_bump_version();
	CREATE EXTENSION hcpcs SCHEMA public;
	SELECT pg_catalog.count(*) FROM pg_temp.hcpcs_releases;
});
is($ret, 0, 'CREATE EXTENSION with look-alikes first on search_path and in the target schema');
unlike($err, qr/hostile/, 'no look-alike ran during CREATE EXTENSION') or diag($err);
is($out, '0', 'the script wrote nothing into a temporary table of the same name');
is(hostile_runs('inst'), '0', 'hostile_log is empty after CREATE EXTENSION');
is($node->safe_psql('inst', $deps),
	$node->safe_psql('ref', $deps),
	'every extension object depends on exactly what it does without the look-alikes');
is($node->safe_psql('inst', $answers), $ref_answers, 'and answers the same');

# the extension's triggers and plpgsql functions, used with the hostile path
($ret, $out, $err) = $node->psql('inst', q{
	SET search_path = hostile, public, pg_catalog;
	UPDATE public.hcpcs_modifiers SET note = 'x' WHERE modifier OPERATOR(public.=) '22';
	DELETE FROM public.hcpcs_modifiers WHERE modifier OPERATOR(public.=) '25';
});
like($err, qr/cannot delete modifier 25 shipped with hcpcs/,
	'the trigger on hcpcs_modifiers still refuses to delete a shipped row');
# a release and the validity view read through hcpcs_is_active (a view
# that had captured a look-alike would run it here, for every code)
$node->safe_psql('inst', q{
	CREATE TEMP TABLE stage (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
	INSERT INTO stage (line) VALUES ('99213,2000-01-01,'), ('99201,1992-01-01,2020-12-31');
	SELECT hcpcs_load_cpt_list_staged('stage', 'cpt.csv', '2024', '2024-01-01');
});
is($node->safe_psql('inst', q{SELECT hcpcs_is_active('99213', '2024-05-01')::text || hcpcs_is_active('99201', '2021-01-01')::text}),
	'truefalse', 'hcpcs_is_active answers from the validity view');
is(hostile_runs('inst'), '0', 'hostile_log is still empty');

# 2. CREATE EXTENSION ... SCHEMA hcpcs: look-alikes in the neighbouring
# schemas (public, and hostile first on search_path), then the update
# script too (1.0, then ALTER EXTENSION UPDATE)
for my $how ('current', 'update')
{
	my $db = "inst_$how";
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, q{
		GRANT CREATE ON SCHEMA public TO regress_hostile;
		CREATE SCHEMA hostile AUTHORIZATION regress_hostile;
		CREATE SCHEMA hcpcs;
	});
	$node->safe_psql($db, 'SET ROLE regress_hostile;' . hostile_sql('hostile', 1) . hostile_sql('public', 1));
	my $create = $how eq 'current'
	  ? 'CREATE EXTENSION hcpcs SCHEMA hcpcs;'
	  : q{CREATE EXTENSION hcpcs SCHEMA hcpcs VERSION '1.0'; ALTER EXTENSION hcpcs UPDATE;};
	($ret, $out, $err) = $node->psql($db, "SET search_path = hostile, public, hcpcs, pg_catalog; $create");
	is($ret, 0, "$how: CREATE EXTENSION in schema hcpcs with look-alikes in the neighbouring schemas");
	unlike($err, qr/hostile/, "$how: no look-alike ran") or diag($err);
	is(hostile_runs($db), '0', "$how: hostile_log is empty");
	is($node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'hcpcs'}),
		$node->safe_psql('ref', q{SELECT extversion FROM pg_extension WHERE extname = 'hcpcs'}),
		"$how: the default version");
	# (the objects' descriptions name the schema where it is not on the path)
	is($node->safe_psql($db, "SET search_path = hcpcs, public; $deps"),
		$node->safe_psql('ref', $deps),
		"$how: every extension object depends on exactly what it does without the look-alikes");
	is($node->safe_psql($db, "SET search_path = hcpcs, public; $answers"), $ref_answers, "$how: same answers");
}

# 3. pg_dump / pg_restore and pg_dump | psql of a database using the
# extension, with look-alikes in public (they are dumped and restored too,
# before the table data, indexes and constraints that use the extension)
$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
	CREATE EXTENSION hcpcs;
	GRANT CREATE ON SCHEMA public TO regress_hostile;
	CREATE SCHEMA hostile AUTHORIZATION regress_hostile;
	UPDATE hcpcs_modifiers SET ptp_associated = false, note = 'local policy' WHERE modifier = '91';
	INSERT INTO hcpcs_modifiers (modifier, ptp_associated, note) VALUES ('GA', false, 'local');
	CREATE TEMP TABLE stage (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
	INSERT INTO stage (line) VALUES ('code,effective,termination'), ('99213,2000-01-01,'),
	                                ('99201,1992-01-01,2020-12-31');
	SELECT hcpcs_load_cpt_list_staged('stage', 'cpt.csv', '2024', '2024-01-01');
	CREATE TABLE claim_line (id int PRIMARY KEY, code hcpcs_code NOT NULL CHECK (hcpcs_is_valid(code::text)),
	                         modifiers hcpcs_modifier[] NOT NULL DEFAULT '{}', band hcpcs_range,
	                         dos date, lvl smallint GENERATED ALWAYS AS (hcpcs_level(code)) STORED,
	                         EXCLUDE USING gist (code WITH =, band WITH &&) WHERE (id < 0));
	INSERT INTO claim_line (id, code, modifiers, band, dos)
	SELECT g, c, CASE WHEN g % 3 = 0 THEN '{25}'::hcpcs_modifier[] ELSE '{}' END,
	       hcpcs_range(c, c, '[]'), date '2019-01-01' + g % 365
	FROM generate_series(1, 2000) g,
	     LATERAL (SELECT (ARRAY['J1100', '99213', '0591T', 'A4300', 'E0114', '00100'])[g % 6 + 1]::hcpcs_code) AS v(c);
	CREATE INDEX ON claim_line (code);
	CREATE INDEX ON claim_line USING hash (code);
	CREATE INDEX ON claim_line USING gist (code);
	CREATE INDEX ON claim_line (hcpcs_category(code)) WHERE code @@ 'Level II';
});
$node->safe_psql('src', 'SET ROLE regress_hostile;' . hostile_sql('public', 0) . q{
	CREATE FUNCTION hostile.hcpcs_is_valid(text) RETURNS boolean LANGUAGE plpgsql AS
		$f$BEGIN PERFORM public.hostile_ran('hcpcs_is_valid(text)'); RETURN false; END$f$;
	CREATE FUNCTION hostile.hcpcs_category(public.hcpcs_code) RETURNS text LANGUAGE plpgsql IMMUTABLE AS
		$f$BEGIN PERFORM public.hostile_ran('hcpcs_category(hcpcs_code)'); RETURN 'HIJACKED'; END$f$;
});
$node->safe_psql('src', 'ALTER DATABASE src SET search_path = hostile, public, pg_catalog');

my @queries = (
	q{SELECT release_id, kind, setting, period, as_of, source_files, row_count, checksum, loaded_by
	  FROM hcpcs_releases WHERE kind <> 'shipped' ORDER BY release_id},
	'SELECT * FROM hcpcs_code_history ORDER BY code, release_id',
	'SELECT * FROM hcpcs_modifiers ORDER BY modifier',
	'SELECT * FROM hcpcs_code_catalog ORDER BY code',
	'SELECT * FROM claim_line ORDER BY id',
	q{SELECT count(*) FROM claim_line WHERE code @@ 'J'},
	q{SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE conrelid = 'claim_line'::regclass ORDER BY 1},
	q{SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'claim_line'::regclass ORDER BY 1});

sub fingerprint { return query_fingerprints($node, $_[0], \@queries, 'SET search_path = public'); }
my $before = fingerprint('src');
is(hostile_runs('src'), '0', 'source: no look-alike ran');

command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/src.dump", '-d', $node->connstr('src') ], 'pg_dump -Fc');
command_ok([ 'pg_dump', '-f', "$tmp/src.sql", '-d', $node->connstr('src') ], 'pg_dump plain');
for my $how ('pg_restore', 'psql')
{
	my $db = "restored_$how";
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, 'ALTER DATABASE ' . $db . ' SET search_path = hostile, public, pg_catalog');
	my @cmd = $how eq 'pg_restore'
	  ? ('pg_restore', '--exit-on-error', '-d', $node->connstr($db), "$tmp/src.dump")
	  : ('psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', "$tmp/src.sql", '-d', $node->connstr($db));
	my ($stdout, $stderr);
	my $ok = IPC::Run::run(\@cmd, '>', \$stdout, '2>', \$stderr);
	ok($ok, "$how restores the dump") or diag($stderr);
	unlike($stderr, qr/hostile/, "$how: no look-alike ran") or diag($stderr);
	is(hostile_runs($db), '0', "$how: hostile_log is empty");
	my $after = fingerprint($db);
	for my $q (@queries)
	{
		is($after->{$q}, $before->{$q}, "$how: same rows for: $q");
	}
	is($node->safe_psql($db, q{SET search_path = public;
		SELECT hcpcs_modifier_is_ptp('91')::text || hcpcs_modifier_is_ptp('25')::text}),
		'falsetrue', "$how: the local change to a shipped modifier survives, the shipped rows too");
}

# 4. Not trusted: a non-superuser with CREATE on the database gets a clear error
$node->safe_psql('postgres', 'CREATE DATABASE byuser; GRANT CREATE ON DATABASE byuser TO regress_creator');
($ret, $out, $err) = $node->psql('byuser', 'SET ROLE regress_creator; CREATE EXTENSION hcpcs');
isnt($ret, 0, 'a non-superuser cannot CREATE EXTENSION hcpcs');
like($err, qr/permission denied to create extension "hcpcs".*\n.*HINT:  Must be superuser to create this extension/,
	'the error says why');
is($node->safe_psql('byuser', q{SELECT count(*) FROM pg_extension WHERE extname = 'hcpcs'}), '0',
	'nothing was created');

$node->stop;
done_testing();
