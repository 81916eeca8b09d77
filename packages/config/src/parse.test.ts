import { RandomSourceError } from "@rngkit/core";
import { describe, expect, it } from "vitest";
import { randomConfigFromEnv } from "./from-env.js";
import { parseRandomConfig } from "./parse.js";

function problem(action: () => unknown): RandomSourceError {
  try {
    action();
  } catch (error) {
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    return error as RandomSourceError;
  }
  throw new Error("expected a configuration error");
}

describe("parseRandomConfig", () => {
  it("accepts each source with its settings", () => {
    expect(parseRandomConfig({ source: "local" })).toEqual({ source: "local" });
    expect(parseRandomConfig({ source: "kms", region: "eu-west-1", pool: true, maxAttempts: 2 })).toEqual({
      source: "kms",
      region: "eu-west-1",
      pool: true,
      maxAttempts: 2,
    });
    expect(
      parseRandomConfig({
        source: "cloudhsm",
        customKeyStoreId: "cks-1234567890abcdef0",
        endpoint: "http://127.0.0.1:4566",
        pool: { capacity: 8192, maxInFlight: 2 },
      }).pool,
    ).toEqual({ capacity: 8192, maxInFlight: 2 });
  });

  it.each([
    [{ source: "hsm" }, 'source: Invalid option: expected one of "local"|"kms"|"cloudhsm"'],
    [{}, "source: Invalid option"],
    [{ source: "kms", region: "EU West" }, "region: expected a region name such as eu-west-1"],
    [{ source: "kms", endpoint: "ftp://x" }, "endpoint:"],
    [{ source: "kms", concurrency: 0 }, "concurrency: Too small"],
    [{ source: "kms", timeoutMs: 1.5 }, "timeoutMs: Invalid input: expected int"],
    [{ source: "kms", pool: { capacity: "big" } }, "pool.capacity: Invalid input"],
    [{ source: "kms", pool: { size: 1 } }, "pool.size: not a setting rngkit knows"],
    [{ source: "kms", regoin: "x" }, "regoin: not a setting rngkit knows"],
    [{ source: "cloudhsm" }, 'customKeyStoreId: required when source is "cloudhsm"'],
    [{ source: "kms", customKeyStoreId: "cks-1" }, 'customKeyStoreId: only for source "cloudhsm"'],
    [{ source: "cloudhsm", customKeyStoreId: "x".repeat(65) }, "customKeyStoreId: Too big"],
    [{ source: "local", region: "eu-west-1" }, 'region: only for the KMS sources, not for "local"'],
    [{ source: "kms", drbg: { mechanism: "aes" } }, "drbg.mechanism: Invalid option"],
    [{ source: "kms", nitro: { attestation: "test" } }, 'nitro: only for source "nitro"'],
    [{ source: "nitro", nitro: { attestation: "tpm" } }, "nitro.attestation: Invalid option"],
    [
      { source: "kms", drbg: { predictionResistance: true }, pool: true },
      "drbg.predictionResistance: cannot be combined with pool",
    ],
  ])("refuses %j, naming the setting", (input, message) => {
    const error = problem(() => parseRandomConfig(input));
    expect(error.message).toContain(`invalid rngkit configuration: ${message}`);
  });

  it("reports every problem at once", () => {
    const error = problem(() => parseRandomConfig({ source: "kms", concurrency: -1, pool: { capacity: 0 } }));
    expect(error.details?.settings).toBe("concurrency, pool.capacity");
  });
});

describe("randomConfigFromEnv", () => {
  it("reads RNGKIT_* variables, converting numbers and booleans", () => {
    expect(
      randomConfigFromEnv({
        RNGKIT_SOURCE: "kms",
        RNGKIT_REGION: "eu-west-1",
        RNGKIT_ENDPOINT: "http://127.0.0.1:9999",
        RNGKIT_MAX_ATTEMPTS: "3",
        RNGKIT_POOL: "on",
        PATH: "/usr/bin",
      }),
    ).toEqual({
      source: "kms",
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:9999",
      maxAttempts: 3,
      pool: true,
    });
    expect(randomConfigFromEnv({ RNGKIT_SOURCE: "kms", RNGKIT_POOL_CAPACITY: "4096" }).pool).toEqual({
      capacity: 4096,
    });
    expect(randomConfigFromEnv({ RNGKIT_POOL: "0" }, { source: "local", pool: true }).pool).toBe(false);
    expect(
      randomConfigFromEnv({
        RNGKIT_SOURCE: "kms",
        RNGKIT_DRBG_MECHANISM: "hmac-drbg",
        RNGKIT_DRBG_RESEED_AFTER_MS: "60000",
      }).drbg,
    ).toEqual({ mechanism: "hmac-drbg", reseedAfterMs: 60000 });
    expect(
      randomConfigFromEnv({
        RNGKIT_SOURCE: "nitro",
        RNGKIT_NITRO_ATTESTATION: "test",
        RNGKIT_NITRO_MIX_WITH_LOCAL_ENTROPY: "yes",
      }).nitro,
    ).toEqual({ attestation: "test", mixWithLocalEntropy: true });
  });

  it.each([
    [
      { RNGKIT_SOURCE: "kms", RNGKIT_POOL: "maybe" },
      'RNGKIT_POOL: expected true or false (or 1/0, on/off, yes/no), got "maybe"',
    ],
    [
      { RNGKIT_SOURCE: "kms", RNGKIT_CONCURRENCY: "eight" },
      'RNGKIT_CONCURRENCY: expected a whole number, got "eight"',
    ],
    [{ RNGKIT_SOURCE: "kms", RNGKIT_CONCURENCY: "8" }, "RNGKIT_CONCURENCY: not a setting rngkit knows"],
    [{ RNGKIT_SOURCE: "kms", RNGKIT_POOL_CAPACITY: "0" }, "RNGKIT_POOL_CAPACITY: Too small"],
    [{ RNGKIT_SOURCE: "disk" }, "RNGKIT_SOURCE: Invalid option"],
    [
      { RNGKIT_SOURCE: "kms", RNGKIT_POOL: "off", RNGKIT_POOL_CAPACITY: "10" },
      "RNGKIT_POOL: is false, but pool settings",
    ],
    [{ RNGKIT_SOURCE: "cloudhsm" }, 'RNGKIT_CUSTOM_KEY_STORE_ID: required when source is "cloudhsm"'],
  ])("refuses %j, naming the variable", (env, message) => {
    expect(problem(() => randomConfigFromEnv(env)).message).toContain(message);
  });
});
