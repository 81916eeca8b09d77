import { describe, expect, it } from "vitest";
import { Quotas } from "./quotas.js";
import { TokenBucket } from "./token-bucket.js";

describe("TokenBucket", () => {
  it("serves its burst, then refills at its rate", () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, false]);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it("never holds more than its burst, and ignores a clock that goes back", () => {
    const bucket = new TokenBucket(1000, 3, 0);
    expect(Array.from({ length: 5 }, () => bucket.take(60_000)).filter(Boolean)).toHaveLength(3);
    expect(bucket.take(30_000)).toBe(false);
  });
});

describe("Quotas", () => {
  it("defaults to 10,000/s for the account and 1,800/s per store, and can be turned off", () => {
    let now = 0;
    const quotas = new Quotas(() => now);
    expect(quotas.limits).toEqual({
      accountRequestsPerSecond: 10_000,
      customKeyStoreRequestsPerSecond: 1_800,
      burstSeconds: 1,
    });
    let served = 0;
    while (quotas.takeStore("cks-a")) served += 1;
    expect(served).toBe(1_800);
    expect(quotas.takeStore("cks-b")).toBe(true);
    now += 1000;
    expect(quotas.takeStore("cks-a")).toBe(true);
    quotas.set({ customKeyStoreRequestsPerSecond: null });
    for (let i = 0; i < 5_000; i++) expect(quotas.takeStore("cks-a")).toBe(true);
  });

  it("refuses nonsense with a message naming the setting", () => {
    const quotas = new Quotas(() => 0);
    expect(() => quotas.set({ accountRequestsPerSecond: 0 })).toThrow(/accountRequestsPerSecond/);
    expect(() => quotas.set({ burstSeconds: -1 })).toThrow(/burstSeconds/);
  });
});
