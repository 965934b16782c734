-- doc/scale-out-shard.sql: run on EVERY SHARD (psql -f), in the shard's
-- claims database, after CREATE EXTENSION hcpcs.  Part of the recipe in
-- doc/scale-out.md; tests/tap/t/010_fdw_shards.pl and the benchmarks load
-- this very file.
--
-- It creates the shard's part of the claims table and the views through which
-- the coordinator asks the shard to run the checks itself.  The checks read
-- the reference tables (hcpcs_ptp_claim, hcpcs_is_active are STABLE), so
-- postgres_fdw never ships them in a query; a column of a view is shipped
-- like any other column, so each shard evaluates them over its own claim
-- lines against its own copy of the reference tables.
--
-- Names in the view bodies are bound when the views are created (by OID), so
-- the views work whatever the search_path of the session that reads them
-- (postgres_fdw's sessions run with search_path = pg_catalog).

-- The claim lines this shard holds: the coordinator routes each claim, with
-- all its lines, to one shard by hash of claim_id (the column layout is the
-- one hcpcs_ptp_audit reads).
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
    units          numeric,
    PRIMARY KEY (claim_id, line)
);
CREATE INDEX ON claim_lines (code);

-- Every NCCI PTP edit within each claim of this shard: hcpcs_ptp_claim over
-- the claim's lines (current practitioner release, modifier on either line).
-- A filter on claim_id from the coordinator is pushed below the GROUP BY, so
-- "WHERE claim_id = 42" checks one claim only.
CREATE VIEW claim_ptp_edits AS
SELECT c.claim_id, e.line_column1, e.line_column2, e.denied_line,
       e.column1, e.column2, e.denied, e.modifier_indicator, e.bypassed,
       e.bypass_modifier, e.effective, e.deletion, e.rationale, e.release, e.note
FROM (SELECT l.claim_id,
             array_agg(ROW(l.line, l.code,
                           ARRAY[l.modifier1, l.modifier2, l.modifier3, l.modifier4],
                           l.dos, l.units)::hcpcs_claim_line ORDER BY l.line) AS lines
      FROM claim_lines l
      GROUP BY l.claim_id) c,
     LATERAL hcpcs_ptp_claim(c.lines) e;

-- Each claim line with the catalog's answer for its code on its date of
-- service (true / false / NULL for a code the catalog does not know).
CREATE VIEW claim_lines_checked AS
SELECT l.claim_id, l.line, l.beneficiary_id, l.provider_id, l.code,
       l.modifier1, l.modifier2, l.modifier3, l.modifier4, l.dos, l.units,
       hcpcs_is_active(l.code, l.dos) AS code_active
FROM claim_lines l;
