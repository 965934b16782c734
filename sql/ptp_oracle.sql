--
-- NCCI PTP oracle: hcpcs_ptp_claim and hcpcs_ptp_check against an
-- independent plain-SQL formulation of the rules of DOMAIN.md sections 3
-- and 4, on 3,900 deterministic random claims built around real rows of the
-- full Medicare practitioner table of 2024 Q3 (2.5 M rows).
--
-- The rules, as the oracle below states them (it shares no code with
-- src/ptp.c or src/core/ptp_rule.c):
--  * an edit row (column1, column2, effective, deletion, indicator) applies
--    to two lines with the same date of service D, codes {column1, column2}
--    (lines in either order), when indicator IN (0, 1) and effective <= D and
--    (deletion IS NULL OR D <= deletion); indicator 9 never applies;
--  * the Column 2 line is denied unless bypassed; indicator 0 is never
--    bypassed; indicator 1 is bypassed by a PTP-associated modifier
--    (hcpcs_modifiers.ptp_associated) on either line (modifier_on 'either')
--    or on the Column 2 line only ('column2');
--  * the bypass modifier is the first PTP-associated modifier (array order)
--    of the Column 2 line, else ('either') of the Column 1 line; denied and
--    denied_line are NULL when bypassed;
--  * a line with a NULL code or date takes part in no pair, two lines with
--    the same code give no row;
--  * note: 'bypass modifier only on the Column 1 line ...' when the bypass
--    modifier came from the Column 1 line, 'same anatomic modifier on both
--    lines ...' when it is anatomic and on both lines.
--
-- Reversed pairs: the full table has 2,859 unordered pairs with indicator
-- 0/1 rows in both directions, (A, B) in some windows and (B, A) in others
-- (4,965 counting indicator-9 rows); never both in force on one day (the
-- loader checks it).  The 1/16 sample below holds 180 of them, so no extra
-- release is needed for that case: 300 claims bill one such pair on a date
-- of each direction.
--
-- Randomness: setseed() then random() in one ordered generate_series, stored
-- in a table: the claims do not depend on plans.  Edit rows are sampled by a
-- hash of their content, not by edit_id or heap order.
--
\getenv datadir HCPCS_DATA
\set ptpfile :datadir '/cms/ncci/ptp-practitioner-2024q3.cms-layout.txt'

-- The modifier policy of DOMAIN.md section 3, whatever earlier tests of the
-- suite did to hcpcs_modifiers (the oracle reads the table anyway; this only
-- keeps the counts below the same when the test runs alone)
DO $$
DECLARE
    pol CONSTANT text[][] := ARRAY[
        ['E1','anatomic'],['E2','anatomic'],['E3','anatomic'],['E4','anatomic'],['FA','anatomic'],
        ['F1','anatomic'],['F2','anatomic'],['F3','anatomic'],['F4','anatomic'],['F5','anatomic'],
        ['F6','anatomic'],['F7','anatomic'],['F8','anatomic'],['F9','anatomic'],['TA','anatomic'],
        ['T1','anatomic'],['T2','anatomic'],['T3','anatomic'],['T4','anatomic'],['T5','anatomic'],
        ['T6','anatomic'],['T7','anatomic'],['T8','anatomic'],['T9','anatomic'],['LT','anatomic'],
        ['RT','anatomic'],['LC','anatomic'],['LD','anatomic'],['RC','anatomic'],['LM','anatomic'],
        ['RI','anatomic'],['24','global surgery'],['25','global surgery'],['57','global surgery'],
        ['58','global surgery'],['78','global surgery'],['79','global surgery'],['27','other'],
        ['59','other'],['91','other'],['XE','other'],['XS','other'],['XP','other'],['XU','other']];
BEGIN
    CREATE TEMP TABLE policy (modifier hcpcs_modifier PRIMARY KEY, grp text);
    INSERT INTO policy SELECT pol[i][1]::hcpcs_modifier, pol[i][2] FROM generate_subscripts(pol, 1) i;
    UPDATE hcpcs_modifiers m SET ptp_associated = false, ptp_group = NULL
    WHERE (m.ptp_associated OR m.ptp_group IS NOT NULL)
      AND NOT EXISTS (SELECT FROM policy p WHERE p.modifier = m.modifier);
    UPDATE hcpcs_modifiers m SET ptp_associated = true, ptp_group = p.grp
    FROM policy p WHERE p.modifier = m.modifier
      AND (m.ptp_associated, m.ptp_group) IS DISTINCT FROM (true, p.grp);
    INSERT INTO hcpcs_modifiers (modifier, ptp_associated, ptp_group)
    SELECT p.modifier, true, p.grp FROM policy p
    WHERE NOT EXISTS (SELECT FROM hcpcs_modifiers m WHERE m.modifier = p.modifier);
END
$$;
SELECT count(*) FILTER (WHERE ptp_associated) AS ptp_associated,
       count(*) FILTER (WHERE ptp_group = 'anatomic') AS anatomic
FROM hcpcs_modifiers;

