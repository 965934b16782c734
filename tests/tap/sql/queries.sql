--
-- What a user sees of a database built by dataset.sql: every table's rows,
-- every feature's answers, index scans and partition pruning.  The dump/
-- restore and update tests run this file before and after and compare the
-- output byte for byte, so it must print nothing that legitimately changes
-- (load times of the shipped release, OIDs, the cache's build counts).
-- Plans are printed unless psql -v plans=false: the update test compares
-- answers across versions, and a better plan in a new version is no fault.
--
\if :{?plans}
\else
\set plans true
\endif
\set ON_ERROR_STOP 1
\pset null '(null)'
SET client_min_messages = warning;
SET extra_float_digits = 0;

-- Reference tables and catalog views
SELECT release_id, kind, setting, period, as_of, source_files, row_count, checksum,
       CASE WHEN kind <> 'shipped' THEN loaded_at END AS loaded_at, loaded_by
FROM hcpcs_releases ORDER BY release_id;
SELECT count(*), md5(string_agg(h::text, '|' ORDER BY code, release_id)) FROM hcpcs_code_history h;
SELECT count(*), md5(string_agg(h::text, '|' ORDER BY modifier, release_id)) FROM hcpcs_modifier_history h;
SELECT * FROM hcpcs_modifiers ORDER BY modifier;
SELECT count(*), md5(string_agg(c::text, '|' ORDER BY code)) FROM hcpcs_code_catalog c;
SELECT * FROM hcpcs_code_catalog WHERE code IN ('J1100', 'G0008', 'A4206', '0001A', '99213') ORDER BY code;
SELECT count(*), md5(string_agg(v::text, '|' ORDER BY code)) FROM hcpcs_code_validity v;
SELECT * FROM hcpcs_modifier_catalog ORDER BY modifier LIMIT 20;
SELECT count(*), md5(string_agg(m::text, '|' ORDER BY modifier)) FROM hcpcs_modifier_catalog m;
SELECT count(*), md5(string_agg(e::text, '|' ORDER BY edit_id)) FROM hcpcs_ptp_edits e;
SELECT setting, release_id FROM hcpcs_ptp_current ORDER BY setting;
SELECT release_id, setting, period, as_of, source_files, row_count, checksum, is_current FROM hcpcs_ptp_releases;
SELECT last_value, is_called FROM hcpcs_release_id_seq;
SELECT last_value, is_called FROM hcpcs_ptp_edit_id_seq;

-- Functions over the catalog
SELECT hcpcs_description('J1100'), hcpcs_long_description('A4206'), hcpcs_modifier_description('RT'),
       hcpcs_modifier_is_ptp('91'), hcpcs_modifier_is_ptp('25'), hcpcs_modifier_is_ptp('GA');
SELECT code, d, hcpcs_is_active(code, d)
FROM unnest('{J1100,G0008,0001A,0591T,99213,A4206,Q9950}'::hcpcs_code[]) code,
     unnest('{2016-12-31,2018-06-01,2019-12-31,2022-07-01}'::date[]) d ORDER BY code, d;
SELECT count(*) FILTER (WHERE hcpcs_is_active(code, dos)) AS active,
       count(*) FILTER (WHERE NOT hcpcs_is_active(code, dos)) AS inactive,
       count(*) FILTER (WHERE hcpcs_is_active(code, dos) IS NULL) AS unknown
FROM claim_line;

-- User tables, whole
SELECT count(*), md5(string_agg(c::text, '|' ORDER BY id)) FROM claim_line c;
SELECT * FROM claim_line WHERE id IN (1, 2, 8, 1003, 1010) ORDER BY id;
SELECT count(*), md5(string_agg(f::text, '|' ORDER BY code, period)) FROM fee_schedule f;
SELECT * FROM code_band ORDER BY name;
SELECT count(*), md5(string_agg(u::text, '|' ORDER BY code)) FROM code_unique u;

-- Types: classification, text forms, binary forms, hashes
SELECT c, hcpcs_level(c), hcpcs_category(c), hcpcs_section(c), c::text,
       hcpcs_code_send(c), hcpcs_code_hash(c), hcpcs_code_hash_extended(c, 0),
       hcpcs_code_hash_extended(c, 42)
FROM unnest('{00100,0001A,0002M,0001U,3074F,0591T,99213,A0021,D0120,J1100,V5364}'::hcpcs_code[]) c
ORDER BY 1;
SELECT m, hcpcs_modifier_send(m), hcpcs_modifier_hash(m), hcpcs_modifier_hash_extended(m, 7)
FROM unnest('{25,59,91,E1,LT,XS,GA}'::hcpcs_modifier[]) m ORDER BY 1;
SELECT class, code_share, hcpcs_class_send(class), hcpcs_class_hash(class), hcpcs_class_hash_extended(class, 1),
       hcpcs_class_first(class), hcpcs_class_last(class)
FROM hcpcs_classes() ORDER BY class::text;
SELECT * FROM hcpcs_class_runs('Anesthesia');
SELECT cls, count(*) FROM claim_line GROUP BY cls ORDER BY cls::text;
SELECT count(*), md5(string_agg(code::text, ',' ORDER BY code)) FROM claim_line WHERE code @@ 'J';
SELECT count(*), md5(string_agg(code::text, ',' ORDER BY code)) FROM claim_line WHERE code @@ 'CPT Category III';
SELECT count(*) FROM claim_line WHERE code <@ '[99202,99499]'::hcpcs_range;
SELECT hcpcs_range_first(band), hcpcs_range_last(band), count(*) FROM claim_line
WHERE band && '[J0000,J9999]'::hcpcs_range GROUP BY 1, 2 ORDER BY 1 LIMIT 5;

-- Index scans, with sequential scans off: plans and answers
SET enable_seqscan = off;
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE code @@ 'J';
\endif
SELECT count(*) FROM claim_line WHERE code @@ 'J';
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE code @@ 'Anesthesia';
\endif
SELECT count(*) FROM claim_line WHERE code @@ 'Anesthesia';
SET enable_bitmapscan = off;
\if :plans
EXPLAIN (COSTS OFF) SELECT id FROM claim_line WHERE code = 'J1100' ORDER BY id;
\endif
SELECT id FROM claim_line WHERE code = 'J1100' ORDER BY id;
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*), string_agg(DISTINCT code::text, ',') FROM (SELECT code FROM claim_line WHERE code BETWEEN '0001U' AND '0030U' ORDER BY code) s;
\endif
SELECT count(*), string_agg(DISTINCT code::text, ',') FROM (SELECT code FROM claim_line WHERE code BETWEEN '0001U' AND '0030U' ORDER BY code) s;
RESET enable_bitmapscan;
SET enable_indexscan = off;
SET enable_bitmapscan = on;
-- (hash index: drop the btree ones from consideration)
BEGIN;
DROP INDEX claim_line_code, claim_line_code_gist, claim_line_code_dos;
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE code = 'G0008';
\endif
SELECT count(*) FROM claim_line WHERE code = 'G0008';
ROLLBACK;
BEGIN;
DROP INDEX claim_line_code, claim_line_code_hash, claim_line_code_dos;
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE code <@ '[0001A,0099A]'::hcpcs_range;
\endif
SELECT count(*) FROM claim_line WHERE code <@ '[0001A,0099A]'::hcpcs_range;
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE code @@ 'Level II';
\endif
SELECT count(*) FROM claim_line WHERE code @@ 'Level II';
ROLLBACK;
RESET enable_indexscan;
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE first_mod = 'XS';
\endif
SELECT count(*) FROM claim_line WHERE first_mod = 'XS';
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE cls = 'J';
\endif
SELECT count(*) FROM claim_line WHERE cls = 'J';
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE band @> 'J1100'::hcpcs_code;
\endif
SELECT count(*) FROM claim_line WHERE band @> 'J1100'::hcpcs_code;
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE bands @> 'J1100'::hcpcs_code;
\endif
SELECT count(*) FROM claim_line WHERE bands @> 'J1100'::hcpcs_code;
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE nearby @> '{A0021}';
\endif
SELECT count(*) FROM claim_line WHERE nearby @> '{A0021}';
\if :plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM claim_line WHERE modifiers @> '{LT,59}';
\endif
SELECT count(*) FROM claim_line WHERE modifiers @> '{LT,59}';
SELECT * FROM fee_schedule WHERE code = 'J1100' AND period @> date '2019-05-01';
SELECT name FROM code_band WHERE band @> 'J1100'::hcpcs_code;
RESET enable_seqscan;

