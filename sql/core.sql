-- Core: the extension installs into its fixed schema, reports its version and
-- knows it was preloaded (test/regress.conf preloads it).
-- (created by pg_regress --load-extension=qtcl)
SELECT extname, extversion, extrelocatable, extnamespace::regnamespace
  FROM pg_extension WHERE extname = 'qtcl';
SELECT qtcl.version() = (SELECT extversion FROM pg_extension WHERE extname = 'qtcl') AS library_matches_sql;
SELECT qtcl.preloaded();
-- The schema is fixed: another one is refused.
DROP EXTENSION qtcl;
CREATE SCHEMA elsewhere;
CREATE EXTENSION qtcl SCHEMA elsewhere;
DROP SCHEMA elsewhere;
CREATE EXTENSION qtcl;
-- The qtcl.* setting prefix is reserved: a misspelt setting is an error, not a silent placeholder.
SET qtcl.no_such_setting = 1;
-- Every function carries a comment.
SELECT p.oid::regprocedure AS function_without_comment
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'qtcl' AND obj_description(p.oid, 'pg_proc') IS NULL;
