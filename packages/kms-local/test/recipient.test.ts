import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { readFileSync } from "node:fs";
import { GenerateRandomCommand } from "@aws-sdk/client-kms";
import { createTestAttestationAuthority, recipientKeyIdentifier } from "@rngkit/attestation";
import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { client, expectKmsError, json, raw, signed, start } from "./helpers.js";

const enclave = generateKeyPairSync("rsa", { modulusLength: 2048 });

/**
 * Reads the envelope with asn1js and decrypts it with node:crypto: enough for these tests (the
 * reference decryption is OpenSSL's, in test/kms-local/ of the repository).
 */
function open(envelope: Uint8Array, privateKey = enclave.privateKey): { rid: Buffer; plaintext: Buffer } {
  const root = asn1js.fromBER(envelope).result as asn1js.Sequence;
  const enveloped = ((root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence)
    .valueBlock.value;
  const recipient = ((enveloped[1] as asn1js.Set).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
  const rid = Buffer.from((recipient[1] as asn1js.Primitive).valueBlock.valueHexView);
  const encryptedKey = Buffer.from((recipient[3] as asn1js.OctetString).valueBlock.valueHexView);
  const content = (enveloped[2] as asn1js.Sequence).valueBlock.value;
  const iv = Buffer.from(
    ((content[1] as asn1js.Sequence).valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView,
  );
  const chunks = (content[2] as asn1js.Constructed).valueBlock.value.map((chunk) =>
    Buffer.from((chunk as asn1js.OctetString).valueBlock.valueHexView),
  );
  const key = privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    encryptedKey,
  );
  const decipher = createDecipheriv("aes-256-cbc", key, iv);
  return { rid, plaintext: Buffer.concat([decipher.update(Buffer.concat(chunks)), decipher.final()]) };
}

describe("GenerateRandom with a Recipient", () => {
  const authority = createTestAttestationAuthority();

  it("answers CiphertextForRecipient for the enclave key, and no Plaintext", async () => {
    const server = await start({ attestation: { trustedRoots: [authority.rootCertificate] } });
    const document = authority.attest({ publicKey: enclave.publicKey, nonce: Buffer.from("n") });
    const response = await client(server).send(
      new GenerateRandomCommand({
        NumberOfBytes: 48,
        Recipient: { KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256", AttestationDocument: document },
      }),
    );
    expect(response.Plaintext).toBeUndefined();
    const { rid, plaintext } = open(response.CiphertextForRecipient ?? new Uint8Array());
    expect(rid.equals(recipientKeyIdentifier(enclave.publicKey))).toBe(true);
    expect(plaintext.length).toBe(48);
    expect(server.counters.get("GenerateRandom").randomBytes).toBe(48);
  });

  it("trusts a root added at run time, and refuses documents from an untrusted root", async () => {
    const server = await start();
    const kms = client(server);
    const command = () =>
      new GenerateRandomCommand({
        NumberOfBytes: 8,
        Recipient: {
          KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
          AttestationDocument: authority.attest({ publicKey: enclave.publicKey }),
        },
      });
    await expectKmsError(
      kms.send(command()),
      "ValidationException",
      /^The attestation document is not valid \(untrusted-root\)/,
      400,
    );
    server.attestation.trustRoot(authority.rootCertificatePem);
    expect((await kms.send(command())).CiphertextForRecipient).toBeDefined();
  });

  it("checks the document at the server's clock", async () => {
    let now = Date.now();
    const server = await start({
      clock: () => now,
      attestation: { trustedRoots: [authority.rootCertificate] },
    });
    const document = authority.attest({ publicKey: enclave.publicKey });
    now += 4 * 3_600_000;
    const request = await signed(server, {
      body: JSON.stringify({
        NumberOfBytes: 8,
        Recipient: {
          KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
          AttestationDocument: document.toString("base64"),
        },
      }),
      date: new Date(now),
    });
    expect(json(await raw(server, request)).message).toMatch(
      /^The attestation document is not valid \(certificate-validity\)/,
    );
  });

  it("refuses a genuine AWS document whose public_key is no RSA key", async () => {
    const docA = Buffer.from(
      readFileSync(new URL("./fixtures/attestation-doc-a.b64", import.meta.url), "utf8").trim(),
      "base64",
    );
    const at = Date.parse("2024-09-17T00:48:00Z");
    const server = await start({ clock: () => at });
    const request = await signed(server, {
      body: JSON.stringify({
        NumberOfBytes: 8,
        Recipient: {
          KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
          AttestationDocument: docA.toString("base64"),
        },
      }),
      date: new Date(at),
    });
    expect(json(await raw(server, request)).message).toMatch(
      /^The attestation document is not valid \(public-key\)/,
    );
  });

  it.each([
    [
      "an RSA-1024 key",
      () => authority.attest({ publicKey: generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey }),
      /public-key/,
    ],
    ["no public key", () => authority.attest(), /public-key/],
    ["garbage", () => Buffer.from("not a document"), /cose-structure/],
  ])("refuses a document with %s", async (_name, document, message) => {
    const server = await start({ attestation: { trustedRoots: [authority.rootCertificate] } });
    await expectKmsError(
      client(server).send(
        new GenerateRandomCommand({
          NumberOfBytes: 8,
          Recipient: { KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256", AttestationDocument: document() },
        }),
      ),
      "ValidationException",
      message,
    );
  });

  it("validates the Recipient members like the service model", async () => {
    const server = await start({ attestation: { trustedRoots: [authority.rootCertificate] } });
    const kms = client(server);
    await expectKmsError(
      kms.send(
        new GenerateRandomCommand({
          NumberOfBytes: 8,
          Recipient: { KeyEncryptionAlgorithm: "RSA_PKCS1" as never, AttestationDocument: Buffer.alloc(1) },
        }),
      ),
      "ValidationException",
      "1 validation error detected: Value 'RSA_PKCS1' at 'recipient.keyEncryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RSAES_OAEP_SHA_256]",
    );
    await expectKmsError(
      kms.send(
        new GenerateRandomCommand({
          NumberOfBytes: 8,
          Recipient: {
            KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
            AttestationDocument: Buffer.alloc(262_145),
          },
        }),
      ),
      "ValidationException",
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=262145 cap=262145]' at 'recipient.attestationDocument' failed to satisfy constraint: Member must have length less than or equal to 262144",
    );
    await expectKmsError(
      kms.send(
        new GenerateRandomCommand({
          NumberOfBytes: 8,
          Recipient: { KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256" },
        }),
      ),
      "ValidationException",
      "AttestationDocument is required when Recipient is specified.",
    );
  });
});