-- The full practitioner table (25-30 s); the notices name the data directory
SET client_min_messages = warning;
SELECT hcpcs_load_ptp(ARRAY[:'ptpfile'], 'practitioner') AS rows_loaded;
RESET client_min_messages;
SELECT release_id AS rel FROM hcpcs_ptp_current WHERE setting = 'practitioner' \gset
-- (statistics now, not whenever autovacuum gets to it: the oracle's joins
-- need them to use the indexes)
ANALYZE hcpcs_ptp_edits;
SELECT modifier_indicator, count(*) AS edits, count(deletion) AS deleted,
       count(*) FILTER (WHERE effective > '1996-01-01') AS effective_after_1996
FROM hcpcs_ptp_edits WHERE release_id = :rel GROUP BY 1 ORDER BY 1;

--
-- Random draws: 128 per claim
--
SELECT setseed(0.2024);
CREATE TEMP TABLE draws AS SELECT n, random() AS r FROM generate_series(0, 3900 * 128 - 1) AS n;
CREATE TEMP TABLE rnd AS
SELECT (n / 128)::int AS claim_id, array_agg(r ORDER BY n) AS r FROM draws GROUP BY 1;

CREATE FUNCTION pg_temp.pick(a anyarray, x float8) RETURNS anyelement
    LANGUAGE sql IMMUTABLE AS $$ SELECT a[1 + floor(x * cardinality(a))::int] $$;

-- Modifier lists of the generator (fixed, whatever the policy table says):
-- PTP-associated ones (the common ones twice), anatomic ones for "the same
-- anatomic modifier on both lines", and others (22 76 77 are listed as not
-- PTP-associated, the rest are not in hcpcs_modifiers at all).
CREATE TEMP TABLE lists AS
SELECT '{59,XS,XU,XE,XP,25,57,24,58,78,79,27,91,LT,RT,E1,E2,E3,E4,FA,F1,F2,F3,F4,F5,F6,F7,F8,F9,TA,T1,T2,T3,T4,T5,T6,T7,T8,T9,LC,LD,RC,LM,RI,59,XS,25,LT,RT}'::text[] AS ptp,
       '{LT,RT,E1,F2,TA,T5,RC,LC}'::text[] AS anat,
       '{22,76,77,GA,GY,GZ,26,TC,50,51,80,KX,Q6,AS}'::text[] AS other;

-- Modifiers of an anchor line, from draws r[o+1] .. r[o+10]: with ptp, one
-- or two PTP-associated modifiers (the first one = anat when given), mixed
-- in random order with zero to two others; sometimes a NULL element first,
-- and (without ptp) sometimes a NULL array.
CREATE FUNCTION pg_temp.amods(ptp boolean, anat text, r float8[], o int, l lists)
    RETURNS hcpcs_modifier[] LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN NOT ptp AND r[o+10] < 0.05 THEN NULL
            ELSE CASE WHEN r[o+10] >= 0.05 AND r[o+10] < 0.10 THEN ARRAY[NULL]::hcpcs_modifier[]
                      ELSE '{}'::hcpcs_modifier[] END
                 || coalesce(array_agg(m::hcpcs_modifier ORDER BY k) FILTER (WHERE m IS NOT NULL), '{}')
       END
FROM (VALUES (CASE WHEN ptp THEN coalesce(anat, pg_temp.pick(l.ptp, r[o+1])) END, r[o+2]),
             (CASE WHEN ptp AND r[o+3] < 0.3 THEN pg_temp.pick(l.ptp, r[o+4]) END, r[o+5]),
             (CASE WHEN r[o+6] < 0.5 THEN pg_temp.pick(l.other, r[o+7]) END, r[o+8]),
             (CASE WHEN r[o+9] < 0.15 THEN pg_temp.pick(l.other, r[o+9] / 0.15) END, r[o+1])) AS v(m, k)
$$;

-- Modifiers of a filler line: none, NULL, one or two from both lists
CREATE FUNCTION pg_temp.fmods(r float8[], o int, l lists)
    RETURNS hcpcs_modifier[] LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN r[o+1] < 0.45 THEN '{}'::hcpcs_modifier[]
            WHEN r[o+1] < 0.50 THEN NULL
            WHEN r[o+1] < 0.55 THEN ARRAY[NULL, pg_temp.pick(l.ptp || l.other, r[o+2])]::hcpcs_modifier[]
            WHEN r[o+1] < 0.80 THEN ARRAY[pg_temp.pick(l.ptp || l.other, r[o+2])]::hcpcs_modifier[]
            ELSE ARRAY[pg_temp.pick(l.ptp || l.other, r[o+2]), pg_temp.pick(l.ptp || l.other, r[o+3])]::hcpcs_modifier[]
       END
$$;

--
-- Anchor edit rows: every row of 1/16 of the pairs (by a hash of the
-- unordered pair, so a sampled pair comes with its whole history, both
-- directions), then strata in content order
--
CREATE TEMP TABLE cand AS
SELECT column1 AS c1, column2 AS c2, effective AS eff, deletion AS del, modifier_indicator AS ind
FROM hcpcs_ptp_edits
WHERE release_id = :rel
  AND left(md5(least(column1, column2)::text || '/' || greatest(column1, column2)::text), 1) = '0';
