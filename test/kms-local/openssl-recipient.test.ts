/**
 * `openssl cms -decrypt -inform DER` decrypts kms-local's CiphertextForRecipient with the enclave key: the
 * envelope is CMS as OpenSSL reads it, built for the key in the attestation document.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GenerateRandomCommand, KMSClient } from "@aws-sdk/client-kms";
import { createTestAttestationAuthority } from "@rngkit/attestation";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const directory = mkdtempSync(join(tmpdir(), "rngkit-recipient-"));
const authority = createTestAttestationAuthority();
const enclave = generateKeyPairSync("rsa", { modulusLength: 2048 });
const keyPath = join(directory, "enclave.pem");
writeFileSync(keyPath, enclave.privateKey.export({ type: "pkcs8", format: "pem" }));
let server: KmsLocal;

beforeAll(async () => {
  server = await startKmsLocal({ attestation: { trustedRoots: [authority.rootCertificate] } });
});

afterAll(async () => {
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

function decrypt(envelope: Uint8Array, key = keyPath): Buffer {
  const input = join(directory, `envelope-${Math.random().toString(36).slice(2)}.ber`);
  writeFileSync(input, envelope);
  return execFileSync(
    "openssl",
    ["cms", "-decrypt", "-inform", "DER", "-in", input, "-inkey", key, "-binary"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

describe("GenerateRandom with a Recipient, read by OpenSSL", () => {
  it.each([1, 32, 1024])("decrypts %i bytes with the enclave key", async (size) => {
    const kms = new KMSClient({
      endpoint: server.endpoint,
      region: server.region,
      credentials: { ...server.credentials },
      maxAttempts: 1,
    });
    const response = await kms.send(
      new GenerateRandomCommand({
        NumberOfBytes: size,
        Recipient: {
          KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
          AttestationDocument: authority.attest({ publicKey: enclave.publicKey }),
        },
      }),
    );
    kms.destroy();
    expect(response.Plaintext).toBeUndefined();
    const plaintext = decrypt(response.CiphertextForRecipient ?? new Uint8Array());
    expect(plaintext.length).toBe(size);
  });

  it("cannot be decrypted with another key", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const otherPath = join(directory, "other.pem");
    writeFileSync(otherPath, other.privateKey.export({ type: "pkcs8", format: "pem" }));
    const kms = new KMSClient({
      endpoint: server.endpoint,
      region: server.region,
      credentials: { ...server.credentials },
      maxAttempts: 1,
    });
    const response = await kms.send(
      new GenerateRandomCommand({
        NumberOfBytes: 32,
        Recipient: {
          KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
          AttestationDocument: authority.attest({ publicKey: enclave.publicKey }),
        },
      }),
    );
    kms.destroy();
    expect(() => decrypt(response.CiphertextForRecipient ?? new Uint8Array(), otherPath)).toThrow();
  });
});
