-- bench/type_queries.sql: the measured queries of bench/bench_type.sh.
-- psql -v rows=N -v runs=R -v runs_slow=S.  Each query returns one row, so
-- nothing big goes to the client.  Every repeat query gets R warm runs but
-- the informational default-collation text sort (the slowest by far), which
-- gets S.
\set ON_ERROR_STOP on
\set regex '^([0-9]{4}[0-9AFMTU]|[ABCDEGHJKLMPQRSTUV][0-9]{4})$'

-- Conversion.  The cast is an argument of count() over a plain table column,
-- so it is evaluated for every row (count must know whether it is NULL);
-- nothing can prune it.  bench_check() verifies each count equals rows.
INSERT INTO bench_query (ord, name, kind, cold, check_n, query) VALUES
 (10, 'cast_hcpcs',  'repeat', true,  :rows,
  'SELECT count(code::hcpcs_code) FROM claims_text'),
 (11, 'cast_int4',   'repeat', true,  :rows,
  'SELECT count(code::int4) FROM nums_text'),
 (12, 'check_regex', 'repeat', true,  :rows,
  format('SELECT count(*) FROM claims_text WHERE upper(btrim(code)) ~ %L', :'regex')),
 (13, 'is_valid',    'repeat', false, :rows,
  'SELECT count(*) FROM claims_text WHERE hcpcs_is_valid(code)'),
 (14, 'scan_text',   'repeat', true,  :rows,
  'SELECT count(code) FROM claims_text'),
 (15, 'scan_nums',   'repeat', false, :rows,
  'SELECT count(code) FROM nums_text');

-- Sorting.  ORDER BY without LIMIT and OFFSET rows-1: the Sort node sorts
-- all rows (no bounded top-N sort: that needs a LIMIT), the Limit node
-- reads every sorted tuple and returns only the last one.  Measured before
-- any index exists on code, so the plan is always Seq Scan -> Sort.
INSERT INTO bench_query (ord, name, kind, cold, query) VALUES
 (20, 'sort_hcpcs',        'repeat', true,
  format('SELECT code FROM claims_hcpcs ORDER BY code OFFSET %s', :rows - 1)),
 (21, 'sort_int4',         'repeat', true,
  format('SELECT code FROM claims_int4 ORDER BY code OFFSET %s', :rows - 1)),
 (22, 'sort_text_c',       'repeat', true,
  format('SELECT code FROM claims_text ORDER BY code COLLATE "C" OFFSET %s', :rows - 1)),
 (23, 'sort_text_default', 'repeat', false,
  format('SELECT code FROM claims_text ORDER BY code OFFSET %s', :rows - 1)),
 (24, 'sort_bpchar',       'repeat', false,
  format('SELECT code FROM claims_bpchar ORDER BY code OFFSET %s', :rows - 1));

UPDATE bench_query SET rounds = CASE WHEN name = 'sort_text_default' THEN :runs_slow ELSE :runs END
WHERE kind = 'repeat';

-- Index builds: one run each (informational), done after all sorts.
INSERT INTO bench_query (ord, name, kind, query) VALUES
 (30, 'index_hcpcs',  'once', 'CREATE INDEX claims_hcpcs_code ON claims_hcpcs (code)'),
 (31, 'index_int4',   'once', 'CREATE INDEX claims_int4_code ON claims_int4 (code)'),
 (32, 'index_text',   'once', 'CREATE INDEX claims_text_code ON claims_text (code)'),
 (33, 'index_bpchar', 'once', 'CREATE INDEX claims_bpchar_code ON claims_bpchar (code)');
