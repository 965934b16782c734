-- bench/claims_gen.sql: the synthetic claim lines of the PTP benchmarks
-- (bench/ptp_setup.sql, bench/scale_setup.sql), included with \ir.  Needs
-- the current practitioner release loaded in hcpcs_ptp_edits and psql
-- variable :lines; leaves tables gen_codes, gen_pairs and temp tables
-- gen_claims, gen_lines (claim_id, line, code, mod1 .. mod4 as text, dos,
-- units) for the caller to copy and drop.
--
-- Synthetic claims: :lines lines, 5 per claim, one date of service per
-- claim, fixed seed.  Per claim: with probability 0.6, lines 1 and 2 carry
-- the two codes of one edit row of indicator 0 or 1 drawn uniformly from
-- the table (in either order, so some are past their deletion date on the
-- date of service); the other lines (and lines 1-2 otherwise) carry codes
-- drawn uniformly from the table's codes.  Dates of service uniform over
-- 2024-01-01 .. 2024-09-30.  Modifiers: each line has a first modifier with
-- probability 0.2, a second with 0.05 (if it has a first), a third with
-- 0.01, drawn from a mix of PTP-associated (59 XS XU 25 LT RT 24 79 F1 TA)
-- and other (26 TC 22 76 GT 95 QW 51 80 AS) modifiers.  Smaller sizes are
-- the first claims of the biggest (prefixes).
--
CREATE TABLE gen_codes AS
SELECT (row_number() OVER (ORDER BY c))::int AS id, c::text AS code
FROM (SELECT column1 AS c FROM hcpcs_ptp_edits UNION SELECT column2 FROM hcpcs_ptp_edits) s;
ALTER TABLE gen_codes ADD PRIMARY KEY (id);
CREATE TABLE gen_pairs AS
SELECT (row_number() OVER (ORDER BY edit_id))::int AS id, column1::text AS c1, column2::text AS c2
FROM hcpcs_ptp_edits WHERE modifier_indicator IN (0, 1);
ALTER TABLE gen_pairs ADD PRIMARY KEY (id);

SELECT setseed(0.2024) \g /dev/null
CREATE TEMP TABLE gen_claims AS
WITH n AS (SELECT (SELECT count(*) FROM gen_pairs) AS np)
SELECT k,
       CASE WHEN random() < 0.6 THEN 1 + floor(random() * n.np)::int END AS pair,
       random() < 0.5 AS swap,
       date '2024-01-01' + floor(random() * 274)::int AS dos
FROM generate_series(1, :lines / 5) k, n;

CREATE TEMP TABLE gen_lines AS
WITH m AS (SELECT '{59,XS,XU,25,LT,RT,24,79,F1,TA,26,TC,22,76,GT,95,QW,51,80,AS}'::text[] AS mods),
     n AS (SELECT (SELECT count(*) FROM gen_codes) AS nc),
     draw AS MATERIALIZED (
    SELECT c.k, l.line, c.pair, c.swap, c.dos,
           1 + floor(random() * n.nc)::int AS code_id,
           random() AS r1, random() AS r2, random() AS r3,
           1 + floor(random() * 20)::int AS m1, 1 + floor(random() * 20)::int AS m2,
           1 + floor(random() * 20)::int AS m3
    FROM gen_claims c CROSS JOIN generate_series(1, 5) l(line) CROSS JOIN n
    ORDER BY c.k, l.line
)
SELECT (1000000000 + d.k)::bigint AS claim_id, d.line,
       CASE WHEN d.pair IS NOT NULL AND d.line = 1 THEN CASE WHEN d.swap THEN p.c2 ELSE p.c1 END
            WHEN d.pair IS NOT NULL AND d.line = 2 THEN CASE WHEN d.swap THEN p.c1 ELSE p.c2 END
            ELSE g.code END AS code,
       CASE WHEN d.r1 < 0.2 THEN m.mods[d.m1] END AS mod1,
       CASE WHEN d.r1 < 0.2 * 0.05 THEN m.mods[d.m2] END AS mod2,
       CASE WHEN d.r1 < 0.2 * 0.01 THEN m.mods[d.m3] END AS mod3,
       NULL::text AS mod4,
       d.dos,
       1::numeric AS units
FROM draw d
JOIN gen_codes g ON g.id = d.code_id
LEFT JOIN gen_pairs p ON p.id = d.pair
CROSS JOIN m;
