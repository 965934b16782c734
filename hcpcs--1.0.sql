/* hcpcs--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION hcpcs" to load this file. \quit

--
-- The hcpcs_code type.
--
-- Stored as a 4-byte integer passed by value whose order is the type's order
-- (the encoding is described in src/core/code.h and frozen forever).  So
-- comparison, hashing, sorting and min/max reuse core's int4 functions, as
-- contrib/isn does with int8.
--

CREATE TYPE hcpcs_code;

CREATE FUNCTION hcpcs_code_in(cstring) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_out(hcpcs_code) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_recv(internal) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_send(hcpcs_code) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;

CREATE TYPE hcpcs_code (
    INPUT = hcpcs_code_in,
    OUTPUT = hcpcs_code_out,
    RECEIVE = hcpcs_code_recv,
    SEND = hcpcs_code_send,
    INTERNALLENGTH = 4,
    PASSEDBYVALUE,
    ALIGNMENT = int4,
    STORAGE = plain
);

COMMENT ON TYPE hcpcs_code IS
    'HCPCS procedure code (CPT Level I or HCPCS Level II): validated, 4 bytes, ordered by kind';
COMMENT ON FUNCTION hcpcs_code_in(cstring) IS 'input function of hcpcs_code';
COMMENT ON FUNCTION hcpcs_code_out(hcpcs_code) IS 'output function of hcpcs_code: canonical 5 characters';
COMMENT ON FUNCTION hcpcs_code_recv(internal) IS 'binary input function of hcpcs_code (re-validates)';
COMMENT ON FUNCTION hcpcs_code_send(hcpcs_code) IS 'binary output function of hcpcs_code: the 4-byte encoding';

-- Comparison and hashing: core's int4 functions on the encoding.

CREATE FUNCTION hcpcs_code_eq(hcpcs_code, hcpcs_code) RETURNS boolean
    AS 'int4eq' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_ne(hcpcs_code, hcpcs_code) RETURNS boolean
    AS 'int4ne' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_lt(hcpcs_code, hcpcs_code) RETURNS boolean
    AS 'int4lt' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_le(hcpcs_code, hcpcs_code) RETURNS boolean
    AS 'int4le' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_gt(hcpcs_code, hcpcs_code) RETURNS boolean
    AS 'int4gt' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_ge(hcpcs_code, hcpcs_code) RETURNS boolean
    AS 'int4ge' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_cmp(hcpcs_code, hcpcs_code) RETURNS integer
    AS 'btint4cmp' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_hash(hcpcs_code) RETURNS integer
    AS 'hashint4' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_hash_extended(hcpcs_code, bigint) RETURNS bigint
    AS 'hashint4extended' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_smaller(hcpcs_code, hcpcs_code) RETURNS hcpcs_code
    AS 'int4smaller' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_larger(hcpcs_code, hcpcs_code) RETURNS hcpcs_code
    AS 'int4larger' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;

COMMENT ON FUNCTION hcpcs_code_eq(hcpcs_code, hcpcs_code) IS 'implementation of = for hcpcs_code';
COMMENT ON FUNCTION hcpcs_code_ne(hcpcs_code, hcpcs_code) IS 'implementation of <> for hcpcs_code';
COMMENT ON FUNCTION hcpcs_code_lt(hcpcs_code, hcpcs_code) IS 'implementation of < for hcpcs_code';
COMMENT ON FUNCTION hcpcs_code_le(hcpcs_code, hcpcs_code) IS 'implementation of <= for hcpcs_code';
COMMENT ON FUNCTION hcpcs_code_gt(hcpcs_code, hcpcs_code) IS 'implementation of > for hcpcs_code';
COMMENT ON FUNCTION hcpcs_code_ge(hcpcs_code, hcpcs_code) IS 'implementation of >= for hcpcs_code';
COMMENT ON FUNCTION hcpcs_code_cmp(hcpcs_code, hcpcs_code) IS 'btree comparison function of hcpcs_code';
COMMENT ON FUNCTION hcpcs_code_hash(hcpcs_code) IS 'hash function of hcpcs_code (frozen: hash partitions depend on it)';
COMMENT ON FUNCTION hcpcs_code_hash_extended(hcpcs_code, bigint) IS 'seeded 64-bit hash function of hcpcs_code (frozen: hash partitions depend on it)';
COMMENT ON FUNCTION hcpcs_code_smaller(hcpcs_code, hcpcs_code) IS 'the smaller of two codes (state function of min)';
COMMENT ON FUNCTION hcpcs_code_larger(hcpcs_code, hcpcs_code) IS 'the larger of two codes (state function of max)';

CREATE OPERATOR = (
    LEFTARG = hcpcs_code, RIGHTARG = hcpcs_code, FUNCTION = hcpcs_code_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR <> (
    LEFTARG = hcpcs_code, RIGHTARG = hcpcs_code, FUNCTION = hcpcs_code_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
    LEFTARG = hcpcs_code, RIGHTARG = hcpcs_code, FUNCTION = hcpcs_code_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
    LEFTARG = hcpcs_code, RIGHTARG = hcpcs_code, FUNCTION = hcpcs_code_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
    LEFTARG = hcpcs_code, RIGHTARG = hcpcs_code, FUNCTION = hcpcs_code_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
    LEFTARG = hcpcs_code, RIGHTARG = hcpcs_code, FUNCTION = hcpcs_code_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR = (hcpcs_code, hcpcs_code) IS 'equal';
COMMENT ON OPERATOR <> (hcpcs_code, hcpcs_code) IS 'not equal';
COMMENT ON OPERATOR < (hcpcs_code, hcpcs_code) IS 'less than (in code order: Level I by category, then Level II)';
COMMENT ON OPERATOR <= (hcpcs_code, hcpcs_code) IS 'less than or equal (in code order)';
COMMENT ON OPERATOR > (hcpcs_code, hcpcs_code) IS 'greater than (in code order)';
COMMENT ON OPERATOR >= (hcpcs_code, hcpcs_code) IS 'greater than or equal (in code order)';

CREATE OPERATOR CLASS hcpcs_code_ops
    DEFAULT FOR TYPE hcpcs_code USING btree AS
        OPERATOR 1 <,
        OPERATOR 2 <=,
        OPERATOR 3 =,
        OPERATOR 4 >=,
        OPERATOR 5 >,
        FUNCTION 1 hcpcs_code_cmp(hcpcs_code, hcpcs_code),
        FUNCTION 2 pg_catalog.btint4sortsupport(internal),
        FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS hcpcs_code_hash_ops
    DEFAULT FOR TYPE hcpcs_code USING hash AS
        OPERATOR 1 =,
        FUNCTION 1 hcpcs_code_hash(hcpcs_code),
        FUNCTION 2 hcpcs_code_hash_extended(hcpcs_code, bigint);

COMMENT ON OPERATOR FAMILY hcpcs_code_ops USING btree IS
    'btree operators of hcpcs_code';
COMMENT ON OPERATOR FAMILY hcpcs_code_hash_ops USING hash IS
    'hash operators of hcpcs_code';
COMMENT ON OPERATOR CLASS hcpcs_code_ops USING btree IS
    'default btree operator class of hcpcs_code (code order, deduplication)';
COMMENT ON OPERATOR CLASS hcpcs_code_hash_ops USING hash IS
    'default hash operator class of hcpcs_code (hash joins, hash partitioning)';

CREATE AGGREGATE min(hcpcs_code) (
    SFUNC = hcpcs_code_smaller, STYPE = hcpcs_code,
    COMBINEFUNC = hcpcs_code_smaller, SORTOP = <, PARALLEL = SAFE
);
CREATE AGGREGATE max(hcpcs_code) (
    SFUNC = hcpcs_code_larger, STYPE = hcpcs_code,
    COMBINEFUNC = hcpcs_code_larger, SORTOP = >, PARALLEL = SAFE
);
COMMENT ON AGGREGATE min(hcpcs_code) IS 'the first code in code order';
COMMENT ON AGGREGATE max(hcpcs_code) IS 'the last code in code order';

--
-- Casts: assignment casts from the string types (so INSERT ... SELECT from a
-- text or char(5) column validates every value), none implicit.
--

CREATE FUNCTION hcpcs_code(text) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME', 'hcpcs_code_from_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_code(bpchar) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME', 'hcpcs_code_from_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_text(hcpcs_code) RETURNS text
    AS 'MODULE_PATHNAME', 'hcpcs_code_to_text'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;

COMMENT ON FUNCTION hcpcs_code(text) IS 'convert text to hcpcs_code (trims, uppercases, rejects anything that is not a code)';
COMMENT ON FUNCTION hcpcs_code(bpchar) IS 'convert char(n) to hcpcs_code (trims, uppercases, rejects anything that is not a code)';
COMMENT ON FUNCTION hcpcs_code_text(hcpcs_code) IS 'convert hcpcs_code to its canonical 5-character text';

CREATE CAST (text AS hcpcs_code) WITH FUNCTION hcpcs_code(text) AS ASSIGNMENT;
CREATE CAST (varchar AS hcpcs_code) WITH FUNCTION hcpcs_code(text) AS ASSIGNMENT;
CREATE CAST (bpchar AS hcpcs_code) WITH FUNCTION hcpcs_code(bpchar) AS ASSIGNMENT;
CREATE CAST (hcpcs_code AS text) WITH FUNCTION hcpcs_code_text(hcpcs_code) AS ASSIGNMENT;

COMMENT ON CAST (text AS hcpcs_code) IS 'validate and normalize text as a code (assignment cast)';
COMMENT ON CAST (varchar AS hcpcs_code) IS 'validate and normalize varchar as a code (assignment cast)';
COMMENT ON CAST (bpchar AS hcpcs_code) IS 'validate and normalize char(n) as a code (assignment cast)';
COMMENT ON CAST (hcpcs_code AS text) IS 'canonical 5-character text of a code (assignment cast)';

--
-- Checking dirty text without raising.
--

CREATE FUNCTION hcpcs_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_or_null(text) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_invalid_reason(text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION hcpcs_is_valid(text) IS 'true if the text is a valid code (after trimming and uppercasing); never raises an error';
COMMENT ON FUNCTION hcpcs_code_or_null(text) IS 'the text as hcpcs_code, or NULL if it is not a valid code; never raises an error';
COMMENT ON FUNCTION hcpcs_invalid_reason(text) IS 'why the text is not a valid code (the error''s detail and hint), or NULL if it is one; never raises an error';

--
-- Classification.  Labels are fixed: users and tools match on them.
--

CREATE FUNCTION hcpcs_level(hcpcs_code) RETURNS smallint
    AS 'MODULE_PATHNAME', 'hcpcs_code_level'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_category(hcpcs_code) RETURNS text
    AS 'MODULE_PATHNAME', 'hcpcs_code_category'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_section(hcpcs_code) RETURNS text
    AS 'MODULE_PATHNAME', 'hcpcs_code_section'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;

COMMENT ON FUNCTION hcpcs_level(hcpcs_code) IS 'HCPCS level: 1 (CPT) or 2 (HCPCS Level II)';
COMMENT ON FUNCTION hcpcs_category(hcpcs_code) IS
    'CPT Category I, CPT Administrative MAAA, CPT PLA, CPT Category II, CPT Category III or HCPCS Level II';
COMMENT ON FUNCTION hcpcs_section(hcpcs_code) IS
    'CPT section (Evaluation and Management, Anesthesia, Surgery, Radiology, Pathology and Laboratory, Medicine) or Level II section of its letter; NULL for Category II/III and codes outside every range';

--
-- hcpcs_class: a named class of codes, for the @@ operator.
--

CREATE TYPE hcpcs_class;

CREATE FUNCTION hcpcs_class_in(cstring) RETURNS hcpcs_class
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_class_out(hcpcs_class) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_class_recv(internal) RETURNS hcpcs_class
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_class_send(hcpcs_class) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;

CREATE TYPE hcpcs_class (
    INPUT = hcpcs_class_in,
    OUTPUT = hcpcs_class_out,
    RECEIVE = hcpcs_class_recv,
    SEND = hcpcs_class_send,
    INTERNALLENGTH = 2,
    PASSEDBYVALUE,
    ALIGNMENT = int2,
    STORAGE = plain
);

COMMENT ON TYPE hcpcs_class IS
    'a class of HCPCS codes: a level, a category, a CPT section or a Level II section letter';
COMMENT ON FUNCTION hcpcs_class_in(cstring) IS 'input function of hcpcs_class (class name, case-insensitive)';
COMMENT ON FUNCTION hcpcs_class_out(hcpcs_class) IS 'output function of hcpcs_class: canonical class name';
COMMENT ON FUNCTION hcpcs_class_recv(internal) IS 'binary input function of hcpcs_class';
COMMENT ON FUNCTION hcpcs_class_send(hcpcs_class) IS 'binary output function of hcpcs_class: the 2-byte class number';

CREATE FUNCTION hcpcs_class_eq(hcpcs_class, hcpcs_class) RETURNS boolean
    AS 'int2eq' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_class_ne(hcpcs_class, hcpcs_class) RETURNS boolean
    AS 'int2ne' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_class_hash(hcpcs_class) RETURNS integer
    AS 'hashint2' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_class_hash_extended(hcpcs_class, bigint) RETURNS bigint
    AS 'hashint2extended' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION hcpcs_class_eq(hcpcs_class, hcpcs_class) IS 'implementation of = for hcpcs_class';
COMMENT ON FUNCTION hcpcs_class_ne(hcpcs_class, hcpcs_class) IS 'implementation of <> for hcpcs_class';
COMMENT ON FUNCTION hcpcs_class_hash(hcpcs_class) IS 'hash function of hcpcs_class';
COMMENT ON FUNCTION hcpcs_class_hash_extended(hcpcs_class, bigint) IS 'seeded 64-bit hash function of hcpcs_class';

CREATE OPERATOR = (
    LEFTARG = hcpcs_class, RIGHTARG = hcpcs_class, FUNCTION = hcpcs_class_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR <> (
    LEFTARG = hcpcs_class, RIGHTARG = hcpcs_class, FUNCTION = hcpcs_class_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR = (hcpcs_class, hcpcs_class) IS 'equal';
COMMENT ON OPERATOR <> (hcpcs_class, hcpcs_class) IS 'not equal';

CREATE OPERATOR CLASS hcpcs_class_hash_ops
    DEFAULT FOR TYPE hcpcs_class USING hash AS
        OPERATOR 1 =,
        FUNCTION 1 hcpcs_class_hash(hcpcs_class),
        FUNCTION 2 hcpcs_class_hash_extended(hcpcs_class, bigint);
COMMENT ON OPERATOR FAMILY hcpcs_class_hash_ops USING hash IS
    'hash operators of hcpcs_class';
COMMENT ON OPERATOR CLASS hcpcs_class_hash_ops USING hash IS
    'default hash operator class of hcpcs_class (GROUP BY, DISTINCT)';

-- Planner support: code @@ constant becomes btree ranges (src/planner.c).
CREATE FUNCTION hcpcs_class_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_class_restrict(internal, oid, internal, integer) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hcpcs_class_support(internal) IS
    'planner support: rewrites code @@ class and code <@ range with a constant into btree index bounds';
COMMENT ON FUNCTION hcpcs_class_restrict(internal, oid, internal, integer) IS
    'restriction selectivity of @@ and <@ on hcpcs_code: column statistics, else the class''s share of real codes';

CREATE FUNCTION hcpcs_code_in_class(hcpcs_code, hcpcs_class) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    SUPPORT hcpcs_class_support;
COMMENT ON FUNCTION hcpcs_code_in_class(hcpcs_code, hcpcs_class) IS
    'true if the code belongs to the class (implementation of @@)';

CREATE OPERATOR @@ (
    LEFTARG = hcpcs_code, RIGHTARG = hcpcs_class,
    FUNCTION = hcpcs_code_in_class,
    RESTRICT = hcpcs_class_restrict, JOIN = contjoinsel
);
COMMENT ON OPERATOR @@ (hcpcs_code, hcpcs_class) IS
    'code belongs to class, e.g. code @@ ''J'', code @@ ''Surgery'', code @@ ''CPT PLA'', code @@ ''Level II''';

CREATE FUNCTION hcpcs_class_runs(hcpcs_class, OUT first hcpcs_code, OUT last hcpcs_code)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'hcpcs_class_runs_srf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION hcpcs_class_runs(hcpcs_class) IS
    'the contiguous runs of codes (first and last code, inclusive, in code order) that make up a class';

CREATE FUNCTION hcpcs_classes(OUT class hcpcs_class, OUT code_share double precision)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'hcpcs_classes_srf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 32;
COMMENT ON FUNCTION hcpcs_classes() IS
    'every class the @@ operator knows, with its share of real codes (the planner''s fallback estimate)';

--
-- hcpcs_range: ranges of codes in code order, e.g. '[99202,99499]'.
--

CREATE TYPE hcpcs_range;

CREATE FUNCTION hcpcs_range_canonical(hcpcs_range) RETURNS hcpcs_range
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_code_diff(hcpcs_code, hcpcs_code) RETURNS double precision
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;

CREATE TYPE hcpcs_range AS RANGE (
    SUBTYPE = hcpcs_code,
    SUBTYPE_OPCLASS = hcpcs_code_ops,
    CANONICAL = hcpcs_range_canonical,
    SUBTYPE_DIFF = hcpcs_code_diff,
    MULTIRANGE_TYPE_NAME = hcpcs_multirange
);

COMMENT ON TYPE hcpcs_range IS
    'range of HCPCS codes in code order: ''[00100,01999]'' holds 5-digit codes only, never Category II/III or PLA codes';
COMMENT ON TYPE hcpcs_multirange IS 'set of ranges of HCPCS codes';
COMMENT ON CAST (hcpcs_range AS hcpcs_multirange) IS 'a range as a multirange of one range';
COMMENT ON FUNCTION hcpcs_range_canonical(hcpcs_range) IS
    'canonical form of hcpcs_range: inclusive lower bound, exclusive upper bound (the next valid code)';
COMMENT ON FUNCTION hcpcs_code_diff(hcpcs_code, hcpcs_code) IS
    'number of valid codes between two codes (subtype_diff of hcpcs_range)';
COMMENT ON FUNCTION hcpcs_range(hcpcs_code, hcpcs_code) IS 'hcpcs_range constructor, [) bounds';
COMMENT ON FUNCTION hcpcs_range(hcpcs_code, hcpcs_code, text) IS 'hcpcs_range constructor with bounds, e.g. ''[]''';
COMMENT ON FUNCTION hcpcs_multirange() IS 'empty hcpcs_multirange constructor';
COMMENT ON FUNCTION hcpcs_multirange(hcpcs_range) IS 'hcpcs_multirange constructor from one range';
COMMENT ON FUNCTION hcpcs_multirange(hcpcs_range[]) IS 'hcpcs_multirange constructor from ranges';

CREATE FUNCTION hcpcs_range_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hcpcs_range_support(internal) IS
    'planner support: rewrites code <@ constant range into btree index bounds';

CREATE FUNCTION hcpcs_code_contained_by(hcpcs_code, hcpcs_range) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT hcpcs_range_support;
CREATE FUNCTION hcpcs_range_contains_code(hcpcs_range, hcpcs_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT hcpcs_range_support;
COMMENT ON FUNCTION hcpcs_code_contained_by(hcpcs_code, hcpcs_range) IS 'implementation of hcpcs_code <@ hcpcs_range';
COMMENT ON FUNCTION hcpcs_range_contains_code(hcpcs_range, hcpcs_code) IS 'implementation of hcpcs_range @> hcpcs_code';

CREATE OPERATOR <@ (
    LEFTARG = hcpcs_code, RIGHTARG = hcpcs_range,
    FUNCTION = hcpcs_code_contained_by, COMMUTATOR = @>,
    RESTRICT = hcpcs_class_restrict, JOIN = contjoinsel
);
CREATE OPERATOR @> (
    LEFTARG = hcpcs_range, RIGHTARG = hcpcs_code,
    FUNCTION = hcpcs_range_contains_code, COMMUTATOR = <@,
    RESTRICT = hcpcs_class_restrict, JOIN = contjoinsel
);
COMMENT ON OPERATOR <@ (hcpcs_code, hcpcs_range) IS 'code is in range (uses a btree index on the code when the range is a constant)';
COMMENT ON OPERATOR @> (hcpcs_range, hcpcs_code) IS 'range contains code (uses a btree index on the code when the range is a constant)';

--
-- GiST operator class for hcpcs_code (EXCLUDE constraints with ranges,
-- searches by comparison, class and range).  Keys are [lo, hi] intervals
-- packed in an int8 (src/gist.c).
--

CREATE FUNCTION hcpcs_gist_consistent(internal, hcpcs_code, smallint, oid, internal) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_gist_union(internal, internal) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_gist_compress(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_gist_penalty(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_gist_picksplit(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_gist_same(bigint, bigint, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_gist_fetch(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_gist_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION hcpcs_gist_consistent(internal, hcpcs_code, smallint, oid, internal) IS 'GiST support: consistent';
COMMENT ON FUNCTION hcpcs_gist_union(internal, internal) IS 'GiST support: union';
COMMENT ON FUNCTION hcpcs_gist_compress(internal) IS 'GiST support: compress';
COMMENT ON FUNCTION hcpcs_gist_penalty(internal, internal, internal) IS 'GiST support: penalty';
COMMENT ON FUNCTION hcpcs_gist_picksplit(internal, internal) IS 'GiST support: picksplit';
COMMENT ON FUNCTION hcpcs_gist_same(bigint, bigint, internal) IS 'GiST support: same';
COMMENT ON FUNCTION hcpcs_gist_fetch(internal) IS 'GiST support: fetch (index-only scans)';
COMMENT ON FUNCTION hcpcs_gist_sortsupport(internal) IS 'GiST support: sorted index build';

CREATE OPERATOR CLASS hcpcs_code_gist_ops
    DEFAULT FOR TYPE hcpcs_code USING gist AS
        OPERATOR 1 <,
        OPERATOR 2 <=,
        OPERATOR 3 =,
        OPERATOR 4 >=,
        OPERATOR 5 >,
        OPERATOR 6 <>,
        OPERATOR 20 @@ (hcpcs_code, hcpcs_class),
        OPERATOR 21 <@ (hcpcs_code, hcpcs_range),
        FUNCTION 1 hcpcs_gist_consistent(internal, hcpcs_code, smallint, oid, internal),
        FUNCTION 2 hcpcs_gist_union(internal, internal),
        FUNCTION 3 hcpcs_gist_compress(internal),
        FUNCTION 5 hcpcs_gist_penalty(internal, internal, internal),
        FUNCTION 6 hcpcs_gist_picksplit(internal, internal),
        FUNCTION 7 hcpcs_gist_same(bigint, bigint, internal),
        FUNCTION 9 hcpcs_gist_fetch(internal),
        FUNCTION 11 hcpcs_gist_sortsupport(internal),
        STORAGE bigint;
COMMENT ON OPERATOR FAMILY hcpcs_code_gist_ops USING gist IS
    'GiST operators of hcpcs_code';
COMMENT ON OPERATOR CLASS hcpcs_code_gist_ops USING gist IS
    'default GiST operator class of hcpcs_code (EXCLUDE USING gist (code WITH =, period WITH &&))';

--
-- First and last codes of classes and ranges: handy bounds for users, and
-- the index bounds the planner uses when a class or range is not a constant.
--

CREATE FUNCTION hcpcs_class_first(hcpcs_class) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_class_last(hcpcs_class) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_range_first(hcpcs_range) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_range_last(hcpcs_range) RETURNS hcpcs_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hcpcs_class_first(hcpcs_class) IS 'first code of a class in code order';
COMMENT ON FUNCTION hcpcs_class_last(hcpcs_class) IS 'last code of a class in code order';
COMMENT ON FUNCTION hcpcs_range_first(hcpcs_range) IS 'first code a range holds (00000 if unbounded below, NULL if empty)';
COMMENT ON FUNCTION hcpcs_range_last(hcpcs_range) IS 'last code a range holds (V9999 if unbounded above, NULL if empty)';