CREATE TEMP TABLE revpair AS
SELECT least(c1, c2) AS lo, greatest(c1, c2) AS hi
FROM cand WHERE ind IN (0, 1) GROUP BY 1, 2 HAVING count(DISTINCT c1) = 2;
CREATE TEMP TABLE strata AS
SELECT s.stratum, row_number() OVER (PARTITION BY s.stratum ORDER BY c.c1, c.c2, c.eff, c.ind, c.del) - 1 AS k, c.*
FROM (SELECT c.*, EXISTS (SELECT FROM revpair p WHERE p.lo = least(c.c1, c.c2) AND p.hi = greatest(c.c1, c.c2)) AS rev
      FROM cand c) AS c
JOIN LATERAL (VALUES ('ind0', c.ind = 0), ('ind1', c.ind = 1), ('ind9', c.ind = 9),
                     ('later', c.ind IN (0, 1) AND c.eff > '1996-01-01'),
                     ('first', c.ind IN (0, 1) AND c.eff = '1996-01-01'),
                     ('deleted', c.ind IN (0, 1) AND c.del IS NOT NULL),
                     ('reversed', c.ind IN (0, 1) AND c.rev)) AS s(stratum, ok) ON s.ok;
SELECT (SELECT count(*) FROM cand) AS sampled_rows, (SELECT count(*) FROM revpair) AS sampled_reversed_pairs;
SELECT stratum, count(*) AS rows FROM strata GROUP BY 1 ORDER BY 1;

-- Claim kinds: which stratum the anchor row comes from and the date of
-- service relative to its window
CREATE TEMP TABLE plan (kind text, stratum text, datepos text, lo int, hi int);
INSERT INTO plan VALUES
    ('indicator 0, inside the window', 'ind0', 'inside', 0, 499),
    ('indicator 1, inside the window', 'ind1', 'inside', 500, 1699),
    ('indicator 9, on its date', 'ind9', 'effective', 1700, 1999),
    ('on the effective date', 'later', 'effective', 2000, 2299),
    ('on the effective date', 'first', 'effective', 2300, 2399),
    ('the day before the effective date', 'later', 'before', 2400, 2649),
    ('the day before the effective date', 'first', 'before', 2650, 2799),
    ('on the deletion date', 'deleted', 'deletion', 2800, 3199),
    ('the day after the deletion date', 'deleted', 'after', 3200, 3599),
    ('reversed pair, one date in each direction', 'reversed', 'inside', 3600, 3899);

-- (the rows of the reversed pairs, numbered per direction)
CREATE TEMP TABLE revrow AS
SELECT c1, c2, eff, del, row_number() OVER w - 1 AS i, count(*) OVER (PARTITION BY c1, c2) AS n
FROM strata WHERE stratum = 'reversed'
WINDOW w AS (PARTITION BY c1, c2 ORDER BY k);

CREATE TEMP TABLE anchor AS
WITH pick AS (
    SELECT r.claim_id, r.r, p.kind, p.stratum, p.datepos, floor(r.r[1] * n.n)::bigint AS k
    FROM rnd r
    JOIN plan p ON r.claim_id BETWEEN p.lo AND p.hi
    JOIN (SELECT stratum, count(*) AS n FROM strata GROUP BY 1) AS n USING (stratum)
), a AS (
    SELECT p.claim_id, p.r, p.kind, p.datepos, s.c1, s.c2, s.eff, s.del, s.ind,
           CASE p.datepos
               WHEN 'inside' THEN s.eff + floor(p.r[2] * (coalesce(s.del, date '2024-09-30') - s.eff + 1))::int
               WHEN 'effective' THEN s.eff
               WHEN 'before' THEN s.eff - 1
               WHEN 'deletion' THEN s.del
               WHEN 'after' THEN s.del + 1
           END AS dos,
           CASE WHEN p.kind LIKE 'reversed%' THEN 'reversed'
                WHEN p.r[5] >= 0.3 THEN NULL
                WHEN p.r[8] < 0.35 THEN 'split'
                WHEN p.r[8] < 0.70 THEN 'copy'
                ELSE 'fillers' END AS twomode
    FROM pick p JOIN strata s USING (stratum, k)
)
SELECT a.*,
       CASE WHEN a.twomode = 'reversed' THEN
                (SELECT y.eff + floor(a.r[4] * (coalesce(y.del, date '2024-09-30') - y.eff + 1))::int
                 FROM revrow y
                 WHERE y.c1 = a.c2 AND y.c2 = a.c1 AND y.i = floor(a.r[3] * y.n))
            WHEN a.twomode IS NULL THEN NULL
            -- the other side of the window boundary, or some other day
            WHEN a.r[6] < 0.5 AND a.datepos IN ('effective', 'before', 'deletion', 'after') THEN
                CASE a.datepos WHEN 'effective' THEN a.eff - 1 WHEN 'before' THEN a.eff
                               WHEN 'deletion' THEN a.del + 1 ELSE a.del END
            ELSE a.dos + (CASE WHEN a.r[6] < 0.75 THEN -1 ELSE 1 END) * (1 + floor(a.r[7] * 90))::int
       END AS dos2,
       floor(a.r[9] * 4)::int AS place,    -- PTP modifiers on: 0 neither, 1 the Column 1 line, 2 the Column 2 line, 3 both
       CASE WHEN floor(a.r[9] * 4) = 3 AND a.r[10] < 0.5 THEN pg_temp.pick(l.anat, a.r[11]) END AS anat
