-- bench/catalog_setup.sql: data and helpers for bench/bench_catalog.sh.
-- Run by psql with -v rows=N -v csv=PATH -v f2017=PATH -v f2018=PATH
-- -v f2019=PATH (copies of the CMS files readable by the server), in the
-- throwaway cluster only.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION hcpcs;

-- bench_query, bench_result, bench_size, bench_ms(), bench_time(),
-- bench_run(), view med, bench_md_queries(): see bench/lib.sql.
\ir lib.sql

-- Facts the report quotes (plan lines, answers, counts).
CREATE TABLE bench_note (
    name text PRIMARY KEY,
    val  text NOT NULL
);

--
-- The extension catalog: the CMS HCPCS Level II files of 2017, 2018 and
-- 2019, oldest first (untimed here; the loads are timed in fresh databases
-- by the script).
--
SELECT hcpcs_load_level2(:'f2017') \g /dev/null
SELECT hcpcs_load_level2(:'f2018') \g /dev/null
SELECT hcpcs_load_level2(:'f2019') \g /dev/null

--
-- The baseline a user writes without the extension: the same catalog as a
-- text-keyed table, one row per code with its [added, terminated] dates
-- (termination inclusive), from hcpcs_code_catalog.
--
-- A code the extension knows with several validity intervals (a
-- termination, then a reactivation) would need several rows per code and a
-- query that asks whether ANY of them holds, which is a costlier query than
-- the one below.  The 2017-2019 files have no such code: check it, so the
-- single-row baseline is exactly as correct as hcpcs_is_active on this data
-- (and this script stops if a future file breaks that).
--
DO $$
DECLARE
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM hcpcs_code_catalog c
    WHERE c.added IS NULL
       OR c.validity IS DISTINCT FROM datemultirange(daterange(c.added, c.terminated, '[]'));
    IF n > 0 THEN
        RAISE EXCEPTION '% codes have a validity other than one [added, terminated] interval: the single-row baseline would be wrong', n;
    END IF;
END $$;
INSERT INTO bench_note
SELECT 'catalog', format('%s codes (%s with a termination date), every one with a single validity interval [added, terminated] equal to its catalog dates',
                         count(*), count(*) FILTER (WHERE terminated IS NOT NULL))
FROM hcpcs_code_catalog;

CREATE TABLE code_catalog_text (code text PRIMARY KEY, added date, terminated date);
INSERT INTO code_catalog_text
SELECT code::text, added, terminated FROM hcpcs_code_catalog;

