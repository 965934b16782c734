-- bench/ptp_report.sql: the Markdown report of bench/bench_ptp.sh (psql -At).
-- Variables: lines, tenth, smallest (sizes), typed, text (the baseline
-- variants kept), cold_label, par (1: parallel runs), chart, cpus.
\set ON_ERROR_STOP on

CREATE FUNCTION pg_temp.ms(n text) RETURNS float8 LANGUAGE sql AS $$ SELECT warm FROM med WHERE name = n $$;
CREATE FUNCTION pg_temp.cold(n text) RETURNS float8 LANGUAGE sql AS $$ SELECT cold FROM med WHERE name = n $$;
CREATE FUNCTION pg_temp.f(x float8) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(to_char(x, 'FM999,999,990.0') || ' ms', '—') $$;
CREATE FUNCTION pg_temp.x(x float8) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(to_char(x, 'FM999,990.00') || '×', '—') $$;
CREATE FUNCTION pg_temp.mib(b float8) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(to_char(b / 1048576.0, 'FM999,990.0') || ' MiB', '—') $$;
CREATE FUNCTION pg_temp.verdict(ok bool) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN ok THEN '**PASS**' WHEN NOT ok THEN '**FAIL**' ELSE '—' END $$;
-- private peak estimate of a run: VmHWM - RssShmem - RssFile (KiB)
CREATE TEMP VIEW mem AS
SELECT name, mode,
       max(vmhwm_kb) AS vmhwm_kb,
       max(rss_shmem_kb) AS shmem_kb,
       max(vmhwm_kb - rss_shmem_kb - rss_file_kb) AS private_kb,
       max(rss_anon_kb) AS anon_kb,
       max(cache_bytes) AS cache_bytes
FROM ptp_run_info GROUP BY name, mode;
CREATE FUNCTION pg_temp.priv(n text) RETURNS float8 LANGUAGE sql AS $$
    SELECT private_kb * 1024.0 FROM mem WHERE name = n AND mode = 'warm' $$;
CREATE FUNCTION pg_temp.sz(n text) RETURNS float8 LANGUAGE sql AS $$ SELECT bytes FROM bench_size WHERE name = n $$;

\set h '''hcpcs@' :lines ''''
\set p '''hcpcs_pregrouped@' :lines ''''
\set ty '''' :typed '@' :lines ''''
\set tx '''' :text '@' :lines ''''
\set h10 '''hcpcs@' :tenth ''''
\set p10 '''hcpcs_pregrouped@' :tenth ''''
\set ty10 '''' :typed '@' :tenth ''''
\set tx10 '''' :text '@' :tenth ''''

SELECT format('%s claim lines (%s claims of 5 lines), checked against the full CMS practitioner PTP table. Times are server-side, warm medians unless noted; ratio = baseline / hcpcs (how many times faster hcpcs is), except where noted.',
              to_char(:lines, 'FM999,999,999'), to_char(:lines / 5, 'FM999,999,999'));
SELECT '';
SELECT '| Measurement | hcpcs | Baseline | Ratio | Target | Result |';
SELECT '|---|---:|---:|---:|---|---|';
SELECT format('| `hcpcs_ptp_claim` over all claims (grouping in the query) vs plain SQL over text tables (`%s`) | %s | %s | %s | ≥ 4× | %s |',
              :'text', pg_temp.f(pg_temp.ms(:h)), pg_temp.f(pg_temp.ms(:tx)),
              pg_temp.x(pg_temp.ms(:tx) / pg_temp.ms(:h)), pg_temp.verdict(pg_temp.ms(:tx) / pg_temp.ms(:h) >= 4));
SELECT format('| same vs plain SQL over `hcpcs_code` tables and `hcpcs_ptp_edits` (`%s`) | %s | %s | %s | ≥ 2× | %s |',
              :'typed', pg_temp.f(pg_temp.ms(:h)), pg_temp.f(pg_temp.ms(:ty)),
              pg_temp.x(pg_temp.ms(:ty) / pg_temp.ms(:h)), pg_temp.verdict(pg_temp.ms(:ty) / pg_temp.ms(:h) >= 2));
SELECT format('| Linear: time(%s lines) / time(%s lines), hcpcs (ratio of hcpcs times) | %s | %s | %s | ≤ 11× | %s |',
              :lines, :tenth, pg_temp.f(pg_temp.ms(:h)), pg_temp.f(pg_temp.ms(:h10)),
              pg_temp.x(pg_temp.ms(:h) / pg_temp.ms(:h10)), pg_temp.verdict(pg_temp.ms(:h) / pg_temp.ms(:h10) <= 11));
