--
-- Scale-out (doc/scale-out.md): the reference-data fingerprint every node
-- compares, and what Citus and postgres_fdw need of the extension's catalog.
-- The multi-server behaviour itself is tested in tests/tap/t/010_fdw_shards.pl.
--
\getenv datadir HCPCS_DATA
\set excerpt :datadir '/cms/ncci/ccipra-v322r0-f1.excerpt.txt'

-- All in one transaction that starts by emptying the PTP tables: an earlier
-- test loaded the full 2.5 M-row table, and fingerprinting it takes seconds
-- each time.  (Results to compare across a rollback to a savepoint are kept
-- in psql variables.)
CREATE TEMP TABLE fp (step text, object text, rows bigint, fingerprint text);
BEGIN;
SET LOCAL client_min_messages = warning;
TRUNCATE hcpcs_ptp_current, hcpcs_ptp_index, hcpcs_ptp_edits;
DELETE FROM hcpcs_releases WHERE kind = 'ptp';
SAVEPOINT empty;

-- One row per reference table, and the extension version
SELECT object, rows >= 0 AS counted, fingerprint ~ '^[0-9a-f]{32}$' AS is_md5
FROM hcpcs_reference_fingerprint ORDER BY object;
SELECT fingerprint = md5('1:' || (('x' || substr(md5('hcpcs/' || extversion), 1, 15))::bit(60)::bigint)::text)
       AS extension_row_is_the_version
FROM hcpcs_reference_fingerprint, pg_extension
WHERE object = 'extension' AND extname = 'hcpcs';
SELECT obj_description('hcpcs_reference_fingerprint'::regclass, 'pg_class') IS NOT NULL AS has_comment,
       has_table_privilege('public', 'hcpcs_reference_fingerprint', 'SELECT') AS public_may_read;

-- The same content under another release id gives the same fingerprints:
-- load the excerpt, roll back, load it again (sequences do not roll back,
-- so its release id is another)
SELECT hcpcs_load_ptp(ARRAY[:'excerpt'], 'practitioner') AS rows_loaded;
SELECT (SELECT release_id FROM hcpcs_ptp_current) AS first_id,
       (SELECT string_agg(f.object || ' ' || f.rows || ' ' || f.fingerprint, ',' ORDER BY f.object)
        FROM hcpcs_reference_fingerprint f) AS first_fp \gset
ROLLBACK TO empty;
SELECT hcpcs_load_ptp(ARRAY[:'excerpt'], 'practitioner') AS rows_loaded;
INSERT INTO fp SELECT 'again', * FROM hcpcs_reference_fingerprint;
SELECT release_id <> :first_id AS other_release_id FROM hcpcs_ptp_current;
SELECT split_part(a, ' ', 1) AS object, a = b AS same
FROM unnest(string_to_array(:'first_fp', ','),
            ARRAY(SELECT f.object || ' ' || f.rows || ' ' || f.fingerprint
                  FROM hcpcs_reference_fingerprint f ORDER BY f.object)) AS u(a, b)
ORDER BY 1;

-- Every change a check would see moves the fingerprint of its table, and only it
SAVEPOINT loaded;
UPDATE hcpcs_modifiers SET ptp_associated = NOT ptp_associated WHERE modifier = 'XS';
SELECT f.object FROM fp a JOIN hcpcs_reference_fingerprint f ON f.object = a.object
WHERE a.step = 'again' AND a.fingerprint <> f.fingerprint ORDER BY 1;
ROLLBACK TO loaded;
-- (an edit changed by hand: same row count, other content)
UPDATE hcpcs_ptp_edits SET deletion = deletion + 1
WHERE edit_id = (SELECT min(edit_id) FROM hcpcs_ptp_edits WHERE deletion IS NOT NULL);
SELECT f.object, a.rows = f.rows AS same_rows FROM fp a JOIN hcpcs_reference_fingerprint f ON f.object = a.object
WHERE a.step = 'again' AND a.fingerprint <> f.fingerprint ORDER BY 1;
ROLLBACK TO loaded;
-- (another release made current: the excerpt without its last rows)
CREATE TEMP TABLE stage (part int, lineno bigint, line text);
INSERT INTO stage
SELECT 1, n, l FROM unnest(string_to_array(pg_read_file(:'excerpt'), E'\r\n')) WITH ORDINALITY AS u(l, n)
WHERE l <> '' AND n < 150;
SELECT hcpcs_load_ptp_staged('stage', ARRAY['shorter.txt'], 'practitioner', period => '2026Q4',
                             as_of => '2026-10-01', make_current => false) AS rows_loaded;
INSERT INTO fp SELECT 'two releases', * FROM hcpcs_reference_fingerprint;
SELECT hcpcs_ptp_set_current((SELECT max(release_id) FROM hcpcs_releases WHERE kind = 'ptp'));
SELECT f.object FROM fp a JOIN hcpcs_reference_fingerprint f ON f.object = a.object
WHERE a.step = 'two releases' AND a.fingerprint <> f.fingerprint ORDER BY 1;
ROLLBACK;

-- postgres_fdw ships only objects of the extensions listed in a server's
-- "extensions" option: the array types of codes and modifiers are members,
-- so "code IN (...)" and "modifier = ANY (...)" are shipped to shards
SELECT pg_describe_object(classid, objid, 0) AS member_type
FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hcpcs')
  AND classid = 'pg_type'::regclass
ORDER BY 1;

-- Citus distributes by the hash function of the column type's default hash
-- operator class (support function 1): both types have one, and it is
-- core's hashint4 / hashint2 of the frozen encoding (the values themselves
-- are pinned in code_ops.sql and modifier.sql)
SELECT opc.opcintype::regtype, opc.opcname, p.amproc::regproc, pr.prosrc
FROM pg_opclass opc
JOIN pg_am am ON am.oid = opc.opcmethod AND am.amname = 'hash'
JOIN pg_amproc p ON p.amprocfamily = opc.opcfamily AND p.amprocnum = 1
                 AND p.amproclefttype = opc.opcintype
JOIN pg_proc pr ON pr.oid = p.amproc
WHERE opc.opcdefault AND opc.opcintype IN ('hcpcs_code'::regtype, 'hcpcs_modifier'::regtype)
ORDER BY 1;
-- The shard a Citus table of 32 shards puts a code in (hash ranges of equal
-- width from -2^31): frozen with the hash values
SELECT c, hcpcs_code_hash(c::hcpcs_code) AS hash,
       floor((hcpcs_code_hash(c::hcpcs_code)::numeric + 2147483648) / (4294967296 / 32))::int AS shard_of_32
FROM unnest('{00100,99213,0001A,0591T,3074F,J1100,G0438}'::text[]) AS c;
