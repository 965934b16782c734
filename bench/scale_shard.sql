-- bench/scale_shard.sql: the shard side of bench/bench_scale.sh, used only
-- while doc/scale-out-shard.sql (the scale-out recipe's own file, from the
-- fdw branch) is not in the tree; the benchmark prefers that file.  Same
-- names: table claim_lines, views claim_ptp_edits and claim_lines_checked.
-- Run in each server's database after CREATE EXTENSION hcpcs.
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
