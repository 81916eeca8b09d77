/** OpenSSL's `cms -decrypt` is the reference reader of CiphertextForRecipient (DESIGN.md, Testing). */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildRecipientEnvelope } from "../src/index.js";
import { fixture, fixturePath } from "./fixtures.js";

const directory = mkdtempSync(join(tmpdir(), "rngkit-envelope-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function opensslDecrypt(envelope: Buffer, keyPath: string): Buffer {
  const input = join(directory, `envelope-${randomBytes(4).toString("hex")}.ber`);
  writeFileSync(input, envelope);
  return execFileSync(
    "openssl",
    ["cms", "-decrypt", "-inform", "DER", "-in", input, "-inkey", keyPath, "-binary"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

describe("openssl cms -decrypt", () => {
  it("decrypts the genuine KMS fixture with its key (the reference works)", () => {
    const plaintext = opensslDecrypt(
      fixture("kms-ciphertext-for-recipient.ber"),
      fixturePath("kms-ciphertext-for-recipient.key.pem"),
    );
    expect(plaintext.equals(fixture("kms-ciphertext-for-recipient.plaintext.bin"))).toBe(true);
  });

  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPath = join(directory, "enclave-key.pem");
  writeFileSync(keyPath, keys.privateKey.export({ type: "pkcs8", format: "pem" }));

  it.each([
    ["32 bytes in one constructed chunk", 32, {}],
    ["1 byte", 1, {}],
    ["1024 bytes in chunks of 100", 1024, { contentChunkSize: 100 }],
    ["1024 bytes as primitive content", 1024, { contentEncoding: "primitive" as const }],
  ])("decrypts an envelope this package built: %s", (_name, size, options) => {
    const plaintext = randomBytes(size);
    const envelope = buildRecipientEnvelope({ recipientPublicKey: keys.publicKey, plaintext, ...options });
    expect(opensslDecrypt(envelope, keyPath).equals(plaintext)).toBe(true);
  });

  it("decrypts for a 4096-bit recipient key", () => {
    const big = generateKeyPairSync("rsa", { modulusLength: 4096 });
    const bigPath = join(directory, "enclave-key-4096.pem");
    writeFileSync(bigPath, big.privateKey.export({ type: "pkcs8", format: "pem" }));
    const plaintext = randomBytes(64);
    const envelope = buildRecipientEnvelope({ recipientPublicKey: big.publicKey, plaintext });
    expect(opensslDecrypt(envelope, bigPath).equals(plaintext)).toBe(true);
  });

  it("fails to decrypt with another key", () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const otherPath = join(directory, "other-key.pem");
    writeFileSync(otherPath, other.privateKey.export({ type: "pkcs8", format: "pem" }));
    const envelope = buildRecipientEnvelope({
      recipientPublicKey: keys.publicKey,
      plaintext: randomBytes(32),
    });
    expect(() => opensslDecrypt(envelope, otherPath)).toThrow();
  });
});
