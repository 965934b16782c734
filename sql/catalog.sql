--
-- The reference catalog: releases, the Level II loader on the real CMS
-- files of 2017, 2018 and 2019, validity on a date, descriptions,
-- modifiers, the CPT list loader, malformed files, privileges.
--
\getenv datadir HCPCS_DATA
-- (error contexts name PL/pgSQL line numbers; the messages say it all)
\set SHOW_CONTEXT never
\set f17 :datadir '/cms/hcpcs-level2/HCPC17_CONTR_ANWEB.txt'
\set f18 :datadir '/cms/hcpcs-level2/HCPC2018_CONTR_ANWEB_disc.txt'
\set f19 :datadir '/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt'
\set fcsv :datadir '/cms/hcpcs-level2/HCPC2026_OCT_ANWEB.excerpt.csv'

-- As shipped: release 0 and the PTP-associated modifiers, nothing else
SELECT release_id, kind, period, source_files, row_count FROM hcpcs_releases;
SELECT count(*) FILTER (WHERE ptp_associated) AS ptp_associated,
       count(*) FILTER (WHERE NOT ptp_associated) AS not_ptp_associated,
       string_agg(modifier::text, ' ' ORDER BY modifier) FILTER (WHERE NOT ptp_associated) AS listed_not
FROM hcpcs_modifiers;
SELECT count(*) FROM hcpcs_code_history;
SELECT hcpcs_is_active('J1100', '2019-06-01') AS unknown_code_is_null;

-- Load 2017, 2018, 2019 in that order
-- (notices name the data directory, which differs between machines)
SET client_min_messages = warning;
SELECT hcpcs_load_level2(:'f17') AS loaded_2017;
SELECT hcpcs_load_level2(:'f18') AS loaded_2018;
SELECT hcpcs_load_level2(:'f19') AS loaded_2019;
RESET client_min_messages;
-- the 2018 file's known defect: five ASC dates written two positions early,
-- read as ASC dates (the loader says so in a notice)
SELECT code, asc_group, asc_effective FROM hcpcs_code_history h JOIN hcpcs_releases r USING (release_id)
WHERE r.period = '2018' AND code IN ('C9488', 'C9745', 'C9746', 'C9747', 'C9748') ORDER BY code;
SELECT r.release_id, r.kind, r.period, r.as_of, r.source_files, r.row_count,
       (SELECT count(*) FROM hcpcs_code_history h WHERE h.release_id = r.release_id) AS codes,
       (SELECT count(*) FROM hcpcs_code_history h WHERE h.release_id = r.release_id AND terminated IS NOT NULL) AS terminated,
       (SELECT count(*) FROM hcpcs_modifier_history m WHERE m.release_id = r.release_id) AS modifiers,
       length(r.checksum) AS checksum_length, r.loaded_by = current_user AS by_me
FROM hcpcs_releases r ORDER BY r.release_id;

-- Loading a release again changes nothing
SELECT version AS version_before FROM hcpcs_catalog_state \gset
SET client_min_messages = warning;
SELECT hcpcs_load_level2(:'f19') AS loaded_again;
RESET client_min_messages;
SELECT count(*) AS releases, (SELECT version FROM hcpcs_catalog_state) = :version_before AS version_unchanged
FROM hcpcs_releases;
-- ... also when the same file comes from a client through a staging table
CREATE TEMP TABLE stage (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
COPY stage (line) FROM :'f19' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'LATIN1');
SELECT hcpcs_load_level2_staged('stage', 'HCPC2019_CONTR_ANWEB.txt') AS loaded_from_client;

-- Descriptions continued over several records, in each year's format
-- (2017 trims trailing blanks: its continuation records are 91 bytes)
SELECT r.period, h.code, length(h.long_description) AS length, h.long_description
FROM hcpcs_code_history h JOIN hcpcs_releases r USING (release_id)
WHERE h.code IN ('L3900', 'A5513') ORDER BY h.code, r.period;
-- the longest: G0503, 17 records
SELECT r.period, length(h.long_description) AS g0503_length,
       left(h.long_description, 60) AS starts, right(h.long_description, 45) AS ends
FROM hcpcs_code_history h JOIN hcpcs_releases r USING (release_id)
WHERE h.code = 'G0503' ORDER BY r.period;
SELECT r.period, m.modifier, m.long_description
FROM hcpcs_modifier_history m JOIN hcpcs_releases r USING (release_id)
WHERE m.modifier IN ('AD', 'LT', 'XS') ORDER BY m.modifier, r.period;

-- Validity on a date: added <= date <= terminated, termination inclusive
SELECT code, added, terminated, action_code, validity,
       hcpcs_is_active(code, added - 1) AS day_before_added,
       hcpcs_is_active(code, added) AS on_added,
       hcpcs_is_active(code, terminated) AS on_termination,
       hcpcs_is_active(code, terminated + 1) AS day_after
