-- bench/type_setup.sql: data and helpers for bench/bench_type.sh.
-- Run by psql with -v rows=N -v csv=PATH, in the throwaway cluster only.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION hcpcs;

--
-- Timing.  Every figure in the report is server-side wall time of one full
-- execution of one query: clock_timestamp() before and after a plpgsql
-- EXECUTE of the query text.  That excludes connection, parse-to-client and
-- result transfer (each query returns one row), and is the same clock for
-- every measurement.
--
CREATE TABLE bench_query (
    ord     int PRIMARY KEY,
    name    text UNIQUE NOT NULL,
    query   text NOT NULL,
    kind    text NOT NULL,                -- repeat (warm median) | once
    rounds  int,                          -- warm runs of a repeat query
    cold    bool NOT NULL DEFAULT false,  -- also measured cold
    check_n bigint                        -- expected single result value, or NULL
);
CREATE TABLE bench_result (
    name text NOT NULL,
    mode text NOT NULL,                   -- warm | cold | once
    run  int  NOT NULL,
    ms   float8 NOT NULL
);
CREATE TABLE bench_size (
    name  text PRIMARY KEY,
    bytes bigint NOT NULL
);

CREATE FUNCTION bench_ms(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    t1 timestamptz;
BEGIN
    t0 := clock_timestamp();
    EXECUTE q;
    t1 := clock_timestamp();
    RETURN extract(epoch FROM t1 - t0) * 1000.0;
END $$;

-- Time one named query and record it.  Result checks are done by the
-- untimed warm-up pass (bench_check), so timed runs stay pure.
CREATE FUNCTION bench_record(p_name text, p_mode text, p_run int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    q  text;
    ms float8;
BEGIN
    SELECT query INTO STRICT q FROM bench_query WHERE name = p_name;
    ms := bench_ms(q);
    INSERT INTO bench_result VALUES (p_name, p_mode, p_run, ms);
    RETURN ms;
END $$;

-- One timed run, for warm and cold runs alike.  The script calls it in a
-- fresh connection (a new backend) each time, so every run starts from the
-- same process state: a backend's first big sort pays for fresh memory
-- (page faults) while later ones may reuse what malloc kept, which would
-- favour whichever query a shared session ran second.  The query is planned
-- first, untimed (EXPLAIN without ANALYZE reads no table data), so catalog
-- and relcache loading of the new backend is not counted either.
CREATE FUNCTION bench_run(p_name text, p_mode text, p_run int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    q text;
BEGIN
    SELECT query INTO STRICT q FROM bench_query WHERE name = p_name;
    EXECUTE 'EXPLAIN ' || q;
    RETURN bench_record(p_name, p_mode, p_run);
END $$;

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
