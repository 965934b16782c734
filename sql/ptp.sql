--
-- NCCI PTP edits: loading the real CMS excerpt, checking pairs and claims,
-- releases, bad files, dirty claim lines.
--
\getenv datadir HCPCS_DATA
\set SHOW_CONTEXT never
\set excerpt :datadir '/cms/ncci/ccipra-v322r0-f1.excerpt.txt'

-- (an earlier test made modifier 91 not PTP-associated: put it back)
UPDATE hcpcs_modifiers SET ptp_associated = true WHERE modifier = '91';

-- Nothing loaded yet: a clear error, not a silent "no edit"
SELECT * FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01');

-- The real rows of the CMS 2026 Q3 practitioner file, part 1 (excerpt)
SET client_min_messages = warning;
SELECT hcpcs_load_ptp(ARRAY[:'excerpt'], 'practitioner') AS rows_loaded;
RESET client_min_messages;
SELECT setting, period, as_of, source_files, row_count, is_current FROM hcpcs_ptp_releases;
SELECT modifier_indicator, count(*), count(*) FILTER (WHERE deletion IS NULL) AS not_deleted,
       count(*) FILTER (WHERE prior_1996) AS prior_1996
FROM hcpcs_ptp_edits GROUP BY 1 ORDER BY 1;
SELECT column1, column2, prior_1996, effective, deletion, modifier_indicator, rationale
FROM hcpcs_ptp_edits WHERE column1 IN ('0001A', '0001U') AND column2 IN ('0591T', '36591', '90473', '0028U', '0030U')
ORDER BY column1, column2;

-- In force from the effective date to the deletion date, both inclusive
SELECT d, r.applies, r.column1, r.column2, r.denied, r.modifier_indicator, r.bypassed,
       r.bypass_modifier, r.effective, r.deletion, r.rationale, r.note,
       r.release = (SELECT release_id FROM hcpcs_ptp_releases WHERE is_current) AS current_release
FROM unnest('{2021-12-31,2022-01-01,2023-12-31,2024-01-01}'::date[]) d,
     LATERAL hcpcs_ptp_check('0001A', '0591T', d) r ORDER BY d;
-- not deleted ("*"): in force from its effective date on
SELECT d, (hcpcs_ptp_check('0001U', '0030U', d)).applies
FROM unnest('{2018-06-30,2018-07-01,2099-12-31}'::date[]) d ORDER BY d;
-- either order of the two codes: the edit's Column 2 code is the one denied
SELECT column1, column2, denied FROM hcpcs_ptp_check('0591T', '0001A', '2022-06-01');
-- indicator 9 never applies, not even on its effective (= deletion) date
SELECT applies, column1, denied FROM hcpcs_ptp_check('0001A', '90473', '2022-01-01');
SELECT applies FROM hcpcs_ptp_check('0001A', 'G0008', '2022-01-01');
-- no edit between the codes
SELECT applies, release IS NOT NULL AS release_named FROM hcpcs_ptp_check('0001A', '99499', '2022-06-01');

-- Modifiers.  Indicator 0: never bypassed
SELECT applies, denied, modifier_indicator, bypassed, bypass_modifier
FROM hcpcs_ptp_check('0001A', '36591', '2022-06-01', '{59}', '{59,XS}');
-- indicator 1: a PTP-associated modifier on the Column 2 line bypasses
SELECT denied, bypassed, bypass_modifier, note
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{}', '{XS}');
-- ... on the Column 1 line too (modifier_on 'either', the default), flagged
SELECT denied, bypassed, bypass_modifier, note
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{59}', '{}');
-- ... but not with modifier_on 'column2' (the CMS instruction)
SELECT denied, bypassed, bypass_modifier
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{59}', '{}', modifier_on => 'column2');
SELECT denied, bypassed, bypass_modifier
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{}', '{59}', modifier_on => 'column2');
-- on neither line, or only modifiers that are not PTP-associated (22, 76, GA)
SELECT denied, bypassed FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01');
SELECT denied, bypassed FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{22,GA}', '{76}');
-- the first PTP-associated modifier of the Column 2 line is the one named
SELECT bypass_modifier FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{XU}', '{22,RT,59}');
-- the same anatomic modifier on both lines: bypassed (as claims systems
-- do), and flagged
SELECT bypassed, bypass_modifier, note FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{LT}', '{LT}');
SELECT bypassed, bypass_modifier, note FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', '{LT}', '{RT}');
-- NULL arrays mean no modifiers; NULL elements are ignored
SELECT denied, bypassed FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', NULL, NULL);
SELECT denied, bypassed, bypass_modifier
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', NULL, ARRAY[NULL, 'XS', NULL]::hcpcs_modifier[]);