FROM hcpcs_code_catalog WHERE code IN ('A4466', 'G0431', 'S3854') ORDER BY code;
-- the action effective date is a change, not a start of validity
SELECT code, added, action_effective, hcpcs_is_active(code, action_effective - 1) AS before_action
FROM hcpcs_code_catalog WHERE code = 'S3854';
-- S3854 is active in 2019
SELECT hcpcs_is_active('S3854', '2019-01-01') AS s3854_2019;
-- a code only the older file lists (G9976: in 2018, gone from 2019) keeps
-- its last known dates
SELECT code, release_period, added, terminated, validity, hcpcs_is_active(code, '2019-06-01')
FROM hcpcs_code_catalog WHERE code = 'G9976';
SELECT count(*) AS only_in_2018
FROM hcpcs_code_catalog c WHERE c.release_period = '2018';
-- codes the catalog does not know: NULL; CPT codes without a CPT list
SELECT hcpcs_is_active('99213', '2019-06-01') AS cpt_unknown, hcpcs_is_active('J9999', '2019-06-01') AS not_listed;
-- the same answers from the cache and from the view, for every code on
-- three dates
SELECT d, count(*) AS codes,
       count(*) FILTER (WHERE hcpcs_is_active(code, d) IS DISTINCT FROM (validity @> d)) AS disagreements
FROM hcpcs_code_catalog, unnest('{2016-12-31,2018-01-01,2019-06-30}'::date[]) d
GROUP BY d ORDER BY d;
SELECT level, category, count(*), count(*) FILTER (WHERE terminated IS NOT NULL) AS with_termination
FROM hcpcs_code_catalog GROUP BY 1, 2 ORDER BY 1, 2;

-- Descriptions of Level II codes and modifiers; none for CPT
SELECT hcpcs_description('J1100'), hcpcs_long_description('J1100'),
       hcpcs_description('99213') AS cpt, hcpcs_modifier_description('LT'),
       hcpcs_modifier_description('25') AS cpt_modifier;
SELECT modifier, short_description, added, ptp_associated, description_release_id IS NOT NULL AS described
FROM hcpcs_modifier_catalog WHERE modifier IN ('25', '59', 'LT', 'XE', 'XS', '22', 'AA') ORDER BY modifier;
SELECT hcpcs_modifier_is_ptp(m) AS ptp, array_agg(m ORDER BY m)
FROM unnest('{25,59,XS,XU,LT,RT,E1,FA,F9,T9,91,27,22,76,77,AA,GA}'::hcpcs_modifier[]) m
GROUP BY 1 ORDER BY 1;

-- The reactivation rule, on a small file of our own: Q0001 ends on
-- 2019-12-31, and a newer release reactivates it (action R) from
-- 2020-07-01: the gap stays inactive.  Q0002 ends, then a newer release
-- lists it without a termination and without R: it is active again.
-- Q0003 gets a termination date from the newer release.
CREATE FUNCTION l2rec(code text, seq int, recid text, descr text, added text, acteff text,
                      term text, action text) RETURNS text LANGUAGE sql AS $$
    SELECT rpad(code, 5) || lpad(seq::text, 5, '0') || recid || rpad(descr, 80) ||
           rpad(left(descr, 28), 28) || repeat(' ', 149) || rpad(added, 8) ||
           rpad(acteff, 8) || rpad(term, 8) || rpad(action, 1) || repeat(' ', 27)