FROM a, lists l;

-- Codes billed with the anchor codes: the Column 2 codes of the Column 1
-- code's edits, the Column 1 codes of the Column 2 code's edits, any sampled code
CREATE TEMP TABLE partner1 AS
SELECT column1 AS code, array_agg(DISTINCT column2 ORDER BY column2) AS p
FROM hcpcs_ptp_edits WHERE release_id = :rel AND column1 IN (SELECT c1 FROM anchor) GROUP BY 1;
CREATE TEMP TABLE partner2 AS
SELECT column2 AS code, array_agg(DISTINCT column1 ORDER BY column1) AS p
FROM hcpcs_ptp_edits WHERE release_id = :rel AND column2 IN (SELECT c2 FROM anchor) GROUP BY 1;
CREATE TEMP TABLE pool AS
SELECT array_agg(DISTINCT c ORDER BY c) AS p FROM (SELECT c1 FROM cand UNION ALL SELECT c2 FROM cand) AS u(c);

-- The lines of each claim: the anchor pair (c1, c2), its copy on the second
-- date (c1b, c2b: reversed and 'copy' claims; in 'split' claims c2 is on the
-- second date), then fillers up to 6 lines in all, in random order
CREATE TEMP TABLE spec AS
WITH al AS (
    SELECT a.claim_id, v.role, v.code, v.dos, v.mods, false AS nullline, v.sortkey
    FROM anchor a CROSS JOIN lists l
    CROSS JOIN LATERAL (VALUES
        ('c1', a.c1, a.dos, pg_temp.amods(a.place IN (1, 3), a.anat, a.r, 20, l), a.r[13]),
        ('c2', a.c2, CASE WHEN a.twomode = 'split' THEN a.dos2 ELSE a.dos END,
               pg_temp.amods(a.place IN (2, 3), a.anat, a.r, 30, l), a.r[14]),
        ('c1b', a.c1, a.dos2, pg_temp.amods(a.place IN (1, 3), a.anat, a.r, 20, l), a.r[15]),
        ('c2b', a.c2, a.dos2, pg_temp.amods(a.place IN (2, 3), a.anat, a.r, 30, l), a.r[16])
    ) AS v(role, code, dos, mods, sortkey)
    WHERE v.role IN ('c1', 'c2') OR a.twomode IN ('copy', 'reversed')
), fl AS (
    SELECT a.claim_id, 'filler' AS role,
           CASE WHEN x < 0.35 THEN coalesce(pg_temp.pick(p1.p, y), pg_temp.pick(pool.p, y))
                WHEN x < 0.55 THEN coalesce(pg_temp.pick(p2.p, y), pg_temp.pick(pool.p, y))
                WHEN x < 0.80 THEN pg_temp.pick(pool.p, y)
                WHEN x < 0.90 THEN CASE WHEN y < 0.5 THEN a.c1 ELSE a.c2 END
           END AS code,
           CASE WHEN z < 0.07 THEN NULL WHEN a.dos2 IS NOT NULL AND z < 0.5 THEN a.dos2 ELSE a.dos END AS dos,
           pg_temp.fmods(a.r, b + 3, l) AS mods,
           a.r[b + 7] < 0.03 AS nullline,
           a.r[b + 8] AS sortkey
    FROM anchor a CROSS JOIN lists l CROSS JOIN pool
    LEFT JOIN partner1 p1 ON p1.code = a.c1
    LEFT JOIN partner2 p2 ON p2.code = a.c2
    CROSS JOIN LATERAL generate_series(1, floor(a.r[12] * (CASE WHEN a.twomode IN ('copy', 'reversed') THEN 3 ELSE 5 END))::int) AS f(i)
    CROSS JOIN LATERAL (SELECT 44 + (f.i - 1) * 12 AS b) AS bb
    CROSS JOIN LATERAL (SELECT a.r[b + 1] AS x, a.r[b + 2] AS y, a.r[b + 3] AS z) AS xyz
)
SELECT u.claim_id, u.role, row_number() OVER (PARTITION BY u.claim_id ORDER BY u.sortkey) AS pos,
       u.code, u.dos, u.mods, u.nullline
FROM (SELECT * FROM al UNION ALL SELECT * FROM fl) AS u;

