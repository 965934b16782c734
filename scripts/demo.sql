-- The hcpcs demo: real CMS code lists, validated, classified and queried.
-- Run by scripts/demo.sh in a throwaway cluster; paths are relative to the
-- repository's top directory.
\set ON_ERROR_STOP 1
\pset pager off
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION hcpcs;
RESET client_min_messages;

\echo
\echo '== 1. Load the 19,059 codes of the CMS OPPS Addendum B (April 2026) into an hcpcs_code column'
CREATE TABLE staging (raw text, status_indicator text);
\copy staging FROM 'tests/fixtures/opps_addendum_b_2026_04_codes.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE cms_code (code hcpcs_code PRIMARY KEY, status_indicator text);
INSERT INTO cms_code SELECT raw, status_indicator FROM staging;   -- assignment cast validates every row
SELECT count(*) AS codes_loaded,
       count(*) FILTER (WHERE s.raw <> c.code::text) AS normalized_on_the_way,
       pg_size_pretty(pg_relation_size('cms_code')) AS table_size
FROM cms_code c JOIN staging s ON hcpcs_code_or_null(s.raw) = c.code;

\echo
\echo '== 2. Volume by kind: level, category, section (no descriptor text: CPT is AMA copyright)'
SELECT hcpcs_level(code) AS level, hcpcs_category(code) AS category,
       coalesce(hcpcs_section(code), '-') AS section, count(*) AS codes
FROM cms_code GROUP BY 1, 2, 3 ORDER BY min(code);

\echo
\echo '== 3. Dirty values real files contain, and what each gets'
SELECT format('%L', v) AS value, hcpcs_is_valid(v) AS valid,
       hcpcs_code_or_null(v) AS code, coalesce(hcpcs_invalid_reason(v), '') AS why_not
FROM (VALUES (E'A4341\u00a0 '), ('j1100'), ('99213-25'), ('9921325'), ('10004.0'),
             ('100'), ('   A1'), ('ABAC1'), ('CCCCC'), ('W1234'), ('0591X'), ('')) AS t(v);

\echo
\echo '== 4. Addendum B 2019 to 2023: which values a DBA would have to fix first'
CREATE TABLE staging_old (raw text, status_indicator text, last_seen text);
\copy staging_old FROM 'tests/fixtures/opps_addendum_b_merged_2019_to_2023_01_codes.csv' WITH (FORMAT csv, HEADER true)
SELECT hcpcs_invalid_reason(raw) AS reason, count(*) AS values, min(raw) AS example
FROM staging_old WHERE NOT hcpcs_is_valid(raw) GROUP BY 1 ORDER BY 2 DESC;

\echo
\echo '== 5. A bad value never gets in: the error names it and says why'
CREATE TABLE claim_line (claim_id bigint, line int, code hcpcs_code NOT NULL);
\set ON_ERROR_STOP 0
INSERT INTO claim_line VALUES (1, 1, '99213-25');
\set ON_ERROR_STOP 1

\echo
\echo '== 6. The text-order trap: "anesthesia" as BETWEEN 00100 AND 01999'
SELECT count(*) FILTER (WHERE s.raw BETWEEN '00100' AND '01999') AS as_text,
       count(*) FILTER (WHERE c.code BETWEEN '00100' AND '01999') AS as_hcpcs_code,
       count(*) FILTER (WHERE s.raw BETWEEN '00100' AND '01999'
                          AND NOT c.code BETWEEN '00100' AND '01999') AS wrongly_included_by_text,
       string_agg(DISTINCT hcpcs_category(c.code), ', ') FILTER (WHERE s.raw BETWEEN '00100' AND '01999'
                          AND NOT c.code BETWEEN '00100' AND '01999') AS which_are
FROM cms_code c JOIN staging s ON hcpcs_code_or_null(s.raw) = c.code;

\echo
\echo '== 7. Classes read naturally in WHERE and use the index on code'
SELECT count(*) FILTER (WHERE code @@ 'J') AS j_drugs,
       count(*) FILTER (WHERE code @@ 'Surgery') AS surgery,
       count(*) FILTER (WHERE code @@ 'E/M') AS em,
       count(*) FILTER (WHERE code @@ 'CPT PLA') AS pla,
       count(*) FILTER (WHERE code @@ 'Anesthesia') AS anesthesia,
       count(*) FILTER (WHERE code <@ '[99202,99215]'::hcpcs_range) AS office_visits
