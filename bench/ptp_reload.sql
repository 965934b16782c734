-- bench/ptp_reload.sql: the edit cache follows reloads (bench/bench_ptp.sh).
-- One session (-v small=PATH: a small CMS PTP file the server can read):
-- after each step, one hcpcs_ptp_check call, then this backend's cache
-- statistics (hcpcs_cache_stats) and the answer, recorded in ptp_reload.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TABLE ptp_reload (
    step    int PRIMARY KEY,
    what    text NOT NULL,
    ms      float8,            -- the hcpcs_ptp_check call after the step
    builds  bigint,
    bytes   bigint,
    answer  text
);

CREATE FUNCTION ptp_reload_step(p_step int, p_what text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    t0  timestamptz;
    ms  float8;
    a   record;
    c   record;
BEGIN
    t0 := clock_timestamp();
    SELECT * INTO a FROM hcpcs_ptp_check('0001A', '0591T', date '2023-07-01');
    ms := extract(epoch FROM clock_timestamp() - t0) * 1000.0;
    SELECT s.builds, s.bytes INTO c FROM hcpcs_cache_stats() s WHERE s.cache = 'hcpcs PTP edit cache';
    INSERT INTO ptp_reload VALUES (p_step, p_what, ms, c.builds, c.bytes,
        format('release %s: edit %s/%s in force %s..%s, indicator %s', a.release, a.column1, a.column2,
               a.effective, coalesce(a.deletion::text, '-'), a.modifier_indicator));
    RETURN format('%s: check %s ms, builds %s, %s bytes; %s', p_what, round(ms::numeric, 1), c.builds, c.bytes,
                  (SELECT answer FROM ptp_reload WHERE step = p_step));
END $$;

SELECT ptp_reload_step(1, 'first check of the session');
SELECT ptp_reload_step(2, 'second check (cache reused)');
SELECT hcpcs_load_ptp(ARRAY[:'small'], 'practitioner', make_current => false) AS small_rows \gset
SELECT release_id AS small FROM hcpcs_ptp_releases WHERE NOT is_current \gset
SELECT ptp_reload_step(3, format('after loading a second release (%s rows, not made current)', :small_rows));
SELECT hcpcs_ptp_set_current(:small) \g /dev/null
SELECT ptp_reload_step(4, 'after making the small release current');
SELECT hcpcs_ptp_set_current(release_id) FROM hcpcs_ptp_releases WHERE release_id <> :small \g /dev/null
SELECT hcpcs_drop_release(:small) \g /dev/null
SELECT ptp_reload_step(5, 'after making the full release current again and dropping the small one');
