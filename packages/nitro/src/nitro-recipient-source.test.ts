import { inspect } from "node:util";
import { KmsSource } from "@rngkit/kms";
import { describeRandomSource, rejectionOf } from "@rngkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { useKmsLocal } from "../test/kms-local-fixture.js";
import { NitroRecipientSource } from "./nitro-recipient-source.js";
import { TestAttestationProvider } from "./test-attestation-provider.js";

const kms = useKmsLocal();

// The conformance suite's 1,000 concurrent callers each make their own GenerateRandom call, queued behind
// the SDK's sockets and an in-process kms-local that verifies a document and RSA-encrypts for each: on a
// loaded machine the last ones wait longer than the default 5 s per attempt. These tests are about the
// bytes, not latency, so attempts get 60 s here (Timeout itself is tested in @rngkit/kms).
describeRandomSource(
  "NitroRecipientSource on kms-local",
  () => kms.source({ concurrency: 16, timeoutMs: 60_000 }),
  { timeoutMs: 240_000 },
);

afterEach(() => {
  kms.server.faults.clear();
  kms.server.counters.reset();
});

describe("NitroRecipientSource", () => {
  it("is named nitro:<region>, declares KMS's capabilities, and mixes by default", async () => {
    await using source = kms.source();
    expect(source.name).toBe("nitro:us-east-1");
    expect(source.capabilities).toEqual({ maxBytesPerCall: 1024, sync: false, remote: true });
    expect(source.mixesLocalEntropy).toBe(true);
    expect(source).toBeInstanceOf(KmsSource);
  });

  it("sends a Recipient on every call, which kms-local verifies and answers with CiphertextForRecipient", async () => {
    await using source = kms.source();
    const output = await source.bytes(5000);
    expect(output.byteLength).toBe(5000);
    const counters = kms.server.counters.get("GenerateRandom");
    expect(counters.requests).toBe(5);
    expect(counters.randomBytes).toBe(5000);
    expect(source.stats).toEqual({ keyPairsGenerated: 1, attestationDocuments: 1 });
  });

  it("serves KMS's bytes unchanged when mixing is switched off", async () => {
    await using source = kms.source({ mixWithLocalEntropy: false });
    expect(source.mixesLocalEntropy).toBe(false);
    expect((await source.bytes(1024)).byteLength).toBe(1024);
  });

  it("fails with KMS's refusal (not retried) when kms-local does not trust the document's root", async () => {
    await using source = kms.source({
      attestation: new TestAttestationProvider(),
      retry: { maxAttempts: 1 },
    });
    const error = await rejectionOf(source.bytes(32));
    expect(error.reason).toBe("InvalidArgument");
    expect(error.message).toMatch(/attestation document is not valid \(untrusted-root\)/);
  });

  it("rotates the key pair after maxCalls calls and fetches one document per key pair", async () => {
    await using source = kms.source({ keyPair: { maxCalls: 2 }, concurrency: 1 });
    await source.bytes(5 * 1024);
    expect(source.stats).toEqual({ keyPairsGenerated: 3, attestationDocuments: 3 });
  });

  it("rotates the key pair after maxBytes bytes", async () => {
    await using source = kms.source({ keyPair: { maxBytes: 2048 }, concurrency: 1 });
    await source.bytes(1024);
    await source.bytes(1024);
    expect(source.stats.keyPairsGenerated).toBe(1);
    await source.bytes(1);
    expect(source.stats.keyPairsGenerated).toBe(2);
  });

  it("rotates the key pair once it is older than maxAgeMs, and refetches the document", async () => {
    let now = Date.now();
    await using source = kms.source({ keyPair: { maxAgeMs: 60_000 }, clock: () => now });
    await source.bytes(16);
    now += 59_000;
    await source.bytes(16);
    expect(source.stats).toEqual({ keyPairsGenerated: 1, attestationDocuments: 1 });
    now += 1_000;
    await source.bytes(16);
    expect(source.stats).toEqual({ keyPairsGenerated: 2, attestationDocuments: 2 });
  });

  it("refetches the attestation document after documentTtlMs under the same key pair", async () => {
    let now = Date.now();
    await using source = kms.source({ documentTtlMs: 10_000, clock: () => now });
    await source.bytes(16);
    now += 10_000;
    await source.bytes(16);
    expect(source.stats.attestationDocuments).toBe(1);
    now += 1;
    await source.bytes(16);
    expect(source.stats).toEqual({ keyPairsGenerated: 1, attestationDocuments: 2 });
  });

  it("keeps keys, documents and bytes out of util.inspect and JSON", async () => {
    await using source = kms.source();
    const output = await source.bytes(64);
    const shown = `${inspect(source, { depth: Number.POSITIVE_INFINITY, showHidden: true })} ${JSON.stringify(source)}`;
    expect(shown).not.toMatch(/KeyObject|PRIVATE KEY|rsa/i);
    expect(shown).not.toContain(output.subarray(0, 8).toString("hex"));
    expect(shown).not.toContain(output.subarray(0, 8).toString("base64"));
    expect(shown).toBe(
      'NitroRecipientSource { name: "nitro:us-east-1", closed: false } {"name":"nitro:us-east-1","closed":false}',
    );
  });

  it("refuses bad options, naming them, before building a client", () => {
    const attestation = kms.provider;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ attestation: undefined }, /attestation must be an AttestationProvider/],
      [{ attestation, mixWithLocalEntropy: "yes" }, /mixWithLocalEntropy must be a boolean/],
      [{ attestation, keyPair: { maxBytes: 1000 } }, /keyPair.maxBytes must be an integer >= 1024/],
      [{ attestation, keyPair: { maxAgeMs: 10 } }, /keyPair.maxAgeMs must be an integer >= 1000/],
      [{ attestation, keyPair: { maxCalls: 0 } }, /keyPair.maxCalls must be an integer >= 1/],
      [{ attestation, documentTtlMs: 1.5 }, /documentTtlMs must be an integer >= 1000/],
      [{ attestation, userData: new Uint8Array(513) }, /userData must be a Uint8Array of at most 512 bytes/],
      [{ attestation, concurrency: 0 }, /concurrency must be a positive integer/],
    ];
    for (const [options, message] of cases) {
      expect(() => kms.source(options as never)).toThrow(message);
    }
    expect(() => new NitroRecipientSource(undefined as never)).toThrow(/options must be an object/);
  });
});
