/* hcpcs--1.0--1.1.sql: from 1.0 (tag v1.0) to 1.1.
 *
 * hcpcs--1.0.sql is frozen: a database that installed 1.0 has exactly what it
 * says, and ALTER EXTENSION hcpcs UPDATE must bring it to what a fresh
 * CREATE EXTENSION (1.0 script, then this one) gives.  Every SQL change after
 * 1.0 goes here, in a section that says why.  No CREATE OR REPLACE of a
 * function whose signature or volatility changes meaning for stored data;
 * qualify every name (pg_catalog., @extschema@.) as in the install script.
 */

\echo Use "ALTER EXTENSION hcpcs UPDATE TO '1.1'" to load this file. \quit

-- [fdw] why: a sharded deployment (doc/scale-out.md) must run every check
-- against identical reference tables on every node.  hcpcs_releases.checksum
-- names the files a release came from, but not what the tables hold now: it
-- misses which release is current, local changes to hcpcs_modifiers, edits
-- made by hand, and release ids differ between nodes that loaded in another
-- order.  This view fingerprints the content itself, with every node-local
-- value left out (release ids become the release's kind, setting and
-- checksum; surrogate keys, load times, the local release's date), so equal
-- fingerprints on two nodes mean the checks see the same data.  A view, not a
-- function, so that a coordinator can read a shard's with postgres_fdw.
CREATE VIEW @extschema@.hcpcs_reference_fingerprint AS
WITH rel AS (
    SELECT r.release_id,
           pg_catalog.concat_ws('/', r.kind, r.setting, r.checksum) AS rel_key
    FROM @extschema@.hcpcs_releases r
), objects (object, row_text) AS (
    SELECT 'extension', pg_catalog.concat_ws('/', e.extname::text, e.extversion)
    FROM pg_catalog.pg_extension e WHERE e.extname = 'hcpcs'
    UNION ALL
    -- (not source_files: the same files under another name are the same release)
    SELECT 'hcpcs_releases', pg_catalog.concat_ws(' ', r.kind, r.setting, r.period, r.as_of::text,
                                                  r.row_count::text, r.checksum)
    FROM @extschema@.hcpcs_releases r WHERE r.kind <> 'local'
    UNION ALL
    SELECT 'hcpcs_code_history',
           rel.rel_key || ' ' || (pg_catalog.to_jsonb(h) OPERATOR(pg_catalog.-) 'release_id'::text)::text
    FROM @extschema@.hcpcs_code_history h JOIN rel USING (release_id)
    UNION ALL
    SELECT 'hcpcs_modifier_history',
           rel.rel_key || ' ' || (pg_catalog.to_jsonb(h) OPERATOR(pg_catalog.-) 'release_id'::text)::text
    FROM @extschema@.hcpcs_modifier_history h JOIN rel USING (release_id)
    UNION ALL
    -- (shipped or local, not the local release's id and date)
    SELECT 'hcpcs_modifiers',
           pg_catalog.split_part(rel.rel_key, '/', 1) || ' '
           || (pg_catalog.to_jsonb(m) OPERATOR(pg_catalog.-) 'release_id'::text)::text
    FROM @extschema@.hcpcs_modifiers m JOIN rel USING (release_id)
    UNION ALL
    SELECT 'hcpcs_ptp_edits',
           pg_catalog.concat_ws(' ', rel.rel_key, e.setting::text, e.column1::text, e.column2::text,
                                e.prior_1996::text, e.effective::text, e.deletion::text,
                                e.modifier_indicator::text, e.rationale)
    FROM @extschema@.hcpcs_ptp_edits e JOIN rel USING (release_id)
    UNION ALL
    SELECT 'hcpcs_ptp_current', c.setting::text || ' ' || rel.rel_key
    FROM @extschema@.hcpcs_ptp_current c JOIN rel USING (release_id)
)
SELECT n.object, pg_catalog.count(o.row_text) AS rows,
       -- an order-free digest of the rows: the sum of a 60-bit prefix of each
       -- row's MD5 (no sort, and no aggregate of the whole text)
       pg_catalog.md5(pg_catalog.count(o.row_text)::text || ':' ||
                      COALESCE(pg_catalog.sum(('x' || pg_catalog.substr(pg_catalog.md5(o.row_text), 1, 15))
                                                         ::bit(60)::bigint::numeric)::text, '')) AS fingerprint
FROM (VALUES ('extension'), ('hcpcs_releases'), ('hcpcs_code_history'), ('hcpcs_modifier_history'),
             ('hcpcs_modifiers'), ('hcpcs_ptp_edits'), ('hcpcs_ptp_current')) AS n(object)
LEFT JOIN objects o ON o.object = n.object
GROUP BY n.object;
COMMENT ON VIEW @extschema@.hcpcs_reference_fingerprint IS
    'one row per reference table (and the extension version): row count and a digest of the content, without node-local values such as release ids; equal on two nodes when their checks see the same reference data';
GRANT SELECT ON @extschema@.hcpcs_reference_fingerprint TO PUBLIC;

-- [fdw] why: postgres_fdw ships an expression to a remote server only when
-- every function, operator and type in it is built in or belongs to an
-- extension listed in the server's "extensions" option.  The array types
-- PostgreSQL creates along with a type are not members of the extension, so
-- "code IN ('99213', '99214')" (code = ANY of a hcpcs_code[] constant) and
-- "modifier = ANY ('{59,XS}')" were evaluated on the coordinator after
-- fetching every row.  Making the array types members lets them be shipped
-- (tests/tap/t/010_fdw_shards.pl shows it); they are still dropped with their
-- element types, and pg_dump still treats them as part of those.
ALTER EXTENSION hcpcs ADD TYPE @extschema@._hcpcs_code;
ALTER EXTENSION hcpcs ADD TYPE @extschema@._hcpcs_modifier;

-- [security] why: in 1.0 the view hcpcs_code_validity subtracts two
-- datemultirange values with an unqualified "-".  pg_catalog has only the
-- polymorphic anymultirange - anymultirange, so an operator
-- -(datemultirange, datemultirange) that anyone able to create objects in
-- the target schema put there before CREATE EXTENSION is an exact match and
-- wins: the view then ran that user's function, as whoever read it
-- (hcpcs_is_active reads it; so do superusers loading releases).  The view
-- is defined again with every operator and function named with its schema
-- (tests/tap/t/003_search_path.pl installs next to such look-alikes and
-- compares every dependency with a clean install).  Same columns, same
-- rows; a database that installed 1.0 next to a look-alike loses it here.
CREATE OR REPLACE VIEW @extschema@.hcpcs_code_validity AS
WITH h AS (
    SELECT h.code, h.added, h.terminated, h.action_code, h.action_effective,
           h.release_id, r.as_of
    FROM @extschema@.hcpcs_code_history h
    JOIN @extschema@.hcpcs_releases r ON r.release_id OPERATOR(pg_catalog.=) h.release_id
), latest AS (
    SELECT DISTINCT ON (code) code, added, terminated, release_id
    FROM h
    ORDER BY code USING OPERATOR(@extschema@.<), as_of DESC, release_id DESC
), gaps AS (
    SELECT r.code, pg_catalog.range_agg(pg_catalog.daterange(t.term, r.action_effective, '()')) AS gap,
           pg_catalog.min(t.first_added) AS first_added
    FROM h r
    CROSS JOIN LATERAL (
        SELECT pg_catalog.max(e.terminated) AS term, pg_catalog.min(e.added) AS first_added
        FROM h e
        WHERE e.code OPERATOR(@extschema@.=) r.code
          AND ROW(e.as_of, e.release_id) OPERATOR(pg_catalog.<) ROW(r.as_of, r.release_id)
          AND e.terminated OPERATOR(pg_catalog.<) r.action_effective
    ) t
    WHERE r.action_code OPERATOR(pg_catalog.=) 'R' AND r.action_effective IS NOT NULL AND t.term IS NOT NULL
    GROUP BY r.code
)
SELECT l.code,
       pg_catalog.datemultirange(pg_catalog.daterange(
           CASE WHEN g.code IS NULL THEN l.added ELSE LEAST(l.added, g.first_added) END,
           l.terminated, '[]'))
         OPERATOR(pg_catalog.-) COALESCE(g.gap, '{}'::pg_catalog.datemultirange) AS validity,
       l.release_id
FROM latest l LEFT JOIN gaps g ON g.code OPERATOR(@extschema@.=) l.code;

-- [parallel] Honest per-call costs of the check functions, so that the
-- planner runs a claims-table-wide check in parallel workers on its own.
--
-- In 1.0 they kept the default COST 1 (one cpu_operator_cost, what a
-- built-in operator such as int8pl costs), so a check over 200,000 claims
-- looked as cheap as 200,000 additions and a Gather never paid for its
-- setup.  Measured per call (server-side, warm edit cache, medians of 3-5
-- runs over 1 M synthetic claim lines built from the full 2024 Q3
-- practitioner release, minus the same scan without the call; two runs on
-- a loaded 2-CPU machine; the reference: 10 extra int8pl per row cost
-- 9-11 ns each):
--   hcpcs_ptp_check, one pair:             2.5-3.1 us  = 270-280 operators
--   hcpcs_ptp_claim, a claim of 5 lines    16-17 us    = 1,400-1,900
--     (10 pairs; the cost grows with the pairs, n(n-1)/2)
--   hcpcs_is_active, one code and date:    25-70 ns    = 2-8
-- Rows: a claim hits 1.2 edits on average in the benchmark's claims, where
-- 60 % of claims are built to carry an edit pair; real claims hit fewer.
-- The per-worker price the planner cannot see: each parallel worker loads
-- the release's edit index (the stored image, ~0.2-0.4 s for the full
-- table) inside the query; doc/ptp.md says when that pays.
ALTER FUNCTION @extschema@.hcpcs_ptp_check(@extschema@.hcpcs_code, @extschema@.hcpcs_code, pg_catalog.date,
                                           @extschema@.hcpcs_modifier[], @extschema@.hcpcs_modifier[],
                                           pg_catalog.text, pg_catalog.text, pg_catalog.int8)
    COST 250;
ALTER FUNCTION @extschema@.hcpcs_ptp_claim(@extschema@.hcpcs_claim_line[], pg_catalog.text,
                                           pg_catalog.text, pg_catalog.int8)
    COST 1500 ROWS 1;
ALTER FUNCTION @extschema@.hcpcs_is_active(@extschema@.hcpcs_code, pg_catalog.date)
    COST 5;
-- hcpcs_ptp_audit keeps plpgsql's default COST 100 and ROWS 1000: it runs
-- once per query over a whole table, so no constant is honest and no plan
-- choice depends on it.  Its own query groups lines with array_agg, which
-- has no combine function in PostgreSQL 15, so its checks run in one
-- process; the labels of all four (STABLE, PARALLEL SAFE) are right: they
-- only read tables, under the snapshot a worker shares with its leader.

-- [security] why: hcpcs_load_cpt_list (PL/pgSQL, reading the file with
-- COPY) refused a role without pg_read_server_files with COPY's own message,
-- worded unlike the other server-side loaders' and without their hint (load
-- from the client instead).  The C check they make, callable from SQL:
CREATE FUNCTION @extschema@.hcpcs_require_server_file_access(function_name text) RETURNS void
    AS 'MODULE_PATHNAME', 'hcpcs_require_server_file_access'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hcpcs_require_server_file_access(text) IS
    'raises 42501 (naming function_name) unless the current role may read files on the server (superuser or pg_read_server_files): the check every server-side loader makes first';

