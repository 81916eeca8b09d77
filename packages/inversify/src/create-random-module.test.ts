import { type RandomSource, RandomSourceError } from "@rngkit/core";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { TestAttestationProvider } from "@rngkit/nitro";
import { ResourceWatch } from "@rngkit/testing";
import { Container } from "inversify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandomModule } from "./create-random-module.js";
import { providerToken, resolveCrypto, resolveRandomSource } from "./tokens.js";

let kms: KmsLocal;
beforeAll(async () => {
  kms = await startKmsLocal({ customKeyStores: [{ id: "cks-00000000000000001", name: "hsm" }] });
});
afterAll(() => kms.close());

/** Each source, pooled and not; KMS settings filled in once kms-local has started. */
const CONFIGS = [
  { source: "local" as const },
  { source: "local" as const, pool: true },
  { source: "kms" as const },
  { source: "kms" as const, pool: { capacity: 4096 } },
  { source: "cloudhsm" as const, customKeyStoreId: "cks-00000000000000001" },
  { source: "cloudhsm" as const, customKeyStoreId: "cks-00000000000000001", pool: true },
  { source: "kms" as const, drbg: true, pool: true },
  { source: "kms" as const, healthTests: true, mixWithLocal: true, pool: true },
  { source: "nitro" as const, nitro: { attestation: "test" as const } },
  { source: "nitro" as const, nitro: { attestation: "test" as const }, pool: { capacity: 2048 } },
];
const withEndpoint = (config: (typeof CONFIGS)[number]) =>
  config.source === "local" ? config : { ...config, region: kms.region, endpoint: kms.endpoint };

describe("createRandomModule", () => {
  it.each(CONFIGS.map((config) => [JSON.stringify(config), config] as const))(
    "builds %s, hands out a working source and drop-in, and closes them on unbindAllAsync",
    async (_label, base) => {
      const config = withEndpoint(base);
      const watch = new ResourceWatch();
      const container = new Container();
      const attestationProvider = new TestAttestationProvider();
      kms.attestation.trustRoot(attestationProvider.rootCertificate);
      await container.load(
        createRandomModule(config, {
          kmsClientConfig: { credentials: { ...kms.credentials } },
          attestationProvider,
        }),
      );
      const source = await resolveRandomSource(container);
      expect(await resolveRandomSource(container)).toBe(source);
      expect((await source.bytes(64)).byteLength).toBe(64);
      const crypto = await resolveCrypto(container);
      expect(crypto.source).toBe(source);
      const provider = await container.getAsync<RandomSource>(providerToken(config.source));
      if (config.pool) {
        const inner = "mixWithLocal" in config ? `mix(health(${provider.name}),node-crypto)` : provider.name;
        expect(source.name).toBe("drbg" in config ? `pool(ctr-drbg(${inner}))` : `pool(${inner})`);
        // Warmed before it was handed out: the sync drop-in works at once over a remote source.
        expect(crypto.randomBytes(32).byteLength).toBe(32);
      } else {
        expect(provider).toBe(source);
      }
      await container.unbindAllAsync();
      expect(source.closed).toBe(true);
      expect(provider.closed).toBe(true);
      // No timer, immediate, socket or server the container opened is left (unref'd timers included).
      expect(await watch.settle()).toBeUndefined();
    },
  );

  it("validates the configuration where it enters, naming the bad setting", () => {
    let error: unknown;
    try {
      createRandomModule({ source: "kms", pool: { capacity: -1 } } as never);
    } catch (caught) {
      error = caught;
    }
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toContain("pool.capacity");
  });

  it('reads RNGKIT_* variables with "env"', async () => {
    const saved = { ...process.env };
    process.env.RNGKIT_SOURCE = "local";
    process.env.RNGKIT_POOL = "true";
    try {
      const container = new Container();
      await container.load(createRandomModule("env"));
      expect((await resolveRandomSource(container)).name).toBe("pool(node-crypto)");
      await container.unbindAllAsync();
    } finally {
      process.env = saved;
    }
  });

  it("builds nothing until asked, and builds once for concurrent first requests", async () => {
    const container = new Container();
    await container.load(
      createRandomModule(
        { source: "kms", region: kms.region, endpoint: kms.endpoint, pool: true },
        {
          kmsClientConfig: { credentials: { ...kms.credentials } },
        },
      ),
    );
    kms.counters.reset();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(kms.counters.get("GenerateRandom").requests).toBe(0);
    const [a, b] = await Promise.all([resolveRandomSource(container), resolveCrypto(container)]);
    expect(b.source).toBe(a);
    await container.unbindAllAsync();
  });
});