SELECT format('| Linear, pre-grouped claims (the function alone) | %s | %s | %s | info | — |',
              pg_temp.f(pg_temp.ms(:p)), pg_temp.f(pg_temp.ms(:p10)), pg_temp.x(pg_temp.ms(:p) / pg_temp.ms(:p10)));
SELECT format('| Linear, cold first runs (server restart%s, edit cache built in the run), hcpcs | %s | %s | %s | info | — |',
              CASE WHEN :'cold_label' LIKE '%dropped%' THEN ' + OS page cache dropped' ELSE ', OS cache warm' END, pg_temp.f(pg_temp.cold(:h)), pg_temp.f(pg_temp.cold(:h10)),
              pg_temp.x(pg_temp.cold(:h) / pg_temp.cold(:h10)))
WHERE pg_temp.cold(:h) IS NOT NULL;
SELECT format('| Backend memory, pre-grouped check (the function alone): private peak at %s vs %s lines (VmHWM − RssShmem − RssFile) | %s | %s | %s | bounded | %s |',
              :lines, :smallest, pg_temp.mib(pg_temp.priv(:p)), pg_temp.mib(pg_temp.priv('hcpcs_pregrouped@' || :smallest)),
              pg_temp.x(pg_temp.priv(:p) / pg_temp.priv('hcpcs_pregrouped@' || :smallest)),
              CASE WHEN pg_temp.priv(:p) - pg_temp.priv('hcpcs_pregrouped@' || :smallest) <= 16 * 1048576.0
                   THEN '**PASS** (flat)'
                   ELSE format('**FAIL**: grows %s bytes per claim within the query (freed at its end)',
                               round((pg_temp.priv(:p) - pg_temp.priv('hcpcs_pregrouped@' || :smallest))
                                     / ((:lines - :smallest) / 5))) END);
SELECT format('| Backend memory, the user''s query (grouping in the query): private peak at %s vs %s lines | %s | %s | %s | info | grows %s bytes per claim (compare the row above; the GROUP BY''s plan is under Plans) |',
              :lines, :smallest, pg_temp.mib(pg_temp.priv(:h)), pg_temp.mib(pg_temp.priv('hcpcs@' || :smallest)),
              pg_temp.x(pg_temp.priv(:h) / pg_temp.priv('hcpcs@' || :smallest)),
              round((pg_temp.priv(:h) - pg_temp.priv('hcpcs@' || :smallest)) / ((:lines - :smallest) / 5)));
SELECT format('| Backend memory, baselines: private peak at %s lines, typed / text | %s | %s | — | info | — |',
              :lines, pg_temp.mib(pg_temp.priv(:ty)), pg_temp.mib(pg_temp.priv(:tx)));
SELECT format('| Edit cache per backend (`hcpcs_cache_stats()` bytes); first PTP call of a fresh backend (builds it) | %s; %s | — | — | info | — |',
              pg_temp.mib((SELECT max(cache_bytes) FROM mem WHERE name = :h)), pg_temp.f(pg_temp.ms('cache_build')));
SELECT format('| Cache invalidated by a reload (same session: builds %s → %s after loading a second release; answer follows the current release: %s) | — | — | — | invalidated | %s |',
              (SELECT builds FROM ptp_reload WHERE step = 2), (SELECT builds FROM ptp_reload WHERE step = 3),
              CASE WHEN (SELECT answer FROM ptp_reload WHERE step = 4) <> (SELECT answer FROM ptp_reload WHERE step = 2)
                    AND (SELECT answer FROM ptp_reload WHERE step = 5) = (SELECT answer FROM ptp_reload WHERE step = 2)
                   THEN 'yes' ELSE 'NO' END,
              pg_temp.verdict((SELECT builds FROM ptp_reload WHERE step = 3) > (SELECT builds FROM ptp_reload WHERE step = 2)
                              AND (SELECT builds FROM ptp_reload WHERE step = 2) = (SELECT builds FROM ptp_reload WHERE step = 1)
                              AND (SELECT answer FROM ptp_reload WHERE step = 4) <> (SELECT answer FROM ptp_reload WHERE step = 2)
                              AND (SELECT answer FROM ptp_reload WHERE step = 5) = (SELECT answer FROM ptp_reload WHERE step = 2)));
