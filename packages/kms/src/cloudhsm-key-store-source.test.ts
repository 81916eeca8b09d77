import { setTimeout as delay } from "node:timers/promises";
import { RandomSourceError } from "@rngkit/core";
import { describeRandomSource, rejectionOf } from "@rngkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { STORES, useKmsLocal } from "../test/kms-local-fixture.js";
import { CloudHsmKeyStoreSource, type CloudHsmKeyStoreSourceOptions } from "./cloudhsm-key-store-source.js";

const kms = useKmsLocal();
const fast = { minDelayMs: 1, maxDelayMs: 5 };

function source(options: Partial<CloudHsmKeyStoreSourceOptions> = {}) {
  return new CloudHsmKeyStoreSource({
    clientConfig: kms.clientConfig(),
    customKeyStoreId: STORES.connected,
    retry: fast,
    ...options,
  });
}

const requests = (operation: string) => kms.server.counters.get(operation).requests;

afterEach(() => {
  kms.server.faults.clear();
  kms.server.counters.reset();
  kms.server.stores.setState(STORES.connected, "CONNECTED");
});

describeRandomSource("CloudHsmKeyStoreSource on kms-local", () => source({ concurrency: 16 }));

describe("CloudHsmKeyStoreSource", () => {
  it("is named after its store and sends CustomKeyStoreId on every call", async () => {
    const hsm = source();
    expect(hsm.name).toBe(`cloudhsm:${STORES.connected}`);
    await hsm.bytes(3000);
    expect(requests("GenerateRandom")).toBe(3);
    kms.server.stores.setState(STORES.connected, "DISCONNECTED");
    expect((await rejectionOf(source().bytes(8))).reason).toBe("KeyStoreInvalidState");
  });

  it("fails fast on an unknown store: KeyStoreNotFound once from KMS, then from the cache", async () => {
    const hsm = source({ customKeyStoreId: "cks-0123456789abcdef0" });
    const first = await rejectionOf(hsm.bytes(8));
    expect(first.reason).toBe("KeyStoreNotFound");
    expect(first.retryable).toBe(false);
    const second = await rejectionOf(hsm.bytes(8));
    expect(second.reason).toBe("KeyStoreNotFound");
    expect(second.message).toContain("not asked again yet");
    expect(requests("GenerateRandom")).toBe(1);
  });

  it("fails fast on an external key store as Unsupported", async () => {
    const hsm = source({ customKeyStoreId: STORES.external });
    expect((await rejectionOf(hsm.bytes(8))).reason).toBe("Unsupported");
    expect((await rejectionOf(hsm.bytes(8))).reason).toBe("Unsupported");
    expect(requests("GenerateRandom")).toBe(1);
  });

  it("puts the store's ConnectionState and ConnectionErrorCode in the error's details", async () => {
    const failed = await rejectionOf(source({ customKeyStoreId: STORES.failed }).bytes(8));
    expect(failed.reason).toBe("KeyStoreInvalidState");
    expect(failed.details).toMatchObject({
      customKeyStoreId: STORES.failed,
      connectionState: "FAILED",
      connectionErrorCode: "NETWORK_ERRORS",
    });
    const disconnected = await rejectionOf(source({ customKeyStoreId: STORES.disconnected }).bytes(8));
    expect(disconnected.details).toMatchObject({ connectionState: "DISCONNECTED" });
  });

  it("follows the store from CONNECTED to DISCONNECTED and back while requests run, without a restart", async () => {
    const hsm = source({ negativeTtlMs: 50 });
    expect((await hsm.bytes(16)).byteLength).toBe(16);
    kms.server.stores.setState(STORES.connected, "DISCONNECTED");
    const refused = await rejectionOf(hsm.bytes(16));
    expect(refused.details).toMatchObject({ connectionState: "DISCONNECTED" });
    const before = requests("GenerateRandom");
    expect((await rejectionOf(hsm.bytes(16))).message).toContain("not asked again yet");
    expect(requests("GenerateRandom")).toBe(before);
    kms.server.stores.setState(STORES.connected, "CONNECTED");
    await delay(80);
    expect((await hsm.bytes(16)).byteLength).toBe(16);
    expect((await hsm.health()).healthy).toBe(true);
  });

  it("keeps serving concurrent requests through a disconnect and reconnect, each settling with bytes or a typed error", async () => {
    const hsm = source({ negativeTtlMs: 20 });
    const outcomes: string[] = [];
    const load = (async () => {
      for (let round = 0; round < 40; round++) {
        const results = await Promise.allSettled(Array.from({ length: 4 }, () => hsm.bytes(64)));
        for (const result of results) {
          outcomes.push(
            result.status === "fulfilled"
              ? `ok:${result.value.byteLength}`
              : (result.reason as RandomSourceError).reason,
          );
        }
        await delay(5);
      }
    })();
    await delay(40);
    kms.server.stores.setState(STORES.connected, "DISCONNECTED");
    await delay(60);
    kms.server.stores.setState(STORES.connected, "CONNECTED");
    await load;
    expect(new Set(outcomes)).toEqual(new Set(["ok:64", "KeyStoreInvalidState"]));
    expect(outcomes.at(-1)).toBe("ok:64");
  });

  it("preflight checks the store once with DescribeCustomKeyStores before the first GenerateRandom", async () => {
    const missing = source({ customKeyStoreId: "cks-00000000000000099", preflight: true });
    const error = await rejectionOf(missing.bytes(8));
    expect(error.reason).toBe("KeyStoreNotFound");
    expect(requests("DescribeCustomKeyStores")).toBe(1);
    expect(requests("GenerateRandom")).toBe(0);
    const good = source({ preflight: true });
    await Promise.all([good.bytes(8), good.bytes(8)]);
    expect(requests("DescribeCustomKeyStores")).toBe(2);
  });

  it("reports health without throwing for a bad state", async () => {
    expect(await source().health()).toEqual({
      customKeyStoreId: STORES.connected,
      healthy: true,
      connectionState: "CONNECTED",
      customKeyStoreType: "AWS_CLOUDHSM",
    });
    expect(await source({ customKeyStoreId: STORES.failed }).health()).toEqual({
      customKeyStoreId: STORES.failed,
      healthy: false,
      connectionState: "FAILED",
      connectionErrorCode: "NETWORK_ERRORS",
      customKeyStoreType: "AWS_CLOUDHSM",
    });
    expect(await source({ customKeyStoreId: "cks-00000000000000077" }).health()).toEqual({
      customKeyStoreId: "cks-00000000000000077",
      healthy: false,
      notFound: true,
    });
  });

  it.each([
    ["", "customKeyStoreId must be a string of 1 to 64 characters, got 0 characters"],
    ["c".repeat(65), "customKeyStoreId must be a string of 1 to 64 characters, got 65 characters"],
    [42, "customKeyStoreId must be a string of 1 to 64 characters, got number"],
  ])("refuses customKeyStoreId %j", (id, message) => {
    let error: unknown;
    try {
      source({ customKeyStoreId: id as string });
    } catch (caught) {
      error = caught;
    }
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toBe(`cloudhsm: ${message}`);
  });
});
