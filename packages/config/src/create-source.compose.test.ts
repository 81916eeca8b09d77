/** The @rngkit/compose layers a configuration can ask for: fallback regions, health tests, local mixing. */
import { RandomSourceError } from "@rngkit/core";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSource } from "./create-source.js";
import { randomConfigFromEnv } from "./from-env.js";
import { parseRandomConfig } from "./parse.js";

const credentials = {
  accessKeyId: "AKIACONFIGCOMPOSE001",
  secretAccessKey: "config-compose-secret-key-0001",
};
let primary: KmsLocal;
let secondary: KmsLocal;
beforeAll(async () => {
  [primary, secondary] = await Promise.all([
    startKmsLocal({ region: "eu-west-1", credentials: [credentials] }),
    startKmsLocal({ region: "eu-central-1", credentials: [credentials] }),
  ]);
});
afterAll(() => Promise.all([primary.close(), secondary.close()]));
afterEach(() => {
  primary.faults.clear();
  primary.counters.reset();
  secondary.counters.reset();
});

const kmsClientConfig = { credentials };
const requests = (server: KmsLocal) => server.counters.get("GenerateRandom").requests;

describe("createSource with fallback regions", () => {
  const config = () =>
    parseRandomConfig({
      source: "kms",
      region: "eu-west-1",
      endpoint: primary.endpoint,
      maxAttempts: 1,
      fallback: [{ region: "eu-central-1", endpoint: secondary.endpoint }],
    });

  it("serves from the first region while it answers", async () => {
    const { source, path } = await createSource(config(), { kmsClientConfig });
    expect(path[0]).toBe("fallback(kms:eu-west-1,kms:eu-central-1)");
    expect((await source.bytes(64)).byteLength).toBe(64);
    expect([requests(primary), requests(secondary)]).toEqual([1, 0]);
    await source.close();
  });

  it("moves to the next region when the first is throttled, each signed for its own region", async () => {
    primary.faults.set("GenerateRandom", { error: { type: "ThrottlingException" } });
    const { source } = await createSource(config(), { kmsClientConfig });
    expect((await source.bytes(64)).byteLength).toBe(64);
    expect([requests(primary), requests(secondary)]).toEqual([1, 1]);
    await source.close();
  });

  it("does not fail over on an error retrying elsewhere cannot fix", async () => {
    primary.faults.set("GenerateRandom", { error: { type: "AccessDeniedException" } });
    const { source } = await createSource(config(), { kmsClientConfig });
    const error = await source.bytes(64).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "AccessDenied")).toBe(true);
    expect(requests(secondary)).toBe(0);
    await source.close();
  });

  it("is refused for other sources, and with a caller's own client", async () => {
    expect(() => parseRandomConfig({ source: "local", fallback: [{ region: "eu-west-1" }] })).toThrowError(
      'fallback: only for source "kms"',
    );
    const error = await createSource(config(), {
      kmsClient: {} as never,
    }).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toContain("fallback: needs a KMS client per region");
  });

  it("reads RNGKIT_FALLBACK_REGIONS as a comma-separated list", () => {
    const parsed = randomConfigFromEnv({
      RNGKIT_SOURCE: "kms",
      RNGKIT_FALLBACK_REGIONS: "eu-central-1, us-west-2",
    });
    expect(parsed.fallback).toEqual([{ region: "eu-central-1" }, { region: "us-west-2" }]);
    expect(() =>
      randomConfigFromEnv({ RNGKIT_SOURCE: "kms", RNGKIT_FALLBACK_REGIONS: "eu-central-1,Not A Region" }),
    ).toThrowError("RNGKIT_FALLBACK_REGIONS");
  });
});

describe("createSource with health tests and local mixing", () => {
  it("builds provider → health tests → mix with node:crypto → DRBG → pool, and closes it all", async () => {
    const parsed = parseRandomConfig({
      source: "kms",
      region: "eu-west-1",
      endpoint: primary.endpoint,
      healthTests: true,
      mixWithLocal: true,
      drbg: true,
      pool: true,
    });
    const { source, provider, path } = await createSource(parsed, { kmsClientConfig });
    expect(path).toEqual([
      "pool(ctr-drbg(mix(health(kms:eu-west-1),node-crypto)))",
      "ctr-drbg(mix(health(kms:eu-west-1),node-crypto))",
      "mix(health(kms:eu-west-1),node-crypto)",
      "health(kms:eu-west-1)",
      `kms:eu-west-1 at ${primary.endpoint}`,
    ]);
    const outputs = await Promise.all([source.bytes(32), source.bytes(32)]);
    expect(outputs[0]?.equals(outputs[1] as Buffer)).toBe(false);
    expect(requests(primary)).toBeGreaterThan(0);
    await source.close();
    expect(provider.closed).toBe(true);
  });

  it("health-tests the provider alone, and reads the switches from RNGKIT_*", async () => {
    const parsed = randomConfigFromEnv({
      RNGKIT_SOURCE: "kms",
      RNGKIT_REGION: "eu-west-1",
      RNGKIT_ENDPOINT: primary.endpoint,
      RNGKIT_HEALTH_TESTS: "true",
    });
    const { source, path } = await createSource(parsed, { kmsClientConfig });
    expect(path[0]).toBe("health(kms:eu-west-1)");
    expect((await source.bytes(2048)).byteLength).toBe(2048);
    await source.close();
    expect(randomConfigFromEnv({ RNGKIT_SOURCE: "kms", RNGKIT_MIX_WITH_LOCAL: "1" }).mixWithLocal).toBe(true);
  });

  it("refuses mixing node:crypto with itself", () => {
    expect(() => parseRandomConfig({ source: "local", mixWithLocal: true })).toThrowError(
      'mixWithLocal: mixes a remote source with node:crypto, and source "local" is node:crypto already',
    );
  });
});

/**
 * The worker-thread path itself is run end to end by the CLI's test of `--worker-thread`, from the built
 * packages (a worker thread cannot load the TypeScript sources this test file resolves); here, its rules.
 */
describe("workerThread", () => {
  it("is read from RNGKIT_WORKER_THREAD and allowed for kms and cloudhsm only", () => {
    expect(randomConfigFromEnv({ RNGKIT_SOURCE: "kms", RNGKIT_WORKER_THREAD: "true" }).workerThread).toBe(
      true,
    );
    expect(
      parseRandomConfig({ source: "cloudhsm", customKeyStoreId: "cks-1", workerThread: true }).workerThread,
    ).toBe(true);
    for (const source of ["local", "nitro"]) {
      expect(() => parseRandomConfig({ source, workerThread: true })).toThrowError(
        'workerThread: only for source "kms" or "cloudhsm"',
      );
    }
  });

  it("is refused with a caller's own client, which cannot cross to a thread", async () => {
    const error = await createSource(parseRandomConfig({ source: "kms", workerThread: true }), {
      kmsClient: {} as never,
    }).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toContain("workerThread: the KMS client is built in the worker thread");
  });

  it("refuses client settings that are not plain data, naming the setting", async () => {
    const error = await createSource(
      parseRandomConfig({ source: "kms", workerThread: true, region: "eu-west-1" }),
      {
        kmsClientConfig: { credentials: async () => ({ accessKeyId: "a", secretAccessKey: "b" }) },
      },
    ).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toContain(
      "options.clientConfig.credentials cannot cross to the worker thread",
    );
  });
});