-- NULL code or date: one row, applies NULL (unknown)
SELECT applies, column1, column2, denied, modifier_indicator, bypassed, bypass_modifier,
       effective, deletion, rationale, note, release IS NOT NULL AS release_named
FROM hcpcs_ptp_check(NULL, '0591T', '2022-06-01');
SELECT applies FROM hcpcs_ptp_check('0001A', NULL, '2022-06-01');
SELECT applies FROM hcpcs_ptp_check('0001A', '0591T', NULL);
-- the same code twice: no PTP edit pairs a code with itself
SELECT applies FROM hcpcs_ptp_check('0591T', '0591T', '2022-06-01');
-- bad arguments
SELECT * FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', setting => 'dentist');
SELECT * FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', setting => 'hospital');
SELECT * FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', modifier_on => 'column1');
SELECT * FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', release_id => 999999);
SELECT * FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', setting => NULL);
-- (f(...)).* calls the function once per column; LATERAL calls it once
EXPLAIN (VERBOSE, COSTS OFF)
SELECT (hcpcs_ptp_check(a, b, d)).* FROM (VALUES ('0001A'::hcpcs_code, '0591T'::hcpcs_code, '2022-06-01'::date)) v(a, b, d);
EXPLAIN (VERBOSE, COSTS OFF)
SELECT r.* FROM (VALUES ('0001A'::hcpcs_code, '0591T'::hcpcs_code, '2022-06-01'::date)) v(a, b, d),
       LATERAL hcpcs_ptp_check(a, b, d) r;

-- Whole claims
SELECT line_column1, line_column2, denied_line, column1, column2, denied, modifier_indicator,
       bypassed, bypass_modifier, effective, deletion, rationale, note
FROM hcpcs_ptp_claim(ARRAY[
    ROW(1, '0001A', '{}', '2022-06-01', 1),
    ROW(2, '0591T', '{}', '2022-06-01', 1),
    ROW(3, '36591', '{59}', '2022-06-01', 1),
    ROW(4, '0592T', '{XS}', '2022-06-01', 1),
    ROW(5, '0593T', '{}', '2022-06-02', 1),      -- another date: no pair with line 1
    ROW(6, NULL, '{}', '2022-06-01', 1),         -- no code: takes part in no pair
    ROW(7, '0591T', '{}', '2022-06-01', 2)       -- the same code again: a second row with line 1
    ]::hcpcs_claim_line[]) ORDER BY line_column1, line_column2;
SELECT count(*) FROM hcpcs_ptp_claim(NULL);
SELECT count(*) FROM hcpcs_ptp_claim('{}');
SELECT count(*) FROM hcpcs_ptp_claim(ARRAY[NULL, ROW(1, '0001A', NULL, '2022-06-01', 1)]::hcpcs_claim_line[]);

-- The analyst's query over a claim-lines table: lines grouped per claim
-- into hcpcs_claim_line[], modifiers from four text columns
CREATE TABLE claim_lines (claim_id int, line int, code hcpcs_code, m1 text, m2 text, m3 text, m4 text,
                          dos date, units numeric);
