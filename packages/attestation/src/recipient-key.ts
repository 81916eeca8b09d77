/**
 * The recipient key KMS encrypts to: an RSA SubjectPublicKeyInfo (DER) of at least 2048 bits
 * (../shared/facts/kms-and-nitro.md, "Verifying an attestation document"; KMS accepts RSA 2048, 3072 and 4096).
 */
import { createPublicKey, type KeyObject } from "node:crypto";

export const MIN_RECIPIENT_MODULUS_BITS = 2048;

/** Returns the key, or a reason it is not an acceptable recipient key. */
export function readRecipientPublicKey(
  spki: Uint8Array,
  minModulusBits = MIN_RECIPIENT_MODULUS_BITS,
): { key: KeyObject } | { problem: string } {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  } catch {
    return { problem: "public_key is not a DER SubjectPublicKeyInfo" };
  }
  if (key.asymmetricKeyType !== "rsa") {
    return { problem: `public_key must be an RSA key, got ${String(key.asymmetricKeyType)}` };
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < minModulusBits) {
    return { problem: `public_key must be RSA of at least ${minModulusBits} bits, got ${bits}` };
  }
  return { key };
}
