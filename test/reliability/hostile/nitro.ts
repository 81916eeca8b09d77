/**
 * Hostile attestation documents and CiphertextForRecipient envelopes.
 * - Documents: NitroRecipientSource with a provider whose documents are tampered with, against kms-local
 *   (which verifies them as KMS does); and the same documents sent by the SDK straight to kms-local.
 * - Envelopes: NitroRecipientSource behind a relaying parent that answers with forged, tampered or
 *   replayed CMS (the threat model of ../shared/facts/kms-and-nitro.md).
 * Each gets its exact error; the caller's view is left zero-filled; kms-local generates no bytes for a
 * refused document; a pool over a source that fails keeps its buffered bytes.
 */
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { GenerateRandomCommand } from "@aws-sdk/client-kms";
import { recipientKeyIdentifier } from "@rngkit/attestation";
import { RandomSourceError, type RandomSourceErrorReason } from "@rngkit/core";
import { type AttestationProvider, NitroRecipientSource } from "@rngkit/nitro";
import { PoolSource } from "@rngkit/pool";
import { expect } from "vitest";
import { HostileProvider, TAMPER } from "../support/hostile-documents.js";
import {
  ATTESTATION,
  AUTHORITY,
  CREDENTIALS,
  clientConfigFor,
  EXPIRED_AUTHORITY,
  UNTRUSTED_AUTHORITY,
} from "../support/kms-local.js";
import { DER_OID, flip, patch, type RelayedRequest } from "../support/relay.js";
import type { Environment, HostileCase } from "./environment.js";

const NAME = "nitro:us-east-1";
const ENCLAVE = generateKeyPairSync("rsa", { modulusLength: 2048 });

async function expectRefusal(
  source: NitroRecipientSource | PoolSource,
  reason: RandomSourceErrorReason,
  message: string | RegExp,
  size = 8,
): Promise<void> {
  const view = new Uint8Array(size).fill(0x5a);
  let error: unknown;
  try {
    await source.fill(view);
  } catch (caught) {
    error = caught;
  }
  expect(RandomSourceError.is(error), String(error)).toBe(true);
  const refusal = error as RandomSourceError;
  expect(refusal.reason).toBe(reason);
  if (typeof message === "string") expect(refusal.message).toBe(message);
  else expect(refusal.message).toMatch(message);
  expect(
    view.every((byte) => byte === 0),
    "view zero-filled",
  ).toBe(true);
}

/** The source attests with `provider`; kms-local must generate nothing for it. */
function documentCase(
  name: string,
  provider: AttestationProvider,
  reason: RandomSourceErrorReason,
  message: string | RegExp,
): HostileCase {
  return {
    area: "attestation",
    name: `NitroRecipientSource with ${name}`,
    async run({ server }) {
      const generated = server.counters.get("GenerateRandom").randomBytes;
      await using source = new NitroRecipientSource({
        clientConfig: clientConfigFor(server),
        attestation: provider,
        retry: { maxAttempts: 1 },
      });
      await expectRefusal(source, reason, message);
      expect(server.counters.get("GenerateRandom").randomBytes, "bytes generated").toBe(generated);
    },
  };
}

