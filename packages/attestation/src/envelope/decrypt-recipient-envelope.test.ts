import { generateKeyPairSync, randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { RandomSourceError } from "@rngkit/core";
import { describe, expect, it } from "vitest";
import { fixture } from "../../test/fixtures.js";
import { buildRecipientEnvelope } from "./build-recipient-envelope.js";
import { decryptProblemOf, UNIFORM_DECRYPT_MESSAGE } from "./decrypt-failed.js";
import { decryptCiphertextForRecipient, decryptRecipientEnvelope } from "./decrypt-recipient-envelope.js";
import { parseRecipientEnvelope } from "./parse-recipient-envelope.js";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
/** Byte ranges of the builder's output (the genuine KMS layout) for one content chunk. */
const RID = 33;
const ENCRYPTED_KEY = 131;
const IV = 415;
const CONTENT = 435;

function failure(run: () => unknown): RandomSourceError {
  try {
    run();
  } catch (error) {
    expect(RandomSourceError.is(error), String(error)).toBe(true);
    return error as RandomSourceError;
  }
  throw new Error("expected a failure");
}

function flip(bytes: Buffer, at: number, mask = 0x01): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] as number) ^ mask;
  return copy;
}

describe("decryptCiphertextForRecipient: known answers and round trips", () => {
  it("decrypts the genuine KMS blob with its key to the recorded plaintext", () => {
    const plaintext = decryptCiphertextForRecipient(
      fixture("kms-ciphertext-for-recipient.ber"),
      fixture("kms-ciphertext-for-recipient.key.pem").toString("utf8"),
    );
    expect(plaintext.equals(fixture("kms-ciphertext-for-recipient.plaintext.bin"))).toBe(true);
  });

  it("takes the key as a PEM string, PEM bytes or a KeyObject", () => {
    const pem = fixture("kms-ciphertext-for-recipient.key.pem");
    const blob = fixture("kms-ciphertext-for-recipient.ber");
    const expected = fixture("kms-ciphertext-for-recipient.plaintext.bin");
    expect(decryptCiphertextForRecipient(blob, pem).equals(expected)).toBe(true);
    const envelope = parseRecipientEnvelope(blob);
    expect(
      decryptRecipientEnvelope(envelope, pem.toString("utf8"), { expectedLength: 32 }).equals(expected),
    ).toBe(true);
  });

  it.each([
    [1, {}],
    [16, {}],
    [32, {}],
    [1024, { contentChunkSize: 100 }],
    [1024, { contentEncoding: "primitive" as const }],
  ])("round-trips %i bytes built by buildRecipientEnvelope %o", (size, options) => {
    const plaintext = randomBytes(size);
    const envelope = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext, ...options });
    const decrypted = decryptCiphertextForRecipient(envelope, rsa.privateKey, { expectedLength: size });
    expect(decrypted.equals(plaintext)).toBe(true);
    expect(decrypted.byteOffset).toBe(0);
    expect(decrypted.buffer.byteLength).toBeGreaterThanOrEqual(size);
  });

  it("decrypts for a 4096-bit key", () => {
    const big = generateKeyPairSync("rsa", { modulusLength: 4096 });
    const plaintext = randomBytes(48);
    const envelope = buildRecipientEnvelope({ recipientPublicKey: big.publicKey, plaintext });
    expect(decryptCiphertextForRecipient(envelope, big.privateKey).equals(plaintext)).toBe(true);
  });
});