CREATE TEMP TABLE claims AS
SELECT claim_id,
       array_agg(ROW(CASE WHEN nullline THEN NULL ELSE pos END, code, mods, dos, 1)::hcpcs_claim_line ORDER BY pos)
       || CASE WHEN claim_id % 97 = 0 THEN ARRAY[NULL::hcpcs_claim_line] ELSE '{}' END AS lines  -- a NULL element now and then
FROM spec GROUP BY claim_id;

-- The claims as both sides see them: the lines of the arrays, numbered
CREATE TEMP TABLE cl AS
SELECT c.claim_id, l.pos, l.line, l.code, l.modifiers, l.dos
FROM claims c CROSS JOIN LATERAL unnest(c.lines) WITH ORDINALITY AS l(line, code, modifiers, dos, units, pos);

SELECT count(*) AS claims, sum(cardinality(lines)) AS lines,
       min(cardinality(lines)) AS min_lines, max(cardinality(lines)) AS max_lines,
       count(*) FILTER (WHERE (SELECT count(DISTINCT l.dos) FROM unnest(lines) AS l) = 2) AS two_date_claims
FROM claims;
SELECT (SELECT count(*) FROM claims c, unnest(c.lines) AS l WHERE l IS NULL) AS null_elements,
       count(*) FILTER (WHERE code IS NULL) AS null_code, count(*) FILTER (WHERE dos IS NULL) AS null_dos,
       count(*) FILTER (WHERE line IS NULL) AS null_line_number, count(*) FILTER (WHERE modifiers IS NULL) AS null_modifiers,
       count(*) FILTER (WHERE array_position(modifiers, NULL) IS NOT NULL) AS null_modifier_element,
       count(*) FILTER (WHERE cardinality(modifiers) >= 3) AS three_or_more_modifiers
FROM cl;
SELECT count(*) AS same_code_same_date_line_pairs
FROM cl a JOIN cl b ON b.claim_id = a.claim_id AND b.pos > a.pos AND b.code = a.code AND b.dos = a.dos;

--
-- The oracle.  The first PTP-associated modifier of each line (array order),
-- looked up in hcpcs_modifiers; then every request (Column 1 line, Column 2
-- line, date, mode) joined to the edit rows in force, and decided.
--
CREATE TEMP TABLE line_ptp (claim_id int, pos bigint, line int, code hcpcs_code,
                            modifiers hcpcs_modifier[], dos date, first_ptp hcpcs_modifier);
CREATE FUNCTION pg_temp.fill_line_ptp() RETURNS void LANGUAGE sql AS $$
TRUNCATE line_ptp;
INSERT INTO line_ptp
SELECT cl.*, (SELECT u.m FROM unnest(cl.modifiers) WITH ORDINALITY AS u(m, k)
              JOIN hcpcs_modifiers hm ON hm.modifier = u.m
              WHERE hm.ptp_associated ORDER BY u.k LIMIT 1)
FROM cl;
ANALYZE line_ptp;
$$;

CREATE TEMP TABLE request (src text, mode text, claim_id int, pos1 bigint, pos2 bigint, dos date,
                           chk_a bigint, chk_b bigint);

CREATE TEMP VIEW rule AS
SELECT q.src, q.mode, q.claim_id, q.chk_a, q.chk_b, q.dos, q.pos1, q.pos2,
       a.line AS line_column1, b.line AS line_column2,
       CASE WHEN NOT d.bypassed THEN b.line END AS denied_line,
       e.column1, e.column2,
       CASE WHEN NOT d.bypassed THEN e.column2 END AS denied,
       e.modifier_indicator, d.bypassed, d.bypass_modifier,
       e.effective, e.deletion, e.rationale, e.release_id AS release,
       NULLIF(concat_ws('; ',
           CASE WHEN d.bypassed AND b.first_ptp IS NULL
                THEN 'bypass modifier only on the Column 1 line (CMS instructs the Column 2 line)' END,
           CASE WHEN d.bypassed AND d.bypass_modifier = ANY (a.modifiers) AND d.bypass_modifier = ANY (b.modifiers)
                     AND EXISTS (SELECT FROM hcpcs_modifiers hm
                                 WHERE hm.modifier = d.bypass_modifier AND hm.ptp_group = 'anatomic')
                THEN 'same anatomic modifier on both lines (a bypass needs different sites)' END), '') AS note,
       a.first_ptp IS NOT NULL AS ptp_on_column1, b.first_ptp IS NOT NULL AS ptp_on_column2
FROM request q
JOIN line_ptp a ON a.claim_id = q.claim_id AND a.pos = q.pos1
JOIN line_ptp b ON b.claim_id = q.claim_id AND b.pos = q.pos2
JOIN hcpcs_ptp_edits e
  ON e.release_id = :rel AND e.column1 = a.code AND e.column2 = b.code
 AND e.modifier_indicator IN (0, 1)
 AND e.effective <= q.dos AND (e.deletion IS NULL OR q.dos <= e.deletion)
