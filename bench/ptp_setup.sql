-- bench/ptp_setup.sql: data and helpers for bench/bench_ptp.sh.
-- Run by psql with
--   -v ptpfile=PATH   the full CMS practitioner PTP file, gunzipped, readable by the server
--   -v bodyfile=PATH  the same file without its six preamble lines (what the
--                     analyst's COPY reads)
--   -v lines=N        claim lines of the biggest size (5 per claim)
--   -v sizes='{..}'   every size, in claim lines (an int array literal)
-- in the throwaway cluster only.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION hcpcs;

-- bench_query, bench_result, bench_size, bench_ms(), bench_time(),
-- bench_run(), view med: see bench/lib.sql (shared, not changed here).
\ir lib.sql

-- Facts the report quotes (answers, counts, plan lines).
CREATE TABLE ptp_note (
    name text PRIMARY KEY,
    val  text NOT NULL
);

-- One timed run, as bench_run() of lib.sql does it (fresh backend, the
-- query planned untimed by EXPLAIN, then its untimed prep, then timed by
-- clock_timestamp() around a plpgsql EXECUTE), with two additions:
--   * the query's one-row answer is kept (EXECUTE ... INTO: fetching one
--     row costs nothing measurable), so every timed run of every query is
--     checked against the others of its size (ptp_check_answers);
--   * the memory of the backend, read from /proc/self/status right after
--     the query: VmHWM is the peak resident set of the process, which also
--     counts the shared-buffer pages it touched (RssShmem, at the end) and
--     mapped files (RssFile); RssAnon is its private memory at the end.
-- (lib.sql's bench_time() discards the answer, hence this variant.)
CREATE TABLE ptp_run_info (
    name         text NOT NULL,
    mode         text NOT NULL,
    run          int  NOT NULL,
    answer       text,
    vmhwm_kb     bigint,
    rss_anon_kb  bigint,
    rss_file_kb  bigint,
    rss_shmem_kb bigint,
    cache_bytes  bigint,                  -- hcpcs_cache_stats(): bytes of the PTP edit cache
    cache_builds bigint                   -- hcpcs_cache_stats(): builds in this backend
);

CREATE FUNCTION ptp_kb(status text, field text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT (regexp_match(status, field || ':\s+(\d+) kB'))[1]::bigint
$$;

-- (p_prep false: no prep, for the cold runs.)
CREATE FUNCTION ptp_run(p_name text, p_mode text, p_run int, p_prep bool DEFAULT true) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    r   record;
    ans record;
    t0  timestamptz;
    t1  timestamptz;
    ms  float8;
    st  text;
    c   record;
BEGIN
    SELECT query, prep INTO STRICT r FROM bench_query WHERE name = p_name;
    EXECUTE 'EXPLAIN ' || r.query;
    IF p_prep AND r.prep IS NOT NULL THEN
        EXECUTE r.prep;
    END IF;
    t0 := clock_timestamp();
    EXECUTE r.query INTO ans;
    t1 := clock_timestamp();
    ms := extract(epoch FROM t1 - t0) * 1000.0;
    st := pg_read_file('/proc/self/status');
    SELECT s.bytes, s.builds INTO c FROM hcpcs_cache_stats() s WHERE s.cache = 'hcpcs PTP edit cache';
    INSERT INTO bench_result VALUES (p_name, p_mode, p_run, ms);
    INSERT INTO ptp_run_info VALUES (p_name, p_mode, p_run, ans::text,
                                     ptp_kb(st, 'VmHWM'), ptp_kb(st, 'RssAnon'),
                                     ptp_kb(st, 'RssFile'), ptp_kb(st, 'RssShmem'), c.bytes, c.builds);
    RETURN ms;
END $$;

-- Every run of every compared query of one size gave the same answer
-- (edits denying a line, edits bypassed).  Raises otherwise.
CREATE FUNCTION ptp_check_answers() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT split_part(name, '@', 2)::int AS lines,
               array_agg(DISTINCT answer) AS answers,
               string_agg(DISTINCT split_part(name, '@', 1), ' ') AS queries,
               count(*) AS runs
        FROM ptp_run_info WHERE name LIKE '%@%'
        GROUP BY 1 ORDER BY 1
    LOOP
        IF cardinality(r.answers) <> 1 THEN
            RAISE EXCEPTION 'answers differ at % lines: %', r.lines,
                (SELECT string_agg(DISTINCT format('%s=%s', name, answer), ', ')
                 FROM ptp_run_info WHERE name LIKE '%@' || r.lines);
        END IF;
        RETURN NEXT format('%s lines: (denied, bypassed) = %s in all %s runs of: %s',
                           r.lines, r.answers[1], r.runs, r.queries);
    END LOOP;
END $$;

--
-- The extension's table: the full practitioner file, loaded by the
-- extension's own loader, timed (server-side, one run, in this fresh
-- backend).
--
INSERT INTO bench_result
SELECT 'load_hcpcs', 'once', 1,
       bench_ms(format($q$SELECT hcpcs_load_ptp(ARRAY[%L], 'practitioner', period => '2024Q3', as_of => '2024-07-01')$q$,
                       :'ptpfile'));
INSERT INTO ptp_note
SELECT 'release', format('release %s (%s, %s): %s rows', release_id, setting, period, row_count)
FROM hcpcs_ptp_releases WHERE is_current AND setting = 'practitioner';
INSERT INTO ptp_note
SELECT 'edits', format('%s rows: %s of indicator 0, %s of indicator 1, %s of indicator 9; %s codes',
                       count(*), count(*) FILTER (WHERE modifier_indicator = 0),
                       count(*) FILTER (WHERE modifier_indicator = 1),
                       count(*) FILTER (WHERE modifier_indicator = 9),
                       (SELECT count(*) FROM (SELECT column1 FROM hcpcs_ptp_edits UNION SELECT column2 FROM hcpcs_ptp_edits) s))
FROM hcpcs_ptp_edits;

--
-- The text baseline's table, as an analyst loads the same file without the
-- extension: the file's lines after the six-line preamble, COPY'd (TAB
-- separated, cp1252) into text columns, then one CREATE TABLE AS that keeps
-- codes and the indicator as text and turns the YYYYMMDD dates into date
-- columns ("*" deletion -> NULL), and an index on (column1, column2) (it
-- serves both directions of a pair: each probe is an equality on both
-- columns).  Timed as one step, for information.
--
CREATE TABLE ptp_text_raw (column1 text, column2 text, prior_1996 text, effective text,
                           deletion text, indicator text, rationale text);
CREATE FUNCTION ptp_text_load(body text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($c$COPY ptp_text_raw FROM %L WITH (FORMAT text, DELIMITER E'\t', ENCODING 'WIN1252')$c$, body);
    CREATE TABLE ptp_text AS
    SELECT column1, column2,
           to_date(effective, 'YYYYMMDD') AS effective,
           CASE WHEN deletion <> '*' THEN to_date(deletion, 'YYYYMMDD') END AS deletion,
           indicator, rationale
    FROM ptp_text_raw;
    CREATE INDEX ptp_text_pair ON ptp_text (column1, column2);
END $$;
INSERT INTO bench_result
SELECT 'load_text', 'once', 1, bench_ms(format('SELECT ptp_text_load(%L)', :'bodyfile'));
DROP TABLE ptp_text_raw;
DO $$
BEGIN
    IF (SELECT count(*) FROM ptp_text) <> (SELECT count(*) FROM hcpcs_ptp_edits) THEN
        RAISE EXCEPTION 'ptp_text and hcpcs_ptp_edits differ in row count';
    END IF;
END $$;

-- The PTP-associated modifiers of the NCCI Policy Manual (DOMAIN.md
-- section 3), as the text baseline keeps them: a plain text table.
CREATE TABLE ptp_modifiers_text (modifier text PRIMARY KEY);
INSERT INTO ptp_modifiers_text
SELECT unnest('{25,59,XS,XU,XE,XP,LT,RT,E1,E2,E3,E4,FA,F1,F2,F3,F4,F5,F6,F7,F8,F9,TA,T1,T2,T3,T4,T5,T6,T7,T8,T9,LC,LD,RC,LM,RI,24,57,58,78,79,27,91}'::text[]);
DO $$
BEGIN
    IF EXISTS (SELECT modifier::text FROM hcpcs_modifiers WHERE ptp_associated
               EXCEPT SELECT modifier FROM ptp_modifiers_text)
       OR EXISTS (SELECT modifier FROM ptp_modifiers_text
                  EXCEPT SELECT modifier::text FROM hcpcs_modifiers WHERE ptp_associated) THEN
        RAISE EXCEPTION 'the baseline''s modifier list differs from hcpcs_modifiers';
    END IF;
END $$;

--
-- Size: the same rows with int4 codes (the stored 4-byte encoding read as
-- int4 through a cast local to this throwaway database, as in
-- bench/type_setup.sql), same columns, the same two pair indexes and the
-- primary key, built after the data.
--
CREATE CAST (hcpcs_code AS int4) WITHOUT FUNCTION;
CREATE TABLE ptp_int4 AS
SELECT edit_id, release_id, setting, column1::int4 AS column1, column2::int4 AS column2,
       prior_1996, effective, deletion, modifier_indicator, rationale
FROM hcpcs_ptp_edits ORDER BY edit_id;
ALTER TABLE ptp_int4 ADD PRIMARY KEY (edit_id);
CREATE INDEX ptp_int4_pair ON ptp_int4 (release_id, column1, column2);
CREATE INDEX ptp_int4_reverse ON ptp_int4 (release_id, column2, column1);

--
-- Synthetic claims (gen_lines): bench/claims_gen.sql.
\ir claims_gen.sql

-- Per size: the text baseline's lines, the typed lines, and the claims
-- pre-grouped into hcpcs_claim_line arrays; all with the same rows in the
-- same order.  Claim lines get the primary key a claims table has.
CREATE TABLE ptp_size (lines int PRIMARY KEY);
INSERT INTO ptp_size SELECT unnest(:'sizes'::int[]);
DO $$
DECLARE
    n int;
BEGIN
    FOR n IN SELECT lines FROM ptp_size ORDER BY lines LOOP
        EXECUTE format($s$
            CREATE TABLE lines_text_%1$s AS
            SELECT claim_id, line, code, mod1, mod2, mod3, mod4, dos, units
            FROM gen_lines WHERE claim_id <= 1000000000 + %1$s / 5 ORDER BY claim_id, line;
            ALTER TABLE lines_text_%1$s ADD PRIMARY KEY (claim_id, line);
            CREATE TABLE lines_%1$s AS
            SELECT claim_id, line, code::hcpcs_code AS code,
                   mod1::hcpcs_modifier AS mod1, mod2::hcpcs_modifier AS mod2,
                   mod3::hcpcs_modifier AS mod3, mod4::hcpcs_modifier AS mod4, dos, units
            FROM lines_text_%1$s ORDER BY claim_id, line;
            ALTER TABLE lines_%1$s ADD PRIMARY KEY (claim_id, line);
            CREATE TABLE claims_%1$s AS
            SELECT claim_id,
                   array_agg(ROW(line, code, array_remove(ARRAY[mod1, mod2, mod3, mod4], NULL), dos, units)::hcpcs_claim_line
                             ORDER BY line) AS lines
            FROM lines_%1$s GROUP BY claim_id ORDER BY claim_id;
            ALTER TABLE claims_%1$s ADD PRIMARY KEY (claim_id);
        $s$, n);
    END LOOP;
END $$;

-- How realistic: lines with modifiers, and (at the biggest size, from the
-- extension's answer, checked against both baselines later) the share of
-- claims that hit an edit.
INSERT INTO ptp_note
SELECT 'lines', format('%s claims, %s lines; %s%% of the lines carry a modifier (%s%% a PTP-associated one), %s distinct codes',
                       count(DISTINCT claim_id), count(*),
                       round(100.0 * count(*) FILTER (WHERE mod1 IS NOT NULL) / count(*), 1),
                       round(100.0 * count(*) FILTER (WHERE mod1 IN (SELECT modifier FROM ptp_modifiers_text)
                                                          OR mod2 IN (SELECT modifier FROM ptp_modifiers_text)
                                                          OR mod3 IN (SELECT modifier FROM ptp_modifiers_text)) / count(*), 1),
                       count(DISTINCT code))
FROM gen_lines;

DROP TABLE gen_lines, gen_claims;

VACUUM (FREEZE, ANALYZE);
CHECKPOINT;

-- Warm: every table and index of the benchmark in shared buffers
-- (shared_buffers is big enough), so the first timed round is as warm as
-- the last.  The cold runs come after every warm run.
CREATE EXTENSION pg_prewarm;
SELECT count(*) AS relations_prewarmed, sum(pg_prewarm(c.oid)) AS blocks
FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i', 't')
   OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace);