INSERT INTO claim_lines VALUES
    (1, 1, '0001A', NULL, NULL, NULL, NULL, '2022-06-01', 1),
    (1, 2, '0591T', 'XS', NULL, NULL, NULL, '2022-06-01', 1),
    (1, 3, '36591', '59', 'LT', NULL, NULL, '2022-06-01', 1),
    (2, 1, '0001U', NULL, NULL, NULL, NULL, '2020-03-01', 1),
    (2, 2, '0128U', NULL, NULL, NULL, NULL, '2020-03-01', 1),
    (2, 3, '0030U', '91', NULL, NULL, NULL, '2020-03-01', 1),
    (3, 1, '0001U', NULL, NULL, NULL, NULL, '2020-07-01', 1),
    (3, 2, '0128U', NULL, NULL, NULL, NULL, '2020-07-01', 1);
SELECT c.claim_id, e.line_column1, e.line_column2, e.denied_line, e.column1, e.column2, e.denied,
       e.modifier_indicator, e.bypassed, e.bypass_modifier, e.effective, e.deletion, e.rationale
FROM (SELECT claim_id,
             array_agg(ROW(line, code, ARRAY[m1, m2, m3, m4]::hcpcs_modifier[], dos, units)::hcpcs_claim_line) AS lines
      FROM claim_lines GROUP BY claim_id) c,
     LATERAL hcpcs_ptp_claim(c.lines) e
ORDER BY c.claim_id, e.line_column1, e.line_column2;

-- The ready-made audit of a claim-lines table with the usual columns:
-- grouped as NCCI applies (provider, beneficiary, date, across claims),
-- dirty lines reported, never fatal
CREATE TABLE raw_claims (claim_id text, beneficiary_id text, provider_id text, line int, code text,
                         modifier1 text, modifier2 text, modifier3 text, modifier4 text, dos date, units numeric);
INSERT INTO raw_claims VALUES
    ('C1', 'B1', 'P1', 1, '0001A', NULL, NULL, NULL, NULL, '2022-06-01', 1),
    ('C1', 'B1', 'P1', 2, '0591t ', 'xs', NULL, NULL, NULL, '2022-06-01', 1),
    ('C2', 'B1', 'P1', 1, '36591', NULL, NULL, NULL, NULL, '2022-06-01', 1),   -- another claim, same provider, patient, day
    ('C3', 'B1', 'P2', 1, '36592', NULL, NULL, NULL, NULL, '2022-06-01', 1),   -- another provider
    ('C4', 'B2', 'P1', 1, '99213-25', NULL, NULL, NULL, NULL, '2022-06-01', 1),
    ('C4', 'B2', 'P1', 2, '0001A', 'LTRT', NULL, NULL, NULL, '2022-06-01', 1),
    ('C4', 'B2', 'P1', 3, '0001A', NULL, NULL, NULL, NULL, NULL, 1),
    ('C4', 'B2', 'P1', 4, '', NULL, NULL, NULL, NULL, '2022-06-01', 1);
SELECT kind, column1_claim_id, column1_line, column2_claim_id, column2_line, denied_claim_id, denied_line,
       column1, column2, modifier_indicator, bypassed, bypass_modifier, reject_reason
FROM hcpcs_ptp_audit('raw_claims') ORDER BY kind, column1_claim_id, column1_line, column2_claim_id;
SELECT kind, column1_claim_id, column2_claim_id, denied_line
FROM hcpcs_ptp_audit('raw_claims', group_by => 'claim') WHERE kind = 'edit';
SELECT * FROM hcpcs_ptp_audit('raw_claims', group_by => 'patient');

