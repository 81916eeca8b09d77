import { NodeCryptoSource } from "@rngkit/local";
import { DeterministicSource, ScriptedSource } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { PoolSource } from "./pool-source.js";

function refusal(build: () => unknown): { reason: string; message: string } {
  try {
    build();
  } catch (error) {
    return { reason: (error as { reason: string }).reason, message: (error as Error).message };
  }
  throw new Error("expected the constructor to throw");
}

const cold = { warmUp: false } as const;

describe("PoolSource options", () => {
  it("defaults to 1024-byte chunks, 16 KiB capacity, low water at half, four calls in flight", async () => {
    const pool = new PoolSource(new NodeCryptoSource(), cold);
    expect(pool.name).toBe("pool(node-crypto)");
    expect(pool.capabilities).toEqual({ maxBytesPerCall: 2 ** 31 - 1, sync: true, remote: false });
    expect(pool.stats()).toMatchObject({
      chunkSize: 1024,
      capacity: 16384,
      lowWater: 8192,
      highWater: 16384,
    });
    await pool.close();
  });

  it("never asks for more per call than the upstream declares, and sizes the defaults from the chunk", async () => {
    const pool = new PoolSource(new ScriptedSource({ maxBytesPerCall: 100 }), cold);
    expect(pool.stats()).toMatchObject({ chunkSize: 100, capacity: 1600, lowWater: 800, highWater: 1600 });
    expect(pool.capabilities.remote).toBe(true);
    await pool.close();
  });

  it("keeps low water at least a chunk under high water by default", async () => {
    const pool = new PoolSource(new DeterministicSource({ seed: 1 }), { ...cold, capacity: 1024 });
    expect(pool.stats()).toMatchObject({ chunkSize: 1024, capacity: 1024, lowWater: 0, highWater: 1024 });
    await pool.close();
  });

  it("names the option, the range and the value it refuses", () => {
    const upstream = new ScriptedSource();
    expect(refusal(() => new PoolSource(upstream, { chunkSize: 2000 }))).toEqual({
      reason: "InvalidArgument",
      message:
        'pool(scripted): The value of "options.chunkSize" is out of range. It must be an integer >= 1 && <= 1024 (the upstream\'s maxBytesPerCall). Received 2000',
    });
    expect(refusal(() => new PoolSource(upstream, { capacity: "big" as unknown as number }))).toEqual({
      reason: "InvalidArgument",
      message:
        "pool(scripted): The \"options.capacity\" property must be of type number. Received type string ('big')",
    });
  });

  it.each([
    [{ chunkSize: 0 }, "options.chunkSize"],
    [{ chunkSize: 1.5 }, "options.chunkSize"],
    [{ capacity: 512 }, "options.capacity"],
    [{ capacity: 2 ** 31 }, "options.capacity"],
    [{ highWater: 512 }, "options.highWater"],
    [{ highWater: 20_000 }, "options.highWater"],
    [{ lowWater: -1 }, "options.lowWater"],
    [{ lowWater: 16384 }, "options.lowWater"],
    [{ maxInFlight: 0 }, "options.maxInFlight"],
    [{ maxInFlight: Number.POSITIVE_INFINITY }, "options.maxInFlight"],
    [{ warmUp: "yes" }, "options.warmUp"],
    [{ ownsUpstream: 1 }, "options.ownsUpstream"],
    [{ maxAgeMs: 0 }, "options.maxAgeMs"],
    [{ maxAgeMs: Number.NaN }, "options.maxAgeMs"],
    [{ maxAgeMs: "100" }, "options.maxAgeMs"],
    [{ syncFallback: new ScriptedSource() }, "options.syncFallback"],
    [{ syncFallback: {} }, "options.syncFallback"],
  ])("refuses %o with InvalidArgument naming %s", (options, name) => {
    const refused = refusal(() => new PoolSource(new ScriptedSource(), options as never));
    expect(refused.reason).toBe("InvalidArgument");
    expect(refused.message).toContain(`"${name}"`);
  });

  it("refuses something that is not a RandomSource, and a closed upstream or fallback", async () => {
    expect(refusal(() => new PoolSource({} as never)).message).toBe(
      'pool: The "upstream" argument must be an instance of RandomSource. Received an instance of Object',
    );
    expect(refusal(() => new PoolSource(new ScriptedSource(), [] as never)).message).toContain('"options"');
    const closed = new NodeCryptoSource();
    await closed.close();
    expect(refusal(() => new PoolSource(closed)).message).toBe(
      "pool(node-crypto): upstream node-crypto is closed",
    );
    expect(refusal(() => new PoolSource(new ScriptedSource(), { syncFallback: closed })).message).toBe(
      "pool(scripted): options.syncFallback node-crypto is closed",
    );
  });
});
