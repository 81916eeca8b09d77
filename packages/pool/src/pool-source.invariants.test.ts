/**
 * DESIGN invariants 1-3 for the pool, each with a test that fails if it breaks: consumed memory is
 * zeroed, bytes handed out are never reused or rewritten, a failed refill leaves nothing to serve,
 * waiters fail with the typed error while buffered bytes keep serving, close() leaves nothing behind.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import { setTimeout as delay } from "node:timers/promises";
import { bytesOf, type RandomSource, RandomSourceError } from "@rngkit/core";
import { CounterSource, DeterministicSource } from "@rngkit/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nonZero, rejection, serveAll, trackTimers, turns } from "../test/helpers.js";
import type { PoolDiscardEvent } from "./events.js";
import { PoolSource } from "./pool-source.js";

/** The memory of every ring the pool builds, so that tests can look inside the buffer. */
const rings = vi.hoisted(() => [] as Uint8Array[]);
vi.mock("./ring.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./ring.js")>();
  class WatchedRing extends actual.ByteRing {
    constructor(memory: Uint8Array) {
      super(memory);
      rings.push(memory);
    }
  }
  return { ...actual, ByteRing: WatchedRing };
});

afterEach(() => {
  rings.length = 0;
});

const small = { chunkSize: 8, capacity: 32, lowWater: 8, highWater: 32 } as const;

/** Records every view the pool asks its upstream to fill: the refill slots. */
function watchFills(upstream: RandomSource): Set<Uint8Array> {
  const targets = new Set<Uint8Array>();
  const fill = upstream.fill.bind(upstream);
  upstream.fill = (target, options) => {
    targets.add(bytesOf(target));
    return fill(target, options);
  };
  return targets;
}

/** Breaks the contract on purpose: every second call writes 0xee into the view and then fails. */
class LeakyUpstream implements RandomSource {
  readonly name = "leaky";
  readonly capabilities = { maxBytesPerCall: 1024, sync: false, remote: true };
  closed = false;
  #calls = 0;
  async fill<T extends ArrayBufferView>(target: T): Promise<T> {
    const view = bytesOf(target);
    if (++this.#calls % 2 === 0) {
      view.fill(0xee);
      throw new RandomSourceError("Unavailable", "leaky: failed after writing", { source: this.name });
    }
    view.fill(0x01);
    return target;
  }
  async bytes(size: number): Promise<Buffer> {
    return this.fill(Buffer.alloc(size));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

describe("PoolSource invariants", () => {
  it("zeroes consumed buffer memory at once: only the level's worth of bytes is ever non-zero", async () => {
    const counter = new CounterSource({ maxBytesPerCall: 8 });
    const slots = watchFills(counter);
    const pool = new PoolSource(counter, { ...small, maxInFlight: 3 });
    await pool.ready();
    const ring = rings[0] as Uint8Array;
    expect(ring.byteLength).toBe(32 + 8); // capacity plus one chunk of headroom
    for (const size of [1, 7, 3, 12, 5, 9, 2, 16, 1, 4, 11, 6]) {
      if (size % 3 === 0) pool.fillSync(new Uint8Array(size));
      else await pool.bytes(size);
      expect(nonZero(ring)).toBe(pool.stats().level);
      await turns(1);
      expect(nonZero(ring)).toBe(pool.stats().level);
    }
    // Every refill slot is zero once its chunk has gone into the ring.
    expect(slots.size).toBe(3);
    for (const slot of slots) expect(nonZero(slot)).toBe(0);
    await pool.close();
    expect(nonZero(ring)).toBe(0);
  });

  it("never reuses or rewrites bytes it has handed out, through failures, aborts and close", async () => {
    const counter = new CounterSource({ manual: true, maxBytesPerCall: 8 });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 2 });
    await serveAll(counter);
    const outputs: Uint8Array[] = [await pool.bytes(5), pool.fillSync(new Uint8Array(6))];
    const snapshots = outputs.map((output) => Uint8Array.from(output));
    const failing = pool.bytes(30);
    const aborted = new AbortController();
    const abortedCall = pool.fill(new Uint8Array(3), { signal: aborted.signal });
    await turns(1);
    counter.pending[0]?.fail("Throttled");
    aborted.abort();
    await rejection(failing);
    await rejection(abortedCall);
    outputs.push(await pool.fill(new Uint8Array(9)));
    snapshots.push(Uint8Array.from(outputs[2] as Uint8Array));
    await serveAll(counter);
    pool.discard();
    await serveAll(counter);
    outputs.push(await pool.bytes(12));
    snapshots.push(Uint8Array.from(outputs[3] as Uint8Array));
    await pool.close();
    for (const [index, output] of outputs.entries()) {
      expect([...output]).toEqual([...(snapshots[index] as Uint8Array)]);
    }
    const positions = outputs.flatMap((output) => [...output].map(CounterSource.positionOf));
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions.every((position) => position >= 0 && position < counter.emitted)).toBe(true);
  });

