-- bench/catalog_queries.sql: the measured queries of bench/bench_catalog.sh.
-- psql -v runs=R -v f2017=PATH -v f2018=PATH -v f2019=PATH -v runs_load=L.
-- Each query returns one row, so nothing big goes to the client.
\set ON_ERROR_STOP on

-- Untimed before every timed run, in its backend (after the untimed
-- EXPLAIN, see bench_time() in lib.sql): load hcpcs.so, so that no figure
-- includes loading the library.  For active_hcpcs, the call also builds
-- the validity cache, as any earlier call in the session would have.
\set prep_load 'LOAD ''hcpcs'''
\set prep_cache 'SELECT hcpcs_is_active(''J1100'', ''2019-01-01'')'

-- How many lines have a code in force on their date of service, how many a
-- code the catalog does not know.
INSERT INTO bench_query (ord, name, kind, cold, prep, query) VALUES
 -- hcpcs_is_active, as a user writes it (called twice per line), with the
 -- backend's validity cache already built
 (10, 'active_hcpcs', 'repeat', false, :'prep_cache',
  'SELECT count(*) FILTER (WHERE hcpcs_is_active(code, dos)) AS active, '
  'count(*) FILTER (WHERE hcpcs_is_active(code, dos) IS NULL) AS unknown FROM lines'),
 -- the same query as the first of a fresh backend: includes the cache build
 (11, 'active_hcpcs_fresh', 'repeat', true, :'prep_load',
  'SELECT count(*) FILTER (WHERE hcpcs_is_active(code, dos)) AS active, '
  'count(*) FILTER (WHERE hcpcs_is_active(code, dos) IS NULL) AS unknown FROM lines'),
 -- informational: one call per line
 (12, 'active_hcpcs_once', 'repeat', false, :'prep_cache',
  'SELECT count(*) FILTER (WHERE a) AS active, count(*) FILTER (WHERE a IS NULL) AS unknown '
  'FROM (SELECT hcpcs_is_active(code, dos) AS a FROM lines OFFSET 0) s'),
 -- the baseline: text-typed lines, text-keyed catalog, the date condition
 (20, 'join_text', 'repeat', true, :'prep_load',
  'SELECT count(*) FILTER (WHERE c.code IS NOT NULL AND l.dos >= c.added AND (c.terminated IS NULL OR l.dos <= c.terminated)) AS active, '
  'count(*) FILTER (WHERE c.code IS NULL) AS unknown '
  'FROM lines_text l LEFT JOIN code_catalog_text c ON c.code = l.code'),
 -- second baseline: the same join over hcpcs_code-typed tables
 (21, 'join_typed', 'repeat', true, :'prep_load',
  'SELECT count(*) FILTER (WHERE c.code IS NOT NULL AND l.dos >= c.added AND (c.terminated IS NULL OR l.dos <= c.terminated)) AS active, '
  'count(*) FILTER (WHERE c.code IS NULL) AS unknown '
  'FROM lines l LEFT JOIN code_catalog c ON c.code = l.code'),
 -- first call of a fresh backend: validity cache build (reads the catalog
 -- through the hcpcs_code_validity view)
 (30, 'first_call', 'repeat', true, :'prep_load',
  'SELECT hcpcs_is_active(''J1100'', ''2019-01-01'')'),
 -- informational: the scans alone, same shape (two filtered counts that
 -- read code and dos), to net out of the figures above
 (40, 'scan_lines', 'repeat', false, :'prep_load',
  'SELECT count(*) FILTER (WHERE dos IS NOT NULL), count(*) FILTER (WHERE code IS NULL) FROM lines'),
 (41, 'scan_lines_text', 'repeat', false, :'prep_load',
  'SELECT count(*) FILTER (WHERE dos IS NOT NULL), count(*) FILTER (WHERE code IS NULL) FROM lines_text');

UPDATE bench_query SET rounds = :runs WHERE kind = 'repeat';

-- Loads: each run in a fresh database (CREATE DATABASE, CREATE EXTENSION,
-- untimed, then the timed load in a new backend); run by the script, which
-- checks check_n against the release's row count.
INSERT INTO bench_query (ord, name, kind, rounds, cold, prep, query) VALUES
 (1, 'load_2017', 'load', :runs_load, true, :'prep_load', format('SELECT hcpcs_load_level2(%L)', :'f2017')),
 (2, 'load_2018', 'load', :runs_load, true, :'prep_load', format('SELECT hcpcs_load_level2(%L)', :'f2018')),
 (3, 'load_2019', 'load', :runs_load, true, :'prep_load', format('SELECT hcpcs_load_level2(%L)', :'f2019'));
UPDATE bench_query SET check_n = r.row_count
FROM hcpcs_releases r
WHERE bench_query.kind = 'load' AND r.kind = 'level2'
  AND r.period = substr(bench_query.name, 6);