describe("decryptCiphertextForRecipient: tampering fails closed", () => {
  const plaintext = randomBytes(32);
  const envelope = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext });

  it("decrypts the untouched envelope (so the failures below are the tampering's)", () => {
    expect(decryptCiphertextForRecipient(envelope, rsa.privateKey).equals(plaintext)).toBe(true);
  });

  it("refuses an envelope for another key by its rid", () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const error = failure(() => decryptCiphertextForRecipient(envelope, other.privateKey));
    expect(error.reason).toBe("DecryptFailed");
    expect(decryptProblemOf(error)).toBe("recipient");
    expect(error.message).toMatch(/another key/);
  });

  it("refuses a changed rid", () => {
    const error = failure(() => decryptCiphertextForRecipient(flip(envelope, RID + 5), rsa.privateKey));
    expect(decryptProblemOf(error)).toBe("recipient");
  });

  it.each([
    ["the first byte of the encrypted key", () => flip(envelope, ENCRYPTED_KEY)],
    ["the last byte of the encrypted key", () => flip(envelope, ENCRYPTED_KEY + 255, 0x80)],
    ["the final padding (last byte of the second-to-last block)", () => flip(envelope, CONTENT + 31)],
    ["the last ciphertext block", () => flip(envelope, CONTENT + 47)],
  ])("gives the uniform DecryptFailed for a change to %s", (_name, tampered) => {
    // With expectedLength, as the Nitro source calls it: a random last block has valid padding about once
    // in 256 tries, but a valid 32-byte plaintext from it only once in 2^128.
    const error = failure(() =>
      decryptCiphertextForRecipient(tampered(), rsa.privateKey, { expectedLength: 32 }),
    );
    expect(error.reason).toBe("DecryptFailed");
    expect(error.message).toBe(UNIFORM_DECRYPT_MESSAGE);
    expect(error.cause).toBeUndefined();
    expect(decryptProblemOf(error)).toBe("decrypt");
  });

  it("gives one indistinguishable error for OAEP, padding and length failures", () => {
    const small = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext: randomBytes(1) });
    const errors = [
      failure(() => decryptCiphertextForRecipient(flip(envelope, ENCRYPTED_KEY + 7), rsa.privateKey)),
      failure(() => decryptCiphertextForRecipient(flip(envelope, CONTENT + 31), rsa.privateKey)),
      failure(() => decryptCiphertextForRecipient(envelope, rsa.privateKey, { expectedLength: 31 })),
      failure(() =>
        decryptCiphertextForRecipient(flip(small, IV + 15, 0x0f ^ 0x01), rsa.privateKey, {
          expectedLength: 1,
        }),
      ),
    ];
    const shown = errors.map((error) => JSON.stringify(error.toJSON()));
    expect(new Set(shown).size).toBe(1);
    expect(errors.every((error) => error.cause === undefined)).toBe(true);
    expect(new Set(errors.map((error) => error.stack?.split("\n")[0])).size).toBe(1);
  });

  it("never returns a plaintext of another length than expected, even when tampered padding is valid", () => {
    // A 1-byte plaintext is padded with fifteen 0x0f bytes. Changing the IV's last byte by 0x0f ^ 0x01 turns
    // the padding into a valid single 0x01: CBC has no integrity, and 15 bytes would come out.
    const small = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext: randomBytes(1) });
    const tampered = flip(small, IV + 15, 0x0f ^ 0x01);
    expect(decryptCiphertextForRecipient(tampered, rsa.privateKey).byteLength).toBe(15);
    const error = failure(() =>
      decryptCiphertextForRecipient(tampered, rsa.privateKey, { expectedLength: 1 }),
    );
    expect(error.message).toBe(UNIFORM_DECRYPT_MESSAGE);
  });

  it("refuses content that is not whole AES blocks with the uniform error", () => {
    const parsed = parseRecipientEnvelope(envelope);
    const shortened = { ...parsed, encryptedContent: parsed.encryptedContent.subarray(0, 40) };
    const error = failure(() => decryptRecipientEnvelope(shortened, rsa.privateKey));
    expect(error.message).toBe(UNIFORM_DECRYPT_MESSAGE);
  });
});

describe("decryptCiphertextForRecipient: arguments", () => {
  const envelope = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext: randomBytes(8) });

  it.each([
    ["a public key", () => rsa.publicKey, /must be a private key/],
    ["an EC key", () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey, /must be an RSA key/],
    ["a string that is no PEM", () => "not a key", /not a PEM private key/],
    ["a number", () => 42, /KeyObject or a PEM string/],
  ])("refuses %s as the key with InvalidArgument", (_name, key, message) => {
    const error = failure(() => decryptCiphertextForRecipient(envelope, key() as never));
    expect(error.reason).toBe("InvalidArgument");
    expect(error.message).toMatch(message);
  });

  it("refuses a bad expectedLength", () => {
    const error = failure(() =>
      decryptCiphertextForRecipient(envelope, rsa.privateKey, { expectedLength: -1 }),
    );
    expect(error.reason).toBe("InvalidArgument");
  });

  it("keeps key material and plaintext out of errors", () => {
    const pem = rsa.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const body = pem.split("\n")[5] as string;
    const errors = [
      failure(() => decryptCiphertextForRecipient(flip(envelope, ENCRYPTED_KEY), pem)),
      failure(() => decryptCiphertextForRecipient(envelope, pem.replace(body, body.slice(1)))),
    ];
    for (const error of errors) {
      const shown = `${inspect(error, { depth: 5, showHidden: true })} ${JSON.stringify(error)}`;
      expect(shown).not.toContain(body.slice(0, 24));
    }
  });
});
