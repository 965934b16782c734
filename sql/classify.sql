--
-- Classification: level, category, section, the @@ class operator, and
-- the planner support that turns class filters into index bounds.
--

-- Representative codes of every category and section
SELECT c AS code, hcpcs_level(c), hcpcs_category(c), hcpcs_section(c)
FROM unnest('{00100,01999,00099,10004,69990,69991,70010,79999,80047,89398,
              90281,99099,99100,99140,99141,99199,99201,99202,99499,99500,
              99607,99608,00000,0001A,0002M,0001U,3074F,0591T,
              A0021,B4034,C1713,D0120,E0114,G0008,H0001,J1100,K0001,L0112,
              M1003,P2028,Q0035,R0070,S0012,T1013,U0001,V2020}'::hcpcs_code[]) AS c;

-- Class names: canonical output, aliases, case-insensitivity, errors
SELECT v, v::hcpcs_class
FROM (VALUES ('Level I'), ('level 1'), ('CPT'), ('level ii'), ('HCPCS Level II'),
             ('CPT Category I'), ('category i'), ('MAAA'), ('CPT Administrative MAAA'),
             ('PLA'), ('CPT PLA'), ('Category II'), ('CPT Category III'),
             ('immunization'), ('E/M'), ('e&m'), ('Evaluation and Management'),
             ('anesthesia'), ('SURGERY'), ('Radiology'),
             ('Pathology and Laboratory'), ('Pathology and laboratory'),
             ('Medicine'), ('j'), ('J'), ('  V  '),
             ('Drugs administered other than oral method, chemotherapy drugs'),
             ('durable medical equipment')) AS t(v);
SELECT 'pathology and laboratory'::hcpcs_class;
SELECT 'F'::hcpcs_class;
SELECT 'Level III'::hcpcs_class;
SELECT ''::hcpcs_class;

-- Every class, its runs, and its share of real codes
SELECT c.class, r.first, r.last, round(c.code_share::numeric, 4) AS share
FROM hcpcs_classes() c, hcpcs_class_runs(c.class) r;

-- The operator with a bare literal on the right: no cast, no ambiguity
CREATE TABLE lines (id serial, code hcpcs_code);
INSERT INTO lines (code)
SELECT unnest('{00100,01999,10004,69990,70010,80047,0001U,0002M,90281,99100,
                99141,99202,99213,99499,99500,99607,99608,0001A,3074F,0591T,
                A0021,B4034,C1713,D0120,E0114,G0008,H0001,J1100,J9999,K0001,
                L0112,M1003,P2028,Q0035,R0070,S0012,T1013,U0001,V2020,99201}'::hcpcs_code[]);
SELECT count(*) FROM lines WHERE code @@ 'J';
SELECT code FROM lines WHERE code @@ 'Anesthesia' ORDER BY code;
SELECT code FROM lines WHERE code @@ 'Medicine' ORDER BY code;
SELECT code FROM lines WHERE code @@ 'Pathology and Laboratory' ORDER BY code;
SELECT code FROM lines WHERE code @@ 'E/M' ORDER BY code;
SELECT code FROM lines WHERE code @@ 'immunization' ORDER BY code;
SELECT code FROM lines WHERE NOT code @@ 'Level I' ORDER BY code LIMIT 3;
-- membership for every class agrees with the classification functions
SELECT c.class, count(l.code) AS members,
       count(*) FILTER (WHERE l.code IS NOT NULL AND NOT (
           (c.class::text = 'Level I' AND hcpcs_level(l.code) = 1) OR
           (c.class::text = 'Level II' AND hcpcs_level(l.code) = 2) OR
           (c.class::text = hcpcs_category(l.code)) OR
           (c.class::text = 'CPT Category I' AND hcpcs_category(l.code) = 'CPT Category I') OR
           (c.class::text = 'CPT immunization' AND l.code::text LIKE '____A') OR
           (c.class::text = hcpcs_section(l.code) AND hcpcs_level(l.code) = 1) OR
           (length(c.class::text) = 1 AND l.code::text LIKE c.class::text || '%'))) AS disagreements
