/**
 * Combines KMS's bytes with entropy the enclave makes itself (DESIGN invariant 6; facts file, threat model).
 *
 *   L   = 32 bytes from node:crypto (inside an enclave, seeded from the NSM's hardware RNG)
 *   out = HKDF-SHA-256(IKM = K, salt = L, info = "rngkit nitro-recipient mix v1" ‖ uint32(n), length = n)
 *
 * where K is what KMS returned for this call (RFC 5869). Why this stays unpredictable if either input is:
 * - L uniform and unknown to the adversary, K anything, even chosen by a relaying parent: HKDF-Extract is
 *   HMAC keyed by L, a PRF, so PRK = HMAC(L, K) is pseudorandom for any K chosen without knowledge of L,
 *   and HKDF-Expand of a pseudorandom PRK is pseudorandom (RFC 5869 §3.1; Krawczyk, CRYPTO 2010).
 * - L predictable (a broken local RNG), K uniform and secret (KMS over TLS that ends in the enclave):
 *   HKDF-Extract with a known salt is a randomness extractor for K (RFC 5869 §3.1 and §3.3), so the
 *   output is as unpredictable as K's min-entropy allows (8n bits, at most 256).
 * The parent cannot learn L (it never leaves the enclave) and cannot see K (it is encrypted to a key that
 * never leaves the enclave), so it cannot steer `out`. As with any DRBG output, one call's output carries
 * at most 256 bits of computational security however long it is. A hash combiner or XOR would do too;
 * HKDF is chosen for its standard analysis and because node:crypto implements it natively.
 */
import { hkdfSync, randomBytes } from "node:crypto";

const LOCAL_ENTROPY_BYTES = 32;
const INFO_PREFIX = Buffer.from("rngkit nitro-recipient mix v1", "ascii");

/** Returns a new Buffer of `kms.byteLength` mixed bytes; the local entropy is zeroed after use. */
export function mixWithLocalEntropy(kms: Uint8Array): Buffer {
  const local = randomBytes(LOCAL_ENTROPY_BYTES);
  try {
    return combine(kms, local);
  } finally {
    local.fill(0);
  }
}

/** The construction itself, with the local entropy given: for known-answer tests. */
export function combine(kms: Uint8Array, local: Uint8Array): Buffer {
  const info = Buffer.alloc(INFO_PREFIX.byteLength + 4);
  INFO_PREFIX.copy(info);
  info.writeUInt32BE(kms.byteLength, INFO_PREFIX.byteLength);
  return Buffer.from(hkdfSync("sha256", kms, local, info, kms.byteLength));
}