-- The same, keyed by hcpcs_code (second baseline: the hand-written join
-- over the extension's type).
CREATE TABLE code_catalog (code hcpcs_code PRIMARY KEY, added date, terminated date);
INSERT INTO code_catalog
SELECT code, added, terminated FROM hcpcs_code_catalog;

--
-- Codes for the claim lines.  Known: every code of the catalog.  Unknown:
-- the codes of the OPPS Addendum B list (tests/fixtures, first column,
-- cleaned as in bench/type_setup.sql) that the catalog does not know: CPT
-- codes, and Level II codes created after 2019.
--
CREATE TABLE known_codes AS
SELECT (row_number() OVER (ORDER BY code))::int AS id, code FROM code_catalog;
ALTER TABLE known_codes ADD PRIMARY KEY (id);

CREATE TEMP TABLE raw_codes (code text, status text);
\set copycmd '\\copy raw_codes FROM ' :'csv' ' WITH (FORMAT csv, HEADER true)'
:copycmd
CREATE TABLE unknown_codes AS
SELECT (row_number() OVER (ORDER BY code))::int AS id, code::hcpcs_code AS code
FROM (SELECT DISTINCT btrim(replace(code, U&'\00A0', '')) AS code FROM raw_codes) s
WHERE hcpcs_is_valid(code) AND code ~ '^[0-9A-Z]{5}$'
  AND NOT EXISTS (SELECT 1 FROM code_catalog c WHERE c.code = s.code::hcpcs_code);
ALTER TABLE unknown_codes ADD PRIMARY KEY (id);

INSERT INTO bench_note
SELECT 'codes', format('%s known codes (the whole catalog); %s unknown codes (%s CPT, %s Level II created after 2019)',
                       (SELECT count(*) FROM known_codes), count(*),
                       count(*) FILTER (WHERE hcpcs_level(code) = 1),
                       count(*) FILTER (WHERE hcpcs_level(code) = 2))
FROM unknown_codes;

--
-- The claim lines (claim_id, line, code, dos), fixed seed, four lines per
-- claim: 90 % of the codes drawn uniformly from the known codes, 10 % from
-- the unknown ones; dates of service uniform over 2015-01-01 .. 2020-12-31.
-- lines_text holds the same rows in the same order, with code as text.
--
SELECT setseed(0.2019) \g /dev/null
CREATE TABLE lines AS
WITH draw AS MATERIALIZED (
    SELECT g,
           random() < 0.9 AS is_known,
           random() AS r,
           floor(random() * ('2020-12-31'::date - '2015-01-01'::date + 1))::int AS d
    FROM generate_series(1, :rows) g
)
SELECT (1000000000 + (draw.g - 1) / 4)::bigint AS claim_id,
       ((draw.g - 1) % 4 + 1)::int AS line,
       coalesce(k.code, u.code) AS code,
       '2015-01-01'::date + draw.d AS dos
FROM draw
LEFT JOIN known_codes k
       ON draw.is_known AND k.id = 1 + floor(draw.r * (SELECT count(*) FROM known_codes))::int
LEFT JOIN unknown_codes u
       ON NOT draw.is_known AND u.id = 1 + floor(draw.r * (SELECT count(*) FROM unknown_codes))::int;

CREATE TABLE lines_text AS
SELECT claim_id, line, code::text AS code, dos FROM lines;

-- Freeze, set hint bits and visibility map, gather statistics: no scan
-- below pays for first-touch hint-bit writes, and the planner knows the
-- sizes (ANALYZE).
VACUUM (FREEZE, ANALYZE) code_catalog_text, code_catalog, known_codes, unknown_codes, lines, lines_text;
CHECKPOINT;

INSERT INTO bench_note
SELECT 'lines', format('%s lines: %s with a known code (%s distinct), %s with an unknown code; dates %s .. %s',
                       count(*),
                       count(*) FILTER (WHERE code IN (SELECT code FROM code_catalog)),
                       count(DISTINCT code),
                       count(*) FILTER (WHERE code NOT IN (SELECT code FROM code_catalog)),
                       min(dos), max(dos))
FROM lines l;

-- Warm-up pass (untimed): run every repeat query once; the four answers
-- to "how many lines have a code in force on their date, how many an
-- unknown code" must be equal (hcpcs_is_active twice per line, once per
-- line, the text join, the hcpcs_code join), with some lines of each kind
-- (active, inactive, unknown).  The joins run under EXPLAIN ANALYZE too:
-- they must be hash joins with the catalog hashed in one batch (in
-- work_mem); those plan lines are returned for the log and kept for the
-- report.  Also checks that hcpcs_is_active built its cache once in this
-- backend, and records the cache's size.
CREATE FUNCTION bench_check(p_rows bigint) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    r      record;
    a      bigint;
    u      bigint;
    ref_a  bigint;
    ref_u  bigint;
    line   text;
    hashok bool;
    b      bigint;
BEGIN
    FOR r IN SELECT * FROM bench_query WHERE kind = 'repeat' AND name ~ '^(active|join)_' ORDER BY ord LOOP
        EXECUTE r.query INTO a, u;
        IF ref_a IS NULL THEN
            ref_a := a;
            ref_u := u;
        ELSIF (a, u) IS DISTINCT FROM (ref_a, ref_u) THEN
            RAISE EXCEPTION 'answers differ: % gives active %, unknown %; % gave active %, unknown %',
                r.name, a, u, (SELECT name FROM bench_query WHERE kind = 'repeat' ORDER BY ord LIMIT 1), ref_a, ref_u;
        END IF;
        RETURN NEXT format('%s: active %s, unknown %s', r.name, a, u);
        IF r.name ~ '^join_' THEN
            hashok := false;
            FOR line IN EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) ' || r.query LOOP
                IF line ~ 'Join|Scan|Hash|Batches' THEN
                    RETURN NEXT '   ' || line;
                END IF;
                IF line ~ 'Batches: 1 ' THEN
                    hashok := true;
                    INSERT INTO bench_note VALUES ('hash_' || r.name, btrim(line));
                END IF;
            END LOOP;
            IF NOT hashok THEN
                RAISE EXCEPTION 'the plan of % is not a hash join in one batch', r.name;
            END IF;
        END IF;
    END LOOP;
    IF NOT (ref_a > 0 AND ref_u > 0 AND p_rows - ref_a - ref_u > 0) THEN
        RAISE EXCEPTION 'no mix of answers: active %, unknown %, of % lines', ref_a, ref_u, p_rows;
    END IF;
    INSERT INTO bench_note VALUES
        ('answers', format('active %s, inactive %s, unknown %s of %s lines',
                           ref_a, p_rows - ref_a - ref_u, ref_u, p_rows));
    SELECT s.builds, s.bytes INTO STRICT b, a FROM hcpcs_cache_stats() s WHERE s.cache ~ 'validity';
    IF b <> 1 THEN
        RAISE EXCEPTION 'the validity cache was built % times in one backend', b;
    END IF;
    INSERT INTO bench_size VALUES ('validity_cache', a);
    RETURN NEXT format('validity cache: built %s time(s) in this backend, %s bytes', b, a);
END $$;