CROSS JOIN LATERAL (
    SELECT e.modifier_indicator = 1 AND w.m IS NOT NULL AS bypassed,
           CASE WHEN e.modifier_indicator = 1 THEN w.m END AS bypass_modifier
    FROM (SELECT coalesce(b.first_ptp, CASE WHEN q.mode = 'either' THEN a.first_ptp END) AS m) AS w
) AS d;

SELECT pg_temp.fill_line_ptp();

-- hcpcs_ptp_claim: every ordered pair of lines on one date with two codes,
-- in both modes (the rule puts the edit's direction right)
INSERT INTO request
SELECT 'claim', mo.mode, a.claim_id, a.pos, b.pos, a.dos, NULL, NULL
FROM (VALUES ('either'), ('column2')) AS mo(mode)
CROSS JOIN cl a JOIN cl b ON b.claim_id = a.claim_id AND b.pos <> a.pos AND b.dos = a.dos AND b.code <> a.code;
-- hcpcs_ptp_check on every ordered pair (a, b) of lines of one claim in
-- five, whatever their dates, on a's date: the edit (a, b) or (b, a)
INSERT INTO request
SELECT 'check', mo.mode, a.claim_id, v.p1, v.p2, a.dos, a.pos, b.pos
FROM (VALUES ('either'), ('column2')) AS mo(mode)
CROSS JOIN cl a JOIN cl b ON b.claim_id = a.claim_id AND b.pos <> a.pos
CROSS JOIN LATERAL (VALUES (a.pos, b.pos), (b.pos, a.pos)) AS v(p1, p2)
WHERE a.claim_id % 5 = 0 AND a.code IS NOT NULL AND b.code IS NOT NULL AND a.dos IS NOT NULL;
ANALYZE request;

CREATE TEMP TABLE oracle AS SELECT * FROM rule WHERE src = 'claim';

CREATE TEMP TABLE ext AS
SELECT mo.mode, c.claim_id, p.*
FROM (VALUES ('either'), ('column2')) AS mo(mode)
CROSS JOIN claims c
CROSS JOIN LATERAL hcpcs_ptp_claim(c.lines, modifier_on => mo.mode) AS p;

--
-- hcpcs_ptp_claim = the oracle, row for row (a multiset: EXCEPT ALL both ways)
--
CREATE TEMP VIEW diff AS
SELECT 'only in hcpcs_ptp_claim' AS side, * FROM (
    SELECT mode, claim_id, line_column1, line_column2, denied_line, column1, column2, denied,
           modifier_indicator, bypassed, bypass_modifier, effective, deletion, rationale, release FROM ext
    EXCEPT ALL
    SELECT mode, claim_id, line_column1, line_column2, denied_line, column1, column2, denied,
           modifier_indicator, bypassed, bypass_modifier, effective, deletion, rationale, release FROM oracle) AS x
UNION ALL
SELECT 'only in the oracle', * FROM (
    SELECT mode, claim_id, line_column1, line_column2, denied_line, column1, column2, denied,
           modifier_indicator, bypassed, bypass_modifier, effective, deletion, rationale, release FROM oracle
    EXCEPT ALL
    SELECT mode, claim_id, line_column1, line_column2, denied_line, column1, column2, denied,
           modifier_indicator, bypassed, bypass_modifier, effective, deletion, rationale, release FROM ext) AS y;

SELECT mo.mode,
       (SELECT count(*) FROM ext WHERE ext.mode = mo.mode) AS rows_hcpcs_ptp_claim,
       (SELECT count(*) FROM oracle o WHERE o.mode = mo.mode) AS rows_oracle,
       (SELECT count(*) FROM diff WHERE diff.mode = mo.mode) AS differences
FROM (VALUES ('either'), ('column2')) AS mo(mode) ORDER BY 1 DESC;
SELECT * FROM diff ORDER BY mode, claim_id, line_column1, line_column2, side LIMIT 20;

-- The notes, separately
SELECT count(*) AS note_differences FROM (
    (SELECT mode, claim_id, line_column1, line_column2, note FROM ext
     EXCEPT ALL SELECT mode, claim_id, line_column1, line_column2, note FROM oracle)
    UNION ALL
    (SELECT mode, claim_id, line_column1, line_column2, note FROM oracle
     EXCEPT ALL SELECT mode, claim_id, line_column1, line_column2, note FROM ext)) AS n;
SELECT mode, note, count(*) FROM oracle WHERE note IS NOT NULL GROUP BY 1, 2 ORDER BY 1 DESC, 2;

--
-- Coverage (from the oracle's rows, which are hcpcs_ptp_claim's)
--
-- rows per indicator
SELECT mode, modifier_indicator, count(*) AS rows, count(*) FILTER (WHERE bypassed) AS bypassed,
       count(*) FILTER (WHERE ptp_on_column1 OR ptp_on_column2) AS with_ptp_modifier
FROM oracle GROUP BY 1, 2 ORDER BY 1 DESC, 2;
-- indicator-1 rows by where the PTP-associated modifiers are
SELECT CASE WHEN ptp_on_column1 AND ptp_on_column2 THEN 'on both lines'
            WHEN ptp_on_column2 THEN 'on the Column 2 line only'
            WHEN ptp_on_column1 THEN 'on the Column 1 line only'
            ELSE 'on neither line' END AS ptp_modifier,
       count(*) FILTER (WHERE mode = 'either') AS rows,
       count(*) FILTER (WHERE mode = 'either' AND bypassed) AS bypassed_either,
       count(*) FILTER (WHERE mode = 'column2' AND bypassed) AS bypassed_column2
FROM oracle WHERE modifier_indicator = 1 GROUP BY 1 ORDER BY 1;
-- bypassed rows whose bypass line has two PTP-associated modifiers or more,
-- and those where the first one (array order) is not the least (text order)
SELECT count(*) AS bypass_line_with_several_ptp_modifiers,
       count(*) FILTER (WHERE o.bypass_modifier <> p.least_ptp) AS first_is_not_least
FROM oracle o
JOIN line_ptp b ON b.claim_id = o.claim_id AND b.pos = CASE WHEN o.ptp_on_column2 THEN o.pos2 ELSE o.pos1 END
CROSS JOIN LATERAL (SELECT count(*) AS n, min(u.m) AS least_ptp
                    FROM unnest(b.modifiers) AS u(m) JOIN hcpcs_modifiers hm ON hm.modifier = u.m
                    WHERE hm.ptp_associated) AS p
WHERE o.mode = 'either' AND o.bypassed AND p.n >= 2;
-- rows by the date of service relative to the edit's window
SELECT CASE WHEN dos = effective AND dos = deletion THEN 'effective = deletion'
            WHEN dos = effective THEN 'on the effective date'
            WHEN dos = deletion THEN 'on the deletion date'
            WHEN deletion IS NULL THEN 'inside, not deleted'
            ELSE 'inside, deleted later' END AS date_of_service, count(*) AS rows
FROM oracle WHERE mode = 'either' GROUP BY 1 ORDER BY 1;

-- Per anchor: the row of the anchor pair's two lines on the anchor date (the
-- anchor row itself, another row of the pair in the same direction, a row
-- of the reversed direction, or none)
CREATE TEMP TABLE outcome AS
SELECT a.claim_id, a.kind, a.twomode, a.ind,
       CASE WHEN o.column1 IS NULL THEN 'none'
            WHEN o.column1 = a.c1 AND o.effective = a.eff AND o.modifier_indicator = a.ind THEN 'the anchor row'
            WHEN o.column1 = a.c1 THEN 'another row, same direction'
            ELSE 'a row of the reversed direction' END AS date1,
       CASE WHEN a.twomode IN ('copy', 'reversed') THEN
            CASE WHEN o2.column1 IS NULL THEN 'none'
                 WHEN o2.column1 = a.c1 THEN 'same direction'
                 ELSE 'reversed direction' END END AS date2
