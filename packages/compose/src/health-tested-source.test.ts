import type { RandomSourceError } from "@rngkit/core";
import { NodeCryptoSource } from "@rngkit/local";
import {
  collectEvents,
  DeterministicSource,
  describeRandomSource,
  rejectionOf,
  ScriptedSource,
} from "@rngkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { goodByte, PatternSource } from "../test/pattern-source.js";
import type { HealthEvent } from "./events.js";
import { HealthTestedSource } from "./health-tested-source.js";

describeRandomSource(
  "HealthTestedSource over NodeCryptoSource",
  () => new HealthTestedSource(new NodeCryptoSource()),
);
describeRandomSource(
  "HealthTestedSource over an async source",
  () => new HealthTestedSource(new ScriptedSource({ concurrency: 4 })),
);

const health = collectEvents<HealthEvent>("rngkit:compose:health");
afterEach(() => {
  health.messages.length = 0;
});

describe("HealthTestedSource on failing sources", () => {
  it("latches on a stuck source at start-up (RCT, permanent) and refuses every call until reset()", async () => {
    const upstream = new PatternSource("stuck", () => 0);
    const source = new HealthTestedSource(upstream);
    const target = new Uint8Array(64).fill(1);
    const error = await rejectionOf(source.fill(target));
    expect(error.reason).toBe("HealthTestFailed");
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ test: "repetition-count", level: "permanent", startup: true });
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(source.failed).toBe(true);
    const callsBefore = upstream.calls.length;
    expect((await rejectionOf(source.bytes(8))).reason).toBe("HealthTestFailed");
    expect(() => source.fillSync?.(new Uint8Array(8))).toThrowError(
      expect.objectContaining({ reason: "HealthTestFailed" }) as Error,
    );
    expect(upstream.calls.length).toBe(callsBefore); // latched: the upstream is not even asked
    expect(health.messages).toEqual([
      {
        source: "health(stuck)",
        upstream: "stuck",
        level: "permanent",
        test: "repetition-count",
        count: 9,
        cutoff: 9,
        startup: true,
      },
    ]);
    await source.close();
  });

  it("latches on a source that repeats a short cycle (APT, permanent)", async () => {
    const source = new HealthTestedSource(new PatternSource("cycle-16", (index) => 100 + (index % 16)), {
      startupBytes: 0,
    });
    const error = await rejectionOf(source.bytes(4096));
    expect(error.details).toMatchObject({ test: "adaptive-proportion", level: "permanent", count: 25 });
    await source.close();
  });

  it("latches on a source that answers every call with the same 16 bytes", async () => {
    const block = Uint8Array.from({ length: 16 }, (_, index) => goodByte(7)(index));
    const source = new HealthTestedSource(
      new PatternSource("replaying", (index) => block[index % 16] as number),
    );
    expect((await rejectionOf(source.bytes(32))).details).toMatchObject({ level: "permanent" });
    await source.close();
  });

  it("latches on a biased source (one value 1 time in 8)", async () => {
    const uniform = goodByte(3);
    const source = new HealthTestedSource(
      new PatternSource("biased", (index) => (uniform(index) < 32 ? 0 : uniform(index))),
      { startupBytes: 0 },
    );
    let error: RandomSourceError | undefined;
    for (let call = 0; call < 64 && error === undefined; call++) {
      error = await source.bytes(4096).then(
        () => undefined,
        (caught: RandomSourceError) => caught,
      );
    }
    expect(error?.details).toMatchObject({ test: "adaptive-proportion", level: "permanent" });
    expect(source.failed).toBe(true);
    await source.close();
  });

  it("discards a response with an intermittent finding, raises an event, and serves fresh data instead", async () => {
    const good = goodByte(11);
    // Bytes 1024..1087 (the second response after the start-up draw) hold a run of 5: intermittent, not permanent.
    const upstream = new PatternSource("glitchy", (index) =>
      index >= 1050 && index < 1055 ? 42 : good(index),
    );
    const source = new HealthTestedSource(upstream);
    const output = await source.bytes(64);
    expect(upstream.calls).toEqual([1024, 64, 64]);
    expect(Buffer.from(output).includes(Buffer.alloc(5, 42))).toBe(false);
    const expected = Uint8Array.from({ length: 64 }, (_, index) => good(1024 + 64 + index));
    expect(Buffer.from(output).equals(Buffer.from(expected))).toBe(true);
    expect(health.messages).toEqual([
      expect.objectContaining({ level: "intermittent", test: "repetition-count", count: 5 }),
    ]);
    expect(source.failed).toBe(false);
    await source.close();
  });

  it("fails a call (retryable, nothing latched) when every retry has an intermittent finding", async () => {
    const good = goodByte(12);
    // Every 64-byte response after the start-up draw has one run of 5 at its start.
    const upstream = new PatternSource("noisy", (index) =>
      index >= 1024 && index < 1024 + 3 * 64 && (index - 1024) % 64 < 5
        ? 200 + Math.floor((index - 1024) / 64)
        : good(index),
    );
    const source = new HealthTestedSource(upstream, { maxRetries: 2 });
    const error = await rejectionOf(source.bytes(64));
    expect(error.reason).toBe("HealthTestFailed");
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ level: "intermittent" });
    expect(source.failed).toBe(false);
    expect(health.messages.map((event) => event.level)).toEqual([
      "intermittent",
      "intermittent",
      "intermittent",
    ]);
    expect((await source.bytes(64)).byteLength).toBe(64); // the next call gets good data
    await source.close();
  });

  it("serves again after reset() once the upstream is healthy, running the start-up test again", async () => {
    let broken = true;
    const good = goodByte(5);
    const upstream = new PatternSource("repaired", (index) => (broken ? 0 : good(index)));
    const source = new HealthTestedSource(upstream);
    const resets = collectEvents("rngkit:compose:health-reset");
    await rejectionOf(source.bytes(16));
    broken = false;
    await rejectionOf(source.bytes(16)); // still latched
    source.reset();
    expect(source.failed).toBe(false);
    const calls = upstream.calls.length;
    expect((await source.bytes(16)).byteLength).toBe(16);
    expect(upstream.calls.slice(calls)).toEqual([1024, 16]);
    resets.stop();
    expect(resets.messages).toEqual([{ source: "health(repaired)" }]);
    await source.close();
  });
});

