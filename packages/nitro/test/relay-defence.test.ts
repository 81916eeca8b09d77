/**
 * DESIGN invariant 6 against a relaying parent (facts file, threat model): the parent sits between the
 * enclave's SDK and KMS, sees the attestation document (hence the public key) and can answer whatever it
 * likes. These tests show what it can and cannot do to NitroRecipientSource.
 */
import { buildRecipientEnvelope, parseRecipientEnvelope } from "@rngkit/attestation";
import { RandomSourceError } from "@rngkit/core";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NitroRecipientSource, type NitroRecipientSourceOptions } from "../src/index.js";
import { TestAttestationProvider } from "../src/test-attestation-provider.js";
import { type RelayingParent, startRelayingParent } from "./relaying-parent.js";
import { UNIFORM_MESSAGE_PATTERN } from "./uniform-message.js";

const provider = new TestAttestationProvider();
let kms: KmsLocal;
let parent: RelayingParent;

beforeAll(async () => {
  // The parent forwards the enclave's signed request unchanged to another host, so kms-local checks no signature.
  kms = await startKmsLocal({ auth: "none", attestation: { trustedRoots: [provider.rootCertificate] } });
  parent = await startRelayingParent(kms.endpoint);
});
afterAll(async () => {
  await parent.close();
  await kms.close();
});
beforeEach(() => {
  parent.mode = { kind: "forward" };
});

function source(options: Partial<NitroRecipientSourceOptions> = {}): NitroRecipientSource {
  return new NitroRecipientSource({
    clientConfig: {
      endpoint: parent.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDENCLAVE", secretAccessKey: "enclave-secret" },
    },
    attestation: provider,
    retry: { maxAttempts: 1 },
    concurrency: 1,
    ...options,
  });
}

async function refusal(promise: Promise<unknown>, reason: string): Promise<RandomSourceError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (caught: unknown) => caught,
  );
  expect(RandomSourceError.is(error), String(error)).toBe(true);
  expect((error as RandomSourceError).reason).toBe(reason);
  return error as RandomSourceError;
}

/** The last CiphertextForRecipient the parent relayed, as bytes. */
function lastAnswer(): Buffer {
  const answer = parent.answered.at(-1);
  if (answer === undefined) throw new Error("nothing relayed yet");
  return Buffer.from(answer, "base64");
}

/** `envelope` with one byte of its encrypted content changed (`fromEnd` bytes before the content's end). */
function tamperContent(envelope: Buffer, fromEnd: number): Buffer {
  const content = parseRecipientEnvelope(envelope).encryptedContent;
  const at = envelope.indexOf(content);
  const copy = Buffer.from(envelope);
  copy[at + content.byteLength - fromEnd] = (copy[at + content.byteLength - fromEnd] as number) ^ 0x01;
  return copy;
}

