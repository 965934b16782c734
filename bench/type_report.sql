-- bench/type_report.sql: Markdown report of bench/bench_type.sh results.
-- psql -At -v rows=N -v cold_label=TEXT
\set ON_ERROR_STOP on
\pset footer off

-- (view med: bench/lib.sql)
CREATE TEMP TABLE cmp (ord int, what text, a text, b text, unit text, mode text, target float8, target_txt text);
INSERT INTO cmp VALUES
 (1, 'Convert text → type: `count(x::hcpcs_code)` vs `count(x::int4)` (numeric strings)', 'cast_hcpcs', 'cast_int4', 'ms', 'warm', 1.25, '≤ 1.25×'),
 (2, 'Convert text → type vs regex check `upper(btrim(x)) ~ ''^(…)$''`', 'cast_hcpcs', 'check_regex', 'ms', 'warm', 0.20, '≤ 0.20×'),
 (3, 'Sort: `hcpcs_code` vs `int4` (same values)', 'sort_hcpcs', 'sort_int4', 'ms', 'warm', 1.10, '≤ 1.10×'),
 (4, 'Sort: `hcpcs_code` vs `text COLLATE "C"`', 'sort_hcpcs', 'sort_text_c', 'ms', 'warm', 0.40, '≤ 0.40× (≥ 2.5× faster)'),
 (5, 'Sort: `hcpcs_code` vs `text` in the default collation (' || (SELECT datcollate FROM pg_database WHERE datname = current_database()) || '; baseline: median of ' || (SELECT rounds FROM bench_query WHERE name = 'sort_text_default') || ' runs)', 'sort_hcpcs', 'sort_text_default', 'ms', 'warm', NULL, 'info'),
 (6, 'Sort: `hcpcs_code` vs `char(5)` in the default collation', 'sort_hcpcs', 'sort_bpchar', 'ms', 'warm', NULL, 'info'),
 (11, 'Convert vs `::int4`, ' || :'cold_label', 'cast_hcpcs', 'cast_int4', 'ms', 'cold', NULL, 'info'),
 (12, 'Convert vs regex check, ' || :'cold_label', 'cast_hcpcs', 'check_regex', 'ms', 'cold', NULL, 'info'),
 (13, 'Sort vs `int4`, ' || :'cold_label', 'sort_hcpcs', 'sort_int4', 'ms', 'cold', NULL, 'info'),
 (14, 'Sort vs `text COLLATE "C"`, ' || :'cold_label', 'sort_hcpcs', 'sort_text_c', 'ms', 'cold', NULL, 'info'),
 (21, 'Table size (claim_id bigint, line int, code): vs `text`', 'tbl_hcpcs', 'tbl_text', 'MiB', 'size', NULL, 'info'),
 (22, 'Table size: vs `char(5)`', 'tbl_hcpcs', 'tbl_bpchar', 'MiB', 'size', NULL, 'info'),
 (23, 'Table size: vs `int4`', 'tbl_hcpcs', 'tbl_int4', 'MiB', 'size', NULL, 'info'),
 (24, 'B-tree index on code: vs `text`', 'idx_hcpcs', 'idx_text', 'MiB', 'size', NULL, 'info'),
 (25, 'B-tree index on code: vs `char(5)`', 'idx_hcpcs', 'idx_bpchar', 'MiB', 'size', NULL, 'info'),
 (26, 'B-tree index on code: vs `int4`', 'idx_hcpcs', 'idx_int4', 'MiB', 'size', NULL, 'info'),
 (31, 'CREATE INDEX on code (one run): vs `text` (default collation)', 'index_hcpcs', 'index_text', 'ms', 'once', NULL, 'info'),
 (32, 'CREATE INDEX on code (one run): vs `int4`', 'index_hcpcs', 'index_int4', 'ms', 'once', NULL, 'info');

CREATE TEMP VIEW val AS
SELECT name, 'warm' AS mode, warm AS v FROM med
UNION ALL SELECT name, 'cold', cold FROM med
UNION ALL SELECT name, 'once', once FROM med
UNION ALL SELECT name, 'size', bytes / 1048576.0 FROM bench_size;

SELECT format('| Measurement (%s rows; times: median of %s warm runs unless noted) | hcpcs_code | Baseline | Ratio | Target | Result |',
              to_char(:rows, 'FM999,999,999,999'),
              (SELECT rounds FROM bench_query WHERE name = 'cast_hcpcs'));
SELECT '|---|---:|---:|---:|---|---|';
SELECT format('| %s | %s %s | %s %s | %s× | %s | %s |',
              c.what,
              to_char(a.v, 'FM999,999,990.0'), c.unit,
              to_char(b.v, 'FM999,999,990.0'), c.unit,
              to_char(a.v / b.v, 'FM990.000'),
              c.target_txt,
              CASE WHEN c.target IS NULL THEN '—'
                   WHEN a.v / b.v <= c.target THEN '**PASS**' ELSE '**FAIL**' END)
FROM cmp c
JOIN val a ON a.name = c.a AND a.mode = c.mode
JOIN val b ON b.name = c.b AND b.mode = c.mode
WHERE a.v IS NOT NULL AND b.v IS NOT NULL
ORDER BY c.ord;

SELECT '';
SELECT '### Every query (server-side ms)';
SELECT '';
SELECT * FROM bench_md_queries();

SELECT '';
SELECT format('Net of the table scan (`count(code)` on the same table): hcpcs cast %s ms, int4 cast %s ms, ratio %s×; regex check %s ms, ratio %s×.',
              to_char(h.warm - s.warm, 'FM999,990.0'), to_char(i.warm - n.warm, 'FM999,990.0'),
              to_char((h.warm - s.warm) / nullif(i.warm - n.warm, 0), 'FM990.000'),
              to_char(r.warm - s.warm, 'FM999,990.0'),
              to_char((h.warm - s.warm) / nullif(r.warm - s.warm, 0), 'FM990.000'))
FROM med h, med i, med s, med n, med r
WHERE h.name = 'cast_hcpcs' AND i.name = 'cast_int4' AND s.name = 'scan_text'
  AND n.name = 'scan_nums' AND r.name = 'check_regex';

SELECT format('Ratios of the fastest warm runs (less sensitive to other load on the machine): conversion vs int4 %s×, vs regex %s×; sort vs int4 %s×, vs text "C" %s×.',
              to_char(h.wmin / i.wmin, 'FM990.000'), to_char(h.wmin / r.wmin, 'FM990.000'),
              to_char(sh.wmin / si.wmin, 'FM990.000'), to_char(sh.wmin / sc.wmin, 'FM990.000'))
FROM med h, med i, med r, med sh, med si, med sc
WHERE h.name = 'cast_hcpcs' AND i.name = 'cast_int4' AND r.name = 'check_regex'
  AND sh.name = 'sort_hcpcs' AND si.name = 'sort_int4' AND sc.name = 'sort_text_c';

SELECT '';
SELECT '### Sizes (bytes)';
SELECT '';
SELECT '| Relation | Bytes | MiB |';
SELECT '|---|---:|---:|';
SELECT format('| %s | %s | %s |', name, bytes, to_char(bytes / 1048576.0, 'FM999,990.0'))
FROM bench_size ORDER BY name;
