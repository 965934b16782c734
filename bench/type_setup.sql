-- bench/type_setup.sql: data and helpers for bench/bench_type.sh.
-- Run by psql with -v rows=N -v csv=PATH, in the throwaway cluster only.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION hcpcs;

-- bench_query, bench_result, bench_size, bench_ms(), bench_record(),
-- bench_run(): see bench/lib.sql.
\ir lib.sql

-- Warm-up pass: run every query once, untimed, and verify that it saw every
-- row (so no conversion or sort was skipped or pruned): counts must equal
-- rows; sorts run under EXPLAIN ANALYZE, whose Sort node must have sorted
-- rows rows in memory (its lines are returned for the log).
CREATE FUNCTION bench_check(p_rows bigint) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    r    record;
    got  bigint;
    line text;
    ok   bool;
BEGIN
    FOR r IN SELECT * FROM bench_query WHERE kind = 'repeat' ORDER BY ord LOOP
        IF r.check_n IS NULL THEN
            ok := false;
            RETURN NEXT format('%s: %s', r.name, r.query);
            FOR line IN EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) ' || r.query LOOP
                IF line ~ 'Sort|Limit|Scan' THEN
                    RETURN NEXT '   ' || line;
                END IF;
                IF line ~ format('Sort \(actual rows=%s ', p_rows) THEN
                    ok := true;
                END IF;
                IF line ~ 'Sort Method' AND line !~ 'quicksort' THEN
                    RAISE EXCEPTION 'sort of % not in memory: %', r.name, line;
                END IF;
            END LOOP;
            IF NOT ok THEN
                RAISE EXCEPTION 'no Sort node of % rows in the plan of %', p_rows, r.name;
            END IF;
        ELSE
            EXECUTE r.query INTO got;
            IF got IS DISTINCT FROM r.check_n THEN
                RAISE EXCEPTION 'check failed for %: got %, expected %', r.name, got, r.check_n;
            END IF;
            RETURN NEXT format('%s: result %s = expected', r.name, got);
        END IF;
    END LOOP;
END $$;

--
-- The real code list: first column of the OPPS Addendum B file.  Two rows
-- carry a trailing no-break space (U+00A0); strip it, then keep only what
-- the type accepts (hcpcs_is_valid) AND is already clean 5-character
-- uppercase text, so the int4 and regex baselines see the same kind of
-- input (the regex check would reject the NBSP rows).
--
CREATE TEMP TABLE raw_codes (code text, status text);
-- (\copy does not expand variables: build the command in one)
\set copycmd '\\copy raw_codes FROM ' :'csv' ' WITH (FORMAT csv, HEADER true)'
:copycmd

-- A cast local to this throwaway database (not part of the extension):
-- hcpcs_code and int4 have the same representation, so this reads the
-- stored 4-byte encoding as an int4 at no cost.
CREATE CAST (hcpcs_code AS int4) WITHOUT FUNCTION;

CREATE TABLE codes AS
SELECT (row_number() OVER (ORDER BY code))::int AS id, code
FROM (SELECT DISTINCT btrim(replace(code, U&'\00A0', '')) AS code FROM raw_codes) s
WHERE hcpcs_is_valid(code) AND code ~ '^[0-9A-Z]{5}$';
ALTER TABLE codes ADD PRIMARY KEY (id);

SELECT count(*) AS codes_in_list,
       count(*) FILTER (WHERE code ~ '^[0-9]{5}$')        AS cpt_5digit,
       count(*) FILTER (WHERE code ~ '^[0-9]{4}[A-Z]$')   AS cpt_suffixed,
       count(*) FILTER (WHERE code ~ '^[A-Z]')            AS level2
FROM codes;

--
-- 10 M claim lines (claim_id, line, code), codes drawn uniformly with
-- replacement from the list (fixed seed).  Four lines per claim.  Every
-- other claims table is derived from claims_text by a plain seq scan, so
-- all of them hold the same codes in the same row order (the sorts see the
-- same input permutation).
--
SELECT setseed(0.2026) \g /dev/null
CREATE TABLE claims_text AS
WITH draw AS MATERIALIZED (
    SELECT g, 1 + floor(random() * (SELECT count(*) FROM codes))::int AS k
    FROM generate_series(1, :rows) g
)
SELECT (1000000000 + (g - 1) / 4)::bigint AS claim_id,
       ((g - 1) % 4 + 1)::int AS line,
       c.code
FROM draw JOIN codes c ON c.id = draw.k;

CREATE TABLE claims_hcpcs AS
SELECT claim_id, line, code::hcpcs_code AS code FROM claims_text;
CREATE TABLE claims_bpchar AS
SELECT claim_id, line, code::char(5) AS code FROM claims_text;
-- int4 holding exactly the hcpcs_code encodings: same values, same
-- comparator (btint4cmp / btint4sortsupport), so this is the pure
-- "is the type as fast as int4" baseline for sorting and index size.
CREATE TABLE claims_int4 AS
SELECT claim_id, line, code::int4 AS code FROM claims_hcpcs;

-- Baseline for the conversion: 10 M numeric 5-character strings in a table
-- of the same shape and width as claims_text, converted with ::int4.
SELECT setseed(0.1999) \g /dev/null
CREATE TABLE nums_text AS
SELECT claim_id, line, lpad(floor(random() * 100000)::int::text, 5, '0') AS code
FROM claims_text;

-- Freeze, set hint bits and visibility map, gather statistics: no scan
-- below pays for first-touch hint-bit writes.
VACUUM (FREEZE, ANALYZE) codes, claims_text, claims_hcpcs, claims_bpchar, claims_int4, nums_text;
CHECKPOINT;