FROM hcpcs_classes() c LEFT JOIN lines l ON l.code @@ c.class
GROUP BY c.class ORDER BY c.class::text;
-- ... and non-members are outside: the class count equals the count of codes
-- whose functions say they belong
SELECT count(*) FILTER (WHERE code @@ 'Surgery') = count(*) FILTER (WHERE hcpcs_section(code) = 'Surgery') AS surgery_ok,
       count(*) FILTER (WHERE code @@ 'J') = count(*) FILTER (WHERE hcpcs_section(code) LIKE 'Drugs%') AS j_ok,
       count(*) FILTER (WHERE code @@ 'CPT PLA') = count(*) FILTER (WHERE hcpcs_category(code) = 'CPT PLA') AS pla_ok
FROM lines;
SELECT '99213'::hcpcs_code @@ NULL::hcpcs_class AS null_class, NULL::hcpcs_code @@ 'J' AS null_code;
SELECT c, hcpcs_class_first(c), hcpcs_class_last(c)
FROM unnest('{Level I,Level II,Medicine,Anesthesia,Pathology and Laboratory,J}'::hcpcs_class[]) c;

-- Index use: class filters become exact btree bounds (one run) or a
-- BitmapOr of ranges (several runs).  The bounds are asserted, not only the
-- use of an index.
INSERT INTO lines (code) SELECT 'A0021' FROM generate_series(1, 2000);
CREATE INDEX lines_code ON lines (code);
ANALYZE lines;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'J';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'Level I';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'Level II';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'CPT Category I';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'CPT Administrative MAAA';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'CPT PLA';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'CPT Category II';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'CPT Category III';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'immunization';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'E/M';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'Surgery';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'Radiology';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'Anesthesia';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'Pathology and Laboratory';
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'Medicine';
RESET enable_seqscan;
-- combined with other conditions
EXPLAIN (COSTS OFF) SELECT * FROM lines WHERE code @@ 'J' AND code <> 'J1100';
-- a class that is not a constant stays an operator (no rewrite); the index
-- serves it through lossy bounds computed at execution
PREPARE byclass(hcpcs_class) AS SELECT count(*) FROM lines WHERE code @@ $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE byclass('J');
EXECUTE byclass('J');
EXECUTE byclass('Medicine');
EXECUTE byclass('Level II');
SET plan_cache_mode = force_custom_plan;
EXPLAIN (COSTS OFF) EXECUTE byclass('J');
RESET plan_cache_mode;
DEALLOCATE byclass;
-- a volatile code expression is not repeated
EXPLAIN (COSTS OFF) SELECT * FROM lines
WHERE (CASE WHEN random() >= 0 THEN code END) @@ 'Medicine';

-- Selectivity: estimates follow the column's statistics
CREATE TABLE est (code hcpcs_code);
INSERT INTO est SELECT CASE WHEN g % 10 = 0 THEN 'J1100' ELSE '99213' END::hcpcs_code
FROM generate_series(1, 10000) g;
ANALYZE est;
CREATE FUNCTION est_rows(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE p json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
  RETURN (p->0->'Plan'->>'Plan Rows')::int;
END $$;
SELECT est_rows('SELECT * FROM est WHERE code @@ ''J''') AS j_rows,
       est_rows('SELECT * FROM est WHERE code @@ ''E/M''') AS em_rows,
       est_rows('SELECT * FROM est WHERE code @@ ''Surgery''') AS surgery_rows;
-- generic plan: the operator's estimator applies it to the statistics
PREPARE est_class(hcpcs_class) AS SELECT * FROM est WHERE code @@ $1;
SET plan_cache_mode = force_generic_plan;
SELECT est_rows('EXECUTE est_class(''J'')') AS generic_rows;
RESET plan_cache_mode;
DEALLOCATE est_class;
-- no statistics: the class's share of real codes
CREATE TABLE nostats (code hcpcs_code);
SELECT est_rows('SELECT * FROM nostats WHERE (CASE WHEN random() >= 0 THEN code END) @@ ''Surgery''') AS surgery_rows,
       est_rows('SELECT * FROM nostats WHERE (CASE WHEN random() >= 0 THEN code END) @@ ''R''') AS r_rows,
       est_rows('SELECT * FROM nostats') AS all_rows;

-- GiST indexes answer class filters too
CREATE INDEX lines_gist ON lines USING gist (code);
DROP INDEX lines_code;
SET enable_seqscan = off;
SELECT count(*) FROM lines WHERE code @@ 'Medicine';
EXPLAIN (COSTS OFF) SELECT count(*) FROM lines WHERE code @@ 'Medicine';
RESET enable_seqscan;

DROP TABLE lines, est, nostats;
DROP FUNCTION est_rows(text);
