--
-- Security: search_path hijacking, privileges, SECURITY DEFINER.
--
-- A hostile unprivileged role puts look-alikes of every function, operator
-- and type the extension's SQL bodies, views, triggers, constraints and C
-- queries use into a schema that comes before pg_catalog on the victim's
-- search_path.  Each look-alike answers wrongly and records that it ran.
-- Then the extension is used by a superuser and by a plain user with that
-- search_path: every answer must be the one given without the look-alikes,
-- and no look-alike may run.  (In the style of PostgreSQL's
-- contrib/citext create_index_acl test.)  doc/security.md says what is
-- covered and why.
--
\getenv datadir HCPCS_DATA
\set f19 :datadir '/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt'
\set ptpfile :datadir '/cms/ncci/ccipra-v322r0-f1.excerpt.txt'
-- (error contexts name PL/pgSQL line numbers; the messages say it all)
\set SHOW_CONTEXT never

CREATE ROLE regress_hcpcs_hostile;
CREATE ROLE regress_hcpcs_plain;
CREATE SCHEMA hostile AUTHORIZATION regress_hcpcs_hostile;
GRANT USAGE ON SCHEMA hostile TO PUBLIC;

SET ROLE regress_hcpcs_hostile;
-- Every look-alike calls this: a warning in the output, and a trace in a
-- setting that the end of the test reads
CREATE FUNCTION hostile.ran(what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.set_config('hostile.ran',
        pg_catalog.concat(pg_catalog.current_setting('hostile.ran', true), ' ', what), false);
    RAISE WARNING 'hostile % ran as %', what, current_user;
END
$$;
-- Look-alike functions: name, argument types, result type, wrong answer
DO $do$
DECLARE
    f record;
    n int := 0;
BEGIN
    FOR f IN SELECT * FROM (VALUES
        ('int4eq', 'integer, integer', 'boolean', 'true'),
        ('texteq', 'text, text', 'boolean', 'true'),
        ('textcat', 'text, text', 'text', '''HIJACKED'''),
        ('lower', 'text', 'text', '''HIJACKED'''),
        ('upper', 'text', 'text', '''HIJACKED'''),
        ('btrim', 'text', 'text', '''HIJACKED'''),
        ('btrim', 'text, text', 'text', '''HIJACKED'''),
        ('replace', 'text, text, text', 'text', '''HIJACKED'''),
        ('substr', 'text, integer', 'text', '''HIJACKED'''),
        ('substr', 'text, integer, integer', 'text', '''HIJACKED'''),
        ('regexp_replace', 'text, text, text', 'text', '''HIJACKED'''),
        ('string_to_array', 'text, text', 'text[]', '''{HIJACKED}'''),
        ('array_length', 'text[], integer', 'integer', '3'),
        ('format', 'text', 'text', '''SELECT 1'''),
        ('format', 'text, text', 'text', '''SELECT 1'''),
        ('format', 'text, regclass', 'text', '''SELECT 1'''),
        ('format', 'text, regrole', 'text', '''SELECT 1'''),
        ('format', 'text, regclass, text, text, text, text, text, text', 'text', '''SELECT 1'''),
        ('quote_ident', 'text', 'text', '''HIJACKED'''),
        ('quote_literal', 'text', 'text', '''HIJACKED'''),
        ('encode', 'bytea, text', 'text', '''HIJACKED'''),
        ('sha256', 'bytea', 'bytea', '''\x00'''),
        ('convert_to', 'text, text', 'bytea', '''\x00'''),
        ('to_regclass', 'text', 'regclass', '''pg_class'''),
        ('nextval', 'regclass', 'bigint', '-1'),
        ('now', '', 'timestamptz', '''1999-01-01'''),
        ('pg_trigger_depth', '', 'integer', '99'),
        ('lower', 'daterange', 'date', '''1999-01-01'''),
        ('upper', 'daterange', 'date', '''1999-01-01'''),
        ('daterange', 'date, date, text', 'daterange', '''empty'''),
        ('datemultirange', 'daterange', 'datemultirange', '''{}'''),
        ('hcpcs_code', 'text', 'public.hcpcs_code', '''J0000'''),
        ('hcpcs_is_valid', 'text', 'boolean', 'false'),
        ('hcpcs_code_or_null', 'text', 'public.hcpcs_code', '''J0000'''),
        ('hcpcs_invalid_reason', 'text', 'text', '''HIJACKED'''),
        ('hcpcs_level', 'public.hcpcs_code', 'smallint', '9'),
        ('hcpcs_modifier_or_null', 'text', 'public.hcpcs_modifier', '''ZZ'''),
        ('hcpcs_modifier_is_valid', 'text', 'boolean', 'false'),
        ('hcpcs_modifier_invalid_reason', 'text', 'text', '''HIJACKED'''),
        ('hcpcs_local_release', '', 'bigint', '0'),
        ('hcpcs_class_first', 'public.hcpcs_class', 'public.hcpcs_code', '''00000'''),
        ('hcpcs_class_last', 'public.hcpcs_class', 'public.hcpcs_code', '''V9999'''),
        ('hcpcs_range_first', 'public.hcpcs_range', 'public.hcpcs_code', '''00000'''),
        ('hcpcs_range_last', 'public.hcpcs_range', 'public.hcpcs_code', '''V9999'''),
        ('hcpcs_code_in_class', 'public.hcpcs_code, public.hcpcs_class', 'boolean', 'true'),
        ('hcpcs_code_eq', 'public.hcpcs_code, public.hcpcs_code', 'boolean', 'true'),
        ('hcpcs_modifier_eq', 'public.hcpcs_modifier, public.hcpcs_modifier', 'boolean', 'true'),
        ('hcpcs_modifier_is_ptp', 'public.hcpcs_modifier', 'boolean', 'true'),
        ('hcpcs_ptp_set_current', 'bigint', 'boolean', 'true')
    ) AS v(name, args, result, answer)
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION hostile.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
            f.name, f.args, f.result,
            pg_catalog.format('BEGIN PERFORM hostile.ran(%L); RETURN %s; END',
                              f.name || '(' || f.args || ')', f.answer));
        n := n + 1;
    END LOOP;
    RAISE NOTICE '% look-alike functions', n;
