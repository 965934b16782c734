-- bench/catalog_report.sql: Markdown report of bench/bench_catalog.sh results.
-- psql -At -v rows=N -v cold_label=TEXT
\set ON_ERROR_STOP on
\pset footer off

-- (view med: bench/lib.sql)
CREATE TEMP VIEW val AS
SELECT name, 'warm' AS mode, warm AS v FROM med
UNION ALL SELECT name, 'cold', cold FROM med
UNION ALL SELECT name, 'size', bytes / 1048576.0 FROM bench_size;

-- Comparisons: a against b (ratio a / b, smaller is better for hcpcs), or
-- a alone against an absolute target (b NULL).
CREATE TEMP TABLE cmp (ord int, what text, a text, b text, unit text, mode text,
                       target float8, target_txt text);
INSERT INTO cmp VALUES
 (1, 'Load the 2019 file: `hcpcs_load_level2(''…/HCPC2019_CONTR_ANWEB.txt'')` in a fresh database (median of '
     || (SELECT rounds FROM bench_query WHERE name = 'load_2019') || ')',
     'load_2019', NULL, 'ms', 'warm', 2000, '< 2,000 ms'),
 (2, 'Load the 2018 file (HCPC2018_CONTR_ANWEB_disc.txt), fresh database', 'load_2018', NULL, 'ms', 'warm', NULL, 'info'),
 (3, 'Load the 2017 file (HCPC17_CONTR_ANWEB.txt), fresh database', 'load_2017', NULL, 'ms', 'warm', NULL, 'info'),
 (4, 'Load the 2019 file, ' || :'cold_label', 'load_2019', NULL, 'ms', 'cold', NULL, 'info'),
 (10, '`hcpcs_is_active` (cache built) vs hand-written join, text lines × text-keyed catalog',
     'active_hcpcs', 'join_text', 'ms', 'warm', 1.00, '≤ 1.00×'),
 (11, '`hcpcs_is_active`, first query of a fresh backend (incl. cache build) vs text join',
     'active_hcpcs_fresh', 'join_text', 'ms', 'warm', 1.00, '≤ 1.00×'),
 (12, '`hcpcs_is_active` (cache built) vs the same join over `hcpcs_code` columns',
     'active_hcpcs', 'join_typed', 'ms', 'warm', NULL, 'info'),
 (13, '`hcpcs_is_active` called once per line (subquery) vs text join',
     'active_hcpcs_once', 'join_text', 'ms', 'warm', NULL, 'info'),
 (14, 'Hand-written join: `hcpcs_code` columns vs text', 'join_typed', 'join_text', 'ms', 'warm', NULL, 'info'),
 (20, '`hcpcs_is_active` (incl. cache build) vs text join, ' || :'cold_label',
     'active_hcpcs_fresh', 'join_text', 'ms', 'cold', NULL, 'info'),
 (21, '`hcpcs_is_active` (incl. cache build) vs `hcpcs_code` join, ' || :'cold_label',
     'active_hcpcs_fresh', 'join_typed', 'ms', 'cold', NULL, 'info'),
 (30, 'First call in a fresh backend, `SELECT hcpcs_is_active(''J1100'', ''2019-01-01'')` (cache build)',
     'first_call', NULL, 'ms', 'warm', NULL, 'info'),
 (31, 'First call, ' || :'cold_label', 'first_call', NULL, 'ms', 'cold', NULL, 'info'),
 (32, 'Validity cache memory (`hcpcs_cache_stats()` bytes)', 'validity_cache', NULL, 'MiB', 'size', NULL, 'info');

SELECT format('| Measurement (%s claim lines; times: median of %s warm runs unless noted) | hcpcs | Baseline | Ratio | Target | Result |',
              to_char(:rows, 'FM999,999,999,999'),
              (SELECT rounds FROM bench_query WHERE name = 'active_hcpcs'));
SELECT '|---|---:|---:|---:|---|---|';
SELECT format('| %s | %s %s | %s | %s | %s | %s |',
              c.what,
              to_char(a.v, CASE WHEN c.unit = 'MiB' THEN 'FM999,990.00' ELSE 'FM999,999,990.0' END), c.unit,
              coalesce(to_char(b.v, 'FM999,999,990.0') || ' ' || c.unit, '—'),
              coalesce(to_char(a.v / b.v, 'FM990.000') || '×', '—'),
              c.target_txt,
              CASE WHEN c.target IS NULL THEN '—'
                   WHEN (CASE WHEN c.b IS NULL THEN a.v < c.target ELSE a.v / b.v <= c.target END)
                   THEN '**PASS**' ELSE '**FAIL**' END)
FROM cmp c
JOIN val a ON a.name = c.a AND a.mode = c.mode
LEFT JOIN val b ON b.name = c.b AND b.mode = c.mode
WHERE a.v IS NOT NULL AND (c.b IS NULL OR b.v IS NOT NULL)
ORDER BY c.ord;

SELECT '';
SELECT format('Answers (identical for all four queries, checked): %s.', val) FROM bench_note WHERE name = 'answers';
SELECT format('Net of the table scan (same query shape without the check): `hcpcs_is_active` %s ms, text join %s ms, ratio %s×; `hcpcs_code` join %s ms.',
              to_char(h.warm - s.warm, 'FM999,990.0'), to_char(t.warm - st.warm, 'FM999,990.0'),
              to_char((h.warm - s.warm) / nullif(t.warm - st.warm, 0), 'FM990.000'),
              to_char(j.warm - s.warm, 'FM999,990.0'))
FROM med h, med s, med t, med st, med j
WHERE h.name = 'active_hcpcs' AND s.name = 'scan_lines' AND t.name = 'join_text'
  AND st.name = 'scan_lines_text' AND j.name = 'join_typed';
SELECT format('Ratios of the fastest warm runs (less sensitive to other load on the machine): `hcpcs_is_active` vs text join %s×, incl. cache build %s×, vs `hcpcs_code` join %s×.',
              to_char(h.wmin / t.wmin, 'FM990.000'), to_char(f.wmin / t.wmin, 'FM990.000'),
              to_char(h.wmin / j.wmin, 'FM990.000'))
FROM med h, med f, med t, med j
WHERE h.name = 'active_hcpcs' AND f.name = 'active_hcpcs_fresh' AND t.name = 'join_text' AND j.name = 'join_typed';
SELECT format('Hash of the catalog in the joins (EXPLAIN ANALYZE): text: `%s`; `hcpcs_code`: `%s`.',
              (SELECT val FROM bench_note WHERE name = 'hash_join_text'),
              (SELECT val FROM bench_note WHERE name = 'hash_join_typed'));

SELECT '';
SELECT '### Every query (server-side ms)';
SELECT '';
SELECT * FROM bench_md_queries();

SELECT '';
SELECT '### Sizes (bytes)';
SELECT '';
SELECT '| Relation | Bytes | MiB |';
SELECT '|---|---:|---:|';
SELECT format('| %s | %s | %s |', name, bytes, to_char(bytes / 1048576.0, 'FM999,990.0'))
FROM bench_size ORDER BY name;
