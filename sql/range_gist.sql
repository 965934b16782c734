--
-- hcpcs_range and the GiST operator class.
--

-- Canonical form: [lower, upper) with the next *valid* code as upper bound
SELECT r::hcpcs_range
FROM (VALUES ('[00100,01999]'), ('[99202,99499]'), ('(99999,0001A]'),
             ('[00100,99999]'), ('[9999T,A0000]'), ('[J0000,J9999]'),
             ('[V0000,V9999]'), ('(V9998,V9999]'), ('(V9999,V9999]'),
             ('[99213,99213]'), ('(,J1100]'), ('[J1100,)'), ('empty'),
             ('[a0021, j1100)')) AS v(r);
SELECT '[J1100,A0021]'::hcpcs_range;
SELECT '[J1100,W0000]'::hcpcs_range;
SELECT hcpcs_range('99202', '99499', '[]'), hcpcs_range('0001A', '0001A', '[]');

-- Containment; the range trap of text does not apply
SELECT c, c <@ '[00100,01999]'::hcpcs_range AS in_anesthesia_digits,
       '[00100,01999]'::hcpcs_range @> c AS contains,
       c <@ '[99202,99499]' AS bare_literal
FROM unnest('{00100,0042T,0099U,01999,3074F,99213,J1100}'::hcpcs_code[]) AS c;
SELECT NULL::hcpcs_code <@ '[00100,01999]'::hcpcs_range,
       '00100'::hcpcs_code <@ 'empty'::hcpcs_range,
       '00100'::hcpcs_code <@ '(,)'::hcpcs_range;
-- range functions and operators of core work on hcpcs_range
SELECT lower(r), upper(r), r && '[99213,99215]'::hcpcs_range AS overlaps,
       r * '[99400,A0000]'::hcpcs_range AS intersection,
       hcpcs_range_first(r) AS first, hcpcs_range_last(r) AS last
FROM (SELECT '[99202,99499]'::hcpcs_range AS r) s;
SELECT '{[99202,99215],[99216,99499],[J0000,J9999]}'::hcpcs_multirange;
SELECT hcpcs_range_first('(,J1100]'), hcpcs_range_last('[J1100,)'),
       hcpcs_range_first('empty'), hcpcs_range_last('(V9999,]');
SELECT hcpcs_code_diff('0000A', '99999'), hcpcs_code_diff('A0000', '9999T'),
       hcpcs_code_diff('C0000', 'B9999'), hcpcs_code_diff('G0000', 'E9999');

-- A range filter uses a btree index on the code, with exact bounds
CREATE TABLE lines (code hcpcs_code);
INSERT INTO lines SELECT unnest('{00100,0042T,0099U,01999,3074F,99202,99213,99499,J1100}'::hcpcs_code[])
FROM generate_series(1, 300);
CREATE INDEX lines_code ON lines (code);
ANALYZE lines;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code <@ '[99202,99499]'::hcpcs_range;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE '[99202,99499]'::hcpcs_range @> code;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code <@ '(00100,01999)'::hcpcs_range;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code <@ '[J1100,)'::hcpcs_range;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code <@ '(,00100]'::hcpcs_range;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code <@ '[99213,99213]'::hcpcs_range;
SELECT count(*) FROM lines WHERE code <@ '[99202,99499]'::hcpcs_range;
SELECT count(*) FROM lines WHERE code <@ '[00100,01999]'::hcpcs_range;
SELECT count(*) FROM lines WHERE code::text BETWEEN '00100' AND '01999';
-- a range that is not a constant: lossy bounds computed at execution
PREPARE byrange(hcpcs_range) AS SELECT count(*) FROM lines WHERE code <@ $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE byrange('[99202,99499]');
EXECUTE byrange('[99202,99499]');
EXECUTE byrange('empty');
EXECUTE byrange('(,)');
RESET plan_cache_mode;
DEALLOCATE byrange;
-- ... or a column of another table (a join): a parameterized index scan
CREATE TABLE em_bands (name text, band hcpcs_range);
INSERT INTO em_bands VALUES ('new patient', '[99202,99205]'), ('established', '[99211,99215]');
SET enable_hashjoin = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT b.name, count(*) FROM em_bands b JOIN lines l ON l.code <@ b.band GROUP BY 1;
SELECT b.name, count(*) FROM em_bands b JOIN lines l ON l.code <@ b.band GROUP BY 1 ORDER BY 1;
RESET enable_hashjoin;
RESET enable_mergejoin;
DROP TABLE em_bands;
-- unbounded and empty ranges are left as they are
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code <@ '(,)'::hcpcs_range;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code <@ 'empty'::hcpcs_range;

