-- Core: version, preload status, SHA3 (FIPS 202).
-- Every object is schema-qualified; the extension's schema is fixed (qtcl.control).
-- Every role may use the schema (types, functions, reading the chain); what changes state is
-- restricted object by object.
GRANT USAGE ON SCHEMA qtcl TO PUBLIC;

CREATE FUNCTION qtcl.version() RETURNS text
    AS 'MODULE_PATHNAME', 'qtcl_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.version() IS 'version of the loaded qtcl library';

CREATE FUNCTION qtcl.preloaded() RETURNS boolean
    AS 'MODULE_PATHNAME', 'qtcl_preloaded'
    LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.preloaded() IS 'true when qtcl is in shared_preload_libraries and its shared memory is set up';

CREATE FUNCTION qtcl.sha3_256(bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_sha3_256_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.sha3_256(bytea) IS 'SHA3-256 (FIPS 202) of the input, 32 bytes';

CREATE FUNCTION qtcl.shake256(bytea, outlen int4) RETURNS bytea
    AS 'MODULE_PATHNAME', 'qtcl_shake256_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION qtcl.shake256(bytea, int4) IS 'SHAKE256 (FIPS 202) of the input, outlen bytes (0 to 16 MiB)';
