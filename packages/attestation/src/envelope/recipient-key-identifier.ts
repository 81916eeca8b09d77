/**
 * The `rid` KMS puts in CiphertextForRecipient: `[0] subjectKeyIdentifier` = SHA-256 of the recipient's
 * SubjectPublicKeyInfo DER (aws-nitro-enclaves-sdk-c source/cms.c).
 */
import { createHash, createPublicKey, type KeyObject } from "node:crypto";

export function recipientKeyIdentifier(publicKey: KeyObject | Uint8Array): Buffer {
  const spki =
    publicKey instanceof Uint8Array
      ? Buffer.from(publicKey)
      : (publicKey.type === "private" ? createPublicKey(publicKey) : publicKey).export({
          type: "spki",
          format: "der",
        });
  return createHash("sha256").update(spki).digest();
}