FROM anchor a
JOIN spec s1 ON s1.claim_id = a.claim_id AND s1.role = 'c1'
JOIN spec s2 ON s2.claim_id = a.claim_id AND s2.role = 'c2'
LEFT JOIN oracle o ON o.mode = 'either' AND o.claim_id = a.claim_id
     AND (o.pos1, o.pos2) IN ((s1.pos, s2.pos), (s2.pos, s1.pos))
LEFT JOIN spec s3 ON s3.claim_id = a.claim_id AND s3.role = 'c1b'
LEFT JOIN spec s4 ON s4.claim_id = a.claim_id AND s4.role = 'c2b'
LEFT JOIN oracle o2 ON o2.mode = 'either' AND o2.claim_id = a.claim_id
     AND (o2.pos1, o2.pos2) IN ((s3.pos, s4.pos), (s4.pos, s3.pos));
SELECT kind, count(*) AS claims,
       count(*) FILTER (WHERE date1 = 'the anchor row') AS anchor_row,
       count(*) FILTER (WHERE date1 = 'another row, same direction') AS other_row,
       count(*) FILTER (WHERE date1 = 'a row of the reversed direction') AS reversed_row,
       count(*) FILTER (WHERE date1 = 'none' AND twomode IS DISTINCT FROM 'split') AS no_row,
       count(*) FILTER (WHERE twomode = 'split') AS split_over_two_dates
FROM outcome GROUP BY 1 ORDER BY min(claim_id);
-- anchors by where the generator put PTP-associated modifiers on the pair's lines
SELECT CASE a.place WHEN 0 THEN 'neither' WHEN 1 THEN 'Column 1 line' WHEN 2 THEN 'Column 2 line' ELSE 'both lines' END AS ptp_modifier_placed_on,
       count(*) AS claims, count(*) FILTER (WHERE a.anat IS NOT NULL) AS same_anatomic_modifier
FROM anchor a GROUP BY a.place ORDER BY a.place;
-- reversed-direction pairs, one date in each window
SELECT count(*) AS reversed_claims,
       count(*) FILTER (WHERE date1 <> 'none' AND date2 = 'reversed direction') AS both_directions_in_one_claim
