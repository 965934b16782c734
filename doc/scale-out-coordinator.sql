-- doc/scale-out-coordinator.sql: run ONCE on the COORDINATOR, after every
-- shard ran doc/scale-out-shard.sql.  Part of the recipe in doc/scale-out.md;
-- tests/tap/t/010_fdw_shards.pl and the benchmarks load this very file.
--
--   psql -d claims -v shards='host=10.0.0.2 port=5432 dbname=claims;host=10.0.0.3 port=5432 dbname=claims' \
--        [-v shard_user=remote_role -v shard_password=secret] -f doc/scale-out-coordinator.sql
--
-- shards: one libpq "keyword=value ..." list per shard, separated by ';'.
-- Shard i (from 1) gets the foreign server shard<i> and holds the claims whose
-- claim_id hashes to remainder i-1 modulo the number of shards.
--
-- It creates, as tables partitioned by HASH (claim_id) whose partitions are
-- postgres_fdw foreign tables (one per shard):
--   claim_lines          the claim lines (INSERT here routes each row to its shard)
--   claim_ptp_edits      the shards' view of the PTP edits of each claim
--   claim_lines_checked  the shards' view of the lines with hcpcs_is_active
-- and, for verifying that every node holds the same reference tables,
--   hcpcs_fingerprints          (node, object, rows, fingerprint): the extension's view
--                               hcpcs_reference_fingerprint of the coordinator and of every shard
--   hcpcs_fingerprint_mismatch  the (node, object) whose fingerprint differs from the
--                               coordinator's: no rows means every node holds the same data

\set ON_ERROR_STOP on
\if :{?shards}
\else
\echo 'doc/scale-out-coordinator.sql: pass the shards, e.g. -v shards=''host=h1 dbname=claims;host=h2 dbname=claims'''
\quit
\endif
\if :{?shard_user}
\else
\set shard_user ''
\endif
\if :{?shard_password}
\else
\set shard_password ''
\endif

CREATE EXTENSION IF NOT EXISTS hcpcs;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;

CREATE TABLE claim_lines (
    claim_id       bigint NOT NULL,
    line           integer NOT NULL,
    beneficiary_id text,
    provider_id    text,
    code           hcpcs_code NOT NULL,
    modifier1      hcpcs_modifier,
    modifier2      hcpcs_modifier,
    modifier3      hcpcs_modifier,
    modifier4      hcpcs_modifier,
    dos            date NOT NULL,
    units          numeric
) PARTITION BY HASH (claim_id);

CREATE TABLE claim_ptp_edits (
    claim_id           bigint,
    line_column1       integer,
    line_column2       integer,
    denied_line        integer,
    column1            hcpcs_code,
    column2            hcpcs_code,
    denied             hcpcs_code,
    modifier_indicator smallint,
    bypassed           boolean,
    bypass_modifier    hcpcs_modifier,
    effective          date,
    deletion           date,
    rationale          text,
    release            bigint,
    note               text
) PARTITION BY HASH (claim_id);

-- (the claim lines' columns, NOT NULL included, and the shard's verdict)
CREATE TABLE claim_lines_checked (
    LIKE claim_lines,
    code_active    boolean
) PARTITION BY HASH (claim_id);

SELECT pg_catalog.set_config('scaleout.shards', :'shards', false) AS shards,
       pg_catalog.set_config('scaleout.shard_user', :'shard_user', false) AS shard_user,
       pg_catalog.set_config('scaleout.shard_password', :'shard_password', false) AS shard_password \gset _scaleout_

DO $do$
DECLARE
    shards   text[] := pg_catalog.string_to_array(pg_catalog.current_setting('scaleout.shards'), ';');
    usr      text := pg_catalog.current_setting('scaleout.shard_user');
    pwd      text := pg_catalog.current_setting('scaleout.shard_password');
    n        integer := pg_catalog.cardinality(shards);
    i        integer;
    srv      text;
    opts     text;
    mapping  text;
    fps      text := $q$SELECT 'coordinator'::text AS node, f.object, f.rows, f.fingerprint FROM hcpcs_reference_fingerprint f$q$;
