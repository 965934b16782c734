--
-- Real CMS data: the code lists of tests/fixtures (copied from
-- ../shared/data/cms/codes) and the official files in $HCPCS_DATA
-- (../shared/data by default, set by the Makefile and scripts/test.sh).
--
\getenv datadir HCPCS_DATA

-- OPPS Addendum B, April 2026: 19,059 real codes of both levels
CREATE TABLE addb (raw text, status text);
\copy addb FROM 'tests/fixtures/opps_addendum_b_2026_04_codes.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS values, count(*) FILTER (WHERE hcpcs_is_valid(raw)) AS accepted,
       count(*) FILTER (WHERE raw ~ E'\u00a0') AS with_nbsp,
       count(*) FILTER (WHERE raw ~ E'\u00a0' AND hcpcs_is_valid(raw)) AS nbsp_accepted,
       count(DISTINCT hcpcs_code_or_null(raw)) AS distinct_codes
FROM addb;
SELECT hcpcs_category(raw::hcpcs_code) AS category, count(*)
FROM addb GROUP BY 1 ORDER BY min(raw::hcpcs_code);
SELECT count(*) FILTER (WHERE hcpcs_section(raw::hcpcs_code) = 'Surgery') AS surgery,
       count(*) FILTER (WHERE raw::hcpcs_code @@ 'Surgery') AS surgery_op,
       count(*) FILTER (WHERE raw::hcpcs_code @@ 'J') AS j_codes,
       count(*) FILTER (WHERE raw::hcpcs_code @@ 'Level II') AS level2,
       count(*) FILTER (WHERE raw::hcpcs_code @@ 'CPT PLA') AS pla
FROM addb;
SELECT hcpcs_section(raw::hcpcs_code) AS section, count(*)
FROM addb WHERE hcpcs_level(raw::hcpcs_code) = 1 GROUP BY 1 ORDER BY 2 DESC, 1;
-- the text-order trap, measured on real codes: BETWEEN on text drags
-- Category III and PLA codes into the anesthesia range
SELECT count(*) FILTER (WHERE btrim(raw) BETWEEN '00100' AND '01999') AS text_between,
       count(*) FILTER (WHERE raw::hcpcs_code BETWEEN '00100' AND '01999') AS code_between,
       count(*) FILTER (WHERE raw::hcpcs_code @@ 'Anesthesia') AS anesthesia
FROM addb;

-- Addendum B 2019 to January 2023: 18,368 values, of which exactly the 130
-- spreadsheet floats are rejected, each with the spreadsheet hint
CREATE TABLE merged (raw text, status text, last_seen text);
\copy merged FROM 'tests/fixtures/opps_addendum_b_merged_2019_to_2023_01_codes.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS values,
       count(*) FILTER (WHERE NOT hcpcs_is_valid(raw)) AS rejected,
       count(*) FILTER (WHERE raw ~ '^[0-9]{5}\.0$') AS spreadsheet_floats,
       count(*) FILTER (WHERE NOT hcpcs_is_valid(raw) AND raw !~ '^[0-9]{5}\.0$') AS other_rejected,
       count(*) FILTER (WHERE hcpcs_invalid_reason(raw) LIKE '%spreadsheet%') AS with_hint,
       count(*) FILTER (WHERE raw ~ '^[0-9]{4}A$' AND hcpcs_is_valid(raw)) AS immunization
FROM merged;
-- the real error raised for each rejected value: SQLSTATE and hint
DO $$
DECLARE
    r record;
    n int := 0;
    state text;
    hint text;
BEGIN
    FOR r IN SELECT raw FROM merged WHERE NOT hcpcs_is_valid(raw) LOOP
        BEGIN
            PERFORM r.raw::hcpcs_code;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, hint = PG_EXCEPTION_HINT;
            IF state = '22P02' AND hint LIKE '%spreadsheet turned into a number%' THEN
                n := n + 1;
            END IF;
        END;
    END LOOP;
    RAISE NOTICE 'rejected with 22P02 and the spreadsheet hint: %', n;
END $$;

-- The NCCI PTP excerpt (2026 Q3, practitioner, f1): every code accepted
CREATE TABLE ptp_raw (line text);
\copy ptp_raw FROM 'tests/fixtures/ccipra-v322r0-f1.excerpt.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'WIN1252')
WITH rows AS (
    SELECT split_part(line, E'\t', 1) AS c1, split_part(line, E'\t', 2) AS c2
    FROM ptp_raw WHERE line ~ E'^[0-9A-Z]{5}\t'
)
SELECT count(*) AS data_rows,
       count(*) FILTER (WHERE hcpcs_is_valid(c1) AND hcpcs_is_valid(c2)) AS both_codes_accepted
FROM rows;

-- The official HCPCS Level II files of 2017, 2018 and 2019: every
-- procedure code (RECID 3) accepted, and the CMS counts.
CREATE TABLE hcpcs_raw (year int, line text);
\set f17 :datadir '/cms/hcpcs-level2/HCPC17_CONTR_ANWEB.txt'
\set f18 :datadir '/cms/hcpcs-level2/HCPC2018_CONTR_ANWEB_disc.txt'
\set f19 :datadir '/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt'
CREATE TEMP TABLE one (line text);
COPY one FROM :'f17' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'LATIN1');
INSERT INTO hcpcs_raw SELECT 2017, line FROM one;
TRUNCATE one;
COPY one FROM :'f18' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'LATIN1');
INSERT INTO hcpcs_raw SELECT 2018, line FROM one;
TRUNCATE one;
COPY one FROM :'f19' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'LATIN1');
INSERT INTO hcpcs_raw SELECT 2019, line FROM one;
SELECT year,
       count(*) FILTER (WHERE substr(line, 11, 1) = '3') AS procedure_records,
       count(*) FILTER (WHERE substr(line, 11, 1) = '3' AND hcpcs_is_valid(substr(line, 1, 5))) AS accepted,
       count(DISTINCT hcpcs_code_or_null(substr(line, 1, 5))) FILTER (WHERE substr(line, 11, 1) = '3') AS distinct_codes,
       count(*) FILTER (WHERE substr(line, 11, 1) = '7') AS modifier_records
FROM hcpcs_raw
WHERE substr(line, 6, 5) ~ '^[0-9]{5}$'
GROUP BY year ORDER BY year;

DROP TABLE addb, merged, ptp_raw, hcpcs_raw;
