-- bench/ptp_queries.sql: the measured queries of bench/bench_ptp.sh, one
-- bench_query row per query and size (name "query@lines"; see lib.sql).
-- Run by psql with -v lines=N (biggest size) -v runs=N -v runs_big=N.
\set ON_ERROR_STOP on

-- Every query returns one row: (edits that deny a line, edits bypassed by
-- a modifier).  The rules (DOMAIN.md section 4): an edit row applies to two
-- lines of one claim with the same date of service D whose codes are
-- {column1, column2} in either order, when its indicator is 0 or 1,
-- effective <= D and (no deletion date or D <= deletion); the Column 2
-- line is denied unless the indicator is 1 and a PTP-associated modifier is
-- on either line (hcpcs_ptp_claim's default, modifier_on => 'either').
CREATE TABLE ptp_template (
    ord   int PRIMARY KEY,
    name  text NOT NULL,
    sql   text NOT NULL,                  -- %1$s: the size (claim lines)
    prep  text
);

-- The untimed preparation of each timed run (same backend, after the
-- untimed EXPLAIN): the hcpcs queries build the backend's edit cache with
-- one hcpcs_ptp_check call, as any earlier PTP call of the session would
-- (the cost of that build is measured separately: cache_build, and
-- hcpcs_fresh, which runs without it); the baselines just load the library.
\set prep_cache 'SELECT hcpcs_ptp_check(''0001A'', ''0591T'', date ''2024-07-01'')'
\set prep_lib 'LOAD ''hcpcs'''

INSERT INTO ptp_template VALUES
-- What a user runs: group the claim lines into hcpcs_claim_line arrays and
-- check every claim; the grouping is part of the timed query.
(1, 'hcpcs', $q$SELECT count(*) FILTER (WHERE denied_line IS NOT NULL), count(*) FILTER (WHERE bypassed)
FROM (SELECT claim_id, array_agg(ROW(line, code, array_remove(ARRAY[mod1, mod2, mod3, mod4], NULL), dos, units)::hcpcs_claim_line) AS lines
      FROM lines_%1$s GROUP BY claim_id) c,
     LATERAL hcpcs_ptp_claim(c.lines) e$q$, :'prep_cache'),
-- The function alone, over claims already stored as arrays.
(2, 'hcpcs_pregrouped', $q$SELECT count(*) FILTER (WHERE denied_line IS NOT NULL), count(*) FILTER (WHERE bypassed)
FROM claims_%1$s c, LATERAL hcpcs_ptp_claim(c.lines) e$q$, :'prep_cache'),
-- Plain SQL over hcpcs_code/hcpcs_modifier columns and the extension's own
-- edit table (current practitioner release) and modifier policy table.
-- Two ways to join the edits in both directions: OR in the join condition,
-- or UNION ALL of one join per direction.
(3, 'typed_or', $q$SELECT count(*) FILTER (WHERE NOT bypassed), count(*) FILTER (WHERE bypassed)
FROM (SELECT e.modifier_indicator = 1
             AND EXISTS (SELECT FROM hcpcs_modifiers m
                         WHERE m.ptp_associated
                           AND m.modifier IN (a.mod1, a.mod2, a.mod3, a.mod4, b.mod1, b.mod2, b.mod3, b.mod4)) AS bypassed
      FROM lines_%1$s a
      JOIN lines_%1$s b ON b.claim_id = a.claim_id AND b.dos = a.dos AND a.line < b.line
      JOIN hcpcs_ptp_edits e ON (e.column1 = a.code AND e.column2 = b.code) OR (e.column1 = b.code AND e.column2 = a.code)
      WHERE e.release_id = (SELECT release_id FROM hcpcs_ptp_current WHERE setting = 'practitioner')
        AND e.modifier_indicator IN (0, 1)
        AND e.effective <= a.dos AND (e.deletion IS NULL OR a.dos <= e.deletion)) s$q$, :'prep_lib'),
(4, 'typed_union', $q$SELECT count(*) FILTER (WHERE NOT bypassed), count(*) FILTER (WHERE bypassed)
FROM (SELECT e.modifier_indicator = 1
             AND EXISTS (SELECT FROM hcpcs_modifiers m
                         WHERE m.ptp_associated
                           AND m.modifier IN (a.mod1, a.mod2, a.mod3, a.mod4, b.mod1, b.mod2, b.mod3, b.mod4)) AS bypassed
      FROM lines_%1$s a
      JOIN lines_%1$s b ON b.claim_id = a.claim_id AND b.dos = a.dos AND a.line < b.line
      JOIN hcpcs_ptp_edits e ON e.column1 = a.code AND e.column2 = b.code
      WHERE e.release_id = (SELECT release_id FROM hcpcs_ptp_current WHERE setting = 'practitioner')
        AND e.modifier_indicator IN (0, 1)
        AND e.effective <= a.dos AND (e.deletion IS NULL OR a.dos <= e.deletion)
      UNION ALL
      SELECT e.modifier_indicator = 1
             AND EXISTS (SELECT FROM hcpcs_modifiers m
                         WHERE m.ptp_associated
                           AND m.modifier IN (a.mod1, a.mod2, a.mod3, a.mod4, b.mod1, b.mod2, b.mod3, b.mod4))
      FROM lines_%1$s a
      JOIN lines_%1$s b ON b.claim_id = a.claim_id AND b.dos = a.dos AND a.line < b.line
      JOIN hcpcs_ptp_edits e ON e.column1 = b.code AND e.column2 = a.code
      WHERE e.release_id = (SELECT release_id FROM hcpcs_ptp_current WHERE setting = 'practitioner')
        AND e.modifier_indicator IN (0, 1)
        AND e.effective <= a.dos AND (e.deletion IS NULL OR a.dos <= e.deletion)) s$q$, :'prep_lib'),
-- Plain SQL without the extension: text lines, the CMS file loaded as text
-- (dates as date), the modifier list as a text table.
(5, 'text_or', $q$SELECT count(*) FILTER (WHERE NOT bypassed), count(*) FILTER (WHERE bypassed)
FROM (SELECT e.indicator = '1'
             AND EXISTS (SELECT FROM ptp_modifiers_text m
                         WHERE m.modifier IN (a.mod1, a.mod2, a.mod3, a.mod4, b.mod1, b.mod2, b.mod3, b.mod4)) AS bypassed
      FROM lines_text_%1$s a
      JOIN lines_text_%1$s b ON b.claim_id = a.claim_id AND b.dos = a.dos AND a.line < b.line
      JOIN ptp_text e ON (e.column1 = a.code AND e.column2 = b.code) OR (e.column1 = b.code AND e.column2 = a.code)
      WHERE e.indicator IN ('0', '1')
        AND e.effective <= a.dos AND (e.deletion IS NULL OR a.dos <= e.deletion)) s$q$, :'prep_lib'),
(6, 'text_union', $q$SELECT count(*) FILTER (WHERE NOT bypassed), count(*) FILTER (WHERE bypassed)
FROM (SELECT e.indicator = '1'
             AND EXISTS (SELECT FROM ptp_modifiers_text m
                         WHERE m.modifier IN (a.mod1, a.mod2, a.mod3, a.mod4, b.mod1, b.mod2, b.mod3, b.mod4)) AS bypassed
      FROM lines_text_%1$s a
      JOIN lines_text_%1$s b ON b.claim_id = a.claim_id AND b.dos = a.dos AND a.line < b.line
      JOIN ptp_text e ON e.column1 = a.code AND e.column2 = b.code
      WHERE e.indicator IN ('0', '1')
        AND e.effective <= a.dos AND (e.deletion IS NULL OR a.dos <= e.deletion)
      UNION ALL
      SELECT e.indicator = '1'
             AND EXISTS (SELECT FROM ptp_modifiers_text m
                         WHERE m.modifier IN (a.mod1, a.mod2, a.mod3, a.mod4, b.mod1, b.mod2, b.mod3, b.mod4))
      FROM lines_text_%1$s a
      JOIN lines_text_%1$s b ON b.claim_id = a.claim_id AND b.dos = a.dos AND a.line < b.line
      JOIN ptp_text e ON e.column1 = b.code AND e.column2 = a.code
      WHERE e.indicator IN ('0', '1')
        AND e.effective <= a.dos AND (e.deletion IS NULL OR a.dos <= e.deletion)) s$q$, :'prep_lib');

-- Every template at every size.  The OR variants are measured at the
-- biggest size only (bench_ptp.sh keeps the faster variant of each
-- baseline for the other sizes).  Rounds: :runs, :runs_big at the two
-- biggest sizes.
INSERT INTO bench_query (ord, name, query, kind, rounds, cold, prep)
SELECT 1000 * t.ord + row_number() OVER (PARTITION BY t.ord ORDER BY s.lines),
       t.name || '@' || s.lines, format(t.sql, s.lines), 'repeat',
       CASE WHEN s.lines >= (SELECT lines FROM ptp_size ORDER BY lines DESC OFFSET 1 LIMIT 1)
            THEN :runs_big ELSE :runs END,
       s.lines = :lines AND t.name NOT LIKE '%\_or', t.prep
FROM ptp_template t CROSS JOIN ptp_size s
WHERE t.name NOT LIKE '%\_or' OR s.lines = :lines;

-- At the biggest size only:
INSERT INTO bench_query (ord, name, query, kind, rounds, cold, prep)
SELECT 10000 + v.ord, v.name, v.query, 'repeat', :runs_big, v.cold, v.prep
FROM (VALUES
    -- the first PTP call of a fresh backend: builds the edit cache
    (1, 'cache_build', :'prep_cache', true, :'prep_lib'),
    -- the user's query as the first statement of a session (cache built inside)
    (2, 'hcpcs_fresh@' || :lines, (SELECT query FROM bench_query WHERE name = 'hcpcs@' || :lines), false, :'prep_lib'),
    -- parallel: the pre-grouped check with 0 and with 2 workers per Gather,
    -- the planner pushed to a parallel plan; the leader's cache is built
    -- in prep, each worker builds its own inside the timed query
    (3, 'par0@' || :lines, (SELECT query FROM bench_query WHERE name = 'hcpcs_pregrouped@' || :lines), false,
     'SELECT set_config(''max_parallel_workers_per_gather'', ''0'', false), set_config(''parallel_setup_cost'', ''0'', false), '
     || 'set_config(''parallel_tuple_cost'', ''0'', false), set_config(''min_parallel_table_scan_size'', ''0'', false), '
     || 'hcpcs_ptp_check(''0001A'', ''0591T'', date ''2024-07-01'')'),
    (4, 'par2@' || :lines, (SELECT query FROM bench_query WHERE name = 'hcpcs_pregrouped@' || :lines), false,
     'SELECT set_config(''max_parallel_workers_per_gather'', ''2'', false), set_config(''parallel_setup_cost'', ''0'', false), '
     || 'set_config(''parallel_tuple_cost'', ''0'', false), set_config(''min_parallel_table_scan_size'', ''0'', false), '
     || 'hcpcs_ptp_check(''0001A'', ''0591T'', date ''2024-07-01'')')
) v(ord, name, query, cold, prep);