END
$do$;
-- set-returning look-alikes
CREATE FUNCTION hostile.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN PERFORM hostile.ran('unnest(text[])'); RETURN NEXT 'HIJACKED'; END $$;
CREATE FUNCTION hostile.unnest(datemultirange) RETURNS SETOF daterange LANGUAGE plpgsql AS $$
BEGIN PERFORM hostile.ran('unnest(datemultirange)'); RETURN NEXT 'empty'::pg_catalog.daterange; END $$;
-- look-alike aggregates
CREATE FUNCTION hostile.agg_sfunc(text, text, text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN PERFORM hostile.ran('string_agg(text, text)'); RETURN 'HIJACKED'; END $$;
CREATE AGGREGATE hostile.string_agg(text, text) (SFUNC = hostile.agg_sfunc, STYPE = text);
CREATE FUNCTION hostile.count_sfunc(bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN PERFORM hostile.ran('count(*)'); RETURN -1; END $$;
CREATE AGGREGATE hostile.count(*) (SFUNC = hostile.count_sfunc, STYPE = bigint);
-- Look-alike operators: operator, left and right types, wrong answer
DO $do$
DECLARE
    o record;
    n int := 0;
BEGIN
    FOR o IN SELECT * FROM (VALUES
        ('=', 'text', 'text', 'boolean', 'true'),
        ('<>', 'text', 'text', 'boolean', 'true'),
        ('||', 'text', 'text', 'text', '''HIJACKED'''),
        ('=', 'integer', 'integer', 'boolean', 'true'),
        ('=', 'bigint', 'bigint', 'boolean', 'true'),
        ('<>', 'bigint', 'bigint', 'boolean', 'true'),
        ('=', 'smallint', 'integer', 'boolean', 'true'),
        ('<>', 'smallint', 'integer', 'boolean', 'true'),
        ('=', 'boolean', 'boolean', 'boolean', 'true'),
        ('=', 'date', 'date', 'boolean', 'true'),
        ('<', 'date', 'date', 'boolean', 'true'),
        ('<=', 'date', 'date', 'boolean', 'true'),
        ('>=', 'date', 'date', 'boolean', 'true'),
        ('-', 'datemultirange', 'datemultirange', 'datemultirange', '''{}'''),
        ('@>', 'datemultirange', 'date', 'boolean', 'true'),
        ('=', 'public.hcpcs_code', 'public.hcpcs_code', 'boolean', 'true'),
        ('<>', 'public.hcpcs_code', 'public.hcpcs_code', 'boolean', 'true'),
        ('<', 'public.hcpcs_code', 'public.hcpcs_code', 'boolean', 'true'),
        ('<=', 'public.hcpcs_code', 'public.hcpcs_code', 'boolean', 'true'),
        ('>', 'public.hcpcs_code', 'public.hcpcs_code', 'boolean', 'true'),
        ('>=', 'public.hcpcs_code', 'public.hcpcs_code', 'boolean', 'true'),
        ('@@', 'public.hcpcs_code', 'public.hcpcs_class', 'boolean', 'true'),
        ('<@', 'public.hcpcs_code', 'public.hcpcs_range', 'boolean', 'true'),
        ('@>', 'public.hcpcs_range', 'public.hcpcs_code', 'boolean', 'true'),
        ('=', 'public.hcpcs_class', 'public.hcpcs_class', 'boolean', 'true'),
        ('=', 'public.hcpcs_modifier', 'public.hcpcs_modifier', 'boolean', 'true'),
        ('<', 'public.hcpcs_modifier', 'public.hcpcs_modifier', 'boolean', 'true'),
        ('=', 'public.hcpcs_ptp_setting', 'public.hcpcs_ptp_setting', 'boolean', 'true')
    ) AS v(op, l, r, result, answer)
    LOOP
        n := n + 1;
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION hostile.op%s(%s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
            n, o.l, o.r, o.result,
            pg_catalog.format('BEGIN PERFORM hostile.ran(%L); RETURN %s; END',
                              'operator ' || o.op || '(' || o.l || ', ' || o.r || ')', o.answer));
        EXECUTE pg_catalog.format('CREATE OPERATOR hostile.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = hostile.op%s)',
                                  o.op, o.l, o.r, n);
    END LOOP;
    RAISE NOTICE '% look-alike operators', n;
END
$do$;
-- look-alike types: the extension's type names, and an enum with the
-- labels of hcpcs_ptp_setting in another order
CREATE DOMAIN hostile.hcpcs_code AS text;
CREATE DOMAIN hostile.hcpcs_modifier AS text;
CREATE TYPE hostile.hcpcs_ptp_setting AS ENUM
    ('medicaid_dme', 'medicaid_hospital', 'medicaid_practitioner', 'hospital', 'practitioner');
CREATE TABLE hostile.hcpcs_releases (release_id bigint);
CREATE TABLE hostile.hcpcs_catalog_state (version bigint);
CREATE TABLE hostile.hcpcs_modifiers (modifier text);
RESET ROLE;

-- The hostile objects work: a user's own unqualified SQL finds them
SET search_path = hostile, pg_catalog, public;
SELECT 'a'::pg_catalog.text = 'b'::pg_catalog.text AS own_sql_is_hijacked;
RESET search_path;
SELECT pg_catalog.set_config('hostile.ran', '', false) IS NOT NULL AS trace_reset;

--
-- Answers without the hostile objects, kept to compare.  A Level II file,
-- a CPT list and a PTP file of our own (parts of the real ones), so that
-- the loaders below insert new rows.
--
CREATE TEMP TABLE stage_l2 (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
COPY stage_l2 (line) FROM :'f19' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'LATIN1');
COPY (SELECT line FROM stage_l2 WHERE line LIKE 'A43%' OR line LIKE 'AA%' ORDER BY lineno)
    TO '/tmp/hcpcs_security_HCPC2031_CONTR_ANWEB.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'LATIN1');
CREATE TEMP TABLE stage_l2b (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
INSERT INTO stage_l2b (line) SELECT line FROM stage_l2 WHERE line LIKE 'A44%' ORDER BY lineno;
CREATE TEMP TABLE stage_l2c (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
INSERT INTO stage_l2c (line) SELECT line FROM stage_l2 WHERE line LIKE 'A45%' ORDER BY lineno;
COPY (VALUES ('code,effective,termination'), ('99213,2031-01-01,'), ('0591T,2031-01-01,2031-06-30'))
    TO '/tmp/hcpcs_security_cpt.csv';
CREATE TEMP TABLE stage_cpt (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
INSERT INTO stage_cpt (line) VALUES ('code,effective,termination'), ('99214,2031-01-01,');
CREATE TEMP TABLE stage_ptp0 (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
COPY stage_ptp0 (line) FROM :'ptpfile' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'WIN1252');
COPY (SELECT line FROM stage_ptp0 WHERE lineno <= 100 ORDER BY lineno)
    TO '/tmp/hcpcs_security_ptp_f1.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'WIN1252');
CREATE TEMP TABLE stage_ptp (part int, lineno bigint, line text);
INSERT INTO stage_ptp SELECT 1, lineno, line FROM stage_ptp0 WHERE lineno <= 5 OR lineno > 100;

CREATE TEMP TABLE codes AS
SELECT c::hcpcs_code AS code FROM unnest('{J1100,A4300,A4450,99213,0591T,0001A,36591,G0008,Q0001,E0114,00100,3074F,0001U}'::text[]) c;
CREATE TEMP TABLE classes AS
SELECT c::hcpcs_class AS class FROM unnest('{J,Surgery,Level II,CPT PLA,CPT Category III,Anesthesia}'::text[]) c;
CREATE TEMP TABLE claim_lines (claim_id text, beneficiary_id text, provider_id text, line int, code text,
                               modifier1 text, modifier2 text, modifier3 text, modifier4 text, dos date, units numeric);
\copy claim_lines FROM 'tests/fixtures/sample_claims.csv' WITH (FORMAT csv, HEADER)

-- Everything a user reads, as text rows: the same query runs with and
-- without the hostile objects (its own operators qualified, so that only
-- the extension's inner workings meet the hostile search_path)
CREATE FUNCTION answers() RETURNS TABLE (what text, answer text) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT 'type I/O'::pg_catalog.text, pg_catalog.concat_ws(' ',
        c.code, c.code::pg_catalog.text, public.hcpcs_code_send(c.code),
        public.hcpcs_code(c.code::pg_catalog.text), public.hcpcs_code_text(c.code),
        public.hcpcs_is_valid(c.code::pg_catalog.text), public.hcpcs_code_or_null(c.code::pg_catalog.text),
        public.hcpcs_level(c.code), public.hcpcs_category(c.code), public.hcpcs_section(c.code),
        public.hcpcs_is_active(c.code, '2019-06-01'), public.hcpcs_is_active(c.code, '2031-03-01'),
        public.hcpcs_description(c.code), public.hcpcs_long_description(c.code))
    FROM pg_temp.codes c;
    RETURN QUERY SELECT 'invalid', pg_catalog.concat_ws(' ', public.hcpcs_is_valid(t), public.hcpcs_code_or_null(t),
        public.hcpcs_invalid_reason(t), public.hcpcs_modifier_is_valid(t), public.hcpcs_modifier_invalid_reason(t))
    FROM pg_catalog.unnest('{99213-25,100,W1234,J12A4,'' j1100 '',25,lt}'::pg_catalog.text[]) t;
    RETURN QUERY SELECT 'comparisons', pg_catalog.concat_ws(' ', a.code, b.code,
        a.code OPERATOR(public.=) b.code, a.code OPERATOR(public.<) b.code,
        a.code OPERATOR(public.>=) b.code, public.hcpcs_code_cmp(a.code, b.code),
        public.hcpcs_code_hash(a.code))
    FROM pg_temp.codes a, pg_temp.codes b;
    RETURN QUERY SELECT 'classes', pg_catalog.concat_ws(' ', k.class, c.code, c.code OPERATOR(public.@@) k.class,
        public.hcpcs_class_first(k.class), public.hcpcs_class_last(k.class))
    FROM pg_temp.codes c, pg_temp.classes k;
    RETURN QUERY SELECT 'class runs', pg_catalog.concat_ws(' ', k.class, r.first, r.last)
    FROM pg_temp.classes k, public.hcpcs_class_runs(k.class) r;
    RETURN QUERY SELECT 'class list', pg_catalog.concat_ws(' ', c.class, c.code_share) FROM public.hcpcs_classes() c;
    RETURN QUERY SELECT 'ranges', pg_catalog.concat_ws(' ', c.code, r,
        c.code OPERATOR(public.<@) r, r OPERATOR(public.@>) c.code,
        public.hcpcs_range_first(r), public.hcpcs_range_last(r))
    FROM pg_temp.codes c,
         pg_catalog.unnest(ARRAY[public.hcpcs_range('99202', '99499', '[]'), '[00100,01999]'::public.hcpcs_range,
                                 '[J0000,)'::public.hcpcs_range]) r;
    RETURN QUERY SELECT 'modifiers', pg_catalog.concat_ws(' ', m, m::pg_catalog.text, public.hcpcs_modifier_is_ptp(m),
        public.hcpcs_modifier_description(m))
    FROM pg_catalog.unnest('{25,59,XS,LT,22,AA,91}'::public.hcpcs_modifier[]) m;
    RETURN QUERY SELECT 'code catalog', c::pg_catalog.text FROM public.hcpcs_code_catalog c;
    RETURN QUERY SELECT 'code validity', v::pg_catalog.text FROM public.hcpcs_code_validity v;
    RETURN QUERY SELECT 'modifier catalog', c::pg_catalog.text FROM public.hcpcs_modifier_catalog c;
    RETURN QUERY SELECT 'ptp releases', pg_catalog.concat_ws(' ', r.setting, r.period, r.source_files, r.row_count, r.is_current)
    FROM public.hcpcs_ptp_releases r;
    RETURN QUERY SELECT 'releases', pg_catalog.concat_ws(' ', r.kind, r.setting, r.period, r.as_of, r.source_files, r.row_count)
    FROM public.hcpcs_releases r;
    RETURN QUERY SELECT 'modifier policy', m::pg_catalog.text FROM public.hcpcs_modifiers m;
    RETURN QUERY SELECT 'ptp check', pg_catalog.concat_ws(' ', a.code, b.code, d, r)
    FROM pg_temp.codes a, pg_temp.codes b, pg_catalog.unnest('{2020-03-01,2022-06-01,2024-06-01}'::pg_catalog.date[]) d,
         public.hcpcs_ptp_check(a.code, b.code, d, '{}', '{XS}') r;
    RETURN QUERY SELECT 'ptp claim', c::pg_catalog.text
    FROM public.hcpcs_ptp_claim(ARRAY[ROW(1, '0001A', '{}', '2022-06-01', 1), ROW(2, '0591T', '{}', '2022-06-01', 1),
                                      ROW(3, '36591', '{59}', '2022-06-01', 1)]::public.hcpcs_claim_line[]) c;
    RETURN QUERY SELECT 'ptp audit', a::pg_catalog.text FROM public.hcpcs_ptp_audit('pg_temp.claim_lines') a;
    RETURN QUERY SELECT 'ptp audit by claim', a::pg_catalog.text FROM public.hcpcs_ptp_audit('pg_temp.claim_lines', group_by => 'claim') a;
END
$$;
CREATE TEMP TABLE expected AS SELECT * FROM answers();
-- (how many rows of each depends on what the tests before loaded)
SELECT what, count(*) > 0 AS answered FROM expected GROUP BY what ORDER BY what;

--
-- The same with the hostile schema first on search_path, before
-- pg_catalog.  Session caches are built anew under it (a new catalog
-- version), so the C code's own queries run too.
--
UPDATE hcpcs_modifiers SET note = note WHERE modifier = '25';
CREATE TEMP TABLE builds_before AS SELECT cache, builds FROM hcpcs_cache_stats();
SET search_path = hostile, pg_catalog, public;
CREATE TEMP TABLE got AS SELECT * FROM public.answers();
RESET search_path;
SELECT (SELECT count(*) FROM got) = (SELECT count(*) FROM expected) AS as_many,
       (SELECT count(*) FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM got) d) AS missing,
       (SELECT count(*) FROM (SELECT * FROM got EXCEPT ALL SELECT * FROM expected) d) AS different;
SELECT s.cache, s.builds > b.builds AS rebuilt_under_hostile_path
FROM hcpcs_cache_stats() s JOIN builds_before b USING (cache) ORDER BY s.cache;

-- ... and as a plain user
GRANT SELECT ON expected, codes, classes, claim_lines TO regress_hcpcs_plain;
GRANT SELECT ON claim_lines, stage_l2c, stage_cpt TO PUBLIC;
GRANT EXECUTE ON FUNCTION answers() TO regress_hcpcs_plain;
SET ROLE regress_hcpcs_plain;
SET search_path = hostile, pg_catalog, public;
CREATE TEMP TABLE got_plain AS SELECT * FROM public.answers();
RESET search_path;
SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM got_plain) d) AS missing,
       (SELECT count(*) FROM (SELECT * FROM got_plain EXCEPT ALL SELECT * FROM expected) d) AS different;
RESET ROLE;

--
-- Indexes, constraints and planner support built and used with the
-- hostile search_path, by a table owner with no other privileges
--
CREATE SCHEMA regress_plain AUTHORIZATION regress_hcpcs_plain;
SET ROLE regress_hcpcs_plain;
CREATE TABLE regress_plain.claims (id int, code hcpcs_code, modifier hcpcs_modifier, band hcpcs_range, dos date);
SET search_path = hostile, pg_catalog, public;
INSERT INTO regress_plain.claims
SELECT g, c.code, (ARRAY['25', 'XS', 'LT'])[g % 3 + 1], public.hcpcs_range(c.code, c.code, '[]'),
       pg_catalog.date '2019-01-01' + g % 365
FROM pg_catalog.generate_series(1, 3000) g,
     LATERAL (SELECT h.code FROM public.hcpcs_code_history h ORDER BY h.code USING OPERATOR(public.<), h.release_id USING OPERATOR(pg_catalog.<)
              OFFSET (g * 7) % (SELECT pg_catalog.count(*) FROM public.hcpcs_code_history) LIMIT 1) c;
CREATE INDEX claims_code ON regress_plain.claims (code);
CREATE INDEX claims_hash ON regress_plain.claims USING hash (code);
CREATE INDEX claims_gist ON regress_plain.claims USING gist (code);
CREATE INDEX claims_level ON regress_plain.claims (public.hcpcs_level(code), public.hcpcs_category(code))
    WHERE public.hcpcs_is_valid(code::pg_catalog.text);
ALTER TABLE regress_plain.claims ADD CONSTRAINT claims_valid_code CHECK (public.hcpcs_is_valid(code::pg_catalog.text));
ALTER TABLE regress_plain.claims ADD CONSTRAINT claims_level2 CHECK (public.hcpcs_level(code) OPERATOR(pg_catalog.<>) 9);
ALTER TABLE regress_plain.claims ADD CONSTRAINT claims_unique EXCLUDE USING gist
    (code WITH OPERATOR(public.=), band WITH OPERATOR(pg_catalog.&&))
    WHERE (id OPERATOR(pg_catalog.<) 0);
ALTER TABLE regress_plain.claims ADD CONSTRAINT claims_band CHECK (band OPERATOR(public.@>) code);
SET enable_seqscan = off;
CREATE TEMP TABLE got_index AS
SELECT 'code @@ J' AS q, pg_catalog.count(*) AS n FROM regress_plain.claims WHERE code OPERATOR(public.@@) 'J'
UNION ALL SELECT 'code <@ range', pg_catalog.count(*) FROM regress_plain.claims
    WHERE code OPERATOR(public.<@) '[A4000,A4999]'::public.hcpcs_range
UNION ALL SELECT 'code @@ class column', pg_catalog.count(*) FROM regress_plain.claims, pg_temp.classes k
    WHERE code OPERATOR(public.@@) k.class
UNION ALL SELECT 'code = code', pg_catalog.count(*) FROM regress_plain.claims a JOIN regress_plain.claims b
    ON a.code OPERATOR(public.=) b.code
UNION ALL SELECT 'level index', pg_catalog.count(*) FROM regress_plain.claims
    WHERE public.hcpcs_level(code) OPERATOR(pg_catalog.=) 2 AND public.hcpcs_is_valid(code::pg_catalog.text);
RESET enable_seqscan;
RESET search_path;
RESET ROLE;
SET search_path = regress_plain, public;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
CREATE TEMP TABLE expected_index AS
SELECT 'code @@ J' AS q, count(*) AS n FROM claims WHERE code @@ 'J'
UNION ALL SELECT 'code <@ range', count(*) FROM claims WHERE code <@ '[A4000,A4999]'::hcpcs_range
UNION ALL SELECT 'code @@ class column', count(*) FROM claims, classes k WHERE code @@ k.class
UNION ALL SELECT 'code = code', count(*) FROM claims a JOIN claims b ON a.code = b.code
UNION ALL SELECT 'level index', count(*) FROM claims WHERE hcpcs_level(code) = 2;
RESET enable_indexscan;
RESET enable_bitmapscan;
SELECT e.q, e.n > 0 AS found, e.n = g.n AS same FROM expected_index e JOIN got_index g USING (q) ORDER BY e.q;
SELECT count(*) AS claims FROM claims;
RESET search_path;

--
-- Loaders, maintenance functions and the triggers on the reference tables,
-- run by a superuser with the hostile search_path
--
SELECT version AS version_before FROM hcpcs_catalog_state \gset
SET search_path = hostile, pg_catalog, public;
SET client_min_messages = warning;
SELECT public.hcpcs_load_level2('/tmp/hcpcs_security_HCPC2031_CONTR_ANWEB.txt') AS level2_file;
SELECT public.hcpcs_load_level2('/tmp/hcpcs_security_HCPC2031_CONTR_ANWEB.txt') AS level2_again;
SELECT public.hcpcs_load_level2_staged('pg_temp.stage_l2b', 'HCPC2032_CONTR_ANWEB.txt') AS level2_staged;
SELECT public.hcpcs_load_cpt_list('/tmp/hcpcs_security_cpt.csv', '2031', '2031-01-01') AS cpt_file;
SELECT public.hcpcs_load_cpt_list_staged('pg_temp.stage_cpt', 'cpt2.csv', '2031b', '2031-01-02') AS cpt_staged;
SELECT public.hcpcs_load_ptp(ARRAY['/tmp/hcpcs_security_ptp_f1.txt'], 'hospital', '2031Q1', '2031-01-01') AS ptp_file;
SELECT public.hcpcs_load_ptp_staged('pg_temp.stage_ptp', '{part1.txt}', 'hospital', '2031Q2', '2031-04-01') AS ptp_staged;
RESET client_min_messages;
SELECT public.hcpcs_ptp_set_current(r.release_id) FROM public.hcpcs_ptp_releases r
WHERE r.period OPERATOR(pg_catalog.=) '2031Q1';
SELECT public.hcpcs_ptp_refresh_index() OPERATOR(pg_catalog.>) 0 AS images_stored;
UPDATE public.hcpcs_modifiers SET note = 'security test' WHERE modifier OPERATOR(public.=) '22';
INSERT INTO public.hcpcs_modifiers (modifier, ptp_associated, note) VALUES ('GY', false, 'security test');
DELETE FROM public.hcpcs_modifiers WHERE modifier OPERATOR(public.=) '57';
SELECT public.hcpcs_drop_release(r.release_id) AS dropped_rows FROM public.hcpcs_releases r
WHERE r.period OPERATOR(pg_catalog.=) '2031b';
SELECT public.hcpcs_grant_maintenance('regress_hcpcs_plain');
RESET search_path;
-- what they did, read without the hostile objects
SELECT (SELECT version FROM hcpcs_catalog_state) > :version_before AS version_bumped;
SELECT kind, setting, period, as_of, source_files, row_count, loaded_by = current_user AS by_me,
       (SELECT count(*) FROM hcpcs_code_history h WHERE h.release_id = r.release_id) AS codes,
       (SELECT count(*) FROM hcpcs_modifier_history h WHERE h.release_id = r.release_id) AS modifiers,
       (SELECT count(*) FROM hcpcs_ptp_edits e WHERE e.release_id = r.release_id) AS edits,
       (SELECT count(*) FROM hcpcs_ptp_index i WHERE i.release_id = r.release_id) AS images,
       (SELECT count(*) FROM hcpcs_ptp_current c WHERE c.release_id = r.release_id) AS current_for
FROM hcpcs_releases r WHERE period LIKE '203%' ORDER BY as_of, period, kind;
SELECT code, added, terminated, hcpcs_is_active(code, '2031-03-01') AS active, left(short_description, 20)
FROM hcpcs_code_catalog WHERE release_period IN ('2031', '2032') AND code IN ('A4300', 'A4450', '99213', '0591T')
ORDER BY code;
SELECT modifier, note, r.kind FROM hcpcs_modifiers m JOIN hcpcs_releases r USING (release_id)
WHERE modifier IN ('22', 'GY', '57') ORDER BY modifier;
SELECT privilege_type FROM information_schema.role_table_grants
WHERE grantee = 'regress_hcpcs_plain' AND table_name = 'hcpcs_releases' ORDER BY 1;
SELECT column1, column2, e.setting, effective, modifier_indicator FROM hcpcs_ptp_edits e
JOIN hcpcs_releases r USING (release_id) WHERE r.period = '2031Q1' ORDER BY edit_id LIMIT 3;
SELECT applies, denied FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', setting => 'hospital');

-- No look-alike ran, anywhere above
SELECT coalesce(nullif(current_setting('hostile.ran', true), ''), 'none') AS hostile_functions_that_ran;

--
-- No SECURITY DEFINER function; every function in SQL or PL/pgSQL either
-- has its body parsed at creation (BEGIN ATOMIC) or pins search_path
--
SELECT p.oid::regprocedure AS security_definer
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'hcpcs'
WHERE d.deptype = 'e' AND p.prosecdef;
SELECT p.oid::regprocedure AS unpinned_search_path
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'hcpcs'
JOIN pg_language l ON l.oid = p.prolang
WHERE d.deptype = 'e' AND l.lanname IN ('sql', 'plpgsql') AND p.prosqlbody IS NULL
  AND NOT coalesce(p.proconfig @> '{"search_path=pg_catalog, pg_temp"}', false);

--
-- Privileges of a plain user (regress_hcpcs_reader in catalog.sql and
-- regress_hcpcs_analyst in ptp.sql cover reading the catalog and
-- hcpcs_load_level2/hcpcs_load_ptp; here the rest)
--
CREATE ROLE regress_hcpcs_user;
SET ROLE regress_hcpcs_user;
-- types, operators, check functions, views, tables: all usable
CREATE TEMP TABLE mine (code hcpcs_code PRIMARY KEY, m hcpcs_modifier[], r hcpcs_range);
INSERT INTO mine VALUES ('j1100', '{lt}', '[J0000,J9999]'), ('99213', '{25}', NULL);
SELECT code, code @@ 'J' AS is_j, code <@ r AS in_range, hcpcs_category(code), m, hcpcs_modifier_is_ptp(m[1])
FROM mine ORDER BY code;
SELECT count(*) > 0 AS reads_ptp_edits FROM hcpcs_ptp_edits;
SELECT count(*) > 0 AS reads_ptp_releases FROM hcpcs_ptp_releases;
SELECT count(*) > 0 AS reads_ptp_index FROM hcpcs_ptp_index;
SELECT count(*) >= 0 AS reads_current FROM hcpcs_ptp_current;
SELECT count(*) > 0 AS audits_claims FROM hcpcs_ptp_audit('pg_temp.claim_lines');
-- writing the reference tables, directly or through the extension's
-- functions: SQLSTATE 42501
DO $$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY[
        'INSERT INTO hcpcs_ptp_current SELECT ''hospital'', 0',
        'UPDATE hcpcs_ptp_index SET image = ''\x00''',
        'DELETE FROM hcpcs_ptp_edits',
        'TRUNCATE hcpcs_code_history',
        'UPDATE hcpcs_catalog_state SET version = 0',
        'SELECT nextval(''hcpcs_release_id_seq'')',
        'SELECT hcpcs_ptp_refresh_index()',
        'SELECT hcpcs_drop_release(release_id) FROM hcpcs_ptp_releases WHERE period = ''2031Q2''',
        'SELECT hcpcs_load_level2_staged(''pg_temp.stage_l2c'', ''HCPC2033_CONTR_ANWEB.txt'')',
        'SELECT hcpcs_load_cpt_list_staged(''pg_temp.stage_cpt'', ''cpt3.csv'', ''2033'', ''2033-01-01'')']
    LOOP
        BEGIN
            EXECUTE s;
            RAISE NOTICE '%: no error', s;
        EXCEPTION WHEN others THEN
            RAISE NOTICE '%: % %', s, SQLSTATE, SQLERRM;
        END;
    END LOOP;
END
$$;
-- granting maintenance needs the tables' grant rights
SELECT hcpcs_grant_maintenance('regress_hcpcs_user');
SELECT has_table_privilege('hcpcs_releases', 'INSERT') AS granted_itself;
-- the server-side loaders need pg_read_server_files
SELECT hcpcs_load_cpt_list('/tmp/hcpcs_security_cpt.csv', '2040', '2040-01-01');
SELECT hcpcs_load_level2('/tmp/hcpcs_security_HCPC2031_CONTR_ANWEB.txt');
RESET ROLE;
-- ... and even with maintenance rights
SELECT hcpcs_grant_maintenance('regress_hcpcs_user');
SET ROLE regress_hcpcs_user;
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_security_ptp_f1.txt'], 'medicaid_hospital');
SELECT hcpcs_load_cpt_list('/tmp/hcpcs_security_cpt.csv', '2040', '2040-01-01');
RESET ROLE;
-- with pg_read_server_files and maintenance rights: every loader works
GRANT pg_read_server_files TO regress_hcpcs_user;
SET ROLE regress_hcpcs_user;
SET client_min_messages = warning;
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_security_ptp_f1.txt'], 'medicaid_hospital', '2031Q1', '2031-01-01') AS ptp_rows;
SELECT hcpcs_load_cpt_list('/tmp/hcpcs_security_cpt.csv', '2040', '2040-01-01') AS cpt_codes;
SELECT hcpcs_load_level2('/tmp/hcpcs_security_HCPC2031_CONTR_ANWEB.txt') AS level2_known_already;
RESET client_min_messages;
SELECT kind, setting, period, loaded_by FROM hcpcs_releases WHERE loaded_by = 'regress_hcpcs_user' ORDER BY kind;
-- a maintainer may write the index images, but a damaged one is never
-- trusted: the checks read the edits table instead.  This image's counts
-- wrap around when multiplied (nentries = 2^60 - 7, rationale_bytes made
-- up so that the size check adds up modulo 2^64).
SELECT release_id AS mh_release FROM hcpcs_ptp_releases WHERE setting = 'medicaid_hospital' \gset
SELECT (applies, denied)::text AS before_answer
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', setting => 'medicaid_hospital') \gset
SELECT :'before_answer' AS answer_from_the_stored_image;
CREATE FUNCTION pg_temp.le8(v bigint) RETURNS bytea LANGUAGE sql AS $$
    SELECT string_agg(substr(int8send(v), 9 - i, 1), ''::bytea ORDER BY i) FROM generate_series(1, 8) i
$$;
UPDATE hcpcs_ptp_index SET image =
    overlay(overlay(image placing pg_temp.le8(1152921504606846969) from 25 for 8)
            placing pg_temp.le8(16 * get_byte(image, 24)::bigint + 16 * 256 * get_byte(image, 25)
                                + 16 * 65536 * get_byte(image, 26)
                                + get_byte(image, 40) + 256 * get_byte(image, 41) + 65536 * get_byte(image, 42) + 112)
            from 41 for 8)
WHERE release_id = :mh_release;
-- (the update bumped the catalog version: the cache is built again)
SELECT (applies, denied)::text = :'before_answer' AS same_answer
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', setting => 'medicaid_hospital');
RESET ROLE;

--
-- Cleanup
--
DROP FUNCTION answers();
SET client_min_messages = warning;
DROP SCHEMA hostile, regress_plain CASCADE;
RESET client_min_messages;
DROP OWNED BY regress_hcpcs_hostile, regress_hcpcs_plain, regress_hcpcs_user;
DROP ROLE regress_hcpcs_hostile, regress_hcpcs_plain, regress_hcpcs_user;
