-- Every external-interface ML-DSA vector of ../shared/vectors/ml-dsa through SQL
-- (keygen: all; signing: Wycheproof with context; verification: Wycheproof with context).
-- test/run.sh writes the COPY files from the JSON (test/sql_vectors.pl).
\getenv abs_srcdir PG_ABS_SRCDIR
\set keygen_file :abs_srcdir '/data/mldsa_keygen.tsv'
\set siggen_file :abs_srcdir '/data/mldsa_siggen.tsv'
\set sigver_file :abs_srcdir '/data/mldsa_sigver.tsv'
CREATE TEMP TABLE kg (params text, seed bytea, pk bytea, sk bytea);
COPY kg FROM :'keygen_file';
CREATE TEMP TABLE sg (id text, params text, sk bytea, pk bytea, message bytea, context bytea,
                      deterministic boolean, signature bytea, expected text);
COPY sg FROM :'siggen_file';
CREATE TEMP TABLE sv (id text, params text, pk bytea, message bytea, context bytea,
                      signature bytea, expected_valid boolean, reason text);
COPY sv FROM :'sigver_file';

-- KeyGen_internal(seed) gives pk and sk byte for byte.
SELECT params, count(*) AS vectors,
       count(*) FILTER (WHERE (k).public_key = pk AND (k).secret_key = sk) AS matching
  FROM (SELECT kg.*, qtcl.hlwe_keygen(seed, params) AS k FROM kg) s
 GROUP BY params ORDER BY params;

-- The public key recomputed from the expanded secret key.
SELECT count(*) AS vectors, count(*) FILTER (WHERE qtcl.hlwe_public_key(sk) = pk) AS matching FROM kg;

-- Deterministic signing reproduces the expected signature exactly; the hedged one
-- (its randomness cannot be injected through SQL) must verify.
SELECT params, count(*) AS deterministic_vectors,
       count(*) FILTER (WHERE qtcl.hlwe_sign(sk, message, context, true)::bytea = signature) AS matching
  FROM sg WHERE expected = 'valid' AND deterministic GROUP BY params ORDER BY params;
SELECT params, count(*) AS hedged_vectors,
       count(*) FILTER (WHERE qtcl.hlwe_verify(pk, message, qtcl.hlwe_sign(sk, message, context), context)
                          AND qtcl.hlwe_verify(pk, message, signature::qtcl.hlwe_signature, context)) AS verifying
  FROM sg WHERE expected = 'valid' AND NOT deterministic GROUP BY params ORDER BY params;
-- Signing with a 256-byte context is refused.
DO $$
DECLARE r record; n int := 0;
BEGIN
  FOR r IN SELECT * FROM sg WHERE expected = 'invalid' ORDER BY id LOOP
    BEGIN
      PERFORM qtcl.hlwe_sign(r.sk, r.message, r.context, true);
      RAISE NOTICE '% signed although invalid', r.id;
    EXCEPTION WHEN invalid_parameter_value THEN n := n + 1;
    END;
  END LOOP;
  RAISE NOTICE '% invalid signing vectors refused', n;
END $$;

-- Verification: each vector's verdict. Lengths that no parameter set has, and contexts over
-- 255 bytes, cannot even be asked (the type or the function refuses them); every other
-- invalid signature verifies as false.
CREATE FUNCTION pg_temp.verdict(pk bytea, msg bytea, sig bytea, ctx bytea) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  RETURN qtcl.hlwe_verify(pk, msg, sig::qtcl.hlwe_signature, ctx)::text;
EXCEPTION
  WHEN string_data_length_mismatch THEN RETURN 'refused: length';
  WHEN invalid_parameter_value THEN RETURN 'refused: context';
END $$;
SELECT reason, expected_valid, string_agg(params || ' ' || pg_temp.verdict(pk, message, signature, context), ', ' ORDER BY params) AS verdicts
  FROM sv GROUP BY reason, expected_valid ORDER BY reason;
