/**
 * Decrypts CiphertextForRecipient inside the enclave (RFC 5652 §6.2.1, RFC 8017 §7.1.2, RFC 5652 §6.3
 * padding): unwrap the content-encryption key with RSAES-OAEP (SHA-256, MGF1-SHA-256, empty label), then
 * AES-256-CBC and check the PKCS#7 padding.
 *
 * No oracle (facts file, threat model): the OAEP unwrap, a content key that is not 32 bytes, a ciphertext
 * that is not whole blocks, bad padding and a plaintext of the wrong length all end in the same error
 * (`UNIFORM_DECRYPT_MESSAGE`, no cause). When the unwrap fails, the content is still decrypted under a
 * random key (implicit rejection, as TLS servers do against Bleichenbacher), so every path does the same
 * work, and the padding is checked without branching on its bytes.
 *
 * AES-CBC here has no integrity check (neither has KMS's envelope): whoever can change the response can
 * change the plaintext. TLS from the enclave to KMS is what protects it; see @rngkit/nitro's threat model.
 */
import { constants, createDecipheriv, type KeyObject, privateDecrypt, randomBytes } from "node:crypto";
import { invalidArgument } from "../errors.js";
import { decryptFailed, uniformDecryptFailure } from "./decrypt-failed.js";
import { parseRecipientEnvelope, type RecipientEnvelope } from "./parse-recipient-envelope.js";
import { type RecipientPrivateKey, readRecipientPrivateKey } from "./recipient-private-key.js";

const AES_256_KEY_BYTES = 32;
const BLOCK = 16;

export interface DecryptRecipientEnvelopeOptions {
  /**
   * The plaintext length the caller asked for (KMS: NumberOfBytes). A plaintext of any other length fails
   * with the uniform error and is never returned.
   */
  readonly expectedLength?: number;
}

/** Parses and decrypts in one step. Returns a new Buffer the caller owns. */
export function decryptCiphertextForRecipient(
  ciphertext: Uint8Array,
  privateKey: RecipientPrivateKey,
  options: DecryptRecipientEnvelopeOptions = {},
): Buffer {
  const key = readRecipientPrivateKey(privateKey);
  return decryptParsed(parseRecipientEnvelope(ciphertext), key.key, key.identifier, options);
}

/** Decrypts an envelope already read with `parseRecipientEnvelope` (e.g. after a replay check on its key). */
export function decryptRecipientEnvelope(
  envelope: RecipientEnvelope,
  privateKey: RecipientPrivateKey,
  options: DecryptRecipientEnvelopeOptions = {},
): Buffer {
  const key = readRecipientPrivateKey(privateKey);
  return decryptParsed(envelope, key.key, key.identifier, options);
}

function decryptParsed(
  envelope: RecipientEnvelope,
  key: KeyObject,
  identifier: Buffer,
  options: DecryptRecipientEnvelopeOptions,
): Buffer {
  const expected = options.expectedLength;
  if (expected !== undefined && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw invalidArgument(`expectedLength must be a non-negative integer, got ${String(expected)}`);
  }
  if (!identifier.equals(envelope.recipientKeyIdentifier)) {
    throw decryptFailed(
      "recipient",
      "the envelope is for another key: its rid is not the SHA-256 of this key's SubjectPublicKeyInfo",
    );
  }
  let good = 1;
  let contentKey: Buffer;
  try {
    contentKey = privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      envelope.encryptedKey,
    );
  } catch {
    contentKey = Buffer.alloc(0);
  }
  if (contentKey.byteLength !== AES_256_KEY_BYTES) {
    good = 0;
    contentKey.fill(0);
    contentKey = randomBytes(AES_256_KEY_BYTES);
  }
  const content = envelope.encryptedContent;
  if (content.byteLength === 0 || content.byteLength % BLOCK !== 0) {
    contentKey.fill(0);
    throw uniformDecryptFailure();
  }
  let padded: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-cbc", contentKey, envelope.iv).setAutoPadding(false);
    padded = Buffer.concat([decipher.update(content), decipher.final()]);
  } finally {
    contentKey.fill(0);
  }
  const { valid, length } = checkPadding(padded);
  good &= valid;
  if (expected !== undefined) good &= length === expected ? 1 : 0;
  if (good !== 1) {
    padded.fill(0);
    throw uniformDecryptFailure();
  }
  const plaintext = Buffer.alloc(length);
  padded.copy(plaintext, 0, 0, length);
  padded.fill(0);
  return plaintext;
}

/**
 * PKCS#7 padding (RFC 5652 §6.3): the last byte n is 1..16 and the last n bytes all equal n. Reads the
 * last 16 bytes whatever n is and folds every comparison into one flag, so the time taken does not depend
 * on where the padding goes wrong.
 */
function checkPadding(padded: Buffer): { valid: number; length: number } {
  const last = padded[padded.byteLength - 1] as number;
  let bad = ((last - 1) >>> 8) | ((BLOCK - last) >>> 31); // last === 0 or last > 16
  for (let i = 1; i <= BLOCK; i++) {
    const byte = padded[padded.byteLength - i] as number;
    const inPadding = ((i - last - 1) >>> 31) & 1; // i <= last
    bad |= inPadding & ((byte ^ last) !== 0 ? 1 : 0);
  }
  const valid = (bad & 1) === 0 ? 1 : 0;
  return { valid, length: valid === 1 ? padded.byteLength - last : 0 };
}
