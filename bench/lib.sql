-- bench/lib.sql: timing helpers and result tables shared by the benchmarks
-- in bench/ (included with \ir by bench/type_setup.sql and
-- bench/catalog_setup.sql), in the throwaway cluster only.
\set ON_ERROR_STOP on

--
-- Timing.  Every figure in a report is server-side wall time of one full
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
    check_n bigint,                       -- expected single result value, or NULL
    prep    text                          -- run untimed before each timed run, or NULL
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
-- untimed warm-up pass of each benchmark, so timed runs stay pure.
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

-- One timed run of a query text.  The scripts call it in a fresh connection
-- (a new backend) each time, so every run starts from the same process
-- state: a backend's first big sort pays for fresh memory (page faults)
-- while later ones may reuse what malloc kept, which would favour whichever
-- query a shared session ran second.  The query is planned first, untimed
-- (EXPLAIN without ANALYZE reads no table data), so catalog and relcache
-- loading of the new backend is not counted either; then prep, if any, runs
-- untimed (e.g. LOAD 'hcpcs', or a call that builds a per-backend cache).
CREATE FUNCTION bench_time(q text, prep text DEFAULT NULL) RETURNS float8
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'EXPLAIN ' || q;
    IF prep IS NOT NULL THEN
        EXECUTE prep;
    END IF;
    RETURN bench_ms(q);
END $$;

-- One timed run of a named query, recorded; for warm and cold runs alike.
CREATE FUNCTION bench_run(p_name text, p_mode text, p_run int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    r  record;
    ms float8;
BEGIN
    SELECT query, prep INTO STRICT r FROM bench_query WHERE name = p_name;
    ms := bench_time(r.query, r.prep);
    INSERT INTO bench_result VALUES (p_name, p_mode, p_run, ms);
    RETURN ms;
END $$;

--
-- Reporting.
--
CREATE VIEW med AS
SELECT name,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE mode = 'warm') AS warm,
       min(ms) FILTER (WHERE mode = 'warm') AS wmin,
       max(ms) FILTER (WHERE mode = 'warm') AS wmax,
       string_agg(round(ms::numeric, 0)::text, ' ' ORDER BY run) FILTER (WHERE mode = 'warm') AS runs,
       max(ms) FILTER (WHERE mode = 'cold') AS cold,
       max(ms) FILTER (WHERE mode = 'once') AS once
FROM bench_result GROUP BY name;

-- Markdown table of every query of bench_query, with its runs.
CREATE FUNCTION bench_md_queries() RETURNS SETOF text LANGUAGE sql AS $$
SELECT line FROM (
    SELECT -2 AS ord, '| Query | Warm median | Warm min | Warm max | Warm runs | Cold / once | SQL |' AS line
    UNION ALL
    SELECT -1, '|---|---:|---:|---:|---|---:|---|'
    UNION ALL
    SELECT q.ord,
           format('| %s | %s | %s | %s | %s | %s | `%s`%s |', q.name,
                  coalesce(to_char(m.warm, 'FM999,999,990.0'), ''),
                  coalesce(to_char(m.wmin, 'FM999,999,990.0'), ''),
                  coalesce(to_char(m.wmax, 'FM999,999,990.0'), ''),
                  coalesce(m.runs, ''),
                  coalesce(to_char(coalesce(m.cold, m.once), 'FM999,999,990.0'), ''),
                  replace(q.query, '|', '\|'),
                  CASE WHEN q.prep IS NULL THEN ''
                       ELSE format(' (untimed before it, same backend: `%s`)', replace(q.prep, '|', '\|')) END)
    FROM bench_query q LEFT JOIN med m USING (name)
) t
ORDER BY ord
$$;
