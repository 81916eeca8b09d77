/** Prediction resistance: a live reseed before every generate call, async always, sync only over a sync seed source. */
import { RandomSourceError } from "@rngkit/core";
import { NodeCryptoSource } from "@rngkit/local";
import { collectEvents } from "@rngkit/testing";
import { describe, expect, it, vi } from "vitest";
import { ControlledSeed } from "../test/controlled-seed.js";
import { DrbgSource } from "./drbg-source.js";
import type { DrbgReseedEvent } from "./events.js";

describe("DrbgSource with prediction resistance", () => {
  it("fetches fresh entropy for every generate call of a request in one seed call, and none is cached", async () => {
    const seed = new ControlledSeed("pr-1");
    const source = new DrbgSource(seed, { predictionResistance: true });
    await source.bytes(32);
    await source.bytes(32);
    await source.bytes(1024 * 1024); // 16 generate calls of 64 KiB
    expect(seed.calls).toEqual([48, 32, 32, 16 * 32]);
    await source.close();
  });

  it("publishes a reseed event per request, with no bytes in it", async () => {
    const source = new DrbgSource(new ControlledSeed("pr-2"), { predictionResistance: true });
    await source.ready();
    const events = collectEvents<DrbgReseedEvent>("rngkit:drbg:reseed");
    await source.bytes(100_000);
    events.stop();
    expect(events.messages).toEqual([
      {
        source: source.name,
        seedSource: "controlled",
        instantiate: false,
        trigger: "prediction-resistance",
        durationMs: expect.any(Number),
        bytesSinceSeed: 100_000,
        requestsSinceSeed: 2,
      },
    ]);
    await source.close();
  });

  it("over an async seed, declares sync false and fillSync throws Unsupported, zeroing the view", async () => {
    const source = new DrbgSource(new ControlledSeed("pr-3"), { predictionResistance: true });
    await source.ready();
    expect(source.capabilities).toEqual({ maxBytesPerCall: 2 ** 31 - 1, sync: false, remote: true });
    const target = new Uint8Array(16).fill(1);
    expect(() => source.fillSync(target)).toThrowError(
      expect.objectContaining({ reason: "Unsupported" }) as Error,
    );
    expect(target.every((byte) => byte === 0)).toBe(true);
    await source.close();
  });

  it("over a sync seed, fillSync reseeds from the seed's fillSync before each generate call", async () => {
    const seed = new NodeCryptoSource();
    const fillSync = vi.spyOn(seed, "fillSync");
    const source = new DrbgSource(seed, { predictionResistance: true });
    expect(source.capabilities.sync).toBe(true);
    source.fillSync(new Uint8Array(16)); // instantiate, then the request's reseed
    source.fillSync(new Uint8Array(200_000)); // four generate calls
    expect(fillSync.mock.calls.map(([view]) => view.byteLength)).toEqual([48, 32, 4 * 32]);
    await source.close();
  });

  it("fails the request when the live reseed fails: the seed's reason, the view zeroed", async () => {
    const seed = new ControlledSeed("pr-4");
    const source = new DrbgSource(seed, { predictionResistance: true });
    await source.ready();
    seed.failNext("Throttled");
    const target = new Uint8Array(64).fill(5);
    const error = await source.fill(target).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "Throttled")).toBe(true);
    expect((error as RandomSourceError).source).toBe(source.name);
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect((await source.bytes(8)).byteLength).toBe(8);
    await source.close();
  });
});