$$;
CREATE FUNCTION write_lines(path text, lines text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('COPY (SELECT unnest(%L::text[])) TO %L', lines, path);
END $$;
SELECT write_lines('/tmp/hcpcs_regress_HCPC2020_A.txt', ARRAY[
    l2rec('Q0001', 100, '3', 'Test code reactivated later', '20100101', '20191231', '20191231', 'D'),
    l2rec('Q0002', 100, '3', 'Test code ended then listed again', '20100101', '20191231', '20191231', 'D'),
    l2rec('Q0003', 100, '3', 'Test code ended by the newer release', '20100101', '20100101', '', 'N')]);
SELECT write_lines('/tmp/hcpcs_regress_HCPC2021_B.txt', ARRAY[
    l2rec('Q0001', 100, '3', 'Test code reactivated later', '20100101', '20200701', '', 'R'),
    l2rec('Q0002', 100, '3', 'Test code ended then listed again', '20100101', '20210101', '', 'N'),
    l2rec('Q0003', 100, '3', 'Test code ended by the newer release', '20100101', '20201231', '20201231', 'D')]);
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2020_A.txt') AS release_a,
       hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2021_B.txt') AS release_b;
SELECT code, validity, release_period FROM hcpcs_code_catalog WHERE code IN ('Q0001', 'Q0002', 'Q0003') ORDER BY code;
SELECT c, d, hcpcs_is_active(c, d)
FROM unnest('{Q0001,Q0002,Q0003}'::hcpcs_code[]) c,
     unnest('{2019-12-31,2020-01-01,2020-06-30,2020-07-01,2020-12-31,2021-01-01}'::date[]) d
ORDER BY c, d;

-- The 48-column CSV form (the newer CMS export), loaded from a client path
CREATE TEMP TABLE stage_csv (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
COPY stage_csv (line) FROM :'fcsv' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'UTF8');
SELECT hcpcs_load_level2_staged('stage_csv', 'HCPC2026_OCT_ANWEB.excerpt.csv', file_encoding => 'UTF8') AS loaded_csv;
SELECT period, as_of, row_count FROM hcpcs_releases WHERE source_files = '{HCPC2026_OCT_ANWEB.excerpt.csv}';
SELECT modifier, short_description FROM hcpcs_modifier_catalog WHERE modifier IN ('A1', 'AA') ORDER BY 1;

-- A licensed CPT code list (codes and dates only): Level I codes become
-- known to hcpcs_is_active
SELECT write_lines('/tmp/hcpcs_regress_cpt.csv', ARRAY[
    'code,effective,termination', '99213,2000-01-01,', '99201,1992-01-01,2020-12-31', '0591T,20200101,']);
SELECT hcpcs_load_cpt_list('/tmp/hcpcs_regress_cpt.csv', '2024', '2024-01-01') AS cpt_codes;
SELECT hcpcs_is_active('99213', '2024-05-01') AS e_m, hcpcs_is_active('99201', '2020-12-31') AS on_last_day,
       hcpcs_is_active('99201', '2021-01-01') AS deleted, hcpcs_description('99213') AS no_description;
SELECT write_lines('/tmp/hcpcs_regress_cpt_bad.csv', ARRAY['99213,2000-01-01,', '9921,2000-01-01,']);
SELECT hcpcs_load_cpt_list('/tmp/hcpcs_regress_cpt_bad.csv', '2024', '2024-01-01');
SELECT write_lines('/tmp/hcpcs_regress_cpt_bad.csv', ARRAY['99213,2000-01-01,', 'J1100,2000-01-01,']);
SELECT hcpcs_load_cpt_list('/tmp/hcpcs_regress_cpt_bad.csv', '2024', '2024-01-01');
SELECT write_lines('/tmp/hcpcs_regress_cpt_bad.csv', ARRAY['99213,2000-13-01,']);
SELECT hcpcs_load_cpt_list('/tmp/hcpcs_regress_cpt_bad.csv', '2024', '2024-01-01');

-- Malformed files: each aborts with file, line, field and value, and the
-- catalog stays exactly as it was
CREATE TEMP TABLE before AS
SELECT (SELECT count(*) FROM hcpcs_releases) AS releases,
       (SELECT count(*) FROM hcpcs_code_history) AS codes,
       (SELECT count(*) FROM hcpcs_modifier_history) AS modifiers,
       (SELECT version FROM hcpcs_catalog_state) AS version;
-- a bad date (February 31)
SELECT write_lines('/tmp/hcpcs_regress_HCPC2022_bad.txt', ARRAY[
    l2rec('Q0001', 100, '3', 'Fine', '20100101', '20100101', '', 'N'),
    l2rec('Q0004', 100, '3', 'Bad date', '20190231', '20190101', '', 'A')]);
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2022_bad.txt');
-- a bad code
SELECT write_lines('/tmp/hcpcs_regress_HCPC2022_bad.txt', ARRAY[
    l2rec('Q0001', 100, '3', 'Fine', '20100101', '20100101', '', 'N'),
    l2rec('J12A4', 100, '3', 'Bad code', '20190101', '20190101', '', 'A')]);
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2022_bad.txt');
-- a continuation record with no record before it
SELECT write_lines('/tmp/hcpcs_regress_HCPC2022_bad.txt', ARRAY[
    rpad('Q0001002004continued description', 91),
    l2rec('Q0001', 100, '3', 'Fine', '20100101', '20100101', '', 'N')]);
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2022_bad.txt');
-- a record of unknown RECID
SELECT write_lines('/tmp/hcpcs_regress_HCPC2022_bad.txt', ARRAY[
    l2rec('Q0001', 100, '3', 'Fine', '20100101', '20100101', '', 'N'),
    l2rec('Q0005', 100, '5', 'Unknown record kind', '20100101', '20100101', '', 'N')]);
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2022_bad.txt');
-- a file that is not a HCPCS file: an NCCI PTP text file
CREATE TEMP TABLE ptp_lines (line text);
\copy ptp_lines FROM 'tests/fixtures/ccipra-v322r0-f1.excerpt.txt' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'WIN1252')
SELECT write_lines('/tmp/hcpcs_regress_HCPC2022_ptp.txt', array_agg(line)) FROM ptp_lines;
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2022_ptp.txt');
-- a binary file
COPY (SELECT decode(repeat('00ff1b5a9c', 400), 'hex')) TO '/tmp/hcpcs_regress_HCPC2022_bin.txt' WITH (FORMAT binary);
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2022_bin.txt');
-- an empty file, a directory, a missing file, a name that tells no year
SELECT write_lines('/tmp/hcpcs_regress_HCPC2022_empty.txt', '{}');
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2022_empty.txt');
SELECT hcpcs_load_level2('/tmp');
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_no_such_file.txt');
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_cpt.csv');
SELECT (SELECT count(*) FROM hcpcs_releases) = releases AS releases_unchanged,
       (SELECT count(*) FROM hcpcs_code_history) = codes AS codes_unchanged,
       (SELECT count(*) FROM hcpcs_modifier_history) = modifiers AS modifiers_unchanged,
       (SELECT version FROM hcpcs_catalog_state) = version AS version_unchanged
