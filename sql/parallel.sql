--
-- Parallel query: with the functions' own costs (hcpcs--1.0--1.1.sql,
-- section [parallel]) and PostgreSQL's default parallel settings, the
-- planner runs a claims-table-wide PTP check in parallel workers, and the
-- answer is the same as without them.  Runs after ptp_oracle, which leaves
-- the full 2024 Q3 practitioner release current (any loaded release does).
--
SET client_min_messages = warning;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SET max_parallel_workers_per_gather = 2;

-- 25,000 claims of 5 lines (125,000 lines, ~10 MB pre-grouped: above the
-- default min_parallel_table_scan_size of 8 MB), built without random()
-- from the current release's edit pairs, so that edits fire
CREATE TABLE par_lines (claim_id int, line int, code hcpcs_code NOT NULL,
                        modifiers hcpcs_modifier[] NOT NULL, dos date NOT NULL,
                        PRIMARY KEY (claim_id, line));
INSERT INTO par_lines
WITH e AS (SELECT row_number() OVER (ORDER BY edit_id) AS n, column1, column2
           FROM hcpcs_ptp_edits
           WHERE release_id = (SELECT release_id FROM hcpcs_ptp_current WHERE setting = 'practitioner')
             AND modifier_indicator IN (0, 1)),
     c AS (SELECT count(*) AS n FROM e)
SELECT k, l,
       CASE l WHEN 1 THEN e1.column1 WHEN 2 THEN e1.column2 WHEN 3 THEN e2.column1
              WHEN 4 THEN e2.column2 ELSE e3.column1 END,
       CASE WHEN l = 2 AND k % 7 = 0 THEN '{XS}' ELSE '{}' END::hcpcs_modifier[],
       date '2024-01-01' + k % 274
FROM generate_series(1, 25000) k CROSS JOIN generate_series(1, 5) l CROSS JOIN c
JOIN e e1 ON e1.n = (k::bigint * 7919) % c.n + 1
JOIN e e2 ON e2.n = (k::bigint * 104729) % c.n + 1
JOIN e e3 ON e3.n = (k::bigint * 1299709) % c.n + 1;
CREATE TABLE par_claims AS
SELECT claim_id, array_agg(ROW(line, code, modifiers, dos, 1)::hcpcs_claim_line ORDER BY line) AS lines
FROM par_lines GROUP BY claim_id;
ANALYZE par_lines, par_claims;
SELECT pg_relation_size('par_claims') > 8 * 1024 * 1024 AS above_min_parallel_table_scan_size;

-- Pre-grouped claims, the set-returning check in the select list: a
-- ProjectSet below the Gather, so the checks run in the workers
EXPLAIN (COSTS OFF)
SELECT claim_id, (e).* FROM (SELECT c.claim_id, hcpcs_ptp_claim(c.lines) AS e FROM par_claims c) s;
-- The same claims with LATERAL: PostgreSQL 15 costs a rescan of a function
-- scan as one read of its stored result (cost_rescan), whatever the lateral
-- arguments, so the function's COST counts once and the plan stays serial
EXPLAIN (COSTS OFF)
SELECT c.claim_id, e.* FROM par_claims c, LATERAL hcpcs_ptp_claim(c.lines) e;

-- The same answers with and without parallel workers
CREATE TEMP TABLE par_claim_2 AS
SELECT claim_id, (e).* FROM (SELECT c.claim_id, hcpcs_ptp_claim(c.lines) AS e FROM par_claims c) s;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE par_claim_0 AS
SELECT claim_id, (e).* FROM (SELECT c.claim_id, hcpcs_ptp_claim(c.lines) AS e FROM par_claims c) s;
CREATE TEMP TABLE par_claim_lateral AS
SELECT c.claim_id, e.* FROM par_claims c, LATERAL hcpcs_ptp_claim(c.lines) e;
SELECT (SELECT count(*) FROM par_claim_0) > 10000 AS many_edits,
       (SELECT count(*) FROM par_claim_0 WHERE bypassed) > 0 AS some_bypassed,
       NOT EXISTS ((SELECT * FROM par_claim_0 EXCEPT ALL SELECT * FROM par_claim_2)
                   UNION ALL (SELECT * FROM par_claim_2 EXCEPT ALL SELECT * FROM par_claim_0)) AS parallel_same_rows,
       NOT EXISTS ((SELECT * FROM par_claim_0 EXCEPT ALL SELECT * FROM par_claim_lateral)
                   UNION ALL (SELECT * FROM par_claim_lateral EXCEPT ALL SELECT * FROM par_claim_0)) AS lateral_same_rows;

-- With 1.0's cost (COST 1) the planner keeps the checks in one process
BEGIN;
ALTER FUNCTION hcpcs_ptp_claim(hcpcs_claim_line[], text, text, bigint) COST 1;
SET LOCAL max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT claim_id, (e).* FROM (SELECT c.claim_id, hcpcs_ptp_claim(c.lines) AS e FROM par_claims c) s;
ROLLBACK;

RESET max_parallel_workers_per_gather;
DROP TABLE par_lines, par_claims, par_claim_0, par_claim_2, par_claim_lateral;
