--
-- Every object of the hcpcs extension with its full definition, in a form
-- that does not depend on OIDs: two databases have the same extension
-- objects exactly when this prints the same.  The update test compares a
-- database updated from 1.0 with a fresh CREATE EXTENSION.
--
\set ON_ERROR_STOP 1
\pset null '(null)'
\pset format unaligned
\pset tuples_only on
\pset recordsep '\n'
SET search_path = pg_catalog, public;

-- the extension itself: version, schema, which tables pg_dump keeps and how
SELECT 'extension', e.extversion, e.extnamespace::regnamespace, e.extrelocatable,
       ARRAY(SELECT c::regclass::text || ' ' || coalesce(e.extcondition[i], '')
             FROM unnest(e.extconfig) WITH ORDINALITY AS u(c, i) ORDER BY 1)
FROM pg_extension e WHERE e.extname = 'hcpcs';

CREATE TEMP VIEW hcpcs_member AS
SELECT d.classid, d.objid, pg_describe_object(d.classid, d.objid, 0) AS object
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'hcpcs';

SELECT count(*) || ' objects' FROM hcpcs_member;

-- functions and aggregates: the whole definition (volatility, strictness,
-- leakproofness, parallel safety, cost, rows, support, settings, body)
SELECT m.object, p.proacl, p.procost, p.prorows, p.prosecdef, p.provolatile, p.proparallel, p.proleakproof,
       CASE WHEN p.prokind = 'a'
            THEN format('aggregate sfunc=%s stype=%s final=%s combine=%s sortop=%s parallel=%s',
                        a.aggtransfn, a.aggtranstype::regtype, a.aggfinalfn, a.aggcombinefn,
                        a.aggsortop::regoperator, p.proparallel)
            ELSE pg_get_functiondef(p.oid) END,
       obj_description(p.oid, 'pg_proc')
FROM hcpcs_member m JOIN pg_proc p ON p.oid = m.objid
LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
WHERE m.classid = 'pg_proc'::regclass ORDER BY 1;