describe("HealthTestedSource on good sources", () => {
  it("does not trip on 16 MiB from DeterministicSource streams (any finding fails this test)", async () => {
    for (const seed of ["a", "b", "c", "d"]) {
      const source = new HealthTestedSource(new DeterministicSource({ seed }));
      for (let call = 0; call < 4; call++) await source.bytes(1024 * 1024);
      await source.close();
    }
    expect(health.messages).toEqual([]);
  });

  it("does not latch on 64 MiB from node:crypto, with at most 2 intermittent findings (expected about 0.02)", async () => {
    const source = new HealthTestedSource(new NodeCryptoSource());
    for (let call = 0; call < 64; call++) source.fillSync?.(new Uint8Array(1024 * 1024));
    expect(source.failed).toBe(false);
    expect(health.messages.filter((event) => event.level === "permanent")).toEqual([]);
    expect(health.messages.length).toBeLessThanOrEqual(2);
    await source.close();
  });
});

describe("HealthTestedSource shape", () => {
  it("has fillSync only over a sync upstream, draws the start-up bytes first, and owns its upstream", async () => {
    const asyncOne = new HealthTestedSource(new ScriptedSource());
    expect(asyncOne.capabilities.sync).toBe(false);
    expect("fillSync" in asyncOne).toBe(false);
    const upstream = new PatternSource("counted", goodByte(9));
    const syncOne = new HealthTestedSource(upstream);
    expect(typeof syncOne.fillSync).toBe("function");
    syncOne.fillSync?.(new Uint8Array(10));
    syncOne.fillSync?.(new Uint8Array(10));
    expect(upstream.calls).toEqual([1024, 10, 10]);
    await Promise.all([asyncOne.close(), syncOne.close()]);
    expect(upstream.closed).toBe(true);
    const kept = new PatternSource("kept", goodByte(9));
    await new HealthTestedSource(kept, { ownsUpstream: false }).close();
    expect(kept.closed).toBe(false);
  });

  it.each([
    [
      { intermittentCutoffs: { repetitionCount: 1 } },
      "intermittentCutoffs.repetitionCount must be an integer >= 2",
    ],
    [
      { permanentCutoffs: { adaptiveProportion: 10 } },
      "permanentCutoffs.adaptiveProportion must be >= intermittentCutoffs",
    ],
    [{ startupBytes: -1 }, "startupBytes must be a non-negative integer"],
    [{ maxRetries: 0.5 }, "maxRetries must be a non-negative integer"],
  ])("refuses %o", (options, message) => {
    expect(() => new HealthTestedSource(new NodeCryptoSource(), options)).toThrowError(message);
  });
});
