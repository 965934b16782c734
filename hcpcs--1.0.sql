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

--
-- The hcpcs_modifier type: two characters from [0-9A-Z], stored as a 2-byte
-- integer whose order is the text's (src/core/modifier.h, frozen).
-- Comparison and hashing reuse core's int2 functions.
--

CREATE TYPE hcpcs_modifier;

CREATE FUNCTION hcpcs_modifier_in(cstring) RETURNS hcpcs_modifier
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_out(hcpcs_modifier) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_recv(internal) RETURNS hcpcs_modifier
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_send(hcpcs_modifier) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;

CREATE TYPE hcpcs_modifier (
    INPUT = hcpcs_modifier_in,
    OUTPUT = hcpcs_modifier_out,
    RECEIVE = hcpcs_modifier_recv,
    SEND = hcpcs_modifier_send,
    INTERNALLENGTH = 2,
    PASSEDBYVALUE,
    ALIGNMENT = int2,
    STORAGE = plain
);

COMMENT ON TYPE hcpcs_modifier IS
    'HCPCS/CPT modifier (two letters or digits, e.g. 25, 59, LT, XS): validated, 2 bytes, ordered like its text';
COMMENT ON FUNCTION hcpcs_modifier_in(cstring) IS 'input function of hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_out(hcpcs_modifier) IS 'output function of hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_recv(internal) IS 'binary input function of hcpcs_modifier (re-validates)';
COMMENT ON FUNCTION hcpcs_modifier_send(hcpcs_modifier) IS 'binary output function of hcpcs_modifier: the 2-byte encoding';

CREATE FUNCTION hcpcs_modifier_eq(hcpcs_modifier, hcpcs_modifier) RETURNS boolean
    AS 'int2eq' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_ne(hcpcs_modifier, hcpcs_modifier) RETURNS boolean
    AS 'int2ne' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_lt(hcpcs_modifier, hcpcs_modifier) RETURNS boolean
    AS 'int2lt' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_le(hcpcs_modifier, hcpcs_modifier) RETURNS boolean
    AS 'int2le' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_gt(hcpcs_modifier, hcpcs_modifier) RETURNS boolean
    AS 'int2gt' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_ge(hcpcs_modifier, hcpcs_modifier) RETURNS boolean
    AS 'int2ge' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_cmp(hcpcs_modifier, hcpcs_modifier) RETURNS integer
    AS 'btint2cmp' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_hash(hcpcs_modifier) RETURNS integer
    AS 'hashint2' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_hash_extended(hcpcs_modifier, bigint) RETURNS bigint
    AS 'hashint2extended' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_smaller(hcpcs_modifier, hcpcs_modifier) RETURNS hcpcs_modifier
    AS 'int2smaller' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_larger(hcpcs_modifier, hcpcs_modifier) RETURNS hcpcs_modifier
    AS 'int2larger' LANGUAGE internal IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;

COMMENT ON FUNCTION hcpcs_modifier_eq(hcpcs_modifier, hcpcs_modifier) IS 'implementation of = for hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_ne(hcpcs_modifier, hcpcs_modifier) IS 'implementation of <> for hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_lt(hcpcs_modifier, hcpcs_modifier) IS 'implementation of < for hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_le(hcpcs_modifier, hcpcs_modifier) IS 'implementation of <= for hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_gt(hcpcs_modifier, hcpcs_modifier) IS 'implementation of > for hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_ge(hcpcs_modifier, hcpcs_modifier) IS 'implementation of >= for hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_cmp(hcpcs_modifier, hcpcs_modifier) IS 'btree comparison function of hcpcs_modifier';
COMMENT ON FUNCTION hcpcs_modifier_hash(hcpcs_modifier) IS 'hash function of hcpcs_modifier (frozen)';
COMMENT ON FUNCTION hcpcs_modifier_hash_extended(hcpcs_modifier, bigint) IS 'seeded 64-bit hash function of hcpcs_modifier (frozen)';
COMMENT ON FUNCTION hcpcs_modifier_smaller(hcpcs_modifier, hcpcs_modifier) IS 'the smaller of two modifiers (state function of min)';
COMMENT ON FUNCTION hcpcs_modifier_larger(hcpcs_modifier, hcpcs_modifier) IS 'the larger of two modifiers (state function of max)';