-- Hash partitions: where each row is, pruning
SELECT tableoid::regclass AS part, count(*), md5(string_agg(code::text || ':' || n, ',' ORDER BY code))
FROM code_usage GROUP BY 1 ORDER BY 1;
SELECT tableoid::regclass AS part, count(*), md5(string_agg(modifier::text || code::text || n, ',' ORDER BY modifier, code))
FROM modifier_usage GROUP BY 1 ORDER BY 1;
SELECT code, satisfies_hash_partition('code_usage'::regclass, 4, 0, code) AS r0,
       satisfies_hash_partition('code_usage'::regclass, 4, 1, code) AS r1,
       satisfies_hash_partition('code_usage'::regclass, 4, 2, code) AS r2,
       satisfies_hash_partition('code_usage'::regclass, 4, 3, code) AS r3
FROM unnest('{00100,0001A,99213,J1100,G0008}'::hcpcs_code[]) code ORDER BY code;
\if :plans
EXPLAIN (COSTS OFF) SELECT * FROM code_usage WHERE code = 'J1100';
\endif
SELECT tableoid::regclass, * FROM code_usage WHERE code = 'J1100';
\if :plans
EXPLAIN (COSTS OFF) SELECT * FROM code_usage WHERE code IN ('J1100', '99213');
\endif
\if :plans
EXPLAIN (COSTS OFF) SELECT * FROM modifier_usage WHERE modifier = 'XS' AND code = '0591T';
\endif

-- NCCI PTP checks, claims, audit
SELECT * FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01');
SELECT * FROM hcpcs_ptp_check('0591T', '0001A', '2022-06-01', '{}', '{91}');
SELECT * FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{}', '{XS}');
SELECT count(*), md5(string_agg(r::text, '|' ORDER BY claim_id))
FROM (SELECT c.claim_id, hcpcs_ptp_check(a.code, b.code, a.dos, a.modifiers, b.modifiers) r
      FROM claim_line c JOIN claim_line a USING (claim_id) JOIN claim_line b USING (claim_id)
      WHERE c.line = 1 AND a.line = 1 AND b.line = 2) s;
SELECT * FROM hcpcs_ptp_claim(ARRAY[
    ROW(1, '0001A', '{}', '2022-06-01', 1),
    ROW(2, '0591T', '{91}', '2022-06-01', 1),
    ROW(3, '36591', '{XS}', '2022-06-01', 1),
    ROW(4, '0592T', '{}', '2022-06-01', 1)]::hcpcs_claim_line[]);
SELECT count(*), md5(string_agg(a::text, '|' ORDER BY a::text)) FROM hcpcs_ptp_audit('audit_lines') a;
SELECT kind, count(*) FROM hcpcs_ptp_audit('audit_lines', group_by => 'claim') GROUP BY kind ORDER BY kind;
SELECT * FROM hcpcs_ptp_audit('audit_lines') WHERE kind = 'reject' ORDER BY column1_claim_id, column1_line;