BEGIN
    IF n IS NULL OR n = 0 THEN
        RAISE EXCEPTION 'no shards given';
    END IF;
    FOR i IN 1 .. n LOOP
        srv := 'shard' || i;
        -- the connection options of the shard, one "keyword 'value'" each
        SELECT pg_catalog.string_agg(pg_catalog.format('%I %L', m[1], m[2]), ', ')
        INTO opts
        FROM pg_catalog.regexp_matches(shards[i], '(\w+)\s*=\s*(\S+)', 'g') AS m;
        -- extensions 'hcpcs': immutable hcpcs functions and operators are
        -- shipped; async_capable: the shards of one Append scan concurrently
        EXECUTE pg_catalog.format(
            'CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (%s, '
            'extensions %L, async_capable %L, fetch_size %L, batch_size %L)',
            srv, opts, 'hcpcs', 'true', '10000', '1000');
        mapping := pg_catalog.concat_ws(', ',
            CASE WHEN usr <> '' THEN pg_catalog.format('user %L', usr) END,
            CASE WHEN pwd <> '' THEN pg_catalog.format('password %L', pwd) END);
        EXECUTE pg_catalog.format('CREATE USER MAPPING FOR CURRENT_USER SERVER %I%s', srv,
            CASE WHEN mapping <> '' THEN ' OPTIONS (' || mapping || ')' ELSE '' END);
        EXECUTE pg_catalog.format(
            'CREATE FOREIGN TABLE %I PARTITION OF claim_lines FOR VALUES WITH (MODULUS %s, REMAINDER %s) '
            'SERVER %I OPTIONS (table_name %L)', 'claim_lines_' || srv, n, i - 1, srv, 'claim_lines');
        EXECUTE pg_catalog.format(
            'CREATE FOREIGN TABLE %I PARTITION OF claim_ptp_edits FOR VALUES WITH (MODULUS %s, REMAINDER %s) '
            'SERVER %I OPTIONS (table_name %L)', 'claim_ptp_edits_' || srv, n, i - 1, srv, 'claim_ptp_edits');
        EXECUTE pg_catalog.format(
            'CREATE FOREIGN TABLE %I PARTITION OF claim_lines_checked FOR VALUES WITH (MODULUS %s, REMAINDER %s) '
            'SERVER %I OPTIONS (table_name %L)', 'claim_lines_checked_' || srv, n, i - 1, srv, 'claim_lines_checked');
        EXECUTE pg_catalog.format(
            'CREATE FOREIGN TABLE %I (object text, rows bigint, fingerprint text) '
            'SERVER %I OPTIONS (table_name %L)', 'hcpcs_fingerprint_' || srv, srv,
            'hcpcs_reference_fingerprint');
        fps := fps || pg_catalog.format(' UNION ALL SELECT %L, f.object, f.rows, f.fingerprint FROM %I f',
                                        srv, 'hcpcs_fingerprint_' || srv);
    END LOOP;
    EXECUTE 'CREATE VIEW hcpcs_fingerprints AS ' || fps;
END
$do$;

CREATE VIEW hcpcs_fingerprint_mismatch AS
SELECT n.node, o.object, c.rows AS coordinator_rows, s.rows AS node_rows,
       c.fingerprint AS coordinator_fingerprint, s.fingerprint AS node_fingerprint
FROM (SELECT DISTINCT f.node FROM hcpcs_fingerprints f WHERE f.node <> 'coordinator') n
CROSS JOIN (SELECT DISTINCT f.object FROM hcpcs_fingerprints f) o
LEFT JOIN hcpcs_fingerprints c ON c.node = 'coordinator' AND c.object = o.object
LEFT JOIN hcpcs_fingerprints s ON s.node = n.node AND s.object = o.object
WHERE c.fingerprint IS DISTINCT FROM s.fingerprint OR c.rows IS DISTINCT FROM s.rows;
