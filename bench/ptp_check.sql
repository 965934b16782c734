-- bench/ptp_check.sql: untimed checks of bench/bench_ptp.sh at the biggest
-- size (-v lines=N): hcpcs_ptp_claim and the text baseline find the very
-- same edits (claim, Column 1 line, Column 2 line, bypassed), not just the
-- same counts; and how often the synthetic claims hit an edit.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TEMP TABLE h AS
SELECT c.claim_id, e.line_column1 AS l1, e.line_column2 AS l2, e.bypassed, e.modifier_indicator
FROM claims_:lines c, LATERAL hcpcs_ptp_claim(c.lines) e;

CREATE TEMP TABLE t AS
SELECT a.claim_id, a.line AS l1, b.line AS l2,
       e.indicator = '1' AND EXISTS (SELECT FROM ptp_modifiers_text m
                                     WHERE m.modifier IN (a.mod1, a.mod2, a.mod3, a.mod4, b.mod1, b.mod2, b.mod3, b.mod4)) AS bypassed
FROM lines_text_:lines a
JOIN lines_text_:lines b ON b.claim_id = a.claim_id AND b.dos = a.dos AND a.line < b.line
JOIN ptp_text e ON e.column1 = a.code AND e.column2 = b.code
WHERE e.indicator IN ('0', '1') AND e.effective <= a.dos AND (e.deletion IS NULL OR a.dos <= e.deletion)
UNION ALL
SELECT a.claim_id, b.line, a.line,
       e.indicator = '1' AND EXISTS (SELECT FROM ptp_modifiers_text m
                                     WHERE m.modifier IN (a.mod1, a.mod2, a.mod3, a.mod4, b.mod1, b.mod2, b.mod3, b.mod4))
FROM lines_text_:lines a
JOIN lines_text_:lines b ON b.claim_id = a.claim_id AND b.dos = a.dos AND a.line < b.line
JOIN ptp_text e ON e.column1 = b.code AND e.column2 = a.code
WHERE e.indicator IN ('0', '1') AND e.effective <= a.dos AND (e.deletion IS NULL OR a.dos <= e.deletion);

DO $$
DECLARE
    only_h bigint;
    only_t bigint;
BEGIN
    SELECT count(*) INTO only_h FROM (SELECT claim_id, l1, l2, bypassed FROM h EXCEPT ALL SELECT * FROM t) x;
    SELECT count(*) INTO only_t FROM (SELECT * FROM t EXCEPT ALL SELECT claim_id, l1, l2, bypassed FROM h) x;
    IF only_h + only_t > 0 THEN
        RAISE EXCEPTION 'hcpcs_ptp_claim and the text baseline differ: % edits only in hcpcs_ptp_claim, % only in the baseline',
            only_h, only_t;
    END IF;
END $$;

INSERT INTO ptp_note
SELECT 'same_edits',
       format('hcpcs_ptp_claim and the text baseline (UNION ALL form) return the very same %s edits (claim, Column 1 line, Column 2 line, bypassed) at %s lines (EXCEPT ALL both ways is empty)',
              (SELECT count(*) FROM h), :lines);

INSERT INTO ptp_note
SELECT 'hits',
       format('%s of %s claims (%s%%) hit at least one edit, %s (%s%%) have a line denied; %s edits apply (%s of indicator 1), %s of them (%s%%) bypassed by a modifier',
              count(DISTINCT claim_id), n.claims, round(100.0 * count(DISTINCT claim_id) / n.claims, 1),
              count(DISTINCT claim_id) FILTER (WHERE NOT bypassed),
              round(100.0 * count(DISTINCT claim_id) FILTER (WHERE NOT bypassed) / n.claims, 1),
              count(*), count(*) FILTER (WHERE modifier_indicator = 1),
              count(*) FILTER (WHERE bypassed), round(100.0 * count(*) FILTER (WHERE bypassed) / count(*), 1))
FROM h, (SELECT count(*) AS claims FROM claims_:lines) n
GROUP BY n.claims;

SELECT val FROM ptp_note WHERE name IN ('same_edits', 'hits') ORDER BY name;
