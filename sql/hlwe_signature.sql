-- hlwe_signature: ML-DSA keys, signing, verification and the type's I/O.
-- Operators live in schema qtcl: put it on the search_path (or write OPERATOR(qtcl.=)).
SET search_path = public, qtcl;
CREATE TEMP TABLE keys AS
SELECT p AS params, k.public_key AS pk, k.secret_key AS sk
  FROM unnest(ARRAY['ml-dsa-44', 'ml-dsa-65', 'ml-dsa-87']) p,
       LATERAL qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('qtcl regress ' || p, 'UTF8')), p) k;
-- Key sizes follow FIPS 204 Table 2; the same seed always gives the same key.
SELECT params, length(pk) AS pk_bytes, length(sk) AS sk_bytes,
       encode(substring(qtcl.sha3_256(pk) FROM 1 FOR 8), 'hex') AS pk_digest FROM keys ORDER BY params;
SELECT count(*) AS repeatable FROM keys,
       LATERAL qtcl.hlwe_keygen(qtcl.sha3_256(convert_to('qtcl regress ' || params, 'UTF8')), params) again
 WHERE again.public_key = pk AND again.secret_key = sk;
-- The default parameter set is ml-dsa-65; without a seed the key is fresh each time.
SELECT length(public_key) AS default_pk_bytes FROM qtcl.hlwe_keygen();
SELECT (SELECT public_key FROM qtcl.hlwe_keygen()) <> (SELECT public_key FROM qtcl.hlwe_keygen()) AS fresh_keys_differ;

-- Sign and verify, each parameter set.
CREATE TEMP TABLE sigs AS
SELECT params, pk, sk, qtcl.hlwe_sign(sk, 'pay 5 to bob'::bytea, 'qtcl-tx-v1'::bytea) AS sig,
       qtcl.hlwe_sign(sk, 'pay 5 to bob'::bytea, 'qtcl-tx-v1'::bytea, true) AS dsig
  FROM keys;
SELECT params, qtcl.hlwe_params(sig), length(sig::bytea) AS sig_bytes,
       qtcl.hlwe_verify(pk, 'pay 5 to bob'::bytea, sig, 'qtcl-tx-v1'::bytea) AS hedged_ok,
       qtcl.hlwe_verify(pk, 'pay 5 to bob'::bytea, dsig, 'qtcl-tx-v1'::bytea) AS deterministic_ok
  FROM sigs ORDER BY params;
-- Deterministic signing is repeatable (and pinned here); hedged signing is not.
SELECT params, encode(substring(qtcl.sha3_256(dsig::bytea) FROM 1 FOR 8), 'hex') AS deterministic_sig_digest,
       qtcl.hlwe_sign(sk, 'pay 5 to bob'::bytea, 'qtcl-tx-v1'::bytea, true) = dsig AS repeatable,
       qtcl.hlwe_sign(sk, 'pay 5 to bob'::bytea, 'qtcl-tx-v1'::bytea) <> sig AS hedged_differs
  FROM sigs ORDER BY params;

