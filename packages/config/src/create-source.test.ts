import { RandomSourceError } from "@rngkit/core";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSource } from "./create-source.js";
import { parseRandomConfig } from "./parse.js";

let kms: KmsLocal;
beforeAll(async () => {
  kms = await startKmsLocal({ customKeyStores: [{ id: "cks-00000000000000001", name: "hsm" }] });
});
afterAll(() => kms.close());

const credentials = () => ({ ...kms.credentials });

describe("createSource", () => {
  it("builds node:crypto for source local", async () => {
    const { source, path } = await createSource(parseRandomConfig({ source: "local" }));
    expect(path).toEqual(["node-crypto"]);
    expect((await source.bytes(8)).byteLength).toBe(8);
    await source.close();
  });

  it("builds a pool over KMS on kms-local, closing the whole stack", async () => {
    const config = parseRandomConfig({
      source: "kms",
      region: kms.region,
      endpoint: kms.endpoint,
      pool: { capacity: 4096 },
    });
    const { source, path } = await createSource(config, { kmsClientConfig: { credentials: credentials() } });
    expect(path).toEqual(["pool(kms:us-east-1)", `kms:us-east-1 at ${kms.endpoint}`]);
    expect((await source.bytes(100)).byteLength).toBe(100);
    expect(kms.counters.get("GenerateRandom").requests).toBeGreaterThan(0);
    await source.close();
    expect(source.closed).toBe(true);
  });

  it("builds a CloudHSM key store source that sends its store id", async () => {
    const config = parseRandomConfig({
      source: "cloudhsm",
      customKeyStoreId: "cks-00000000000000001",
      region: kms.region,
      endpoint: kms.endpoint,
      maxAttempts: 1,
    });
    const { source, path } = await createSource(config, { kmsClientConfig: { credentials: credentials() } });
    expect(path).toEqual([`cloudhsm:cks-00000000000000001 at ${kms.endpoint}`]);
    expect((await source.bytes(2048)).byteLength).toBe(2048);
    kms.stores.setState("cks-00000000000000001", "DISCONNECTED");
    const error = await source.bytes(8).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "KeyStoreInvalidState")).toBe(true);
    await source.close();
  });
});

describe("createSource with a DRBG", () => {
  it("seeds a DRBG from KMS and pools it: provider → DRBG → pool, one seed call for many bytes", async () => {
    kms.counters.reset();
    const config = parseRandomConfig({
      source: "kms",
      region: kms.region,
      endpoint: kms.endpoint,
      drbg: { mechanism: "hmac-drbg" },
      pool: true,
    });
    const { source, provider, path } = await createSource(config, {
      kmsClientConfig: { credentials: credentials() },
    });
    expect(path).toEqual([
      "pool(hmac-drbg(kms:us-east-1))",
      "hmac-drbg(kms:us-east-1)",
      `kms:us-east-1 at ${kms.endpoint}`,
    ]);
    expect((await source.bytes(256 * 1024)).byteLength).toBe(256 * 1024);
    expect(kms.counters.get("GenerateRandom").requests).toBe(1);
    await source.close();
    expect(provider.closed).toBe(true);
  });
});

describe("createSource for a Nitro enclave", () => {
  it("builds a NitroRecipientSource whose documents kms-local verifies, pooled", async () => {
    const { TestAttestationProvider } = await import("@rngkit/nitro");
    const attestationProvider = new TestAttestationProvider();
    kms.attestation.trustRoot(attestationProvider.rootCertificate);
    const config = parseRandomConfig({
      source: "nitro",
      region: kms.region,
      endpoint: kms.endpoint,
      nitro: { attestation: "test" },
      pool: { capacity: 2048 },
    });
    const { source, provider, path } = await createSource(config, {
      kmsClientConfig: { credentials: credentials() },
      attestationProvider,
    });
    expect(path[0]).toBe(`pool(${provider.name})`);
    expect((await source.bytes(3000)).byteLength).toBe(3000);
    expect(attestationProvider.documentsIssued).toBeGreaterThan(0);
    await source.close();
  });
});