SELECT format('| Load of the full table: `hcpcs_load_ptp` (one run) vs the analyst''s COPY + CREATE TABLE AS + index (text baseline) | %s | %s | %s | ≤ 60 s | %s |',
              pg_temp.f(max(ms) FILTER (WHERE name = 'load_hcpcs')), pg_temp.f(max(ms) FILTER (WHERE name = 'load_text')),
              pg_temp.x(max(ms) FILTER (WHERE name = 'load_text') / max(ms) FILTER (WHERE name = 'load_hcpcs')),
              pg_temp.verdict(max(ms) FILTER (WHERE name = 'load_hcpcs') <= 60000))
FROM bench_result WHERE mode = 'once';
SELECT format('| Table + indexes (`pg_total_relation_size`): `hcpcs_ptp_edits` as loaded vs the same rows with int4 codes (ratio hcpcs / int4) | %s | %s | %s | ≤ 1.5× | %s |',
              pg_temp.mib(pg_temp.sz('edits_hcpcs')), pg_temp.mib(pg_temp.sz('edits_int4')),
              pg_temp.x(pg_temp.sz('edits_hcpcs') / pg_temp.sz('edits_int4')),
              pg_temp.verdict(pg_temp.sz('edits_hcpcs') / pg_temp.sz('edits_int4') <= 1.5));
SELECT format('| same after `REINDEX TABLE hcpcs_ptp_edits` (ratio hcpcs / int4) | %s | %s | %s | info | — |',
              pg_temp.mib(pg_temp.sz('edits_hcpcs_reindexed')), pg_temp.mib(pg_temp.sz('edits_int4')),
              pg_temp.x(pg_temp.sz('edits_hcpcs_reindexed') / pg_temp.sz('edits_int4')));
SELECT format('| Parallel: pre-grouped check, 2 workers vs 0 (speed-up = time(0) / time(2)) | %s | %s | %s | info | — |',
              pg_temp.f(pg_temp.ms('par2@' || :lines)), pg_temp.f(pg_temp.ms('par0@' || :lines)),
              pg_temp.x(pg_temp.ms('par0@' || :lines) / pg_temp.ms('par2@' || :lines)))
WHERE :par = 1;

SELECT '';
SELECT '### Scaling (warm medians; chart: ' || :'chart' || ')';
SELECT '';
SELECT '![PTP check time against the number of claims](ptp_scaling.png)';
SELECT '';
SELECT format('| Lines | Claims | hcpcs (grouping in query) | hcpcs, pre-grouped | typed baseline (`%s`) | text baseline (`%s`) | typed / hcpcs | text / hcpcs |',
              :'typed', :'text');
SELECT '|---:|---:|---:|---:|---:|---:|---:|---:|';
SELECT format('| %s | %s | %s | %s | %s | %s | %s | %s |',
              to_char(s.lines, 'FM9,999,999'), to_char(s.lines / 5, 'FM9,999,999'),
              pg_temp.f(pg_temp.ms('hcpcs@' || s.lines)), pg_temp.f(pg_temp.ms('hcpcs_pregrouped@' || s.lines)),
              pg_temp.f(pg_temp.ms(:'typed' || '@' || s.lines)), pg_temp.f(pg_temp.ms(:'text' || '@' || s.lines)),
              pg_temp.x(pg_temp.ms(:'typed' || '@' || s.lines) / pg_temp.ms('hcpcs@' || s.lines)),
              pg_temp.x(pg_temp.ms(:'text' || '@' || s.lines) / pg_temp.ms('hcpcs@' || s.lines)))
FROM ptp_size s ORDER BY s.lines;
SELECT '';
SELECT 'Growth for 10× the claims (time at 10 n lines / time at n lines; 10.00× = exactly linear):';
SELECT '';
SELECT '| n → 10 n lines | hcpcs | hcpcs, pre-grouped | typed baseline | text baseline |';
SELECT '|---|---:|---:|---:|---:|';
SELECT format('| %s → %s | %s | %s | %s | %s |', a.lines, b.lines,
              pg_temp.x(pg_temp.ms('hcpcs@' || b.lines) / pg_temp.ms('hcpcs@' || a.lines)),
              pg_temp.x(pg_temp.ms('hcpcs_pregrouped@' || b.lines) / pg_temp.ms('hcpcs_pregrouped@' || a.lines)),
              pg_temp.x(pg_temp.ms(:'typed' || '@' || b.lines) / pg_temp.ms(:'typed' || '@' || a.lines)),
              pg_temp.x(pg_temp.ms(:'text' || '@' || b.lines) / pg_temp.ms(:'text' || '@' || a.lines)))