describe("a relaying parent", () => {
  it("can relay genuine answers, which are served", async () => {
    await using enclave = source();
    expect((await enclave.bytes(2048)).byteLength).toBe(2048);
    expect(parent.answered.length).toBeGreaterThanOrEqual(2);
  });

  it("cannot decide the output with a forged envelope: mixing makes it unpredictable", async () => {
    parent.mode = { kind: "forge", plaintext: (n) => Buffer.alloc(n, 0x41) };
    await using first = source();
    await using second = source();
    const chosen = Buffer.alloc(64, 0x41);
    const a = await first.bytes(64);
    const b = await first.bytes(64);
    const c = await second.bytes(64);
    expect(a.equals(chosen)).toBe(false);
    expect(new Set([a, b, c].map((output) => output.toString("hex"))).size).toBe(3);
    // Not even one 8-byte window of the chosen bytes survives.
    expect(a.includes(chosen.subarray(0, 8))).toBe(false);
  });

  it("decides the output when mixing is switched off (what the default prevents)", async () => {
    parent.mode = { kind: "forge", plaintext: (n) => Buffer.alloc(n, 0x41) };
    await using enclave = source({ mixWithLocalEntropy: false });
    expect((await enclave.bytes(64)).equals(Buffer.alloc(64, 0x41))).toBe(true);
  });

  it("cannot replay an answer: the second use of an encrypted key is refused as Replay, view zeroed", async () => {
    await using enclave = source({ mixWithLocalEntropy: false });
    const first = await enclave.bytes(32);
    parent.mode = { kind: "replay-last" };
    const target = new Uint8Array(32).fill(0xa5);
    const error = await refusal(enclave.fill(target), "Replay");
    expect(error.message).toMatch(/already received under this key pair/);
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(error.message).not.toContain(first.toString("hex").slice(0, 16));
  });

  it("cannot replay an answer under the next key pair either: its rid names the old key", async () => {
    await using enclave = source({ keyPair: { maxCalls: 1 } });
    await enclave.bytes(32);
    parent.mode = { kind: "replay-last" };
    const error = await refusal(enclave.bytes(32), "DecryptFailed");
    expect(error.message).toMatch(/another key/);
    expect(enclave.stats.keyPairsGenerated).toBe(2);
  });

  it("gets one decryption attempt per encrypted key: a failed decryption counts as seen (no padding oracle)", async () => {
    await using enclave = source();
    let forged: Buffer | undefined;
    const copies = [
      (envelope: Buffer) => tamperContent(envelope, 17), // breaks the padding
      (envelope: Buffer) => tamperContent(envelope, 18), // breaks it another way: a second probe
      (envelope: Buffer) => envelope, // the untampered envelope, which would decrypt
    ];
    let sent = 0;
    parent.mode = {
      kind: "respond",
      body: ({ publicKey }) => {
        forged ??= buildRecipientEnvelope({ recipientPublicKey: publicKey, plaintext: Buffer.alloc(32, 5) });
        const copy = copies[sent++] as (envelope: Buffer) => Buffer;
        return { CiphertextForRecipient: copy(forged).toString("base64") };
      },
    };
    const first = await refusal(enclave.bytes(32), "DecryptFailed");
    expect(first.message).toMatch(UNIFORM_MESSAGE_PATTERN);
    await refusal(enclave.bytes(32), "Replay");
    await refusal(enclave.bytes(32), "Replay");
    expect(sent).toBe(3);
  });

  it("cannot have a genuine answer decrypted twice, even modified", async () => {
    await using enclave = source();
    await enclave.bytes(32);
    const genuine = lastAnswer();
    parent.mode = {
      kind: "respond",
      body: () => ({ CiphertextForRecipient: tamperContent(genuine, 17).toString("base64") }),
    };
    await refusal(enclave.bytes(32), "Replay");
  });

  it("cannot get bytes of another length served: a forged envelope of n ± 1 bytes gives the uniform DecryptFailed", async () => {
    await using enclave = source();
    for (const delta of [-1, 1, 16]) {
      parent.mode = { kind: "forge", plaintext: (n) => Buffer.alloc(n + delta, 3) };
      const target = new Uint8Array(32).fill(0xa5);
      const error = await refusal(enclave.fill(target), "DecryptFailed");
      expect(error.message).toMatch(UNIFORM_MESSAGE_PATTERN);
      expect(target.every((byte) => byte === 0)).toBe(true);
    }
  });

  it("fails closed on Plaintext beside the ciphertext, on a missing ciphertext and on garbage", async () => {
    await using enclave = source();
    await enclave.bytes(1);
    const genuine = lastAnswer();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        {
          Plaintext: Buffer.alloc(32, 9).toString("base64"),
          CiphertextForRecipient: genuine.toString("base64"),
        },
        "InvalidResponse",
        /returned Plaintext although a Recipient was sent/,
      ],
      [{}, "InvalidResponse", /no CiphertextForRecipient/],
      [
        { CiphertextForRecipient: Buffer.from("not cms").toString("base64") },
        "DecryptFailed",
        /not well-formed BER/,
      ],
    ];
    for (const [body, reason, message] of cases) {
      parent.mode = { kind: "respond", body: () => body };
      const target = new Uint8Array(32).fill(0xa5);
      const error = await refusal(enclave.fill(target), reason);
      expect(error.message).toMatch(message);
      expect(error.source).toBe("nitro:us-east-1");
      expect(target.every((byte) => byte === 0)).toBe(true);
      expect(JSON.stringify(error)).not.toContain(Buffer.alloc(8, 9).toString("base64").slice(0, 8));
    }
  });
});
