-- The node's background workers (registered when qtcl is preloaded): their status.
CREATE FUNCTION qtcl.workers_rows()
    RETURNS TABLE(worker text, pid int4, state text, last_step_at timestamptz, steps bigint, errors bigint, last_error text)
    AS 'MODULE_PATHNAME', 'qtcl_workers_rows' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.workers_rows() IS 'rows of the qtcl.workers view';
CREATE VIEW qtcl.workers AS
    SELECT worker, pid, state, last_step_at, steps, errors, last_error FROM qtcl.workers_rows();
COMMENT ON VIEW qtcl.workers IS 'background workers: pid, state, last step, steps, errors, last error';