-- [faults] hcpcs_load_cpt_list_staged: a blank line in the list (which the
-- loader means to skip) failed with "RAISE statement option cannot be null":
-- COPY in CSV mode, as hcpcs_load_cpt_list and scripts/hcpcs-load stage the
-- lines, reads an empty line as NULL, and btrim(NULL) = '' is not true.
-- Two loads of the same list at once: the second failed with a unique
-- violation once the first committed; it now says the list is loaded.
-- hcpcs_load_cpt_list: a NUL byte or a byte that is not UTF-8 in the file
-- failed with COPY's message, which names a temporary table, not the file.
-- Same signatures, volatility and results; only these two bodies change.
CREATE OR REPLACE FUNCTION @extschema@.hcpcs_load_cpt_list_staged(staging regclass, source_name text, period text, as_of date)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r record;
    f text[];
    v_checksum text;
    existing bigint;
    existing_count bigint;
    rel bigint;
    n bigint := 0;
    c @extschema@.hcpcs_code;
    eff date;
    term date;
BEGIN
    IF staging IS NULL OR source_name IS NULL OR period IS NULL OR as_of IS NULL THEN
        RAISE EXCEPTION 'hcpcs_load_cpt_list: no argument may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE format('SELECT encode(sha256(convert_to(coalesce(string_agg(line || E''\n'', '''' ORDER BY lineno), ''''), ''UTF8'')), ''hex'') FROM %s', staging)
        INTO v_checksum;
    SELECT release_id, row_count INTO existing, existing_count
    FROM @extschema@.hcpcs_releases WHERE kind = 'cpt' AND setting IS NULL AND checksum = v_checksum;
    IF existing IS NOT NULL THEN
        RAISE NOTICE '"%" is already loaded, as release %; nothing changed', source_name, existing;
        RETURN existing_count;
    END IF;
    -- (another session may have loaded the same list meanwhile: then say
    -- so, as above, rather than fail on the unique constraint)
    INSERT INTO @extschema@.hcpcs_releases (kind, period, as_of, source_files, row_count, checksum)
    VALUES ('cpt', period, as_of, ARRAY[regexp_replace(source_name, '^.*/', '')], 0, v_checksum)
    ON CONFLICT ON CONSTRAINT hcpcs_releases_once DO NOTHING
    RETURNING release_id INTO rel;
    IF rel IS NULL THEN
        SELECT release_id, row_count INTO existing, existing_count
        FROM @extschema@.hcpcs_releases WHERE kind = 'cpt' AND setting IS NULL AND checksum = v_checksum;
        RAISE NOTICE '"%" is already loaded, as release %; nothing changed', source_name, existing;
        RETURN existing_count;
    END IF;
    FOR r IN EXECUTE format('SELECT lineno, line FROM %s ORDER BY lineno', staging) LOOP
        -- (COPY in CSV mode reads an empty line as NULL)
        CONTINUE WHEN r.line IS NULL OR btrim(r.line) = '';
        f := string_to_array(regexp_replace(r.line, E'\r$', ''), ',');
        IF n = 0 AND lower(btrim(f[1], ' "')) = 'code' THEN
            CONTINUE;           -- the header line
        END IF;
        IF array_length(f, 1) NOT IN (2, 3) THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, expected 3 fields (code,effective,termination), found %',
                source_name, r.lineno, array_length(f, 1) USING ERRCODE = 'bad_copy_file_format';
        END IF;
        c := @extschema@.hcpcs_code_or_null(btrim(f[1], ' "'));
        IF c IS NULL THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, field code, value "%"', source_name, r.lineno, f[1]
                USING ERRCODE = 'bad_copy_file_format',
                      DETAIL = @extschema@.hcpcs_invalid_reason(btrim(f[1], ' "'));
        END IF;
        IF @extschema@.hcpcs_level(c) <> 1 THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, field code, value "%"', source_name, r.lineno, f[1]
                USING ERRCODE = 'bad_copy_file_format', DETAIL = 'A HCPCS Level II code does not belong in a CPT list.';
        END IF;
        BEGIN
            eff := nullif(btrim(f[2], ' "'), '')::date;
            term := nullif(btrim(coalesce(f[3], ''), ' "'), '')::date;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, field %, value "%"', source_name, r.lineno,
                CASE WHEN eff IS NULL THEN 'effective' ELSE 'termination' END,
                CASE WHEN eff IS NULL THEN f[2] ELSE f[3] END
                USING ERRCODE = 'bad_copy_file_format', DETAIL = SQLERRM;
        END;
        IF term < eff THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, field termination, value "%"', source_name, r.lineno, f[3]
                USING ERRCODE = 'bad_copy_file_format', DETAIL = 'The termination date is before the effective date.';
        END IF;
        INSERT INTO @extschema@.hcpcs_code_history (code, release_id, added, terminated, source_line)
        VALUES (c, rel, eff, term, r.lineno);
        n := n + 1;
    END LOOP;
    IF n = 0 THEN
        RAISE EXCEPTION 'invalid CPT code list "%": no codes', source_name USING ERRCODE = 'bad_copy_file_format';
    END IF;
    UPDATE @extschema@.hcpcs_releases SET row_count = n WHERE release_id = rel;
    RETURN n;
END
$$;
CREATE OR REPLACE FUNCTION @extschema@.hcpcs_load_cpt_list(path text, period text, as_of date) RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.to_regclass('pg_temp.hcpcs_cpt_stage') IS NOT NULL THEN
        DROP TABLE pg_temp.hcpcs_cpt_stage;
    END IF;
    CREATE TEMP TABLE hcpcs_cpt_stage (lineno bigint GENERATED ALWAYS AS IDENTITY, line text) ON COMMIT DROP;
    -- the check (and the message) of the other server-side loaders, before
    -- COPY makes its own
    PERFORM @extschema@.hcpcs_require_server_file_access('hcpcs_load_cpt_list');
    BEGIN
        EXECUTE format('COPY pg_temp.hcpcs_cpt_stage (line) FROM %L WITH (FORMAT csv, DELIMITER E''\x01'', QUOTE E''\x02'')', path);
    EXCEPTION
        -- bytes that are not text in the database encoding (a NUL byte, a
        -- byte undefined in it): name the file, as the other loaders do,
        -- with COPY's line number
        WHEN character_not_in_repertoire OR untranslatable_character OR bad_copy_file_format THEN
            DECLARE
                msg text;
                ctx text;
            BEGIN
                GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, ctx = PG_EXCEPTION_CONTEXT;
                RAISE EXCEPTION 'invalid CPT code list "%": line %, %', path,
                    coalesce(substring(ctx FROM 'COPY hcpcs_cpt_stage, line (\d+)'), '?'), msg
                    USING ERRCODE = 'bad_copy_file_format',
                          HINT = 'A CPT code list is a plain-text CSV file of code,effective,termination.';
            END;
    END;
    RETURN @extschema@.hcpcs_load_cpt_list_staged('pg_temp.hcpcs_cpt_stage'::regclass, path, period, as_of);
END
$$;