-- GiST on hcpcs_code: every strategy, the same answers as a sequential scan
CREATE INDEX lines_gist ON lines USING gist (code);
CREATE TABLE gist_answers AS
SELECT q, (SELECT count(*) FROM lines WHERE
             CASE q WHEN '<' THEN code < '99213' WHEN '<=' THEN code <= '99213'
                    WHEN '=' THEN code = '99213' WHEN '>=' THEN code >= '99213'
                    WHEN '>' THEN code > '99213' WHEN '<>' THEN code <> '99213'
                    WHEN '@@' THEN code @@ 'Anesthesia'
                    WHEN '<@' THEN code <@ '[99213,0042T]'::hcpcs_range END) AS seq
FROM unnest('{<,<=,=,>=,>,<>,@@,<@}'::text[]) q;
DROP INDEX lines_code;
SET enable_seqscan = off;
SELECT q, seq,
       CASE q WHEN '<' THEN (SELECT count(*) FROM lines WHERE code < '99213')
              WHEN '<=' THEN (SELECT count(*) FROM lines WHERE code <= '99213')
              WHEN '=' THEN (SELECT count(*) FROM lines WHERE code = '99213')
              WHEN '>=' THEN (SELECT count(*) FROM lines WHERE code >= '99213')
              WHEN '>' THEN (SELECT count(*) FROM lines WHERE code > '99213')
              WHEN '<>' THEN (SELECT count(*) FROM lines WHERE code <> '99213')
              WHEN '@@' THEN (SELECT count(*) FROM lines WHERE code @@ 'Anesthesia')
              WHEN '<@' THEN (SELECT count(*) FROM lines WHERE code <@ '[99213,0042T]'::hcpcs_range)
       END AS gist
FROM gist_answers ORDER BY q;
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code = '99213';
EXPLAIN (COSTS OFF) SELECT code FROM lines WHERE code < '0042T';
-- the operators the planner keeps (generic plans) are GiST-indexable too
PREPARE gist_class(hcpcs_class) AS SELECT count(*) FROM lines WHERE code @@ $1;
PREPARE gist_range(hcpcs_range) AS SELECT count(*) FROM lines WHERE code <@ $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE gist_class('Anesthesia');
EXECUTE gist_class('Anesthesia');
EXPLAIN (COSTS OFF) EXECUTE gist_range('[99213,0042T]');
EXECUTE gist_range('[99213,0042T]');
RESET plan_cache_mode;
RESET enable_seqscan;

-- A bigger GiST index (page splits, sorted build), checked against seqscan
CREATE TABLE many AS
SELECT hcpcs_code_or_null(CASE g % 3 WHEN 0 THEN lpad((g % 100000)::text, 5, '0')
                                     WHEN 1 THEN 'J' || lpad((g % 10000)::text, 4, '0')
                                     ELSE lpad((g % 10000)::text, 4, '0') || 'T' END) AS code