-- types
SELECT m.object, t.typtype, t.typlen, t.typbyval, t.typcategory, t.typispreferred, t.typdelim,
       t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout, t.typanalyze,
       t.typsubscript, t.typelem::regtype, t.typarray::regtype, t.typalign, t.typstorage, t.typnotnull,
       t.typdefault, t.typcollation, t.typacl,
       (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid),
       (SELECT format('subtype=%s opclass=%s collation=%s canonical=%s diff=%s multirange=%s',
                      rngsubtype::regtype, opc.opcname, rngcollation, rngcanonical, rngsubdiff,
                      rngmultitypid::regtype)
        FROM pg_range r JOIN pg_opclass opc ON opc.oid = r.rngsubopc WHERE r.rngtypid = t.oid),
       (SELECT string_agg(format('%s %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum)
        FROM pg_attribute WHERE attrelid = t.typrelid AND attnum > 0 AND NOT attisdropped),
       obj_description(t.oid, 'pg_type')
FROM hcpcs_member m JOIN pg_type t ON t.oid = m.objid
WHERE m.classid = 'pg_type'::regclass ORDER BY 1;

-- operators
SELECT m.object, o.oprkind, o.oprcanmerge, o.oprcanhash, o.oprresult::regtype,
       o.oprcom::regoperator, o.oprnegate::regoperator, o.oprcode, o.oprrest, o.oprjoin,
       obj_description(o.oid, 'pg_operator')
FROM hcpcs_member m JOIN pg_operator o ON o.oid = m.objid
WHERE m.classid = 'pg_operator'::regclass ORDER BY 1;

-- operator classes and families, with every operator and support function
SELECT m.object, c.opcdefault, c.opcintype::regtype, c.opckeytype::regtype,
       (SELECT opfname FROM pg_opfamily WHERE oid = c.opcfamily),
       obj_description(c.oid, 'pg_opclass')
FROM hcpcs_member m JOIN pg_opclass c ON c.oid = m.objid
WHERE m.classid = 'pg_opclass'::regclass ORDER BY 1;
SELECT m.object,
       (SELECT string_agg(format('op %s %s %s %s', amopstrategy, amopopr::regoperator, amoppurpose,
                                 amopsortfamily), '; ' ORDER BY amopstrategy, amopopr::regoperator::text)
        FROM pg_amop WHERE amopfamily = f.oid),
       (SELECT string_agg(format('fn %s %s %s %s', amprocnum, amproclefttype::regtype,
                                 amprocrighttype::regtype, amproc::regprocedure), '; '
                          ORDER BY amprocnum, amproclefttype::regtype::text, amprocrighttype::regtype::text)
        FROM pg_amproc WHERE amprocfamily = f.oid),
       obj_description(f.oid, 'pg_opfamily')
FROM hcpcs_member m JOIN pg_opfamily f ON f.oid = m.objid
WHERE m.classid = 'pg_opfamily'::regclass ORDER BY 1;

-- casts
SELECT m.object, c.castfunc::regprocedure, c.castcontext, c.castmethod, obj_description(c.oid, 'pg_cast')
FROM hcpcs_member m JOIN pg_cast c ON c.oid = m.objid
WHERE m.classid = 'pg_cast'::regclass ORDER BY 1;

-- tables, views, sequences: columns, defaults, storage, constraints,
-- indexes, triggers, privileges, comments, view definitions
SELECT m.object, c.relkind::text, c.relpersistence::text, c.relacl, c.reloptions, c.relrowsecurity,
       (SELECT string_agg(format('%s %s%s%s storage=%s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                                 CASE WHEN a.attnotnull THEN ' not null' END,
                                 ' default ' || pg_get_expr(ad.adbin, ad.adrelid), a.attstorage,
                                 nullif(' identity=' || a.attidentity::text, ' identity='),
                                 ' comment ' || col_description(c.oid, a.attnum)), E'\n  ' ORDER BY a.attnum)
        FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
       (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\n  ' ORDER BY conname)
        FROM pg_constraint WHERE conrelid = c.oid),
       (SELECT string_agg(pg_get_indexdef(indexrelid), E'\n  ' ORDER BY 1) FROM pg_index WHERE indrelid = c.oid),
       (SELECT string_agg(pg_get_triggerdef(oid) || ' ' || tgenabled::text, E'\n  ' ORDER BY tgname, 1)
        FROM pg_trigger WHERE tgrelid = c.oid AND NOT tgisinternal),
       (SELECT string_agg(polname || ' ' || polcmd::text || ' ' || coalesce(pg_get_expr(polqual, polrelid), ''), ', ')
        FROM pg_policy WHERE polrelid = c.oid),
       CASE WHEN c.relkind = 'v' THEN pg_get_viewdef(c.oid) END,
       (SELECT format('seq %s start=%s inc=%s min=%s max=%s cache=%s cycle=%s', seqtypid::regtype, seqstart,
                      seqincrement, seqmin, seqmax, seqcache, seqcycle)
        FROM pg_sequence WHERE seqrelid = c.oid),
       obj_description(c.oid, 'pg_class')
FROM hcpcs_member m JOIN pg_class c ON c.oid = m.objid
WHERE m.classid = 'pg_class'::regclass ORDER BY 1;

-- any other kind of member object (none in 1.0): at least its name and comment
SELECT m.object, m.classid::regclass, obj_description(m.objid, m.classid::regclass::name)
FROM hcpcs_member m
WHERE m.classid NOT IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass,
                        'pg_opclass'::regclass, 'pg_opfamily'::regclass, 'pg_cast'::regclass,
                        'pg_class'::regclass)
ORDER BY 1;

-- the rows the extension ships (its own release and modifier policy), and
-- the number of rows of each of its tables
SELECT 'shipped release', release_id, kind, setting, period, as_of, source_files, row_count, checksum, loaded_by
FROM hcpcs_releases WHERE kind = 'shipped';
SELECT 'shipped modifier', m.* FROM hcpcs_modifiers m WHERE release_id = 0 ORDER BY modifier;
