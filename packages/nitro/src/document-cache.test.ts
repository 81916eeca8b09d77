import { generateKeyPairSync } from "node:crypto";
import { createTestAttestationAuthority } from "@rngkit/attestation";
import { rejectionOf } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import type { AttestationProvider } from "./attestation-provider.js";
import { DocumentCache, LEAF_EXPIRY_MARGIN_MS } from "./document-cache.js";
import { KeyPairRotation } from "./key-pair-rotation.js";
import { TestAttestationProvider } from "./test-attestation-provider.js";

const signal = new AbortController().signal;
const budget = { maxAgeMs: 10 * 3_600_000, maxBytes: 1 << 30, maxCalls: 1 << 20 };
const MINUTE = 60_000;

async function setup(provider: AttestationProvider, ttlMs: number, clock: () => number) {
  const cache = new DocumentCache({ provider, ttlMs, clock, source: "nitro-test", userData: undefined });
  const keyPair = await new KeyPairRotation(budget, clock, "nitro-test", () => {}).acquire(1, signal);
  return { cache, keyPair };
}

describe("DocumentCache", () => {
  it("reuses a document for documentTtlMs, then asks the provider again", async () => {
    let now = Date.now();
    const provider = new TestAttestationProvider();
    const { cache, keyPair } = await setup(provider, 5 * MINUTE, () => now);
    const first = await cache.documentFor(keyPair, signal);
    now += 5 * MINUTE;
    expect(await cache.documentFor(keyPair, signal)).toBe(first);
    now += 1;
    expect(await cache.documentFor(keyPair, signal)).not.toBe(first);
    expect(provider.documentsIssued).toBe(2);
  });

  it("keeps the TTL below the leaf certificate's lifetime, less a minute", async () => {
    let now = Date.now();
    const authority = createTestAttestationAuthority({ leafValidityMs: 10 * MINUTE, clock: () => now });
    const provider = new TestAttestationProvider({ authority });
    const { cache, keyPair } = await setup(provider, 3_600_000, () => now);
    const first = await cache.documentFor(keyPair, signal);
    // The leaf's notAfter has whole seconds: allow for the truncation.
    now += 10 * MINUTE - LEAF_EXPIRY_MARGIN_MS - 2_000;
    expect(await cache.documentFor(keyPair, signal)).toBe(first);
    now += 3_000;
    expect(await cache.documentFor(keyPair, signal)).not.toBe(first);
  });

  it("shares one provider call among concurrent callers", async () => {
    const provider = new TestAttestationProvider();
    const { cache, keyPair } = await setup(provider, MINUTE, Date.now);
    const documents = await Promise.all(Array.from({ length: 10 }, () => cache.documentFor(keyPair, signal)));
    expect(new Set(documents).size).toBe(1);
    expect(provider.documentsIssued).toBe(1);
    expect(cache.fetched).toBe(1);
  });

  it("refuses a document that binds another public key", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    const test = new TestAttestationProvider();
    const lying: AttestationProvider = {
      name: "lying",
      attest: (request, options) =>
        test.attest({ ...request, publicKey: other.export({ type: "spki", format: "der" }) }, options),
    };
    const { cache, keyPair } = await setup(lying, MINUTE, Date.now);
    const error = await rejectionOf(cache.documentFor(keyPair, signal));
    expect(error.message).toMatch(/does not bind this key pair's public key/);
  });

  it("refuses a document whose certificate expires too soon to use", async () => {
    const authority = createTestAttestationAuthority({ leafValidityMs: 30_000 });
    const { cache, keyPair } = await setup(new TestAttestationProvider({ authority }), MINUTE, Date.now);
    const error = await rejectionOf(cache.documentFor(keyPair, signal));
    expect(error.message).toMatch(/expires too soon/);
  });

  it("reports a provider's plain error as AttestationFailed naming the provider, and retries later", async () => {
    let calls = 0;
    const test = new TestAttestationProvider();
    const flaky: AttestationProvider = {
      name: "flaky",
      attest: async (request) => {
        if (calls++ === 0) throw new Error("device busy");
        return test.attest(request);
      },
    };
    const { cache, keyPair } = await setup(flaky, MINUTE, Date.now);
    const error = await rejectionOf(cache.documentFor(keyPair, signal));
    expect(error.message).toBe("nitro-test: the flaky attestation provider failed: device busy");
    expect((await cache.documentFor(keyPair, signal)).byteLength).toBeGreaterThan(0);
  });

  it("refuses bytes that are no attestation document", async () => {
    const junk: AttestationProvider = { name: "junk", attest: async () => new Uint8Array([1, 2, 3]) };
    const { cache, keyPair } = await setup(junk, MINUTE, Date.now);
    expect((await rejectionOf(cache.documentFor(keyPair, signal))).message).toMatch(/does not parse/);
  });
});
