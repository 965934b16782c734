--
-- A database that uses every part of hcpcs, for the dump/restore and
-- update tests (tests/tap/t/004_dump_restore_full.pl, 005_update.pl).
-- Only what release 1.0 has: 005 runs this under hcpcs 1.0.
-- psql -v data=<HCPCS_DATA directory>
--
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

-- Loaded releases: two HCPCS Level II files, a CPT list, a PTP release
SELECT hcpcs_load_level2(:'data' || '/cms/hcpcs-level2/HCPC2018_CONTR_ANWEB_disc.txt');
SELECT hcpcs_load_level2(:'data' || '/cms/hcpcs-level2/HCPC2019_CONTR_ANWEB.txt');
SELECT hcpcs_load_ptp(ARRAY[:'data' || '/cms/ncci/ccipra-v322r0-f1.excerpt.txt'], 'practitioner');
-- the CPT list: the Level I codes of the PTP release, a few of them ended
CREATE TEMP TABLE cpt_stage (lineno bigint GENERATED ALWAYS AS IDENTITY, line text);
INSERT INTO cpt_stage (line) VALUES ('code,effective,termination');
INSERT INTO cpt_stage (line)
SELECT c || ',2000-01-01,' || CASE WHEN row_number() OVER (ORDER BY c) % 7 = 0 THEN '2022-06-30' ELSE '' END
FROM (SELECT column1 AS c FROM hcpcs_ptp_edits UNION SELECT column2 FROM hcpcs_ptp_edits) s
WHERE hcpcs_level(c) = 1 ORDER BY c;
SELECT hcpcs_load_cpt_list_staged('cpt_stage', 'cpt.csv', '2024', '2024-01-01');
-- local modifier policy: a shipped row changed, a row added
UPDATE hcpcs_modifiers SET ptp_associated = false, note = 'local policy' WHERE modifier = '91';
INSERT INTO hcpcs_modifiers (modifier, ptp_associated, ptp_group, note) VALUES ('GA', false, NULL, 'local');

-- Claim lines: every hcpcs type, arrays, ranges, multiranges, classes
CREATE TABLE claim_line (
    id          int PRIMARY KEY,
    claim_id    int NOT NULL,
    line        int NOT NULL,
    code        hcpcs_code NOT NULL,
    modifiers   hcpcs_modifier[] NOT NULL DEFAULT '{}',
    first_mod   hcpcs_modifier,
    cls         hcpcs_class,
    band        hcpcs_range,
    bands       hcpcs_multirange,
    nearby      hcpcs_code[],
    dos         date NOT NULL,
    UNIQUE (claim_id, line)
);
-- pairs of the PTP release billed together (some with a bypass modifier,
-- some with 91, which the local policy no longer counts), plus codes of
-- the catalog one a claim
INSERT INTO claim_line (id, claim_id, line, code, modifiers, dos)
SELECT 2 * n - 1, n, 1, column1, '{}', effective + (n % 400)
FROM (SELECT row_number() OVER (ORDER BY edit_id)::int AS n, * FROM hcpcs_ptp_edits) e;
INSERT INTO claim_line (id, claim_id, line, code, modifiers, dos)
SELECT 2 * n, n, 2, column2,
       CASE n % 4 WHEN 0 THEN '{XS}' WHEN 1 THEN '{91}' WHEN 2 THEN '{LT,59}' ELSE '{}' END::hcpcs_modifier[],
       effective + (n % 400)
FROM (SELECT row_number() OVER (ORDER BY edit_id)::int AS n, * FROM hcpcs_ptp_edits) e;
INSERT INTO claim_line (id, claim_id, line, code, modifiers, dos)
SELECT 1000 + n, 1000 + n, 1, code,
       CASE WHEN n % 3 = 0 THEN '{25}'::hcpcs_modifier[] WHEN n % 5 = 0 THEN '{RT,GA}' ELSE '{}' END,
       date '2017-01-01' + n % 1200
FROM (SELECT row_number() OVER (ORDER BY code)::int AS n, code
      FROM (SELECT DISTINCT code FROM hcpcs_code_history) d) c;
UPDATE claim_line SET
    first_mod = modifiers[1],
    cls = (SELECT class FROM hcpcs_classes() k WHERE code @@ class
           ORDER BY code_share, class::text LIMIT 1),
    band = hcpcs_range(code, NULL, '[)'),
    bands = hcpcs_multirange(hcpcs_range('00100', '01999', '[]'), hcpcs_range(code, code, '[]')),
    nearby = ARRAY[code, hcpcs_class_first(cls)];