FROM cms_code;
ANALYZE cms_code;
EXPLAIN (COSTS OFF) SELECT * FROM cms_code WHERE code @@ 'J';
EXPLAIN (COSTS OFF) SELECT * FROM cms_code WHERE code @@ 'Anesthesia';
EXPLAIN (COSTS OFF) SELECT * FROM cms_code WHERE code <@ '[99202,99215]'::hcpcs_range;

\echo
\echo '== 8. Every class the operator knows'
SELECT c.class, string_agg(format('%s..%s', r.first, r.last), ', ') AS runs,
       (SELECT count(*) FROM cms_code WHERE code @@ c.class) AS codes_in_addendum_b
FROM hcpcs_classes() c, hcpcs_class_runs(c.class) r GROUP BY c.class ORDER BY min(r.first);

\echo
\echo '== 9. Load the NCCI PTP edits (bundled: the first 154 rows of the CMS 2026 Q3 practitioner file), from this machine'
CREATE TEMP TABLE stage (part int DEFAULT 1, lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
\copy stage (line) FROM 'tests/fixtures/ccipra-v322r0-f1.excerpt.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'WIN1252')
SELECT hcpcs_load_ptp_staged('stage', '{ccipra-v322r0-f1.txt}', 'practitioner') AS edit_rows_loaded;
SELECT setting, period, as_of, row_count, is_current FROM hcpcs_ptp_releases;

\echo
\echo '== 10. One pair: is 0591T denied when billed with 0001A on 2022-06-01?'
SELECT applies, column1, column2, denied, modifier_indicator, bypassed, rationale
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01');
SELECT applies, denied, bypassed, bypass_modifier
FROM hcpcs_ptp_check('0001A', '0591T', '2022-06-01', modifiers_b => '{XS}');

\echo
\echo '== 11. A bundled sample of claim lines (dirty ones included), checked the way NCCI applies:'
\echo '       same provider, beneficiary and date of service, across claims'
CREATE TABLE claim_lines (claim_id text, beneficiary_id text, provider_id text, line int, code text,
                          modifier1 text, modifier2 text, modifier3 text, modifier4 text, dos date, units numeric);
\copy claim_lines FROM 'tests/fixtures/sample_claims.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS claim_lines, count(DISTINCT claim_id) AS claims FROM claim_lines;
SELECT CASE WHEN a.column1_claim_id = a.column2_claim_id THEN a.column1_claim_id
            ELSE a.column1_claim_id || ' + ' || a.column2_claim_id END AS claims,
       format('%s: %s + line %s: %s', a.column1_line, a.column1, a.column2_line, a.column2) AS lines_and_codes,
       CASE WHEN a.denied IS NULL THEN 'nothing (bypassed by ' || a.bypass_modifier || ')'
            ELSE a.denied || ' (line ' || a.denied_line || ')' END AS denied,
       a.rationale AS why,
       CASE a.modifier_indicator
            WHEN 0 THEN 'no modifier can bypass this edit'
            ELSE CASE WHEN a.bypassed THEN 'bypassed by ' || a.bypass_modifier || coalesce(' - check: ' || a.note, '')
                      ELSE 'a PTP-associated modifier (e.g. 59, XS, XU, LT/RT) on line ' || a.column2_line ||
                           ', if clinically justified' END END AS modifier,
       a.dos
FROM hcpcs_ptp_audit('claim_lines') a
WHERE a.kind = 'edit'
ORDER BY a.dos, a.column1_claim_id, a.column1_line, a.column2_line;

\echo
\echo '== 12. Lines that could not be checked, and why (never fatal)'
SELECT column1_claim_id AS claim, column1_line AS line, reject_reason AS why
FROM hcpcs_ptp_audit('claim_lines') WHERE kind = 'reject' ORDER BY 1, 2;

\echo
\echo '== 13. How much volume hit indicator-0 edits (no bypass possible), by provider'
SELECT provider_id, count(*) FILTER (WHERE modifier_indicator = 0) AS indicator_0_denials,
       count(*) FILTER (WHERE modifier_indicator = 1 AND NOT bypassed) AS indicator_1_denials,
       count(*) FILTER (WHERE bypassed) AS bypassed
FROM hcpcs_ptp_audit('claim_lines') WHERE kind = 'edit' GROUP BY 1 ORDER BY 1;
