-- bench/scale_setup.sql: the claims of bench/bench_scale.sh, on the single
-- server, after the full practitioner release is loaded and the recipe's
-- doc/scale-out-shard.sql (table claim_lines, views claim_ptp_edits,
-- claim_lines_checked) has run.
-- psql variable :lines (claim lines, 5 per claim).  The shards are copies of
-- this cluster, each keeping its half of the claims (bench_scale.sh).
\set ON_ERROR_STOP on
SET client_min_messages = warning;

\ir lib.sql
\ir claims_gen.sql

-- The claim lines in the recipe's layout.  Provider and beneficiary are
-- derived from the claim (a claim has one of each).
INSERT INTO claim_lines (claim_id, line, beneficiary_id, provider_id, code,
                         modifier1, modifier2, modifier3, modifier4, dos, units)
SELECT claim_id, line, 'B' || (claim_id % 50000), 'P' || (claim_id % 3000), code::hcpcs_code,
       mod1::hcpcs_modifier, mod2::hcpcs_modifier, mod3::hcpcs_modifier, mod4::hcpcs_modifier,
       dos, units
FROM gen_lines ORDER BY claim_id, line;
DROP TABLE gen_lines, gen_claims, gen_codes, gen_pairs;

-- The same claims pre-grouped (doc/ptp.md, "Parallel query", shape 1).
CREATE TABLE claims AS
SELECT claim_id,
       array_agg(ROW(line, code, array_remove(ARRAY[modifier1, modifier2, modifier3, modifier4], NULL),
                     dos, units)::hcpcs_claim_line ORDER BY line) AS lines
FROM claim_lines GROUP BY claim_id ORDER BY claim_id;
ALTER TABLE claims ADD PRIMARY KEY (claim_id);

-- The measured queries.  Each returns one row (edit rows, edits denying a
-- line, edits bypassed): an untimed pass checks that they all agree.
--   grouped_p0 the recipe's view claim_ptp_edits on this server (claim
--              lines grouped by claim, hcpcs_ptp_claim per claim, LATERAL);
--              also run on each shard over its half (shard-local time)
--   srf_p0/p2  the pre-grouped claims, the check in the select list (the
--              shape the planner parallelizes, doc/ptp.md), 0 or 2 workers
--   fdw_all    on the coordinator (database coord, doc/scale-out-coordinator.sql):
--              every edit row of both shards fetched (count(e) needs the
--              whole row), Append of async foreign scans
--   fdw_agg    the counts computed on each shard (an aggregate over each
--              foreign partition is pushed down; PostgreSQL 15 pushes no
--              partial aggregate, so partitionwise aggregation of the
--              parent would not), one row back from each
-- prep (untimed, same backend): the settings and a first check that builds
-- the backend's edit cache; for fdw_* a LIMIT 1 pushed down to each shard,
-- so that the shard backends build theirs.  scale_cold.prep: the settings
-- only (cold runs build caches inside the timed query, as a fresh session
-- does).
\set p0 'SELECT set_config(''max_parallel_workers_per_gather'', ''0'', false)'
\set p2 'SELECT set_config(''max_parallel_workers_per_gather'', ''2'', false)'
\set warm ', hcpcs_ptp_check(''0001A'', ''0591T'', date ''2024-07-01'')'
\set shards ', (SELECT count(*) FROM (SELECT 1 FROM claim_ptp_edits_shard1 LIMIT 1) a, (SELECT 1 FROM claim_ptp_edits_shard2 LIMIT 1) b)'
\set grouped 'SELECT count(e), count(*) FILTER (WHERE e.denied_line IS NOT NULL), count(*) FILTER (WHERE e.bypassed) FROM claim_ptp_edits e'
\set agg 'SELECT sum(n)::bigint, sum(d)::bigint, sum(b)::bigint FROM (SELECT count(*) AS n, count(*) FILTER (WHERE denied_line IS NOT NULL) AS d, count(*) FILTER (WHERE bypassed) AS b FROM claim_ptp_edits_shard1 UNION ALL SELECT count(*), count(*) FILTER (WHERE denied_line IS NOT NULL), count(*) FILTER (WHERE bypassed) FROM claim_ptp_edits_shard2) x'
\set srf 'SELECT count(*), count(*) FILTER (WHERE (e).denied_line IS NOT NULL), count(*) FILTER (WHERE (e).bypassed) FROM (SELECT c.claim_id, hcpcs_ptp_claim(c.lines) AS e FROM claims c) s'
\set p0_warm :p0 :warm
\set p2_warm :p2 :warm
\set p0_shards :p0 :shards
INSERT INTO bench_query (ord, name, query, kind, rounds, cold, prep) VALUES
    (1, 'grouped_p0', :'grouped', 'repeat', NULL, true, :'p0_warm'),
    (2, 'srf_p0', :'srf', 'repeat', NULL, true, :'p0_warm'),
    (3, 'srf_p2', :'srf', 'repeat', NULL, true, :'p2_warm'),
    (4, 'fdw_all', :'grouped', 'repeat', NULL, true, :'p0_shards'),
    (5, 'fdw_agg', :'agg', 'repeat', NULL, true, :'p0_shards');
CREATE TABLE scale_cold (name text PRIMARY KEY, prep text NOT NULL);
INSERT INTO scale_cold VALUES ('grouped_p0', :'p0'), ('srf_p0', :'p0'), ('srf_p2', :'p2'),
                              ('fdw_all', :'p0'), ('fdw_agg', :'p0');