CREATE INDEX claim_line_code ON claim_line (code);
CREATE INDEX claim_line_code_hash ON claim_line USING hash (code);
CREATE INDEX claim_line_code_gist ON claim_line USING gist (code);
CREATE INDEX claim_line_first_mod ON claim_line (first_mod);
CREATE INDEX claim_line_first_mod_hash ON claim_line USING hash (first_mod);
CREATE INDEX claim_line_cls ON claim_line USING hash (cls);
CREATE INDEX claim_line_band ON claim_line USING gist (band);
CREATE INDEX claim_line_bands ON claim_line USING gist (bands);
CREATE INDEX claim_line_nearby ON claim_line USING gin (nearby);
CREATE INDEX claim_line_mods ON claim_line USING gin (modifiers);
CREATE INDEX claim_line_code_dos ON claim_line (code, dos DESC) INCLUDE (first_mod);

-- Hash partitions on a code column: rows placed by hcpcs_code_hash_extended
CREATE TABLE code_usage (code hcpcs_code NOT NULL, n int NOT NULL, PRIMARY KEY (code))
    PARTITION BY HASH (code);
CREATE TABLE code_usage_0 PARTITION OF code_usage FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE code_usage_1 PARTITION OF code_usage FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE code_usage_2 PARTITION OF code_usage FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE code_usage_3 PARTITION OF code_usage FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO code_usage SELECT code, count(*) FROM claim_line GROUP BY code;
-- and on a modifier column, two levels
CREATE TABLE modifier_usage (modifier hcpcs_modifier NOT NULL, code hcpcs_code NOT NULL, n int)
    PARTITION BY HASH (modifier);
CREATE TABLE modifier_usage_0 PARTITION OF modifier_usage FOR VALUES WITH (MODULUS 2, REMAINDER 0)
    PARTITION BY HASH (code);
CREATE TABLE modifier_usage_00 PARTITION OF modifier_usage_0 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE modifier_usage_01 PARTITION OF modifier_usage_0 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE modifier_usage_1 PARTITION OF modifier_usage FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO modifier_usage SELECT m, code, count(*) FROM claim_line, unnest(modifiers) m GROUP BY 1, 2;

-- Exclusion constraints: one fee per code and day; non-overlapping bands
CREATE TABLE fee_schedule (
    code    hcpcs_code NOT NULL,
    period  daterange NOT NULL,
    fee     numeric NOT NULL,
    EXCLUDE USING gist (code WITH =, period WITH &&)
);
INSERT INTO fee_schedule
SELECT code, daterange(d, d + 365), (hcpcs_code_hash(code) & 1023) / 10.0
FROM (SELECT DISTINCT code FROM claim_line) c, (VALUES (date '2018-01-01'), ('2019-01-01')) v(d);
CREATE TABLE code_band (
    name text PRIMARY KEY,
    band hcpcs_range NOT NULL,
    EXCLUDE USING gist (band WITH &&)
);
INSERT INTO code_band VALUES ('anesthesia', '[00100,01999]'), ('e/m', '[99202,99499]'),
    ('j codes', '[J0000,J9999]'), ('pla', '[0001U,0999U]'), ('empty', 'empty');
CREATE TABLE code_unique (code hcpcs_code UNIQUE, modifier hcpcs_modifier, UNIQUE (modifier, code));
INSERT INTO code_unique SELECT code, first_mod FROM claim_line WHERE claim_id >= 1000;

-- Claim lines as they come from outside (text, some dirty), for hcpcs_ptp_audit
CREATE TABLE audit_lines (claim_id text, beneficiary_id text, provider_id text, line int, code text,
                          modifier1 text, modifier2 text, modifier3 text, modifier4 text,
                          dos date, units numeric);
INSERT INTO audit_lines
SELECT 'C' || claim_id, 'B' || (claim_id % 17), 'P' || (claim_id % 5), line, code::text,
       modifiers[1]::text, modifiers[2]::text, NULL, NULL, dos, 1
FROM claim_line WHERE claim_id < 1000;
INSERT INTO audit_lines VALUES ('X1', 'B1', 'P1', 1, '99213-25', NULL, NULL, NULL, NULL, '2022-06-01', 1),
    ('X1', 'B1', 'P1', 2, '0001A', 'ZZ9', NULL, NULL, NULL, '2022-06-01', 1),
    ('X1', 'B1', 'P1', 3, '0591T', NULL, NULL, NULL, NULL, NULL, 1);

-- (compact, as a restore writes it: same pages, same plans)
VACUUM FULL claim_line;
ANALYZE;
