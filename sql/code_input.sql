--
-- hcpcs_code input, output, normalization, rejection messages, binary I/O,
-- and the pinned stored encoding.
--
-- (CREATE EXTENSION is done by pg_regress --load-extension=hcpcs.)

-- Every accepted form, canonical output
SELECT c::hcpcs_code AS code
FROM (VALUES ('00100'), ('99213'), ('99999'), ('00000'),
             ('0001A'), ('0002M'), ('0001U'), ('3074F'), ('0591T'),
             ('A0021'), ('B4034'), ('C1713'), ('D0120'), ('E0114'),
             ('G0008'), ('H0001'), ('J1100'), ('K0001'), ('L0112'),
             ('M1003'), ('P2028'), ('Q0035'), ('R0070'), ('S0012'),
             ('T1013'), ('U0001'), ('V2020')) AS v(c);

-- Normalization: trimming ASCII whitespace and no-break spaces, uppercasing
SELECT '  99213 '::hcpcs_code, E'\tj1100\r\n'::hcpcs_code,
       E'a4341\u00a0'::hcpcs_code, E'\u00a0\u00a0 q5111 \u00a0'::hcpcs_code,
       '0591t'::hcpcs_code, 'g0465'::hcpcs_code;

-- Rejections: each reason, with its detail and hint
\set VERBOSITY default
SELECT ''::hcpcs_code;
SELECT '   '::hcpcs_code;
SELECT '99213-25'::hcpcs_code;
SELECT '9921325'::hcpcs_code;
SELECT '99213 25'::hcpcs_code;
SELECT 'j1100rt'::hcpcs_code;
SELECT '100'::hcpcs_code;
SELECT '1234'::hcpcs_code;
SELECT '10004.0'::hcpcs_code;
SELECT '100.00'::hcpcs_code;
SELECT '25'::hcpcs_code;
SELECT '5'::hcpcs_code;
SELECT '   A1'::hcpcs_code;
SELECT '992131'::hcpcs_code;
SELECT 'W1234'::hcpcs_code;
SELECT 'F1234'::hcpcs_code;
SELECT 'O1234'::hcpcs_code;
SELECT 'I1234'::hcpcs_code;
SELECT '1234X'::hcpcs_code;
SELECT '1234B'::hcpcs_code;
SELECT '0042O'::hcpcs_code;
SELECT '12A45'::hcpcs_code;
SELECT '1O045'::hcpcs_code;
SELECT 'J12A4'::hcpcs_code;
SELECT 'J1OO0'::hcpcs_code;
SELECT 'CCCCC'::hcpcs_code;
SELECT 'ABAC1'::hcpcs_code;
SELECT '99-13'::hcpcs_code;
SELECT '992 3'::hcpcs_code;
SELECT '-9921'::hcpcs_code;
SELECT E'9921\u00e9'::hcpcs_code;
SELECT E'99\u00a013'::hcpcs_code;
SELECT E'99\x0113'::hcpcs_code;
SELECT 'J1100T'::hcpcs_code;
-- the SQLSTATE is 22P02 (invalid_text_representation)
\set VERBOSITY sqlstate
SELECT 'W1234'::hcpcs_code;
\set VERBOSITY default

-- The same checks without raising: hcpcs_is_valid, hcpcs_code_or_null,
-- hcpcs_invalid_reason
SELECT v, hcpcs_is_valid(v), hcpcs_code_or_null(v), hcpcs_invalid_reason(v)
FROM (VALUES ('99213'), (' j1100 '), ('99213-25'), ('10004.0'), ('100'),
             (''), ('W1234'), ('1234X'), (NULL)) AS t(v);