FROM outcome WHERE twomode = 'reversed';
-- claims on two dates
SELECT coalesce(twomode, 'one date') AS anchor_pair, count(DISTINCT a.claim_id) AS claims,
       count(o.*) AS rows, count(o.*) FILTER (WHERE o.dos = a.dos2) AS rows_on_second_date
FROM anchor a LEFT JOIN oracle o ON o.mode = 'either' AND o.claim_id = a.claim_id
GROUP BY 1 ORDER BY 1;

--
-- hcpcs_ptp_check on every pair of lines of one claim in five, both orders,
-- both modes, against the same rule (applies NULL for a NULL code or date)
--
CREATE TEMP TABLE chk_oracle AS
SELECT mo.mode, a.claim_id, a.pos AS pos_a, b.pos AS pos_b,
       CASE WHEN a.code IS NULL OR b.code IS NULL OR a.dos IS NULL THEN NULL ELSE r.column1 IS NOT NULL END AS applies,
       r.column1, r.column2, r.denied, r.modifier_indicator, r.bypassed, r.bypass_modifier,
       r.effective, r.deletion, r.rationale, :rel::bigint AS release, r.note
FROM (VALUES ('either'), ('column2')) AS mo(mode)
CROSS JOIN cl a JOIN cl b ON b.claim_id = a.claim_id AND b.pos <> a.pos
LEFT JOIN rule r ON r.src = 'check' AND r.mode = mo.mode AND r.claim_id = a.claim_id
     AND r.chk_a = a.pos AND r.chk_b = b.pos
WHERE a.claim_id % 5 = 0;
CREATE TEMP TABLE chk_ext AS
SELECT mo.mode, a.claim_id, a.pos AS pos_a, b.pos AS pos_b, k.*
FROM (VALUES ('either'), ('column2')) AS mo(mode)
CROSS JOIN cl a JOIN cl b ON b.claim_id = a.claim_id AND b.pos <> a.pos
CROSS JOIN LATERAL hcpcs_ptp_check(a.code, b.code, a.dos, a.modifiers, b.modifiers,
                                   modifier_on => mo.mode) AS k
WHERE a.claim_id % 5 = 0;
SELECT mode, count(*) AS pairs_checked,
       count(*) FILTER (WHERE applies) AS applies, count(*) FILTER (WHERE NOT applies) AS does_not_apply,
       count(*) FILTER (WHERE applies IS NULL) AS unknown,
       count(*) FILTER (WHERE bypassed) AS bypassed,
       (SELECT count(*) FROM ((SELECT * FROM chk_ext EXCEPT ALL SELECT * FROM chk_oracle)
                              UNION ALL (SELECT * FROM chk_oracle EXCEPT ALL SELECT * FROM chk_ext)) AS d
        WHERE d.mode = c.mode) AS differences
FROM chk_oracle c GROUP BY 1 ORDER BY 1 DESC;
SELECT 'only in hcpcs_ptp_check' AS side, * FROM (SELECT * FROM chk_ext EXCEPT ALL SELECT * FROM chk_oracle) AS x
UNION ALL
SELECT 'only in the oracle', * FROM (SELECT * FROM chk_oracle EXCEPT ALL SELECT * FROM chk_ext) AS y
ORDER BY mode, claim_id, pos_a, pos_b, side LIMIT 20;

--
-- Change the policy (59 no longer PTP-associated, 22 now is, RT no longer
-- anatomic) and compare again: the extension must follow hcpcs_modifiers
--
UPDATE hcpcs_modifiers SET ptp_associated = false, ptp_group = NULL WHERE modifier = '59';
UPDATE hcpcs_modifiers SET ptp_associated = true, ptp_group = 'other' WHERE modifier = '22';
UPDATE hcpcs_modifiers SET ptp_group = 'other' WHERE modifier = 'RT';
SELECT pg_temp.fill_line_ptp();
TRUNCATE oracle, ext;
INSERT INTO oracle SELECT * FROM rule WHERE src = 'claim' AND mode = 'either';
INSERT INTO ext
SELECT 'either', c.claim_id, p.* FROM claims c CROSS JOIN LATERAL hcpcs_ptp_claim(c.lines) AS p;
SELECT count(*) AS rows, count(*) FILTER (WHERE bypassed) AS bypassed,
       count(*) FILTER (WHERE bypass_modifier = '22') AS bypassed_by_22,
       count(*) FILTER (WHERE note LIKE 'same anatomic%') AS same_anatomic_notes,
       (SELECT count(*) FROM diff) AS differences,
       (SELECT count(*) FROM ((SELECT claim_id, line_column1, line_column2, note FROM ext
                               EXCEPT ALL SELECT claim_id, line_column1, line_column2, note FROM oracle)
                              UNION ALL
                              (SELECT claim_id, line_column1, line_column2, note FROM oracle
                               EXCEPT ALL SELECT claim_id, line_column1, line_column2, note FROM ext)) AS n) AS note_differences
FROM oracle;
SELECT * FROM diff ORDER BY mode, claim_id, line_column1, line_column2, side LIMIT 20;