-- Bad files: each aborts with file, line, field and value; nothing changes
CREATE FUNCTION write_lines(path text, lines text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('COPY (SELECT unnest(%L::text[])) TO %L WITH (FORMAT csv, DELIMITER E''\x01'', QUOTE E''\x02'')',
                   lines, path);
END $$;
CREATE FUNCTION ptp_file(path text, rows text[]) RETURNS void LANGUAGE sql AS $$
    SELECT write_lines(path, ARRAY[
        'CPT only copyright 2025 American Medical Association.  All rights reserved.' || repeat(E'\t', 6),
        'Column1/Column2 Edits' || repeat(E'\t', 6),
        E'Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale',
        E'\t\tprior to 1996\tDate\tDate\t0=not allowed\t',
        E'\t\t\t\t*=no data\t1=allowed\t',
        E'\t\t\t\t\t9=not applicable\t'] || rows)
$$;
CREATE TEMP TABLE before AS
SELECT (SELECT count(*) FROM hcpcs_ptp_edits) AS edits, (SELECT count(*) FROM hcpcs_releases) AS releases,
       (SELECT version FROM hcpcs_catalog_state) AS version;
SELECT ptp_file('/tmp/hcpcs_regress_ptp_v303r0_f1.txt', ARRAY[
    E'0001A\t0591T\t\t20220101\t20231231\t1\tCPT Manual or CMS manual coding instruction',
    E'0001A\t0592T\t\t20220101\t1\tCPT Manual or CMS manual coding instruction']);
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f1.txt'], 'practitioner');
SELECT ptp_file('/tmp/hcpcs_regress_ptp_v303r0_f1.txt', ARRAY[
    E'0001A\t0591X\t\t20220101\t20231231\t1\tCPT Manual or CMS manual coding instruction']);
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f1.txt'], 'practitioner');
SELECT ptp_file('/tmp/hcpcs_regress_ptp_v303r0_f1.txt', ARRAY[
    E'0001A\t0591T\t\t20220230\t20231231\t1\tCPT Manual or CMS manual coding instruction']);
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f1.txt'], 'practitioner');
SELECT ptp_file('/tmp/hcpcs_regress_ptp_v303r0_f1.txt', ARRAY[
    E'0001A\t0591T\t\t20220101\t20211231\t1\tCPT Manual or CMS manual coding instruction']);
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f1.txt'], 'practitioner');
SELECT ptp_file('/tmp/hcpcs_regress_ptp_v303r0_f1.txt', ARRAY[
    E'0001A\t0591T\t\t20220101\t20231231\t2\tCPT Manual or CMS manual coding instruction']);
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f1.txt'], 'practitioner');
-- two indicator-0/1 edits of one pair in force at once, in either direction
SELECT ptp_file('/tmp/hcpcs_regress_ptp_v303r0_f1.txt', ARRAY[
    E'0001A\t0591T\t\t20220101\t20231231\t1\tCPT Manual or CMS manual coding instruction',
    E'0591T\t0001A\t\t20231201\t*\t0\tCPT Manual or CMS manual coding instruction']);
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f1.txt'], 'practitioner');
-- (an indicator-9 row may overlap: this part loads below)
SELECT ptp_file('/tmp/hcpcs_regress_ptp_v303r0_f2.txt', ARRAY[
    E'0001A\t0592T\t\t20220101\t20231231\t1\tCPT Manual or CMS manual coding instruction',
    E'0001A\t0592T\t\t20220101\t20220101\t9\tCPT Manual or CMS manual coding instruction']);
-- a file of another kind (an MUE CSV), a missing one, a bad setting, no period
SELECT write_lines('/tmp/hcpcs_regress_ptp_v303r0_f3.txt', ARRAY['"HCPCS/CPT Code","Practitioner Services MUE Values"', '"0001U","1"']);
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f3.txt'], 'practitioner');
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_no_such_ptp.txt'], 'practitioner');
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f2.txt'], 'dentist');
SELECT write_lines('/tmp/hcpcs_regress_ptp_noname.txt', '{}');
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_noname.txt'], 'practitioner', period => '2025Q1');
SELECT (SELECT count(*) FROM hcpcs_ptp_edits) = edits AS edits_unchanged,
       (SELECT count(*) FROM hcpcs_releases) = releases AS releases_unchanged,
       (SELECT version FROM hcpcs_catalog_state) = version AS version_unchanged
FROM before;

-- A new release becomes current atomically; a prepared statement and this
-- open session see it at once (no stale cache)
PREPARE q AS
SELECT r.applies, r.denied, r.deletion, p.period
FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01') r JOIN hcpcs_ptp_releases p ON p.release_id = r.release;
EXECUTE q;
SELECT release_id AS first_release FROM hcpcs_ptp_releases WHERE is_current \gset
SELECT ptp_file('/tmp/hcpcs_regress_ptp_v303r0_f1.txt', ARRAY[
    E'0001A\t0591T\t\t20220101\t*\t1\tCPT Manual or CMS manual coding instruction']);
SELECT hcpcs_load_ptp(ARRAY['/tmp/hcpcs_regress_ptp_v303r0_f1.txt', '/tmp/hcpcs_regress_ptp_v303r0_f2.txt'],
                      'practitioner') AS rows_loaded;
SELECT setting, period, as_of, source_files, row_count, is_current FROM hcpcs_ptp_releases ORDER BY release_id;
EXECUTE q;
-- an audit against the earlier release, named
SELECT applies, denied, release = :first_release AS earlier_release
FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01', release_id => :first_release);
SELECT applies FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01', setting => 'hospital', release_id => :first_release);
-- back to the earlier one, then drop the newer
SELECT hcpcs_ptp_set_current(:first_release);
EXECUTE q;
SELECT hcpcs_drop_release(release_id) FROM hcpcs_ptp_releases WHERE NOT is_current;
SELECT hcpcs_drop_release(:first_release);
SELECT count(*) AS releases, sum(row_count) AS rows FROM hcpcs_ptp_releases;
DEALLOCATE q;

-- The stored index image a backend reads instead of building the index
-- from the table: stored by the load, deleted by any other change to the
-- edits (the answers then come from the table), stored again on request;
-- a damaged image is ignored
SELECT count(*) AS images, bool_and(length(image) > 1000000) AS whole FROM hcpcs_ptp_index;
SELECT applies, denied, deletion FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01');
UPDATE hcpcs_ptp_edits SET deletion = '2024-12-31' WHERE column1 = '0001A' AND column2 = '0591T';
SELECT count(*) AS images FROM hcpcs_ptp_index;
SELECT applies, denied, deletion FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01');
SELECT hcpcs_ptp_refresh_index() AS images_stored;
UPDATE hcpcs_modifiers SET note = note WHERE modifier = '25';   -- (a new catalog version: caches rebuild)
SELECT applies, denied, deletion FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01');
SELECT detail FROM hcpcs_cache_stats() WHERE cache LIKE '%PTP%';
UPDATE hcpcs_ptp_index SET image = '\x00ff';
SELECT applies, denied, deletion FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01');
SELECT detail FROM hcpcs_cache_stats() WHERE cache LIKE '%PTP%';
UPDATE hcpcs_ptp_index SET image = overlay(image placing '\xffffffff'::bytea from 41 for 4);
SELECT applies, denied, deletion FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01');
UPDATE hcpcs_ptp_edits SET deletion = '2023-12-31' WHERE column1 = '0001A' AND column2 = '0591T';
SELECT hcpcs_ptp_refresh_index(release_id) AS images_stored FROM hcpcs_ptp_releases;
SELECT applies, denied, deletion FROM hcpcs_ptp_check('0001A', '0591T', '2024-06-01');

-- Privileges: anyone may check; loading needs the maintainer's grants and
-- pg_read_server_files
CREATE ROLE regress_hcpcs_analyst;
SET ROLE regress_hcpcs_analyst;
SELECT applies, denied FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01');
SELECT hcpcs_load_ptp(ARRAY[:'excerpt'], 'practitioner');
DELETE FROM hcpcs_ptp_edits;
SELECT hcpcs_ptp_set_current(:first_release);
RESET ROLE;
DROP OWNED BY regress_hcpcs_analyst;
DROP ROLE regress_hcpcs_analyst;

DROP TABLE claim_lines, raw_claims;
DROP FUNCTION ptp_file(text, text[]);
DROP FUNCTION write_lines(text, text[]);