FROM ptp_size a JOIN ptp_size b ON b.lines = 10 * a.lines ORDER BY a.lines;

SELECT '';
SELECT '### The two ways of writing each baseline (at ' || :lines || ' lines; the faster is kept)';
SELECT '';
SELECT '| Baseline | join OR (both directions in one join condition) | UNION ALL (one join per direction) | kept |';
SELECT '|---|---:|---:|---|';
SELECT format('| %s | %s | %s | `%s` |', b, pg_temp.f(pg_temp.ms(b || '_or@' || :lines)),
              pg_temp.f(pg_temp.ms(b || '_union@' || :lines)), CASE b WHEN 'typed' THEN :'typed' ELSE :'text' END)
FROM unnest('{typed,text}'::text[]) b;

SELECT '';
SELECT '### Edit cache';
SELECT '';
SELECT format('- First PTP call of a fresh backend (`cache_build`: `hcpcs_ptp_check` builds the edit cache of the full table): %s warm median (runs: %s)%s.',
              pg_temp.f(warm), runs, coalesce('; cold ' || pg_temp.f(cold), ''))
FROM med WHERE name = 'cache_build';
SELECT format('- The user''s query as the first statement of a session (`hcpcs_fresh`, cache built inside the timed run): %s, against %s with the cache already built: the build adds %s.',
              pg_temp.f(pg_temp.ms('hcpcs_fresh@' || :lines)), pg_temp.f(pg_temp.ms(:h)),
              pg_temp.f(pg_temp.ms('hcpcs_fresh@' || :lines) - pg_temp.ms(:h)));
SELECT format('- With the build counted (the user''s query as the first statement of a session): text / hcpcs_fresh %s, typed / hcpcs_fresh %s.',
              pg_temp.x(pg_temp.ms(:tx) / pg_temp.ms('hcpcs_fresh@' || :lines)),
              pg_temp.x(pg_temp.ms(:ty) / pg_temp.ms('hcpcs_fresh@' || :lines)));
SELECT '- Reload, one session (`bench/ptp_reload.sql`; each step followed by one `hcpcs_ptp_check(''0001A'', ''0591T'', ''2023-07-01'')`):';
SELECT '';
SELECT '| Step | Check | builds | bytes | Answer |';
SELECT '|---|---:|---:|---:|---|';
SELECT format('| %s. %s | %s | %s | %s | %s |', step, what, pg_temp.f(ms), builds, to_char(bytes, 'FM999,999,999,999'), answer)
FROM ptp_reload ORDER BY step;

SELECT '';
SELECT '### Backend memory (KiB, max over the warm runs; each run in a fresh backend)';
SELECT '';
SELECT 'VmHWM is the peak resident set of the backend; it includes the shared-buffer pages the backend touched (RssShmem: for the hcpcs queries the whole edit table, read by the cache build) and mapped files; "private" = VmHWM − RssShmem − RssFile, an estimate of the backend''s own peak memory; RssAnon is its private memory at the end.';
SELECT '';
SELECT '| Query | Lines | VmHWM | RssShmem | private (est.) | RssAnon at end | edit cache |';
SELECT '|---|---:|---:|---:|---:|---:|---:|';
SELECT format('| %s | %s | %s | %s | %s | %s | %s |', split_part(m.name, '@', 1), split_part(m.name, '@', 2),
              to_char(vmhwm_kb, 'FM99,999,999'), to_char(shmem_kb, 'FM99,999,999'),
              to_char(private_kb, 'FM99,999,999'), to_char(anon_kb, 'FM99,999,999'),
              coalesce(to_char(cache_bytes / 1024, 'FM99,999,999'), '—'))
FROM mem m JOIN bench_query q ON q.name = m.name
WHERE m.mode = 'warm' AND m.name LIKE '%@%'
ORDER BY split_part(m.name, '@', 1) <> 'hcpcs', split_part(m.name, '@', 1), split_part(m.name, '@', 2)::int;

SELECT '';
SELECT '### Cold first runs (' || :'cold_label' || ')';
SELECT '';
SELECT 'No prep: the hcpcs queries build the edit cache from cold pages inside the timed run.';
SELECT '';
SELECT '| Query | Cold | Warm median | VmHWM (KiB) |';
SELECT '|---|---:|---:|---:|';
SELECT format('| %s | %s | %s | %s |', m.name, pg_temp.f(m.cold), pg_temp.f(m.warm),
              to_char((SELECT vmhwm_kb FROM mem WHERE mem.name = m.name AND mode = 'cold'), 'FM99,999,999'))