-- Tampering with anything makes verification false: message, context, signature, public key.
SELECT params,
       qtcl.hlwe_verify(pk, 'pay 6 to bob'::bytea, sig, 'qtcl-tx-v1'::bytea) AS other_message,
       qtcl.hlwe_verify(pk, 'pay 5 to bob'::bytea, sig, 'qtcl-tx-v2'::bytea) AS other_context,
       qtcl.hlwe_verify(pk, 'pay 5 to bob'::bytea, sig) AS empty_context,
       qtcl.hlwe_verify(pk, 'pay 5 to bob'::bytea,
                        set_byte(sig::bytea, 0, get_byte(sig::bytea, 0) # 1)::qtcl.hlwe_signature,
                        'qtcl-tx-v1'::bytea) AS flipped_challenge_bit,
       qtcl.hlwe_verify(pk, 'pay 5 to bob'::bytea,
                        set_byte(sig::bytea, 100, get_byte(sig::bytea, 100) # 128)::qtcl.hlwe_signature,
                        'qtcl-tx-v1'::bytea) AS flipped_z_bit,
       qtcl.hlwe_verify(pk, 'pay 5 to bob'::bytea,
                        set_byte(sig::bytea, length(sig::bytea) - 1, get_byte(sig::bytea, length(sig::bytea) - 1) # 1)::qtcl.hlwe_signature,
                        'qtcl-tx-v1'::bytea) AS flipped_hint_byte,
       qtcl.hlwe_verify(set_byte(pk, 40, get_byte(pk, 40) # 4), 'pay 5 to bob'::bytea, sig, 'qtcl-tx-v1'::bytea) AS flipped_key_bit
  FROM sigs ORDER BY params;
-- Another key of the same set, and a signature of another set, are just false.
SELECT a.params AS key_params, b.params AS sig_params,
       qtcl.hlwe_verify(a.pk, 'pay 5 to bob'::bytea, b.sig, 'qtcl-tx-v1'::bytea) AS verifies
  FROM sigs a, sigs b WHERE a.params <> b.params ORDER BY 1, 2;
SELECT qtcl.hlwe_verify((SELECT public_key FROM qtcl.hlwe_keygen()), 'pay 5 to bob'::bytea, sig, 'qtcl-tx-v1'::bytea) AS other_key
  FROM sigs WHERE params = 'ml-dsa-65';
-- Empty and large messages, the longest context.
SELECT qtcl.hlwe_verify(pk, ''::bytea, qtcl.hlwe_sign(sk, ''::bytea), ''::bytea) AS empty_message,
       qtcl.hlwe_verify(pk, convert_to(repeat('x', 1000000), 'UTF8'), qtcl.hlwe_sign(sk, convert_to(repeat('x', 1000000), 'UTF8'))) AS megabyte_message,
       qtcl.hlwe_verify(pk, 'm'::bytea, qtcl.hlwe_sign(sk, 'm'::bytea, convert_to(repeat('c', 255), 'UTF8')), convert_to(repeat('c', 255), 'UTF8')) AS context_255
  FROM keys WHERE params = 'ml-dsa-65';

-- Type I/O: text round trip, binary round trip, bytea casts, equality and hashing.
SELECT params, (sig::text)::qtcl.hlwe_signature = sig AS text_roundtrip,
       left(dsig::text, 20) AS text_prefix, length(sig::text) AS text_length,
       (sig::bytea)::qtcl.hlwe_signature = sig AS bytea_roundtrip
  FROM sigs ORDER BY params;
SELECT count(*) AS upper_hex_accepted FROM sigs
 WHERE (params || ':' || upper(encode(sig::bytea, 'hex')))::qtcl.hlwe_signature = sig;
\getenv abs_builddir PG_ABS_BUILDDIR
\set binfile :abs_builddir '/results/hlwe_signature.bin'
COPY (SELECT params, sig FROM sigs) TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE sigs_back (params text, sig qtcl.hlwe_signature);
COPY sigs_back FROM :'binfile' WITH (FORMAT binary);
SELECT count(*) AS binary_roundtrip FROM sigs JOIN sigs_back USING (params) WHERE sigs.sig = sigs_back.sig;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM sigs a JOIN sigs_back b ON a.sig = b.sig;
SELECT count(*) AS hash_join_matches FROM sigs a JOIN sigs_back b ON a.sig = b.sig;
RESET enable_mergejoin;
RESET enable_nestloop;
SELECT count(DISTINCT sig) AS distinct_sigs, count(DISTINCT dsig) AS distinct_dsigs FROM (SELECT * FROM sigs UNION ALL SELECT * FROM sigs) s;
-- Signatures sort (parameter set, then bytes). They are larger than a btree entry may be,
-- so uniqueness goes through their hash: a unique index on sha3_256 refuses one signature twice.
CREATE TEMP TABLE seen (sig qtcl.hlwe_signature NOT NULL);
CREATE UNIQUE INDEX seen_sig_hash ON seen (qtcl.sha3_256(sig::bytea));
INSERT INTO seen SELECT dsig FROM sigs;
INSERT INTO seen SELECT dsig FROM sigs WHERE params = 'ml-dsa-65';
SELECT qtcl.hlwe_params(sig) FROM seen ORDER BY sig DESC;
SELECT a.params, b.params, a.sig < b.sig AS lt, a.sig <= b.sig AS le, a.sig > b.sig AS gt, a.sig >= b.sig AS ge
  FROM sigs a, sigs b ORDER BY 1, 2;
SELECT a.sig = b.sig AS same, a.sig <> b.sig AS differ FROM sigs a, sigs b WHERE a.params = 'ml-dsa-44' AND b.params = 'ml-dsa-87';

-- Malformed input is refused with a message that says what was expected.
SELECT 'ml-dsa-65:00'::qtcl.hlwe_signature;
SELECT 'ml-dsa-66:00'::qtcl.hlwe_signature;
SELECT '00112233'::qtcl.hlwe_signature;
SELECT ('ml-dsa-44:' || repeat('zz', 2420))::qtcl.hlwe_signature;
-- the digit that is wrong, wherever it is: the second of a pair, a byte above ASCII (two bytes in UTF-8)
SELECT ('ml-dsa-44:' || 'ag' || repeat('00', 2419))::qtcl.hlwe_signature;
SELECT ('ml-dsa-44:' || repeat('00', 100) || 'é' || repeat('00', 2319))::qtcl.hlwe_signature;
SELECT ('ml-dsa-44:' || repeat('00', 2419) || '0:')::qtcl.hlwe_signature;
-- upper-case digits are the same signature
SELECT ('ml-dsa-65:' || upper(encode((SELECT sig FROM sigs WHERE params = 'ml-dsa-65')::bytea, 'hex')))::qtcl.hlwe_signature
       = (SELECT sig FROM sigs WHERE params = 'ml-dsa-65') AS upper_case_same;
SELECT ('ml-dsa-44:' || encode((SELECT sig FROM sigs WHERE params = 'ml-dsa-65')::bytea, 'hex'))::qtcl.hlwe_signature;
SELECT '\x00'::bytea::qtcl.hlwe_signature;
SELECT (SELECT sig::bytea || '\x00'::bytea FROM sigs WHERE params = 'ml-dsa-44')::qtcl.hlwe_signature;
SELECT * FROM qtcl.hlwe_keygen('\x00'::bytea);
SELECT * FROM qtcl.hlwe_keygen(NULL, 'ml-dsa-99');
SELECT * FROM qtcl.hlwe_keygen(NULL, NULL);
SELECT qtcl.hlwe_sign('\x0102'::bytea, 'm'::bytea);
SELECT qtcl.hlwe_sign(sk, 'm'::bytea, convert_to(repeat('c', 256), 'UTF8')) FROM keys WHERE params = 'ml-dsa-65';
SELECT qtcl.hlwe_verify('\x0102'::bytea, 'm'::bytea, sig) FROM sigs WHERE params = 'ml-dsa-65';
SELECT qtcl.hlwe_verify(pk, 'm'::bytea, sig, convert_to(repeat('c', 256), 'UTF8')) FROM sigs WHERE params = 'ml-dsa-65';
-- A secret key whose s1 coefficients are out of range (byte 128 starts s1) is refused, not used.
SELECT qtcl.hlwe_sign(set_byte(sk, 128, 255), 'm'::bytea) FROM keys WHERE params = 'ml-dsa-44';
SELECT qtcl.hlwe_public_key(set_byte(sk, 128, 255)) FROM keys WHERE params = 'ml-dsa-44';
-- A secret key whose t0 does not match its s1, s2 is inconsistent.
SELECT qtcl.hlwe_public_key(set_byte(sk, length(sk) - 1, get_byte(sk, length(sk) - 1) # 1)) FROM keys WHERE params = 'ml-dsa-65';
-- NULLs: STRICT functions return NULL.
SELECT qtcl.hlwe_sign(NULL, 'm'::bytea) IS NULL AS sign_null, qtcl.hlwe_verify(NULL, 'm'::bytea, NULL) IS NULL AS verify_null;
-- Function properties promised by the SQL contract.
SELECT p.oid::regprocedure, provolatile, proparallel, proisstrict
  FROM pg_proc p WHERE pronamespace = 'qtcl'::regnamespace AND proname LIKE 'hlwe\_%' ESCAPE '\'
   AND proname NOT LIKE 'hlwe\_signature\_%' ESCAPE '\' ORDER BY 1::text;