-- Casts: text, varchar and char(n) are assignment casts, no implicit cast
CREATE TABLE legacy (txt text, vc varchar(10), ch char(5));
INSERT INTO legacy VALUES ('99213', 'J1100', 'g0008'), ('00100', '0591T', '3074f');
CREATE TABLE typed (code hcpcs_code);
INSERT INTO typed SELECT txt FROM legacy;
INSERT INTO typed SELECT vc FROM legacy;
INSERT INTO typed SELECT ch FROM legacy;
SELECT code FROM typed ORDER BY code;
INSERT INTO legacy VALUES ('99213-25', 'x', 'y');
INSERT INTO typed SELECT txt FROM legacy;          -- fails on the bad row
SELECT count(*) FROM typed;
SELECT txt::hcpcs_code, vc::hcpcs_code, ch::hcpcs_code FROM legacy WHERE txt = '99213';
SELECT hcpcs_code('0001u'), hcpcs_code('j1100'::char(5));
-- no implicit cast from text: comparing with a text column needs a cast
SELECT count(*) FROM typed t, legacy l WHERE t.code = l.txt;
SELECT count(*) FROM typed t, legacy l WHERE t.code = hcpcs_code_or_null(l.txt);
-- to text: explicit and assignment, not implicit
SELECT code::text, length(code::text) FROM typed WHERE code = '99213';
INSERT INTO legacy (txt) SELECT code FROM typed WHERE code = 'G0008';
SELECT txt FROM legacy WHERE txt = 'G0008';
-- ALTER COLUMN ... TYPE validates every row, naming the bad value
CREATE TABLE legacy2 (proc_cd char(5));
INSERT INTO legacy2 VALUES ('99213'), ('J1100'), ('1234');
ALTER TABLE legacy2 ALTER COLUMN proc_cd TYPE hcpcs_code;
DELETE FROM legacy2 WHERE NOT hcpcs_is_valid(proc_cd);
ALTER TABLE legacy2 ALTER COLUMN proc_cd TYPE hcpcs_code;
SELECT * FROM legacy2 ORDER BY proc_cd;

-- The stored encoding is frozen: pin it through the binary send function
-- (4 bytes, big-endian; see src/core/code.h).
SELECT c, hcpcs_code_send(c::hcpcs_code) AS bytes
FROM (VALUES ('00000'), ('00100'), ('99999'), ('0000A'), ('9999A'), ('0002M'),
             ('0001U'), ('3074F'), ('0591T'), ('9999T'), ('A0000'), ('J1100'),
             ('V9999')) AS v(c);

-- Binary COPY round trip
CREATE TABLE bin_src (code hcpcs_code);
INSERT INTO bin_src VALUES ('00100'), ('99213'), ('0001A'), ('0002M'), ('0001U'),
                           ('3074F'), ('0591T'), ('J1100'), ('V2020'), (NULL);
\copy bin_src TO 'results/hcpcs_codes.bin' WITH (FORMAT binary)
CREATE TABLE bin_dst (code hcpcs_code);
\copy bin_dst FROM 'results/hcpcs_codes.bin' WITH (FORMAT binary)
SELECT (SELECT array_agg(code ORDER BY code) FROM bin_src) IS NOT DISTINCT FROM
       (SELECT array_agg(code ORDER BY code) FROM bin_dst) AS round_trip_equal,
       (SELECT count(*) FROM bin_dst) AS n;

-- Binary receive re-validates: an int4 that encodes no code is rejected
-- (22P03).  A binary int4 file has the same layout as a binary hcpcs_code
-- file, so write bad int4 values and read them back as hcpcs_code.
CREATE TABLE bin_bad (v int4);
INSERT INTO bin_bad VALUES (250000);           -- letter slot F: no such code
\copy bin_bad TO 'results/hcpcs_bad1.bin' WITH (FORMAT binary)
\set VERBOSITY sqlstate
\copy bin_dst FROM 'results/hcpcs_bad1.bin' WITH (FORMAT binary)
\set VERBOSITY default
TRUNCATE bin_bad;
INSERT INTO bin_bad VALUES (-1);
\copy bin_bad TO 'results/hcpcs_bad2.bin' WITH (FORMAT binary)
\copy bin_dst FROM 'results/hcpcs_bad2.bin' WITH (FORMAT binary)
TRUNCATE bin_bad;
INSERT INTO bin_bad VALUES (150000);           -- suffix slot 5: reserved
\copy bin_bad TO 'results/hcpcs_bad3.bin' WITH (FORMAT binary)
\copy bin_dst FROM 'results/hcpcs_bad3.bin' WITH (FORMAT binary)
SELECT count(*) FROM bin_dst;

DROP TABLE legacy, legacy2, typed, bin_src, bin_dst, bin_bad;
