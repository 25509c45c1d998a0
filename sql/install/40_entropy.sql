-- Entropy pool: QRNG sources with SP 800-90B health tests and circuit breakers, XORed with
-- the OS generator and conditioned with SHAKE256 into a pool in shared memory (needs qtcl in
-- shared_preload_libraries). Network access and source diagnostics are for superusers only.

CREATE FUNCTION qtcl.qrng_refill() RETURNS int4
    AS 'MODULE_PATHNAME', 'qtcl_qrng_refill' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.qrng_refill() IS
    'one refill round over the enabled entropy sources; returns the number of healthy sources, os included';
REVOKE ALL ON FUNCTION qtcl.qrng_refill() FROM PUBLIC;

CREATE FUNCTION qtcl.qrng_fetch(source text) RETURNS TABLE(bytes bytea, ok boolean, error text)
    AS 'MODULE_PATHNAME', 'qtcl_qrng_fetch' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.qrng_fetch(text) IS
    'one diagnostic fetch from a source with every check of a refill; feeds nothing into the pool';
REVOKE ALL ON FUNCTION qtcl.qrng_fetch(text) FROM PUBLIC;

CREATE FUNCTION qtcl.entropy(n int4) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_entropy_sql' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.entropy(int4) IS
    'n bytes from the entropy pool (0 to 16 MiB); bytes are never handed out twice';
-- Drawing consumes a shared resource (and with qtcl.qrng_min_sources > 0, a scarce one):
-- superusers, and roles granted EXECUTE, only.
REVOKE ALL ON FUNCTION qtcl.entropy(int4) FROM PUBLIC;

CREATE FUNCTION qtcl.qrng_status_rows()
    RETURNS TABLE(source text, state text, successes bigint, failures bigint, last_error text,
                  last_success_at timestamptz, bytes_delivered bigint, enabled boolean)
    AS 'MODULE_PATHNAME', 'qtcl_qrng_status_rows' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.qrng_status_rows() IS 'rows of the qtcl.qrng_status view';
REVOKE ALL ON FUNCTION qtcl.qrng_status_rows() FROM PUBLIC;

CREATE VIEW qtcl.qrng_status AS
    SELECT source, state, successes, failures, last_error, last_success_at, bytes_delivered, enabled
      FROM qtcl.qrng_status_rows();
COMMENT ON VIEW qtcl.qrng_status IS
    'entropy sources: breaker state (closed, open, half-open), refill successes and failures, last error';
REVOKE ALL ON qtcl.qrng_status FROM PUBLIC;

CREATE FUNCTION qtcl.qrng_pool_status()
    RETURNS TABLE(available bigint, draws bigint, bytes_drawn bigint, bytes_discarded bigint,
                  last_draw_sources int4)
    AS 'MODULE_PATHNAME', 'qtcl_qrng_pool_status' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION qtcl.qrng_pool_status() IS
    'entropy pool: bytes available, draws, bytes drawn and discarded, remote sources behind the last draw';