FROM generate_series(1, 60000) g;
CREATE INDEX many_gist ON many USING gist (code);
SET enable_seqscan = off;
SELECT count(*) FROM many WHERE code @@ 'Surgery';
SELECT count(*) FROM many WHERE code BETWEEN '50000' AND 'J0100';
SELECT count(*) FROM many WHERE code <@ '[0100T,0200T)'::hcpcs_range;
RESET enable_seqscan;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM many WHERE code @@ 'Surgery';
SELECT count(*) FROM many WHERE code BETWEEN '50000' AND 'J0100';
SELECT count(*) FROM many WHERE code <@ '[0100T,0200T)'::hcpcs_range;
RESET enable_indexscan;
RESET enable_bitmapscan;
-- inserts after the build
INSERT INTO many SELECT '99213' FROM generate_series(1, 500);
SET enable_seqscan = off;
SELECT count(*) FROM many WHERE code = '99213';
RESET enable_seqscan;

-- EXCLUDE constraint: one price per code per period, no btree_gist needed
CREATE TABLE fee (
    code hcpcs_code,
    valid daterange,
    amount numeric,
    EXCLUDE USING gist (code WITH =, valid WITH &&)
);
INSERT INTO fee VALUES ('99213', '[2024-01-01,2025-01-01)', 92.05),
                       ('99213', '[2025-01-01,2026-01-01)', 93.10),
                       ('J1100', '[2024-01-01,2026-01-01)', 0.11);
INSERT INTO fee VALUES ('99213', '[2024-06-01,2024-07-01)', 1.00);
INSERT INTO fee VALUES (' 99213', '[2026-01-01,2027-01-01)', 95.00);

-- an index on a range column serves "range contains code" in either
-- spelling: the extension's @> / <@ hand GiST and SP-GiST range_ops core's
-- @>(anyrange, anyelement); answers equal a sequential scan's
CREATE TABLE bands (id int, band hcpcs_range);
INSERT INTO bands
SELECT g, hcpcs_range(('J' || lpad((g * 7 % 9000)::text, 4, '0'))::hcpcs_code,
                      ('J' || lpad((g * 7 % 9000 + 5)::text, 4, '0'))::hcpcs_code, '[]')
FROM generate_series(1, 3000) g;
CREATE INDEX bands_gist ON bands USING gist (band);
CREATE TABLE bands_sp AS SELECT * FROM bands;
CREATE INDEX bands_spgist ON bands_sp USING spgist (band);
ANALYZE bands, bands_sp;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM bands WHERE band @> 'J1100'::hcpcs_code;
EXPLAIN (COSTS OFF) SELECT id FROM bands WHERE 'J1100'::hcpcs_code <@ band;
EXPLAIN (COSTS OFF) SELECT id FROM bands_sp WHERE band @> 'J1100'::hcpcs_code;
CREATE TEMP TABLE band_index AS
SELECT 'gist' AS idx, c.code, array_agg(b.id ORDER BY b.id) FILTER (WHERE b.id IS NOT NULL) AS ids
FROM (VALUES ('J1100'::hcpcs_code), ('J0000'), ('J8999'), ('J9004'), ('99213')) c(code)
LEFT JOIN bands b ON b.band @> c.code GROUP BY c.code
UNION ALL
SELECT 'spgist', c.code, array_agg(b.id ORDER BY b.id) FILTER (WHERE b.id IS NOT NULL)
FROM (VALUES ('J1100'::hcpcs_code), ('J0000'), ('J8999'), ('J9004'), ('99213')) c(code)
LEFT JOIN bands_sp b ON c.code <@ b.band GROUP BY c.code;
RESET enable_seqscan;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT i.idx, i.code, i.ids
FROM band_index i
WHERE i.ids IS DISTINCT FROM (SELECT array_agg(b.id ORDER BY b.id) FROM bands b WHERE b.band @> i.code);
SELECT code, ids FROM band_index WHERE idx = 'gist' ORDER BY code;
RESET enable_indexscan;
RESET enable_bitmapscan;
DROP TABLE bands, bands_sp;

DROP TABLE lines, gist_answers, many, fee;