CREATE OPERATOR = (
    LEFTARG = hcpcs_modifier, RIGHTARG = hcpcs_modifier, FUNCTION = hcpcs_modifier_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR <> (
    LEFTARG = hcpcs_modifier, RIGHTARG = hcpcs_modifier, FUNCTION = hcpcs_modifier_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
    LEFTARG = hcpcs_modifier, RIGHTARG = hcpcs_modifier, FUNCTION = hcpcs_modifier_lt,
    COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
    LEFTARG = hcpcs_modifier, RIGHTARG = hcpcs_modifier, FUNCTION = hcpcs_modifier_le,
    COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
    LEFTARG = hcpcs_modifier, RIGHTARG = hcpcs_modifier, FUNCTION = hcpcs_modifier_gt,
    COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
    LEFTARG = hcpcs_modifier, RIGHTARG = hcpcs_modifier, FUNCTION = hcpcs_modifier_ge,
    COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR = (hcpcs_modifier, hcpcs_modifier) IS 'equal';
COMMENT ON OPERATOR <> (hcpcs_modifier, hcpcs_modifier) IS 'not equal';
COMMENT ON OPERATOR < (hcpcs_modifier, hcpcs_modifier) IS 'less than (text order)';
COMMENT ON OPERATOR <= (hcpcs_modifier, hcpcs_modifier) IS 'less than or equal (text order)';
COMMENT ON OPERATOR > (hcpcs_modifier, hcpcs_modifier) IS 'greater than (text order)';
COMMENT ON OPERATOR >= (hcpcs_modifier, hcpcs_modifier) IS 'greater than or equal (text order)';

CREATE OPERATOR CLASS hcpcs_modifier_ops
    DEFAULT FOR TYPE hcpcs_modifier USING btree AS
        OPERATOR 1 <,
        OPERATOR 2 <=,
        OPERATOR 3 =,
        OPERATOR 4 >=,
        OPERATOR 5 >,
        FUNCTION 1 hcpcs_modifier_cmp(hcpcs_modifier, hcpcs_modifier),
        FUNCTION 2 pg_catalog.btint2sortsupport(internal),
        FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hcpcs_modifier_hash_ops
    DEFAULT FOR TYPE hcpcs_modifier USING hash AS
        OPERATOR 1 =,
        FUNCTION 1 hcpcs_modifier_hash(hcpcs_modifier),
        FUNCTION 2 hcpcs_modifier_hash_extended(hcpcs_modifier, bigint);
COMMENT ON OPERATOR FAMILY hcpcs_modifier_ops USING btree IS 'btree operators of hcpcs_modifier';
COMMENT ON OPERATOR CLASS hcpcs_modifier_ops USING btree IS 'default btree operator class of hcpcs_modifier';
COMMENT ON OPERATOR FAMILY hcpcs_modifier_hash_ops USING hash IS 'hash operators of hcpcs_modifier';
COMMENT ON OPERATOR CLASS hcpcs_modifier_hash_ops USING hash IS 'default hash operator class of hcpcs_modifier';

CREATE AGGREGATE min(hcpcs_modifier) (
    SFUNC = hcpcs_modifier_smaller, STYPE = hcpcs_modifier,
    COMBINEFUNC = hcpcs_modifier_smaller, SORTOP = <, PARALLEL = SAFE
);
CREATE AGGREGATE max(hcpcs_modifier) (
    SFUNC = hcpcs_modifier_larger, STYPE = hcpcs_modifier,
    COMBINEFUNC = hcpcs_modifier_larger, SORTOP = >, PARALLEL = SAFE
);
COMMENT ON AGGREGATE min(hcpcs_modifier) IS 'the first modifier in text order';
COMMENT ON AGGREGATE max(hcpcs_modifier) IS 'the last modifier in text order';

CREATE FUNCTION hcpcs_modifier(text) RETURNS hcpcs_modifier
    AS 'MODULE_PATHNAME', 'hcpcs_modifier_from_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier(bpchar) RETURNS hcpcs_modifier
    AS 'MODULE_PATHNAME', 'hcpcs_modifier_from_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_text(hcpcs_modifier) RETURNS text
    AS 'MODULE_PATHNAME', 'hcpcs_modifier_to_text'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION hcpcs_modifier(text) IS 'convert text to hcpcs_modifier (trims, uppercases, rejects anything that is not a modifier)';
COMMENT ON FUNCTION hcpcs_modifier(bpchar) IS 'convert char(n) to hcpcs_modifier (trims, uppercases, rejects anything that is not a modifier)';
COMMENT ON FUNCTION hcpcs_modifier_text(hcpcs_modifier) IS 'convert hcpcs_modifier to its 2-character text';

CREATE CAST (text AS hcpcs_modifier) WITH FUNCTION hcpcs_modifier(text) AS ASSIGNMENT;
CREATE CAST (varchar AS hcpcs_modifier) WITH FUNCTION hcpcs_modifier(text) AS ASSIGNMENT;
CREATE CAST (bpchar AS hcpcs_modifier) WITH FUNCTION hcpcs_modifier(bpchar) AS ASSIGNMENT;
CREATE CAST (hcpcs_modifier AS text) WITH FUNCTION hcpcs_modifier_text(hcpcs_modifier) AS ASSIGNMENT;
COMMENT ON CAST (text AS hcpcs_modifier) IS 'validate and normalize text as a modifier (assignment cast)';
COMMENT ON CAST (varchar AS hcpcs_modifier) IS 'validate and normalize varchar as a modifier (assignment cast)';
COMMENT ON CAST (bpchar AS hcpcs_modifier) IS 'validate and normalize char(n) as a modifier (assignment cast)';
COMMENT ON CAST (hcpcs_modifier AS text) IS 'the 2-character text of a modifier (assignment cast)';

CREATE FUNCTION hcpcs_modifier_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_or_null(text) RETURNS hcpcs_modifier
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION hcpcs_modifier_invalid_reason(text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hcpcs_modifier_is_valid(text) IS 'true if the text is a valid modifier (after trimming and uppercasing); never raises an error';
COMMENT ON FUNCTION hcpcs_modifier_or_null(text) IS 'the text as hcpcs_modifier, or NULL if it is not a valid modifier; never raises an error';
COMMENT ON FUNCTION hcpcs_modifier_invalid_reason(text) IS 'why the text is not a valid modifier (the error''s detail and hint), or NULL if it is one; never raises an error';

--
-- The reference catalog: releases, Level II codes and modifiers as the
-- CMS files say them, release by release.
--
-- Tables are the extension's: created here, registered with
-- pg_extension_config_dump so that pg_dump keeps what users loaded, readable
-- by everyone and writable by their owner (and whoever the owner grants
-- with hcpcs_grant_maintenance()).  Rows the extension ships itself belong
-- to release 0 (kind 'shipped'); pg_dump leaves them out because CREATE
-- EXTENSION creates them again, and a user's change to one of them is kept
-- as a row of kind 'local' instead (see hcpcs_modifiers).
--

CREATE SEQUENCE hcpcs_release_id_seq;
COMMENT ON SEQUENCE hcpcs_release_id_seq IS 'numbers of loaded releases (0 is the shipped release)';

CREATE TABLE hcpcs_releases (
    release_id   bigint PRIMARY KEY
                 DEFAULT pg_catalog.nextval('@extschema@.hcpcs_release_id_seq'::pg_catalog.regclass),
    kind         text NOT NULL
                 CHECK (kind IN ('shipped', 'local', 'level2', 'cpt', 'ptp')),
    CHECK ((kind = 'ptp') = (setting IS NOT NULL)),
    setting      text,
    period       text NOT NULL,
    as_of        date NOT NULL,
    source_files text[] NOT NULL,
    row_count    bigint NOT NULL,
    checksum     text NOT NULL,
    loaded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    loaded_by    name NOT NULL DEFAULT CURRENT_USER,
    CONSTRAINT hcpcs_releases_once UNIQUE NULLS NOT DISTINCT (kind, setting, checksum)
);
COMMENT ON TABLE hcpcs_releases IS 'one row per loaded CMS file set; every catalog and edit row points to its release';
COMMENT ON COLUMN hcpcs_releases.kind IS 'shipped (rows the extension ships), local (edits made in this database), level2 (HCPCS Level II file), cpt (a licensed CPT code list), ptp (NCCI PTP edits)';
COMMENT ON COLUMN hcpcs_releases.setting IS 'where the release applies (PTP: practitioner, hospital, medicaid_*); NULL for code catalogs';
COMMENT ON COLUMN hcpcs_releases.period IS 'the quarter or year the release is for, e.g. 2019, 2026-10, 2024Q3';
COMMENT ON COLUMN hcpcs_releases.as_of IS 'first day the release applies; orders releases of a kind (newer supersedes older)';
COMMENT ON COLUMN hcpcs_releases.source_files IS 'names of the files loaded, in order';
COMMENT ON COLUMN hcpcs_releases.row_count IS 'number of catalog or edit rows the release holds';
COMMENT ON COLUMN hcpcs_releases.checksum IS 'SHA-256 of the files'' lines (line ends normalized), so that loading the same files again is recognized';
COMMENT ON COLUMN hcpcs_releases.loaded_at IS 'when the release was loaded';
COMMENT ON COLUMN hcpcs_releases.loaded_by IS 'who loaded it';

INSERT INTO hcpcs_releases (release_id, kind, period, as_of, source_files, row_count, checksum)
VALUES (0, 'shipped', '1.0', '1996-01-01', '{hcpcs--1.0.sql}', 0, 'shipped with hcpcs 1.0');

CREATE TABLE hcpcs_code_history (
    code               hcpcs_code NOT NULL,
    release_id         bigint NOT NULL REFERENCES hcpcs_releases ON DELETE CASCADE,
    long_description   text,
    short_description  text,
    added              date,
    action_effective   date,
    terminated         date,
    action_code        text,
    coverage_code      text,
    betos              text,
    pricing_indicators text[],
    multiple_pricing   text,
    cim_references     text[],
    mcm_references     text[],
    statute            text,
    lab_certifications text[],
    cross_references   text[],
    asc_group          text,
    asc_effective      date,
    opps_group         text,
    opps_indicator     text,
    opps_effective     date,
    processing_note    text,
    type_of_service    text[],
    anesthesia_units   smallint,
    source_line        bigint,
    PRIMARY KEY (code, release_id),
    CHECK (terminated IS NULL OR added IS NULL OR terminated >= added)
);
CREATE INDEX hcpcs_code_history_release ON hcpcs_code_history (release_id);
COMMENT ON TABLE hcpcs_code_history IS 'what each loaded release says of each code (Level II from the CMS HCPCS file; Level I only from a licensed list, without descriptions)';
COMMENT ON COLUMN hcpcs_code_history.added IS 'start of validity (HCPCS "add date")';
COMMENT ON COLUMN hcpcs_code_history.action_effective IS 'date of the latest change (not a start of validity)';
COMMENT ON COLUMN hcpcs_code_history.terminated IS 'last day the code may be used (inclusive); NULL if none';
COMMENT ON COLUMN hcpcs_code_history.action_code IS 'A add, B/C/F/S/P/T changes, D discontinue, N no maintenance, R reactivate';
COMMENT ON COLUMN hcpcs_code_history.source_line IS 'line of the file where the code''s record starts';

CREATE TABLE hcpcs_modifier_history (
    modifier           hcpcs_modifier NOT NULL,
    release_id         bigint NOT NULL REFERENCES hcpcs_releases ON DELETE CASCADE,
    long_description   text,
    short_description  text,
    added              date,
    action_effective   date,
    terminated         date,
    action_code        text,
    source_line        bigint,
    PRIMARY KEY (modifier, release_id)
);
CREATE INDEX hcpcs_modifier_history_release ON hcpcs_modifier_history (release_id);
COMMENT ON TABLE hcpcs_modifier_history IS 'what each loaded HCPCS Level II release says of each Level II modifier';

CREATE TABLE hcpcs_modifiers (
    modifier        hcpcs_modifier PRIMARY KEY,
    ptp_associated  boolean NOT NULL,
    ptp_group       text CHECK (ptp_group IN ('anatomic', 'global surgery', 'other')),
    note            text,
    release_id      bigint NOT NULL DEFAULT 0 REFERENCES hcpcs_releases
);
COMMENT ON TABLE hcpcs_modifiers IS
    'modifier policy: which modifiers are PTP-associated (may bypass an NCCI PTP edit of indicator 1); shipped with the set of the NCCI Policy Manual, chapter I';
COMMENT ON COLUMN hcpcs_modifiers.ptp_associated IS 'true if the modifier may bypass a PTP edit whose modifier indicator is 1';
COMMENT ON COLUMN hcpcs_modifiers.ptp_group IS 'anatomic, global surgery or other (NCCI Policy Manual, chapter I); anatomic modifiers must show different sites';
COMMENT ON COLUMN hcpcs_modifiers.note IS 'free text';
COMMENT ON COLUMN hcpcs_modifiers.release_id IS '0 for a row as shipped; a user''s insert or change moves the row to the local release';

INSERT INTO hcpcs_modifiers (modifier, ptp_associated, ptp_group, note)
SELECT m::@extschema@.hcpcs_modifier, true, n, NULL
FROM (VALUES ('E1', 'anatomic'), ('E2', 'anatomic'), ('E3', 'anatomic'), ('E4', 'anatomic'),
             ('FA', 'anatomic'), ('F1', 'anatomic'), ('F2', 'anatomic'), ('F3', 'anatomic'),
             ('F4', 'anatomic'), ('F5', 'anatomic'), ('F6', 'anatomic'), ('F7', 'anatomic'),
             ('F8', 'anatomic'), ('F9', 'anatomic'), ('TA', 'anatomic'), ('T1', 'anatomic'),
             ('T2', 'anatomic'), ('T3', 'anatomic'), ('T4', 'anatomic'), ('T5', 'anatomic'),
             ('T6', 'anatomic'), ('T7', 'anatomic'), ('T8', 'anatomic'), ('T9', 'anatomic'),
             ('LT', 'anatomic'), ('RT', 'anatomic'), ('LC', 'anatomic'), ('LD', 'anatomic'),
             ('RC', 'anatomic'), ('LM', 'anatomic'), ('RI', 'anatomic'),
             ('24', 'global surgery'), ('25', 'global surgery'), ('57', 'global surgery'),
             ('58', 'global surgery'), ('78', 'global surgery'), ('79', 'global surgery'),
             ('27', 'other'), ('59', 'other'), ('91', 'other'),
             ('XE', 'other'), ('XS', 'other'), ('XP', 'other'), ('XU', 'other')) AS v(m, n)
UNION ALL
SELECT m::@extschema@.hcpcs_modifier, false, NULL, 'not PTP-associated (NCCI Policy Manual, chapter I)'
FROM (VALUES ('22'), ('76'), ('77')) AS v(m);
UPDATE hcpcs_releases SET row_count = (SELECT count(*) FROM hcpcs_modifiers) WHERE release_id = 0;

-- Rows of the local release: a user's own modifier policy, kept by pg_dump.
CREATE FUNCTION hcpcs_local_release() RETURNS bigint
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    id bigint;
BEGIN
    SELECT release_id INTO id FROM @extschema@.hcpcs_releases WHERE kind = 'local';
    IF id IS NULL THEN
        INSERT INTO @extschema@.hcpcs_releases (kind, period, as_of, source_files, row_count, checksum)
        VALUES ('local', 'local', CURRENT_DATE, '{}', 0, 'local edits')
        RETURNING release_id INTO id;
    END IF;
    RETURN id;
END
$$;
COMMENT ON FUNCTION hcpcs_local_release() IS 'the release that holds edits made in this database (created on first use)';

CREATE FUNCTION hcpcs_modifiers_keep_local() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- (a row of the same modifier being inserted replaces it: allowed)
        IF OLD.release_id = 0 AND pg_trigger_depth() = 1 THEN
            RAISE EXCEPTION 'cannot delete modifier % shipped with hcpcs', OLD.modifier
                USING ERRCODE = 'object_in_use',
                      DETAIL = 'Shipped rows are created again by CREATE EXTENSION, so a deletion would not survive pg_dump and restore.',
                      HINT = 'UPDATE it instead, for example SET ptp_associated = false.';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- a row restored by pg_restore, or inserted by a user, replaces the
        -- shipped row of the same modifier
        DELETE FROM @extschema@.hcpcs_modifiers
        WHERE modifier OPERATOR(@extschema@.=) NEW.modifier AND release_id = 0;
    END IF;
    IF NEW.release_id = 0 THEN
        NEW.release_id := @extschema@.hcpcs_local_release();
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION hcpcs_modifiers_keep_local() IS
    'trigger: a changed or added modifier row moves to the local release, so that pg_dump keeps it; shipped rows cannot be deleted';
CREATE TRIGGER hcpcs_modifiers_keep_local
    BEFORE INSERT OR UPDATE OR DELETE ON hcpcs_modifiers
    FOR EACH ROW EXECUTE FUNCTION hcpcs_modifiers_keep_local();

-- The catalog version: every change to the reference tables bumps it, and
-- the per-backend caches (hcpcs_is_active, the PTP check) compare it under
-- the query's snapshot before they answer (src/cache.c).
CREATE TABLE hcpcs_catalog_state (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL
);
INSERT INTO hcpcs_catalog_state VALUES (true, 1);
COMMENT ON TABLE hcpcs_catalog_state IS 'version of the reference tables, bumped by every change; per-backend caches rebuild when it moves';

CREATE FUNCTION hcpcs_bump_version() RETURNS trigger
    AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION hcpcs_bump_version() IS 'trigger: bumps the catalog version (once per transaction) after any change to a reference table';

CREATE TRIGGER hcpcs_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hcpcs_releases
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_bump_version();
CREATE TRIGGER hcpcs_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hcpcs_code_history
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_bump_version();
CREATE TRIGGER hcpcs_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hcpcs_modifier_history
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_bump_version();
CREATE TRIGGER hcpcs_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hcpcs_modifiers
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_bump_version();

-- pg_dump keeps what users loaded, not what CREATE EXTENSION creates
SELECT pg_catalog.pg_extension_config_dump('hcpcs_releases', 'WHERE kind <> ''shipped''');
SELECT pg_catalog.pg_extension_config_dump('hcpcs_release_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('hcpcs_code_history', '');
SELECT pg_catalog.pg_extension_config_dump('hcpcs_modifier_history', '');
SELECT pg_catalog.pg_extension_config_dump('hcpcs_modifiers', 'WHERE release_id <> 0');

--
-- The catalog as users read it: one row per code or modifier, from the
-- newest release that lists it, with the dates it is in force.
--

-- When each code is in force: the newest release's [added, terminated]
-- (termination inclusive), minus every gap a reactivation leaves: a record
-- with action code R and action effective date E, after a termination date
-- T known from an earlier release, makes the days between T and E inactive
-- (and then the code counts from its earliest known add date).
CREATE VIEW hcpcs_code_validity AS
WITH h AS (
    SELECT h.code, h.added, h.terminated, h.action_code, h.action_effective,
           h.release_id, r.as_of
    FROM @extschema@.hcpcs_code_history h
    JOIN @extschema@.hcpcs_releases r ON r.release_id = h.release_id
), latest AS (
    SELECT DISTINCT ON (code) code, added, terminated, release_id
    FROM h
    ORDER BY code, as_of DESC, release_id DESC
), gaps AS (
    SELECT r.code, pg_catalog.range_agg(pg_catalog.daterange(t.term, r.action_effective, '()')) AS gap,
           pg_catalog.min(t.first_added) AS first_added
    FROM h r
    CROSS JOIN LATERAL (
        SELECT pg_catalog.max(e.terminated) AS term, pg_catalog.min(e.added) AS first_added
        FROM h e
        WHERE e.code = r.code
          AND (e.as_of, e.release_id) < (r.as_of, r.release_id)
          AND e.terminated < r.action_effective
    ) t
    WHERE r.action_code = 'R' AND r.action_effective IS NOT NULL AND t.term IS NOT NULL
    GROUP BY r.code
)
SELECT l.code,
       pg_catalog.datemultirange(pg_catalog.daterange(
           CASE WHEN g.code IS NULL THEN l.added ELSE LEAST(l.added, g.first_added) END,
           l.terminated, '[]'))
         - COALESCE(g.gap, '{}'::pg_catalog.datemultirange) AS validity,
       l.release_id
FROM latest l LEFT JOIN gaps g ON g.code = l.code;
COMMENT ON VIEW hcpcs_code_validity IS
    'when each known code is in force, from the newest release that lists it, minus the gaps reactivations leave';

CREATE VIEW hcpcs_code_catalog AS
SELECT DISTINCT ON (h.code)
       h.code,
       @extschema@.hcpcs_level(h.code) AS level,
       @extschema@.hcpcs_category(h.code) AS category,
       @extschema@.hcpcs_section(h.code) AS section,
       h.short_description, h.long_description,
       h.added, h.action_effective, h.terminated, h.action_code,
       v.validity,
       h.coverage_code, h.betos, h.pricing_indicators, h.cross_references,
       h.type_of_service,
       h.release_id, r.period AS release_period
FROM @extschema@.hcpcs_code_history h
JOIN @extschema@.hcpcs_releases r ON r.release_id = h.release_id
JOIN @extschema@.hcpcs_code_validity v ON v.code = h.code
ORDER BY h.code, r.as_of DESC, r.release_id DESC;
COMMENT ON VIEW hcpcs_code_catalog IS
    'one row per known code: what its newest release says, and when it is in force';

CREATE VIEW hcpcs_modifier_catalog AS
SELECT m.modifier,
       h.short_description, h.long_description, h.added, h.terminated, h.action_code,
       COALESCE(p.ptp_associated, false) AS ptp_associated, p.ptp_group,
       h.release_id AS description_release_id, p.release_id AS policy_release_id
FROM (SELECT modifier FROM @extschema@.hcpcs_modifiers
      UNION SELECT modifier FROM @extschema@.hcpcs_modifier_history) m
LEFT JOIN @extschema@.hcpcs_modifiers p ON p.modifier = m.modifier
LEFT JOIN LATERAL (
    SELECT mh.*
    FROM @extschema@.hcpcs_modifier_history mh
    JOIN @extschema@.hcpcs_releases r ON r.release_id = mh.release_id
    WHERE mh.modifier = m.modifier
    ORDER BY r.as_of DESC, r.release_id DESC
    LIMIT 1
) h ON true;
COMMENT ON VIEW hcpcs_modifier_catalog IS
    'one row per known modifier: its Level II description and dates from the newest release that lists it, and whether it is PTP-associated';

GRANT SELECT ON hcpcs_releases, hcpcs_code_history, hcpcs_modifier_history, hcpcs_modifiers,
    hcpcs_catalog_state, hcpcs_code_validity, hcpcs_code_catalog, hcpcs_modifier_catalog TO PUBLIC;

--
-- Questions users ask
--

CREATE FUNCTION hcpcs_modifier_is_ptp(modifier hcpcs_modifier) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT COALESCE((SELECT m.ptp_associated FROM @extschema@.hcpcs_modifiers m
                     WHERE m.modifier = hcpcs_modifier_is_ptp.modifier), false);
END;
COMMENT ON FUNCTION hcpcs_modifier_is_ptp(hcpcs_modifier) IS
    'true if the modifier is PTP-associated (may bypass an NCCI PTP edit of indicator 1), per the hcpcs_modifiers table';

CREATE FUNCTION hcpcs_description(code hcpcs_code) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.short_description
    FROM @extschema@.hcpcs_code_history h
    JOIN @extschema@.hcpcs_releases r ON r.release_id = h.release_id
    WHERE h.code = hcpcs_description.code
    ORDER BY r.as_of DESC, r.release_id DESC
    LIMIT 1;
END;
COMMENT ON FUNCTION hcpcs_description(hcpcs_code) IS
    'short description of a Level II code from its newest release; NULL for codes without a public-domain description (CPT)';

CREATE FUNCTION hcpcs_long_description(code hcpcs_code) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.long_description
    FROM @extschema@.hcpcs_code_history h
    JOIN @extschema@.hcpcs_releases r ON r.release_id = h.release_id
    WHERE h.code = hcpcs_long_description.code
    ORDER BY r.as_of DESC, r.release_id DESC
    LIMIT 1;
END;
COMMENT ON FUNCTION hcpcs_long_description(hcpcs_code) IS
    'long description of a Level II code from its newest release; NULL for codes without a public-domain description (CPT)';

CREATE FUNCTION hcpcs_modifier_description(modifier hcpcs_modifier) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.short_description FROM @extschema@.hcpcs_modifier_catalog c
    WHERE c.modifier = hcpcs_modifier_description.modifier;
END;
COMMENT ON FUNCTION hcpcs_modifier_description(hcpcs_modifier) IS
    'short description of a Level II modifier from its newest release; NULL for CPT modifiers';

CREATE FUNCTION hcpcs_is_active(hcpcs_code, date) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hcpcs_is_active(hcpcs_code, date) IS
    'true if the catalog has the code in force on the date (added <= date <= terminated), false if it has the code but not in force then, NULL if it does not know the code';

CREATE FUNCTION hcpcs_grant_maintenance(role regrole) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON @extschema@.hcpcs_releases, @extschema@.hcpcs_code_history, '
                   '@extschema@.hcpcs_modifier_history, @extschema@.hcpcs_modifiers, '
                   '@extschema@.hcpcs_ptp_edits, @extschema@.hcpcs_ptp_current, @extschema@.hcpcs_ptp_index TO %s', role);
    EXECUTE format('GRANT UPDATE ON @extschema@.hcpcs_catalog_state TO %s', role);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE @extschema@.hcpcs_release_id_seq, '
                   '@extschema@.hcpcs_ptp_edit_id_seq TO %s', role);
END
$$;
COMMENT ON FUNCTION hcpcs_grant_maintenance(regrole) IS
    'grants a role what it needs to load releases and edit the reference tables (reading server files also needs pg_read_server_files)';

CREATE FUNCTION hcpcs_cache_stats(OUT cache text, OUT builds bigint, OUT catalog_version bigint, OUT bytes bigint,
                                  OUT detail text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION hcpcs_cache_stats() IS
    'this backend''s caches of the reference tables: times built, catalog version and memory of the current one, how it was built';

--
-- Loaders.  A load is one transaction: any malformed record aborts it with
-- the file, line, field and value, and leaves the catalog as it was.
-- Loading the same files again changes nothing.
--

CREATE FUNCTION hcpcs_load_level2(path text, as_of date DEFAULT NULL, file_encoding text DEFAULT NULL)
    RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION hcpcs_load_level2(text, date, text) IS
    'load a CMS HCPCS Level II file (HCPC*_ANWEB*.txt, or its 48-column CSV export) from the server''s file system as a new release; latin-1 unless file_encoding says otherwise (or the file starts with a UTF-8 byte order mark); needs the privileges of COPY FROM a file; returns the number of codes and modifiers';

CREATE FUNCTION hcpcs_load_level2_staged(staging regclass, source_name text,
                                         as_of date DEFAULT NULL, file_encoding text DEFAULT NULL)
    RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION hcpcs_load_level2_staged(regclass, text, date, text) IS
    'load a CMS HCPCS Level II file whose lines a client copied into a staging table (lineno, line), e.g. with scripts/hcpcs-load; source_name is the file''s name';

-- A licensed CPT code list: a CSV of code,effective,termination (dates
-- YYYY-MM-DD or YYYYMMDD, termination may be empty), with or without a
-- header line.  No descriptions: CPT descriptors are AMA copyright.
CREATE FUNCTION hcpcs_load_cpt_list_staged(staging regclass, source_name text, period text, as_of date)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r record;
    f text[];
    v_checksum text;
    existing bigint;
    existing_count bigint;
    rel bigint;
    n bigint := 0;
    c @extschema@.hcpcs_code;
    eff date;
    term date;
BEGIN
    IF staging IS NULL OR source_name IS NULL OR period IS NULL OR as_of IS NULL THEN
        RAISE EXCEPTION 'hcpcs_load_cpt_list: no argument may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE format('SELECT encode(sha256(convert_to(coalesce(string_agg(line || E''\n'', '''' ORDER BY lineno), ''''), ''UTF8'')), ''hex'') FROM %s', staging)
        INTO v_checksum;
    SELECT release_id, row_count INTO existing, existing_count
    FROM @extschema@.hcpcs_releases WHERE kind = 'cpt' AND setting IS NULL AND checksum = v_checksum;
    IF existing IS NOT NULL THEN
        RAISE NOTICE '"%" is already loaded, as release %; nothing changed', source_name, existing;
        RETURN existing_count;
    END IF;
    INSERT INTO @extschema@.hcpcs_releases (kind, period, as_of, source_files, row_count, checksum)
    VALUES ('cpt', period, as_of, ARRAY[regexp_replace(source_name, '^.*/', '')], 0, v_checksum)
    RETURNING release_id INTO rel;
    FOR r IN EXECUTE format('SELECT lineno, line FROM %s ORDER BY lineno', staging) LOOP
        CONTINUE WHEN btrim(r.line) = '';
        f := string_to_array(regexp_replace(r.line, E'\r$', ''), ',');
        IF n = 0 AND lower(btrim(f[1], ' "')) = 'code' THEN
            CONTINUE;           -- the header line
        END IF;
        IF array_length(f, 1) NOT IN (2, 3) THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, expected 3 fields (code,effective,termination), found %',
                source_name, r.lineno, array_length(f, 1) USING ERRCODE = 'bad_copy_file_format';
        END IF;
        c := @extschema@.hcpcs_code_or_null(btrim(f[1], ' "'));
        IF c IS NULL THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, field code, value "%"', source_name, r.lineno, f[1]
                USING ERRCODE = 'bad_copy_file_format',
                      DETAIL = @extschema@.hcpcs_invalid_reason(btrim(f[1], ' "'));
        END IF;
        IF @extschema@.hcpcs_level(c) <> 1 THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, field code, value "%"', source_name, r.lineno, f[1]
                USING ERRCODE = 'bad_copy_file_format', DETAIL = 'A HCPCS Level II code does not belong in a CPT list.';
        END IF;
        BEGIN
            eff := nullif(btrim(f[2], ' "'), '')::date;
            term := nullif(btrim(coalesce(f[3], ''), ' "'), '')::date;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, field %, value "%"', source_name, r.lineno,
                CASE WHEN eff IS NULL THEN 'effective' ELSE 'termination' END,
                CASE WHEN eff IS NULL THEN f[2] ELSE f[3] END
                USING ERRCODE = 'bad_copy_file_format', DETAIL = SQLERRM;
        END;
        IF term < eff THEN
            RAISE EXCEPTION 'invalid CPT code list "%": line %, field termination, value "%"', source_name, r.lineno, f[3]
                USING ERRCODE = 'bad_copy_file_format', DETAIL = 'The termination date is before the effective date.';
        END IF;
        INSERT INTO @extschema@.hcpcs_code_history (code, release_id, added, terminated, source_line)
        VALUES (c, rel, eff, term, r.lineno);
        n := n + 1;
    END LOOP;
    IF n = 0 THEN
        RAISE EXCEPTION 'invalid CPT code list "%": no codes', source_name USING ERRCODE = 'bad_copy_file_format';
    END IF;
    UPDATE @extschema@.hcpcs_releases SET row_count = n WHERE release_id = rel;
    RETURN n;
END
$$;
COMMENT ON FUNCTION hcpcs_load_cpt_list_staged(regclass, text, text, date) IS
    'load a licensed CPT code list (code,effective,termination CSV) whose lines a client copied into a staging table (lineno, line)';

CREATE FUNCTION hcpcs_load_cpt_list(path text, period text, as_of date) RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.to_regclass('pg_temp.hcpcs_cpt_stage') IS NOT NULL THEN
        DROP TABLE pg_temp.hcpcs_cpt_stage;
    END IF;
    CREATE TEMP TABLE hcpcs_cpt_stage (lineno bigint GENERATED ALWAYS AS IDENTITY, line text) ON COMMIT DROP;
    -- COPY checks the caller may read server files
    EXECUTE format('COPY pg_temp.hcpcs_cpt_stage (line) FROM %L WITH (FORMAT csv, DELIMITER E''\x01'', QUOTE E''\x02'')', path);
    RETURN @extschema@.hcpcs_load_cpt_list_staged('pg_temp.hcpcs_cpt_stage'::regclass, path, period, as_of);
END
$$;
COMMENT ON FUNCTION hcpcs_load_cpt_list(text, text, date) IS
    'load a licensed CPT code list (code,effective,termination CSV) from the server''s file system as a new release; needs the privileges of COPY FROM a file';

--
-- NCCI procedure-to-procedure (PTP) edits (DOMAIN.md sections 3 and 4).
--

CREATE TYPE hcpcs_ptp_setting AS ENUM
    ('practitioner', 'hospital', 'medicaid_practitioner', 'medicaid_hospital', 'medicaid_dme');
COMMENT ON TYPE hcpcs_ptp_setting IS
    'where a PTP table applies: Medicare practitioner (ccipra) or hospital outpatient (ccioph), Medicaid practitioner, outpatient hospital or DME';

CREATE SEQUENCE hcpcs_ptp_edit_id_seq;
COMMENT ON SEQUENCE hcpcs_ptp_edit_id_seq IS 'surrogate keys of PTP edit rows';

CREATE TABLE hcpcs_ptp_edits (
    edit_id            bigint PRIMARY KEY
                       DEFAULT pg_catalog.nextval('@extschema@.hcpcs_ptp_edit_id_seq'::pg_catalog.regclass),
    release_id         bigint NOT NULL REFERENCES hcpcs_releases ON DELETE CASCADE,
    setting            hcpcs_ptp_setting NOT NULL,
    column1            hcpcs_code NOT NULL,
    column2            hcpcs_code NOT NULL,
    prior_1996         boolean,
    effective          date NOT NULL,
    deletion           date,
    modifier_indicator smallint NOT NULL CHECK (modifier_indicator IN (0, 1, 9)),
    rationale          text NOT NULL,
    CHECK (deletion IS NULL OR deletion >= effective)
);
CREATE INDEX hcpcs_ptp_edits_pair ON hcpcs_ptp_edits (release_id, column1, column2);
CREATE INDEX hcpcs_ptp_edits_reverse ON hcpcs_ptp_edits (release_id, column2, column1);
COMMENT ON TABLE hcpcs_ptp_edits IS
    'NCCI PTP edit rows of every loaded release: when Column 1 and Column 2 are billed together on a date in force, Column 2 is denied';
COMMENT ON COLUMN hcpcs_ptp_edits.edit_id IS 'surrogate key: (setting, column1, column2, effective) is not unique (indicator-9 rows)';
COMMENT ON COLUMN hcpcs_ptp_edits.prior_1996 IS 'the edit existed before 1996 ("*" in the CMS file); NULL for Medicaid files, which have no such column';
COMMENT ON COLUMN hcpcs_ptp_edits.effective IS 'first day the edit is in force';
COMMENT ON COLUMN hcpcs_ptp_edits.deletion IS 'last day the edit is in force (inclusive); NULL: not deleted';
COMMENT ON COLUMN hcpcs_ptp_edits.modifier_indicator IS '0: no modifier bypasses; 1: a PTP-associated modifier may bypass; 9: deleted retroactively, never applies';

CREATE TABLE hcpcs_ptp_current (
    setting     hcpcs_ptp_setting PRIMARY KEY,
    release_id  bigint NOT NULL REFERENCES hcpcs_releases
);
COMMENT ON TABLE hcpcs_ptp_current IS 'the PTP release checks use by default, per setting (changed atomically by a load)';

CREATE TRIGGER hcpcs_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hcpcs_ptp_edits
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_bump_version();
CREATE TRIGGER hcpcs_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hcpcs_ptp_current
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_bump_version();

SELECT pg_catalog.pg_extension_config_dump('hcpcs_ptp_edits', '');
SELECT pg_catalog.pg_extension_config_dump('hcpcs_ptp_edit_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('hcpcs_ptp_current', '');
GRANT SELECT ON hcpcs_ptp_edits, hcpcs_ptp_current TO PUBLIC;

CREATE VIEW hcpcs_ptp_releases AS
SELECT r.release_id, r.setting::@extschema@.hcpcs_ptp_setting AS setting, r.period, r.as_of,
       r.source_files, r.row_count, r.checksum, r.loaded_at, r.loaded_by,
       c.release_id IS NOT NULL AS is_current
FROM @extschema@.hcpcs_releases r
LEFT JOIN @extschema@.hcpcs_ptp_current c ON c.release_id = r.release_id
WHERE r.kind = 'ptp';
COMMENT ON VIEW hcpcs_ptp_releases IS 'loaded PTP releases, and which one is current for its setting';
GRANT SELECT ON hcpcs_ptp_releases TO PUBLIC;

CREATE FUNCTION hcpcs_load_ptp(paths text[], setting text, period text DEFAULT NULL,
                               as_of date DEFAULT NULL, make_current boolean DEFAULT true)
    RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION hcpcs_load_ptp(text[], text, text, date, boolean) IS
    'load one CMS PTP release (its parts f1-f4 as downloaded) from the server''s file system and make it current for the setting; needs the privileges of COPY FROM a file; returns the number of edit rows';

CREATE FUNCTION hcpcs_load_ptp_staged(staging regclass, source_names text[], setting text,
                                      period text DEFAULT NULL, as_of date DEFAULT NULL,
                                      make_current boolean DEFAULT true)
    RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION hcpcs_load_ptp_staged(regclass, text[], text, text, date, boolean) IS
    'load one CMS PTP release whose files'' lines a client copied into a staging table (part, lineno, line), e.g. with scripts/hcpcs-load';

CREATE FUNCTION hcpcs_ptp_set_current(release bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text;
BEGIN
    SELECT r.setting INTO s FROM @extschema@.hcpcs_releases r WHERE r.release_id = release AND r.kind = 'ptp';
    IF s IS NULL THEN
        RAISE EXCEPTION 'release % is not a loaded PTP release', release
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'SELECT * FROM hcpcs_ptp_releases lists them.';
    END IF;
    INSERT INTO @extschema@.hcpcs_ptp_current (setting, release_id)
    VALUES (s::@extschema@.hcpcs_ptp_setting, release)
    ON CONFLICT ON CONSTRAINT hcpcs_ptp_current_pkey DO UPDATE SET release_id = excluded.release_id;
END
$$;
COMMENT ON FUNCTION hcpcs_ptp_set_current(bigint) IS 'make a loaded PTP release the one checks use by default for its setting';

CREATE FUNCTION hcpcs_drop_release(release bigint) RETURNS bigint
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text;
    n bigint;
BEGIN
    SELECT r.kind, r.row_count INTO k, n FROM @extschema@.hcpcs_releases r WHERE r.release_id = release;
    IF k IS NULL THEN
        RAISE EXCEPTION 'release % does not exist', release USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF k IN ('shipped', 'local') THEN
        RAISE EXCEPTION 'release % holds rows of kind %, which cannot be dropped', release, k
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM @extschema@.hcpcs_ptp_current c WHERE c.release_id = release) THEN
        RAISE EXCEPTION 'release % is the current PTP release of its setting', release
            USING ERRCODE = 'object_in_use',
                  HINT = 'Make another release current first with hcpcs_ptp_set_current().';
    END IF;
    DELETE FROM @extschema@.hcpcs_releases r WHERE r.release_id = release;
    RETURN n;
END
$$;
COMMENT ON FUNCTION hcpcs_drop_release(bigint) IS 'drop a loaded release and all its rows (not the current PTP release of a setting); returns its row count';

CREATE TYPE hcpcs_ptp_result AS (
    applies            boolean,
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
);
COMMENT ON TYPE hcpcs_ptp_result IS
    'the answer of hcpcs_ptp_check: whether an edit applies to the pair on the date, which code is denied, and why';

CREATE TYPE hcpcs_claim_line AS (
    line       integer,
    code       hcpcs_code,
    modifiers  hcpcs_modifier[],
    dos        date,
    units      numeric
);
COMMENT ON TYPE hcpcs_claim_line IS 'one claim line, for hcpcs_ptp_claim';

CREATE FUNCTION hcpcs_ptp_check(code_a hcpcs_code, code_b hcpcs_code, dos date,
                                modifiers_a hcpcs_modifier[] DEFAULT '{}',
                                modifiers_b hcpcs_modifier[] DEFAULT '{}',
                                setting text DEFAULT 'practitioner',
                                modifier_on text DEFAULT 'either',
                                release_id bigint DEFAULT NULL)
    RETURNS hcpcs_ptp_result
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION hcpcs_ptp_check(hcpcs_code, hcpcs_code, date, hcpcs_modifier[], hcpcs_modifier[], text, text, bigint) IS
    'the NCCI PTP edit between two codes billed on the same date: one row, applies NULL when a code or the date is NULL';

CREATE FUNCTION hcpcs_ptp_claim(lines hcpcs_claim_line[],
                                setting text DEFAULT 'practitioner',
                                modifier_on text DEFAULT 'either',
                                release_id bigint DEFAULT NULL,
                                OUT line_column1 integer, OUT line_column2 integer,
                                OUT denied_line integer,
                                OUT column1 hcpcs_code, OUT column2 hcpcs_code, OUT denied hcpcs_code,
                                OUT modifier_indicator smallint, OUT bypassed boolean,
                                OUT bypass_modifier hcpcs_modifier, OUT effective date,
                                OUT deletion date, OUT rationale text, OUT release bigint,
                                OUT note text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION hcpcs_ptp_claim(hcpcs_claim_line[], text, text, bigint) IS
    'every NCCI PTP edit that applies between two lines of the set with the same date of service, one row each';

-- Every edit that applies on a claim-lines table, grouped as NCCI applies
-- (same provider, beneficiary and date of service, across claims), or by
-- claim.  Never aborts on dirty data: lines whose code, modifiers or date
-- do not parse come back as rejects, and the rest are checked.
CREATE FUNCTION hcpcs_ptp_audit(claim_lines regclass,
                                setting text DEFAULT 'practitioner',
                                group_by text DEFAULT 'provider',
                                modifier_on text DEFAULT 'either',
                                release_id bigint DEFAULT NULL)
    RETURNS TABLE (kind text, beneficiary_id text, provider_id text, dos date,
                   column1_claim_id text, column1_line integer,
                   column2_claim_id text, column2_line integer,
                   denied_claim_id text, denied_line integer,
                   column1 hcpcs_code, column2 hcpcs_code, denied hcpcs_code,
                   modifier_indicator smallint, bypassed boolean,
                   bypass_modifier hcpcs_modifier, effective date, deletion date,
                   rationale text, release bigint, note text, reject_reason text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keys text;
BEGIN
    IF claim_lines IS NULL OR setting IS NULL OR group_by IS NULL OR modifier_on IS NULL THEN
        RAISE EXCEPTION 'hcpcs_ptp_audit: only release_id may be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    keys := CASE group_by
                WHEN 'provider' THEN 'provider_id, beneficiary_id, dos'
                WHEN 'claim' THEN 'claim_id'
            END;
    IF keys IS NULL THEN
        RAISE EXCEPTION 'invalid group_by "%"', group_by
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use ''provider'' (same provider, beneficiary and date of service, across claims: how NCCI applies) or ''claim''.';
    END IF;
    RETURN QUERY EXECUTE format($q$
        WITH src AS (
            SELECT t.claim_id::text AS claim_id, t.beneficiary_id::text AS beneficiary_id,
                   t.provider_id::text AS provider_id, t.line::integer AS line,
                   t.code::text AS code_text,
                   ARRAY[t.modifier1::text, t.modifier2::text, t.modifier3::text, t.modifier4::text] AS mods_text,
                   t.dos::date AS dos, t.units::numeric AS units
            FROM %1$s t
        ), parsed AS (
            SELECT s.*, @extschema@.hcpcs_code_or_null(s.code_text) AS code,
                   ARRAY(SELECT @extschema@.hcpcs_modifier_or_null(m) FROM unnest(s.mods_text) WITH ORDINALITY AS u(m, i)
                         WHERE m IS NOT NULL AND btrim(m) <> '' ORDER BY i) AS mods,
                   (SELECT m FROM unnest(s.mods_text) WITH ORDINALITY AS u(m, i)
                    WHERE m IS NOT NULL AND btrim(m) <> '' AND NOT @extschema@.hcpcs_modifier_is_valid(m)
                    ORDER BY i LIMIT 1) AS bad_mod
            FROM src s
        ), good AS (
            SELECT p.*, row_number() OVER (PARTITION BY %2$s ORDER BY p.claim_id, p.line)::integer AS gl
            FROM parsed p
            WHERE p.code IS NOT NULL AND p.bad_mod IS NULL AND p.dos IS NOT NULL
        ), groups AS (
            SELECT %2$s,
                   array_agg(ROW(g.gl, g.code, g.mods, g.dos, g.units)::@extschema@.hcpcs_claim_line ORDER BY g.gl) AS lines
            FROM good g GROUP BY %2$s
        ), found AS (
            SELECT gr.*, e.*
            FROM groups gr,
                 LATERAL @extschema@.hcpcs_ptp_claim(gr.lines, %3$L, %4$L, %5$s) e
        )
        SELECT 'edit'::text, l1.beneficiary_id, l1.provider_id, l1.dos,
               l1.claim_id, l1.line, l2.claim_id, l2.line,
               CASE WHEN f.denied_line IS NOT NULL THEN l2.claim_id END,
               CASE WHEN f.denied_line IS NOT NULL THEN l2.line END,
               f.column1, f.column2, f.denied, f.modifier_indicator, f.bypassed,
               f.bypass_modifier, f.effective, f.deletion, f.rationale, f.release,
               f.note, NULL::text
        FROM found f
        JOIN good l1 ON (%6$s) AND l1.gl = f.line_column1
        JOIN good l2 ON (%7$s) AND l2.gl = f.line_column2
        UNION ALL
        SELECT 'reject', p.beneficiary_id, p.provider_id, p.dos, p.claim_id, p.line,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL,
               CASE WHEN p.code_text IS NULL OR btrim(p.code_text) = '' THEN 'no code'
                    WHEN p.code IS NULL THEN format('code %%L: %%s', p.code_text,
                                                    @extschema@.hcpcs_invalid_reason(p.code_text))
                    WHEN p.bad_mod IS NOT NULL THEN format('modifier %%L: %%s', p.bad_mod,
                                                           @extschema@.hcpcs_modifier_invalid_reason(p.bad_mod))
                    ELSE 'no date of service' END
        FROM parsed p
        WHERE p.code IS NULL OR p.bad_mod IS NOT NULL OR p.dos IS NULL
        $q$,
        claim_lines, keys, setting, modifier_on,
        CASE WHEN release_id IS NULL THEN 'NULL' ELSE release_id::text END,
        CASE group_by WHEN 'provider'
             THEN 'l1.provider_id IS NOT DISTINCT FROM f.provider_id AND l1.beneficiary_id IS NOT DISTINCT FROM f.beneficiary_id AND l1.dos = f.dos'
             ELSE 'l1.claim_id IS NOT DISTINCT FROM f.claim_id' END,
        CASE group_by WHEN 'provider'
             THEN 'l2.provider_id IS NOT DISTINCT FROM f.provider_id AND l2.beneficiary_id IS NOT DISTINCT FROM f.beneficiary_id AND l2.dos = f.dos'
             ELSE 'l2.claim_id IS NOT DISTINCT FROM f.claim_id' END);
END
$$;
COMMENT ON FUNCTION hcpcs_ptp_audit(regclass, text, text, text, bigint) IS
    'every NCCI PTP edit on a claim-lines table (columns claim_id, beneficiary_id, provider_id, line, code, modifier1..modifier4, dos, units), grouped by provider, beneficiary and date (or by claim); unparsable lines come back as rejects';

--
-- Stored images of the PTP edit index (src/ptp.c): a backend reads one
-- instead of building the index from 2.5 M rows.  Derived data: not kept by
-- pg_dump (hcpcs_ptp_refresh_index() stores them again), and deleted by
-- any change to hcpcs_ptp_edits other than the loader's own insert.
--

CREATE TABLE hcpcs_ptp_index (
    release_id  bigint PRIMARY KEY REFERENCES hcpcs_releases ON DELETE CASCADE,
    image       bytea NOT NULL
);
ALTER TABLE hcpcs_ptp_index ALTER COLUMN image SET STORAGE EXTERNAL;
COMMENT ON TABLE hcpcs_ptp_index IS
    'the built edit index of each PTP release, as this server''s backends hold it in memory (derived; not dumped)';
GRANT SELECT ON hcpcs_ptp_index TO PUBLIC;

CREATE FUNCTION hcpcs_ptp_edits_changed() RETURNS trigger
    AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION hcpcs_ptp_edits_changed() IS
    'trigger: deletes the stored index images a change to hcpcs_ptp_edits could make stale';
CREATE TRIGGER hcpcs_ptp_edits_inserted AFTER INSERT ON hcpcs_ptp_edits
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_ptp_edits_changed();
CREATE TRIGGER hcpcs_ptp_edits_updated AFTER UPDATE ON hcpcs_ptp_edits
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_ptp_edits_changed();
CREATE TRIGGER hcpcs_ptp_edits_deleted AFTER DELETE ON hcpcs_ptp_edits
    REFERENCING OLD TABLE AS old_edits
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_ptp_edits_changed();
CREATE TRIGGER hcpcs_ptp_edits_truncated AFTER TRUNCATE ON hcpcs_ptp_edits
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_ptp_edits_changed();

CREATE FUNCTION hcpcs_ptp_refresh_index(release_id bigint DEFAULT NULL) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION hcpcs_ptp_refresh_index(bigint) IS
    'store again the edit index images of one PTP release, or of all (after pg_restore, or after editing hcpcs_ptp_edits by hand); returns how many';
CREATE TRIGGER hcpcs_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hcpcs_ptp_index
    FOR EACH STATEMENT EXECUTE FUNCTION hcpcs_bump_version();