/** The same document straight from the SDK: kms-local's exact ValidationException. */
function documentAtKms(name: string, document: () => Uint8Array, message: string | RegExp): HostileCase {
  return {
    area: "http",
    name: `GenerateRandom with a Recipient document with ${name}`,
    async run({ server, client }) {
      const generated = server.counters.get("GenerateRandom").randomBytes;
      let error: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
      try {
        await client.send(
          new GenerateRandomCommand({
            NumberOfBytes: 8,
            Recipient: { KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256", AttestationDocument: document() },
          }),
        );
      } catch (caught) {
        error = caught as typeof error;
      }
      expect([error?.name, error?.$metadata?.httpStatusCode]).toEqual(["ValidationException", 400]);
      if (typeof message === "string") expect(error?.message).toBe(message);
      else expect(error?.message).toMatch(message);
      expect(server.counters.get("GenerateRandom").randomBytes, "bytes generated").toBe(generated);
    },
  };
}

const genuine = () => AUTHORITY.attest({ publicKey: ENCLAVE.publicKey });
const INVALID = "The attestation document is not valid";
const validation = (rule: string, detail: string) =>
  `${NAME}: GenerateRandom failed: ValidationException: ${INVALID} (${rule}): ${detail}`;

const DOCUMENT_CASES: readonly HostileCase[] = [
  documentCase(
    "a broken chain",
    new HostileProvider(AUTHORITY, TAMPER.brokenChain),
    "InvalidArgument",
    validation(
      "certificate-chain",
      "the leaf certificate is not issued by the next certificate of the chain",
    ),
  ),
  documentCase(
    "a bad signature",
    new HostileProvider(AUTHORITY, TAMPER.badSignature),
    "InvalidArgument",
    validation("signature", "the COSE_Sign1 signature does not verify"),
  ),
  documentCase(
    "an untrusted root",
    new HostileProvider(UNTRUSTED_AUTHORITY),
    "InvalidArgument",
    validation("untrusted-root", "the chain does not end at a trusted root certificate"),
  ),
  documentCase(
    "an expired leaf",
    new HostileProvider(EXPIRED_AUTHORITY),
    "AttestationFailed",
    `${NAME}: the attestation document's certificate expires too soon to use`,
  ),
  documentCase(
    "the wrong algorithm (ES256)",
    new HostileProvider(AUTHORITY, TAMPER.wrongAlgorithm),
    "AttestationFailed",
    `${NAME}: the attestation document does not parse`,
  ),
  documentCase(
    "the wrong digest (SHA256)",
    new HostileProvider(AUTHORITY, TAMPER.wrongDigest),
    "AttestationFailed",
    `${NAME}: the attestation document does not parse`,
  ),
  documentCase(
    "garbage bytes",
    new HostileProvider(AUTHORITY, () => Buffer.from("garbage")),
    "AttestationFailed",
    `${NAME}: the attestation document does not parse`,
  ),
  documentCase(
    "another key than its own",
    { name: "other-key", attest: async () => genuine() },
    "AttestationFailed",
    `${NAME}: the attestation document does not bind this key pair's public key`,
  ),
  documentAtKms(
    "a broken chain",
    () => TAMPER.brokenChain(genuine()),
    `${INVALID} (certificate-chain): the leaf certificate is not issued by the next certificate of the chain`,
  ),
  documentAtKms(
    "the wrong algorithm (ES256)",
    () => TAMPER.wrongAlgorithm(genuine()),
    `${INVALID} (cose-algorithm): expected COSE algorithm -35 (ES384), got -7`,
  ),
  documentAtKms(
    "the wrong digest (SHA256)",
    () => TAMPER.wrongDigest(genuine()),
    `${INVALID} (digest): digest must be "SHA384", got "SHA256"`,
  ),
  documentAtKms(
    "a bad signature",
    () => TAMPER.badSignature(genuine()),
    `${INVALID} (signature): the COSE_Sign1 signature does not verify`,
  ),
  documentAtKms(
    "an expired leaf",
    () => EXPIRED_AUTHORITY.attest({ publicKey: ENCLAVE.publicKey }),
    /^The attestation document is not valid \(certificate-validity\): the leaf certificate expired at \S+Z \(now \S+Z\)$/,
  ),
  documentAtKms(
    "an untrusted root",
    () => UNTRUSTED_AUTHORITY.attest({ publicKey: ENCLAVE.publicKey }),
    `${INVALID} (untrusted-root): the chain does not end at a trusted root certificate`,
  ),
  documentAtKms(
    "an RSA-1024 key",
    () => AUTHORITY.attest({ publicKey: generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey }),
    `${INVALID} (public-key): public_key must be RSA of at least 2048 bits, got 1024`,
  ),
  documentAtKms(
    "garbage bytes",
    () => Buffer.from("not a document"),
    `${INVALID} (cose-structure): the document is not well-formed CBOR`,
  ),
];

/** A Nitro source whose SDK talks to the relaying parent. */
function viaRelay({ relay }: Environment): NitroRecipientSource {
  return new NitroRecipientSource({
    clientConfig: { endpoint: relay.endpoint, region: "us-east-1", credentials: { ...CREDENTIALS } },
    attestation: ATTESTATION,
    retry: { maxAttempts: 1 },
  });
}

type Answer = (request: RelayedRequest) => Record<string, unknown>;
const ciphertext = (bytes: Uint8Array) => ({ CiphertextForRecipient: Buffer.from(bytes).toString("base64") });

function envelopeCase(
  name: string,
  answer: Answer,
  reason: RandomSourceErrorReason,
  message: string,
): HostileCase {
  return {
    area: "cms",
    name,
    async run(environment) {
      environment.relay.answer = answer;
      await using source = viaRelay(environment);
      await expectRefusal(source, reason, message);
    },
  };
}

const rid = (request: RelayedRequest) =>
  recipientKeyIdentifier(createPublicKey({ key: request.publicKey, format: "der", type: "spki" }));
/** The IV's last byte sits 2 (OCTET STRING header) + 15 bytes after the aes256-CBC OID. */
const ivLastByte = (envelope: Buffer) =>
  envelope.indexOf(DER_OID.aes256Cbc) + DER_OID.aes256Cbc.length + 2 + 15;
const UNIFORM = `${NAME}: attestation: the envelope did not decrypt`;

const ENVELOPE_CASES: readonly HostileCase[] = [
  envelopeCase(
    "CMS for another recipient (rid changed)",
    (r) => ciphertext(patch(r.envelope(), rid(r), flip(rid(r), 0))),
    "DecryptFailed",
    `${NAME}: attestation: the envelope is for another key: its rid is not the SHA-256 of this key's SubjectPublicKeyInfo`,
  ),
  envelopeCase(
    "CMS with RSA PKCS#1 v1.5 key transport",
    (r) => ciphertext(patch(r.envelope(), DER_OID.rsaesOaep, flip(DER_OID.rsaesOaep, 10, 0x06))),
    "DecryptFailed",
    `${NAME}: attestation: keyEncryptionAlgorithm must be rsaesOaep, found rsaEncryption (PKCS#1 v1.5) (1.2.840.113549.1.1.1)`,
  ),
  envelopeCase(
    "CMS with AES-128-CBC content",
    (r) => ciphertext(patch(r.envelope(), DER_OID.aes256Cbc, flip(DER_OID.aes256Cbc, 10, 0x28))),
    "DecryptFailed",
    `${NAME}: attestation: contentEncryptionAlgorithm must be aes256-CBC, found aes128-CBC (2.16.840.1.101.3.4.1.2)`,
  ),
  // 8 bytes of content pad with eight 0x08; XOR-ing the IV's last byte with 0x08 turns the last pad byte to 0.
  envelopeCase(
    "CMS with bad PKCS#7 padding",
    (r) => {
      const envelope = r.envelope();
      return ciphertext(flip(envelope, ivLastByte(envelope), 0x08));
    },
    "DecryptFailed",
    UNIFORM,
  ),
  envelopeCase(
    "CMS of 16 bytes too many",
    (r) => ciphertext(r.envelope(r.numberOfBytes + 16)),
    "DecryptFailed",
    UNIFORM,
  ),
  envelopeCase(
    "CMS of one byte too few",
    (r) => ciphertext(r.envelope(r.numberOfBytes - 1)),
    "DecryptFailed",
    UNIFORM,
  ),
  envelopeCase(
    "CMS with trailing bytes",
    (r) => ciphertext(Buffer.concat([r.envelope(), Buffer.of(0)])),
    "DecryptFailed",
    `${NAME}: attestation: the ciphertext has 1 bytes after its end`,
  ),
  envelopeCase(
    "CMS that is not BER",
    () => ciphertext(Buffer.from("garbage garbage")),
    "DecryptFailed",
    `${NAME}: attestation: the ciphertext is not well-formed BER (End of input reached before message was fully decoded (inconsistent offset and length values))`,
  ),
  envelopeCase(
    "Plaintext beside the CMS",
    (r) => ({ Plaintext: Buffer.alloc(r.numberOfBytes, 1).toString("base64"), ...ciphertext(r.envelope()) }),
    "InvalidResponse",
    `${NAME}: GenerateRandom returned Plaintext although a Recipient was sent; refused`,
  ),
  envelopeCase(
    "no CiphertextForRecipient",
    () => ({}),
    "InvalidResponse",
    `${NAME}: GenerateRandom returned no CiphertextForRecipient; refused`,
  ),
  envelopeCase(
    "an empty CiphertextForRecipient",
    () => ({ CiphertextForRecipient: "" }),
    "InvalidResponse",
    `${NAME}: GenerateRandom returned no CiphertextForRecipient; refused`,
  ),
  {
    area: "cms",
    name: "a replayed CMS envelope",
    async run(environment) {
      let first: Record<string, unknown> | undefined;
      environment.relay.answer = (r) => {
        first ??= ciphertext(r.envelope());
        return first;
      };
      await using source = viaRelay(environment);
      await source.fill(new Uint8Array(8));
      await expectRefusal(
        source,
        "Replay",
        `${NAME}: CiphertextForRecipient repeats an encrypted key already received under this key pair; refused`,
      );
    },
  },
  {
    area: "cms",
    name: "bad padding under a warm pool: waiters refused, buffered bytes kept",
    async run(environment) {
      environment.relay.answer = (r) => ciphertext(r.envelope());
      // 8-byte chunks: each envelope is one AES block, so the IV alone decides the padding. The buffer
      // refills to 64 bytes but holds 128, so a request of level + 1 bytes waits for a refill (a request
      // larger than the capacity would go straight upstream in one 1024-byte-max call instead).
      await using pool = new PoolSource(viaRelay(environment), {
        chunkSize: 8,
        capacity: 128,
        highWater: 64,
      });
      await pool.ready();
      while (pool.stats().inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      environment.relay.answer = (r) => {
        const envelope = r.envelope();
        return ciphertext(flip(envelope, ivLastByte(envelope), 0x08));
      };
      const before = pool.stats();
      // More than the buffer holds: the request waits for a refill, which fails with the uniform error.
      await expectRefusal(pool, "DecryptFailed", UNIFORM, before.level + 1);
      const after = pool.stats();
      expect([after.level, after.servedBytes], "buffered bytes kept").toEqual([
        before.level,
        before.servedBytes,
      ]);
      expect(pool.fillSync(new Uint8Array(before.level)).byteLength).toBe(before.level);
    },
  },
];

export const NITRO_CASES: readonly HostileCase[] = [...DOCUMENT_CASES, ...ENVELOPE_CASES];
