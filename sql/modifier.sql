--
-- hcpcs_modifier: input, normalization, errors, operators, opclasses,
-- pinned encoding and hashes, binary I/O, arrays, casts.
--

SELECT m::hcpcs_modifier AS modifier, hcpcs_modifier_send(m::hcpcs_modifier) AS bytes
FROM (VALUES ('25'), ('59'), ('1P'), ('LT'), ('rt'), (' xs '), (E'E1\u00a0'), ('00'), ('ZZ')) AS v(m);

-- ordered like its text (C order: digits before letters)
SELECT array_agg(m ORDER BY m) FROM unnest('{XS,25,LT,1P,E1,59,91,FA,F1}'::hcpcs_modifier[]) m;
SELECT array_agg(m::text ORDER BY m::text COLLATE "C") FROM unnest('{XS,25,LT,1P,E1,59,91,FA,F1}'::hcpcs_modifier[]) m;

-- rejections: each reason, with its detail and hint
SELECT ''::hcpcs_modifier;
SELECT '5'::hcpcs_modifier;
SELECT '-25'::hcpcs_modifier;
SELECT '255'::hcpcs_modifier;
SELECT 'LTRT'::hcpcs_modifier;
SELECT '99213'::hcpcs_modifier;
SELECT 'L-'::hcpcs_modifier;
SELECT ' 2 '::hcpcs_modifier;
SELECT E'2\u00e9'::hcpcs_modifier;
\set VERBOSITY sqlstate
SELECT 'L-'::hcpcs_modifier;
\set VERBOSITY default

-- without raising
SELECT v, hcpcs_modifier_is_valid(v), hcpcs_modifier_or_null(v), hcpcs_modifier_invalid_reason(v)
FROM (VALUES ('25'), (' lt'), ('-25'), ('LTRT'), (''), (NULL)) AS t(v);

-- operators and their metadata
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       hcpcs_modifier_cmp(a, b) AS cmp
FROM (VALUES ('25'::hcpcs_modifier, '25'::hcpcs_modifier), ('25', '59'), ('LT', 'RT'), ('XS', '1P')) AS v(a, b);
SELECT oprname, oprcom::regoperator, oprnegate::regoperator, oprrest, oprjoin, oprcanhash, oprcanmerge
FROM pg_operator
WHERE oprleft = 'hcpcs_modifier'::regtype AND oprright = 'hcpcs_modifier'::regtype
ORDER BY oprname;
SELECT opcname, amname, amvalidate(c.oid)
FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE opcintype = 'hcpcs_modifier'::regtype ORDER BY 1;

-- hash values are frozen: core's int2 hashes of the encoding
SELECT m, hcpcs_modifier_hash(m::hcpcs_modifier), hcpcs_modifier_hash_extended(m::hcpcs_modifier, 0),
       hcpcs_modifier_hash(m::hcpcs_modifier) = hashint2(('x' || encode(hcpcs_modifier_send(m::hcpcs_modifier), 'hex'))::bit(16)::int::int2) AS is_int2_hash
FROM (VALUES ('25'), ('59'), ('LT'), ('XS')) AS v(m);

-- arrays, aggregates, indexes, joins, grouping, partitioning
CREATE TABLE line_mods (line int, modifiers hcpcs_modifier[]);
INSERT INTO line_mods VALUES (1, '{25}'), (2, '{59,LT}'), (3, '{}'), (4, ARRAY['xs', 'rt']), (5, NULL);
SELECT line, modifiers, '25' = ANY (modifiers) AS has_25, modifiers && '{LT,RT}' AS anatomic,
       array_length(modifiers, 1)
FROM line_mods ORDER BY line;
SELECT min(m), max(m), count(DISTINCT m) FROM line_mods, unnest(modifiers) m;
SELECT m, count(*) FROM line_mods, unnest(modifiers) m GROUP BY m ORDER BY m;
CREATE INDEX ON line_mods USING gin (modifiers);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT line FROM line_mods WHERE modifiers @> '{LT}';
SELECT line FROM line_mods WHERE modifiers @> '{LT}';
RESET enable_seqscan;
CREATE TABLE mod_part (m hcpcs_modifier) PARTITION BY HASH (m);
CREATE TABLE mod_part0 PARTITION OF mod_part FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE mod_part1 PARTITION OF mod_part FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO mod_part SELECT unnest('{25,59,LT,RT,XS,XU}'::hcpcs_modifier[]);
SELECT tableoid::regclass, array_agg(m ORDER BY m) FROM mod_part GROUP BY 1 ORDER BY 1;

-- the modifier columns of a legacy claims table: text, char(2), a 5-char field
CREATE TABLE legacy (m1 text, m2 char(2), m3 char(5));
INSERT INTO legacy VALUES ('25', 'lt', '   XS');
SELECT ARRAY[m1, m2, m3]::hcpcs_modifier[] FROM legacy;
SELECT ARRAY[m1::hcpcs_modifier, m2::hcpcs_modifier, m3::hcpcs_modifier] FROM legacy;
CREATE TABLE typed (m hcpcs_modifier);
INSERT INTO typed SELECT m1 FROM legacy;
INSERT INTO typed SELECT m2 FROM legacy;
INSERT INTO typed SELECT m3 FROM legacy;
SELECT m, m::text AS text FROM typed ORDER BY 1;

-- binary COPY round trip of a modifier array column
\copy line_mods TO 'results/hcpcs_mods.bin' WITH (FORMAT binary)
CREATE TABLE line_mods2 (LIKE line_mods);
\copy line_mods2 FROM 'results/hcpcs_mods.bin' WITH (FORMAT binary)
SELECT (SELECT string_agg(coalesce(modifiers::text, '-'), ';' ORDER BY line) FROM line_mods) =
       (SELECT string_agg(coalesce(modifiers::text, '-'), ';' ORDER BY line) FROM line_mods2) AS round_trip_equal;
CREATE TABLE bad_bin (v int2);
INSERT INTO bad_bin VALUES (11565);   -- '-' then '-' : no modifier
\copy bad_bin TO 'results/hcpcs_mod_bad.bin' WITH (FORMAT binary)
CREATE TABLE typed2 (m hcpcs_modifier);
\copy typed2 FROM 'results/hcpcs_mod_bad.bin' WITH (FORMAT binary)

DROP TABLE line_mods, line_mods2, mod_part, legacy, typed, typed2, bad_bin;