FROM med m JOIN bench_query q USING (name) WHERE m.cold IS NOT NULL ORDER BY q.ord;

SELECT '';
SELECT '### Parallel (pre-grouped claims; ' || :'cpus' || ')'
WHERE :par = 1;
SELECT '' WHERE :par = 1;
SELECT 'Both with parallel_setup_cost = parallel_tuple_cost = 0 and min_parallel_table_scan_size = 0; the leader''s cache is built in prep, each worker builds its own inside the timed query (its cost dominates at ' || :tenth || ' lines, where there is little work to share).' WHERE :par = 1;
SELECT '' WHERE :par = 1;
SELECT '| Lines | 0 workers | 2 workers | speed-up |' WHERE :par = 1;
SELECT '|---:|---:|---:|---:|' WHERE :par = 1;
SELECT format('| %s | %s | %s | %s |', l, pg_temp.f(pg_temp.ms('par0@' || l)), pg_temp.f(pg_temp.ms('par2@' || l)),
              pg_temp.x(pg_temp.ms('par0@' || l) / pg_temp.ms('par2@' || l)))
FROM unnest(ARRAY[:tenth, :lines]) l WHERE :par = 1;

SELECT '';
SELECT '### Loading and sizes';
SELECT '';
SELECT format('- `hcpcs_load_ptp` of the full file: %s (one run, server-side). The analyst''s text load (COPY of the lines after the preamble + CREATE TABLE AS with the dates cast + index on (column1, column2)): %s.',
              pg_temp.f(max(ms) FILTER (WHERE name = 'load_hcpcs')), pg_temp.f(max(ms) FILTER (WHERE name = 'load_text')))
FROM bench_result WHERE mode = 'once';
SELECT format('- `hcpcs_ptp_edits` as loaded: %s (heap %s, indexes %s); int4 copy: %s (heap %s, indexes %s, built after the data); after REINDEX: %s. The text baseline''s table (fewer columns, one index): %s.',
              pg_temp.mib(pg_temp.sz('edits_hcpcs')), pg_temp.mib(pg_temp.sz('edits_hcpcs_heap')), pg_temp.mib(pg_temp.sz('edits_hcpcs_idx')),
              pg_temp.mib(pg_temp.sz('edits_int4')), pg_temp.mib(pg_temp.sz('edits_int4_heap')), pg_temp.mib(pg_temp.sz('edits_int4_idx')),
              pg_temp.mib(pg_temp.sz('edits_hcpcs_reindexed')), pg_temp.mib(pg_temp.sz('edits_text')));

SELECT '';
SELECT '### Data and checks';
SELECT '';
SELECT '- ' || val FROM ptp_note WHERE name IN ('hits', 'same_edits') ORDER BY name;
SELECT '- Every timed run (warm and cold) of every query of a size returned the same (denied, bypassed) pair:';
SELECT '  ' || a FROM ptp_check_answers() a;

SELECT '';
SELECT '### Every run (server-side ms)';
SELECT '';
SELECT '| Query | Warm median | Warm min | Warm max | Warm runs | Cold |';
SELECT '|---|---:|---:|---:|---|---:|';
SELECT format('| %s | %s | %s | %s | %s | %s |', m.name,
              to_char(m.warm, 'FM999,999,990.0'), to_char(m.wmin, 'FM999,999,990.0'),
              to_char(m.wmax, 'FM999,999,990.0'), m.runs, coalesce(to_char(m.cold, 'FM999,999,990.0'), ''))
FROM med m JOIN bench_query q USING (name) WHERE m.warm IS NOT NULL OR m.cold IS NOT NULL ORDER BY q.ord;

SELECT '';
SELECT '### The queries (at ' || :lines || ' lines; smaller sizes read the tables of their size)';
SELECT '';
SELECT format(E'%s (prep, untimed: `%s`):\n\n```sql\n%s\n```\n', q.name, coalesce(q.prep, '—'), q.query)
FROM bench_query q
WHERE q.name IN (:h, :p, 'typed_or@' || :lines, 'typed_union@' || :lines, 'text_or@' || :lines, 'text_union@' || :lines,
                 'cache_build', 'par2@' || :lines)
ORDER BY q.ord;
