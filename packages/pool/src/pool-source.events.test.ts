/** Stats and diagnostics_channel events: what they report, and that no byte ever appears in them. */
import diagnosticsChannel from "node:diagnostics_channel";
import { inspect } from "node:util";
import type { FillEvent } from "@rngkit/core";
import { NodeCryptoSource } from "@rngkit/local";
import { CounterSource } from "@rngkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { rejection, serveAll, turns } from "../test/helpers.js";
import { PoolSource } from "./pool-source.js";

const channels = [
  "rngkit:pool:refill",
  "rngkit:pool:stall",
  "rngkit:pool:exhausted",
  "rngkit:pool:discard",
  "rngkit:pool:ready",
  "rngkit:pool:pass-through",
  "rngkit:core:fill",
] as const;
const events: { channel: string; message: Record<string, unknown> }[] = [];
const listeners = channels.map((channel) => {
  const listener = (message: unknown) =>
    events.push({ channel, message: message as Record<string, unknown> });
  return [channel, listener] as const;
});
const subscribe = () => {
  for (const [channel, listener] of listeners) diagnosticsChannel.subscribe(channel, listener);
};
afterEach(() => {
  for (const [channel, listener] of listeners) diagnosticsChannel.unsubscribe(channel, listener);
  events.length = 0;
});
const of = (channel: string) =>
  events.filter((event) => event.channel === channel).map((event) => event.message);

describe("PoolSource events and stats", () => {
  it("publishes refills, stalls, exhaustion, pass-through, ready and discards, with sizes and reasons only", async () => {
    subscribe();
    const counter = new CounterSource({ manual: true, maxBytesPerCall: 8 });
    const pool = new PoolSource(counter, { chunkSize: 8, capacity: 16, lowWater: 8, maxInFlight: 1 });
    expect(() => pool.fillSync(new Uint8Array(4))).toThrow();
    const stalled = pool.bytes(12);
    await serveAll(counter);
    await stalled;
    const large = pool.bytes(20);
    await serveAll(counter);
    await large;
    pool.discard();
    const failing = pool.bytes(4);
    await turns(1);
    counter.pending[0]?.fail("Throttled");
    await rejection(failing);
    await pool.close();
    const name = "pool(counter(INSECURE))";
    expect(of("rngkit:pool:exhausted")).toEqual([{ source: name, byteLength: 4, level: 0 }]);
    expect(of("rngkit:pool:ready")).toEqual([{ source: name, level: 8, durationMs: expect.any(Number) }]);
    expect(of("rngkit:pool:stall")).toEqual([
      { source: name, byteLength: 12, waitMs: expect.any(Number) },
      { source: name, byteLength: 4, waitMs: expect.any(Number), error: "Throttled" },
    ]);
    expect(of("rngkit:pool:pass-through")).toEqual([
      { source: name, byteLength: 20, durationMs: expect.any(Number) },
    ]);
    expect(of("rngkit:pool:discard")).toEqual([{ source: name, byteLength: 12, why: "discard" }]);
    const refills = of("rngkit:pool:refill");
    expect(refills.at(-1)).toEqual({
      source: name,
      byteLength: 8,
      durationMs: expect.any(Number),
      level: 0,
      error: "Throttled",
    });
    expect(refills.slice(0, -1).every((event) => event.byteLength === 8 && !("error" in event))).toBe(true);
    for (const { message } of events) {
      for (const value of Object.values(message))
        expect(["string", "number", "boolean"]).toContain(typeof value);
    }
  });

  it("still publishes core fill events for hits when someone subscribes to them", async () => {
    const pool = new PoolSource(new NodeCryptoSource());
    await pool.ready();
    subscribe();
    await pool.bytes(32);
    await pool.fill(new Uint8Array(16));
    pool.fillSync(new Uint8Array(8));
    // The pool's own events (its local upstream publishes one per refill chunk too).
    const poolEvents = (of("rngkit:core:fill") as unknown as FillEvent[]).filter(
      (event) => event.source === "pool(node-crypto)",
    );
    expect(poolEvents.map(({ durationMs, ...rest }) => rest)).toEqual([
      { source: "pool(node-crypto)", byteLength: 32, sync: false },
      { source: "pool(node-crypto)", byteLength: 16, sync: false },
      { source: "pool(node-crypto)", byteLength: 8, sync: true },
    ]);
    await pool.close();
  });

  it("keeps served bytes out of events, stats, util.inspect and JSON", async () => {
    subscribe();
    const pool = new PoolSource(new NodeCryptoSource(), { capacity: 4096, maxAgeMs: 60_000 });
    await pool.ready();
    const served = [await pool.bytes(64), pool.fillSync(new Uint8Array(64)), await pool.bytes(5000)];
    pool.discard();
    await pool.ready();
    const shown = [
      JSON.stringify(events),
      JSON.stringify(pool.stats()),
      inspect(pool.stats(), { depth: 10 }),
      inspect(pool, { depth: 10, showHidden: true }),
      JSON.stringify(pool),
    ].join("\n");
    for (const output of served) {
      for (let at = 0; at + 8 <= 64; at += 8) {
        const window = Buffer.from(output.subarray(at, at + 8));
        expect(shown).not.toContain(window.toString("hex"));
        expect(shown).not.toContain(window.toString("base64"));
      }
    }
    await pool.close();
  });

  it("keeps the books: fetched = served + passed through + buffered + discarded, and times the waits", async () => {
    const counter = new CounterSource({ manual: true, maxBytesPerCall: 8 });
    const pool = new PoolSource(counter, { chunkSize: 8, capacity: 24, lowWater: 8, maxInFlight: 2 });
    const outputs = [pool.bytes(10), pool.bytes(30), pool.bytes(3)];
    await serveAll(counter);
    await Promise.all(outputs);
    pool.fillSync(new Uint8Array(2));
    pool.discard();
    await serveAll(counter);
    const stats = pool.stats();
    expect(stats).toMatchObject({
      hits: 1,
      stalls: 2,
      passThrough: 1,
      passThroughBytes: 30,
      servedBytes: 15,
      upstreamBytes: counter.delivered,
      upstreamCalls: counter.calls,
      inFlight: 0,
      waiting: 0,
    });
    expect(stats.upstreamBytes).toBe(
      stats.servedBytes + stats.passThroughBytes + stats.level + stats.discardedBytes,
    );
    expect(stats.wait.count).toBe(2);
    expect(stats.wait.maxMs).toBeGreaterThanOrEqual(stats.wait.p50Ms);
    expect(stats.wait.p50Ms).toBeGreaterThanOrEqual(stats.wait.minMs);
    expect(stats.wait.minMs).toBeGreaterThan(0);
    await pool.close();
    expect(pool.stats().level).toBe(0);
    expect(pool.stats().upstreamBytes).toBe(pool.stats().servedBytes + 30 + pool.stats().discardedBytes);
  });
});