  it("never lets a byte of a failed refill into the buffer, even from an upstream that wrote before failing", async () => {
    const upstream = new LeakyUpstream();
    const slots = watchFills(upstream);
    const pool = new PoolSource(upstream, { ...small, maxInFlight: 2 });
    const served: number[] = [];
    for (let round = 0; round < 40; round++) {
      const outcome = await pool.bytes(1 + (round % 9)).catch((error: unknown) => error);
      if (outcome instanceof Uint8Array) served.push(...outcome);
      else expect(RandomSourceError.is(outcome, "Unavailable")).toBe(true);
      expect((rings[0] as Uint8Array).includes(0xee)).toBe(false);
      await turns(2);
      // With no call in flight, every refill slot is zero, failed ones included.
      if (pool.stats().inFlight === 0) for (const slot of slots) expect(nonZero(slot)).toBe(0);
    }
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((byte) => byte === 0x01)).toBe(true);
    expect(pool.stats().upstreamFailures).toBeGreaterThan(0);
    await pool.close();
    for (const slot of slots) expect(nonZero(slot)).toBe(0);
  });

  it("after the buffer drains and a refill fails, serves nothing old: no stale bytes (nanoid 5.1.x)", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { chunkSize: 8, capacity: 16, lowWater: 8, maxInFlight: 1 });
    await serveAll(counter);
    expect([...(await pool.bytes(16))]).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    await turns(1);
    counter.pending[0]?.fail("Unavailable");
    await turns(1);
    const stalled = pool.bytes(4);
    await turns(1);
    counter.pending[0]?.fail("Unavailable");
    expect((await rejection(stalled)).reason).toBe("Unavailable");
    expect(nonZero(rings[0] as Uint8Array)).toBe(0);
    const next = pool.bytes(4);
    await serveAll(counter);
    expect([...(await next)]).toEqual([17, 18, 19, 20]);
    await pool.close();
  });

  it("rejects waiters with the upstream's typed error while the buffered bytes keep serving others", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 1, warmUp: false });
    const waiting = pool.bytes(20);
    counter.pending[0]?.serve();
    await turns(1);
    counter.pending[0]?.fail("Throttled");
    const error = await rejection(waiting);
    expect(error).toMatchObject({ reason: "Throttled", retryable: true, source: "counter(INSECURE)" });
    expect([...(await pool.bytes(4))]).toEqual([1, 2, 3, 4]);
    expect(pool.stats()).toMatchObject({ level: 4, hits: 1, stalls: 1, upstreamFailures: 1 });
    await pool.close();
  });

  it("close() rejects waiters with Closed, zeroes the buffer, closes the upstream and leaves no timer", async () => {
    const timers = trackTimers();
    try {
      const counter = new CounterSource({ manual: true });
      const pool = new PoolSource(counter, { ...small, maxInFlight: 2, maxAgeMs: 60_000 });
      counter.pending[0]?.serve();
      await turns(1);
      await pool.bytes(1); // level 7, below low water: a refill is scheduled for the next turn
      const waiting = pool.bytes(30);
      expect(nonZero(rings[0] as Uint8Array)).toBe(7);
      // The age timer is armed and does not keep the process alive.
      expect(timers.alive()).toContainEqual({ type: "Timeout", refed: false });
      expect(timers.alive()).toContainEqual({ type: "Immediate", refed: true });
      await pool.close();
      expect(process.getActiveResourcesInfo()).not.toContain("Immediate");
      expect((await rejection(waiting)).reason).toBe("Closed");
      expect(nonZero(rings[0] as Uint8Array)).toBe(0);
      expect(counter.closed).toBe(true);
      expect(counter.pending).toEqual([]);
      expect(pool.stats()).toMatchObject({ level: 0, discardedBytes: 7, inFlight: 0 });
      await turns(2); // async_hooks reports a cleared timer's end on a later turn
      expect(timers.alive().filter((timer) => timer.type === "Timeout")).toEqual([]);
    } finally {
      timers.stop();
    }
  });

  it("zeroes buffered bytes older than maxAgeMs unserved and serves fresh ones after", async () => {
    const discarded: PoolDiscardEvent[] = [];
    const record = (message: unknown) => discarded.push(message as PoolDiscardEvent);
    diagnosticsChannel.subscribe("rngkit:pool:discard", record);
    try {
      // A seeded stream: the twin tells which bytes the first fill put in the buffer.
      const pool = new PoolSource(new DeterministicSource({ seed: "age" }), {
        chunkSize: 8,
        capacity: 16,
        lowWater: 8,
        maxAgeMs: 20,
      });
      const first = await new DeterministicSource({ seed: "age" }).bytes(16);
      await pool.ready();
      while (pool.stats().discardedBytes < 16 || pool.stats().level < 4) await delay(5);
      expect(discarded.length).toBeGreaterThan(0);
      expect(discarded.every((event) => event.why === "expired" && event.source === pool.name)).toBe(true);
      const fresh = await pool.bytes(4);
      expect(fresh.equals(first.subarray(0, 4))).toBe(false);
      await pool.close();
    } finally {
      diagnosticsChannel.unsubscribe("rngkit:pool:discard", record);
    }
  });
});
