--
-- Operators, ordering, operator classes, hashing (pinned), aggregates,
-- joins, partitioning, and the catalog properties of every object.
--

-- Order groups codes by kind: 5-digit CPT, then the A, M, U, F, T suffix
-- groups, then Level II by letter.  Text order interleaves them.
CREATE TABLE codes (code hcpcs_code);
INSERT INTO codes VALUES ('0591T'), ('J1100'), ('00100'), ('0001A'), ('3074F'),
    ('0002M'), ('99213'), ('0001U'), ('A0021'), ('01999'), ('0042T'),
    ('0099U'), ('10004'), ('V2020'), ('D0120'), ('99100');
SELECT code, hcpcs_category(code) FROM codes ORDER BY code;
SELECT code FROM codes ORDER BY code::text COLLATE "C";
-- the range trap of text: BETWEEN '00100' AND '01999' on text includes
-- Category III and PLA codes; on hcpcs_code it holds only 5-digit codes
SELECT code FROM codes WHERE code::text BETWEEN '00100' AND '01999' ORDER BY 1;
SELECT code FROM codes WHERE code BETWEEN '00100' AND '01999' ORDER BY 1;

-- Every operator
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le,
       a > b AS gt, a >= b AS ge, hcpcs_code_cmp(a, b) AS cmp
FROM (VALUES ('99213'::hcpcs_code, '99213'::hcpcs_code),
             ('99213', '99214'), ('99999', '0001A'), ('9999T', 'A0000'),
             ('J1100', 'E0114'), ('0001A', '0001M'), ('0001M', '0001U'),
             ('0001U', '0001F'), ('0001F', '0001T')) AS v(a, b);

-- Operator metadata: commutators, negators, estimators, hashes, merges
SELECT oprname, oprcom::regoperator, oprnegate::regoperator,
       oprrest, oprjoin, oprcanhash, oprcanmerge
FROM pg_operator
WHERE oprleft = 'hcpcs_code'::regtype AND oprright = 'hcpcs_code'::regtype
ORDER BY oprname;

-- The operator classes are complete
SELECT opcname, amname, amvalidate(c.oid)
FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE opcintype IN ('hcpcs_code'::regtype, 'hcpcs_class'::regtype)
ORDER BY 1, 2;

-- Hash values are frozen (hash partitions and Citus placements depend on
-- them): they are core's int4 hashes of the encoding.
SELECT c, hcpcs_code_hash(c::hcpcs_code) AS hash,
       hcpcs_code_hash_extended(c::hcpcs_code, 0) AS hash0,
       hcpcs_code_hash_extended(c::hcpcs_code, 42) AS hash42
FROM (VALUES ('00100'), ('99213'), ('0001A'), ('0001U'), ('0591T'),
             ('J1100'), ('V2020')) AS v(c);
SELECT count(*) FILTER (WHERE hcpcs_code_hash(code) <> hashint4(
           ('x' || encode(hcpcs_code_send(code), 'hex'))::bit(32)::int4)) AS mismatches
FROM codes;

-- min / max
SELECT min(code), max(code) FROM codes;
SELECT min(code) FILTER (WHERE hcpcs_level(code) = 2) FROM codes;

-- Btree index: deduplication is allowed (equalimage), range scans use it
CREATE INDEX codes_btree ON codes (code);
SELECT indexrelid::regclass, amname
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
WHERE indrelid = 'codes'::regclass;
CREATE EXTENSION IF NOT EXISTS pageinspect;
SELECT allequalimage FROM bt_metap('codes_btree');
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM codes WHERE code = '99213';
EXPLAIN (COSTS OFF) SELECT * FROM codes WHERE code BETWEEN '00100' AND '01999';
SELECT * FROM codes WHERE code BETWEEN '00100' AND '01999' ORDER BY code;
RESET enable_seqscan;

-- Hash index
CREATE INDEX codes_hash ON codes USING hash (code);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
DROP INDEX codes_btree;
EXPLAIN (COSTS OFF) SELECT * FROM codes WHERE code = 'J1100';
SELECT * FROM codes WHERE code = 'J1100';
RESET enable_seqscan;
RESET enable_bitmapscan;