FROM before;

-- Shipped rows and a user's changes: a changed modifier moves to the local
-- release (so pg_dump keeps it); shipped rows cannot be deleted
UPDATE hcpcs_modifiers SET ptp_associated = false, note = 'local policy' WHERE modifier = '91';
INSERT INTO hcpcs_modifiers (modifier, ptp_associated, note) VALUES ('GA', false, 'local');
SELECT m.modifier, m.ptp_associated, m.note, r.kind
FROM hcpcs_modifiers m JOIN hcpcs_releases r USING (release_id)
WHERE r.kind <> 'shipped' ORDER BY 1;
SELECT hcpcs_modifier_is_ptp('91') AS ptp_91_now;
DELETE FROM hcpcs_modifiers WHERE modifier = '25';
-- what pg_dump would keep of each table
SELECT c.relname, e.cond AS dump_filter
FROM pg_extension x, unnest(x.extconfig, x.extcondition) AS e(tbl, cond)
JOIN pg_class c ON c.oid = e.tbl
WHERE x.extname = 'hcpcs' ORDER BY 1;

-- Privileges: a plain user reads the catalog and calls every function, but
-- cannot change the tables or read server files; a maintainer can load
CREATE ROLE regress_hcpcs_reader;
CREATE ROLE regress_hcpcs_loader;
SELECT hcpcs_grant_maintenance('regress_hcpcs_loader');
SET ROLE regress_hcpcs_reader;
SELECT count(*) > 6000 AS reads_catalog FROM hcpcs_code_catalog;
SELECT hcpcs_is_active('J1100', '2019-06-01'), hcpcs_description('J1100'), hcpcs_modifier_is_ptp('25'),
       count(*) FILTER (WHERE true) AS releases FROM hcpcs_releases;
INSERT INTO hcpcs_modifiers (modifier, ptp_associated) VALUES ('AA', true);
UPDATE hcpcs_code_history SET short_description = 'x' WHERE code = 'J1100';
DELETE FROM hcpcs_releases WHERE release_id = 1;
UPDATE hcpcs_catalog_state SET version = 0;
SELECT hcpcs_load_level2(:'f19');
\set VERBOSITY terse
SELECT hcpcs_load_level2_staged('stage', 'HCPC2019_CONTR_ANWEB.txt');
\set VERBOSITY default
RESET ROLE;
SET ROLE regress_hcpcs_loader;
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2022_bad.txt');
RESET ROLE;
GRANT pg_read_server_files TO regress_hcpcs_loader;
SELECT write_lines('/tmp/hcpcs_regress_HCPC2023_C.txt', ARRAY[
    l2rec('Q0006', 100, '3', 'Loaded by the maintainer', '20230101', '20230101', '', 'A')]);
SET ROLE regress_hcpcs_loader;
SELECT hcpcs_load_level2('/tmp/hcpcs_regress_HCPC2023_C.txt') AS loaded_by_maintainer;
UPDATE hcpcs_modifiers SET note = 'maintainer' WHERE modifier = 'GA';
RESET ROLE;
SELECT loaded_by, period, row_count FROM hcpcs_releases WHERE period = '2023';
SELECT hcpcs_is_active('Q0006', '2023-06-01');

DROP OWNED BY regress_hcpcs_reader, regress_hcpcs_loader;
DROP ROLE regress_hcpcs_reader, regress_hcpcs_loader;
DROP FUNCTION l2rec(text, int, text, text, text, text, text, text);
DROP FUNCTION write_lines(text, text[]);