-- Joins: hash join and merge join on hcpcs_code
CREATE TABLE ref (code hcpcs_code PRIMARY KEY, note text);
INSERT INTO ref VALUES ('99213', 'office visit'), ('J1100', 'drug'), ('0591T', 'cat III');
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM codes JOIN ref USING (code);
SELECT * FROM codes JOIN ref USING (code) ORDER BY code;
SET enable_hashjoin = off;
SET enable_mergejoin = on;
EXPLAIN (COSTS OFF) SELECT * FROM codes JOIN ref USING (code);
SELECT * FROM codes JOIN ref USING (code) ORDER BY code;
RESET enable_nestloop;
RESET enable_mergejoin;
RESET enable_hashjoin;

-- GROUP BY and DISTINCT, by hashing and by sorting
SET enable_hashagg = off;
SELECT hcpcs_level(code), count(DISTINCT code) FROM codes GROUP BY 1 ORDER BY 1;
RESET enable_hashagg;
SET enable_sort = off;
SELECT hcpcs_category(code), count(*) FROM codes GROUP BY 1 ORDER BY 1;
RESET enable_sort;

-- Hash partitioning on hcpcs_code (needs the extended hash function); the
-- partition of each code is frozen
CREATE TABLE part (code hcpcs_code) PARTITION BY HASH (code);
CREATE TABLE part0 PARTITION OF part FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE part1 PARTITION OF part FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE part2 PARTITION OF part FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO part SELECT code FROM codes;
SELECT tableoid::regclass AS partition, array_agg(code ORDER BY code) FROM part GROUP BY 1 ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM part WHERE code = '99213';
-- Range partitioning by kind: Level II only in its partition
CREATE TABLE rpart (code hcpcs_code) PARTITION BY RANGE (code);
CREATE TABLE rpart_l1 PARTITION OF rpart FOR VALUES FROM (MINVALUE) TO ('A0000');
CREATE TABLE rpart_l2 PARTITION OF rpart FOR VALUES FROM ('A0000') TO (MAXVALUE);
INSERT INTO rpart SELECT code FROM codes;
EXPLAIN (COSTS OFF) SELECT * FROM rpart WHERE code @@ 'Level II';

-- Unique constraint and primary key
INSERT INTO ref VALUES (' 99213 ', 'duplicate after normalization');

-- Arrays of codes
SELECT ARRAY['99213', 'j1100']::hcpcs_code[] AS arr,
       '{0591t,00100}'::hcpcs_code[] AS arr2,
       'J1100'::hcpcs_code = ANY ('{99213,J1100}'::hcpcs_code[]) AS found;

-- Catalog properties of everything the extension creates.
-- Every function is PARALLEL SAFE and STRICT unless listed, and none is
-- volatile.  (Functions reading tables are STABLE.)
SELECT p.oid::regprocedure AS function, provolatile, proparallel, proisstrict
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hcpcs')
  AND d.deptype = 'e'
  AND (proparallel <> 's' OR provolatile = 'v' OR NOT proisstrict)
ORDER BY 1::text;

-- LEAKPROOF functions (those no input can make raise an error)
SELECT p.oid::regprocedure AS leakproof_function
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hcpcs')
  AND d.deptype = 'e' AND p.proleakproof
ORDER BY 1::text;

-- No implicit casts involve the extension's types
SELECT castsource::regtype, casttarget::regtype, castcontext
FROM pg_cast
WHERE castsource IN ('hcpcs_code'::regtype, 'hcpcs_class'::regtype)
   OR casttarget IN ('hcpcs_code'::regtype, 'hcpcs_class'::regtype)
ORDER BY 1::text, 2::text;

-- Every object of the extension has a comment (\dT+, \df+, \do+ explain it)
SELECT pg_describe_object(d.classid, d.objid, 0) AS without_comment
FROM pg_depend d
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hcpcs')
  AND d.deptype = 'e'
  AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL
  AND d.classid <> 'pg_type'::regclass  -- array types: see the next query
ORDER BY 1;
SELECT t.typname AS type_without_comment
FROM pg_type t JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hcpcs')
  AND d.deptype = 'e' AND t.typcategory <> 'A'
  AND obj_description(t.oid, 'pg_type') IS NULL;

DROP TABLE codes, ref, part, rpart;
DROP EXTENSION pageinspect;
