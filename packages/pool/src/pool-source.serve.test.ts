/** How requests are served: hits, waiters in order, aborts, large requests, fillSync and its fallback. */
import { NodeCryptoSource } from "@rngkit/local";
import { CounterSource, DeterministicSource } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { rejection, serveAll, track, turns } from "../test/helpers.js";
import { PoolSource } from "./pool-source.js";

const small = { chunkSize: 8, capacity: 32, lowWater: 8, highWater: 32 } as const;
const range = (from: number, length: number) => Array.from({ length }, (_, i) => from + i);

describe("PoolSource serving", () => {
  it("serves requests the buffer covers at once, as hits, without calling the upstream", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, small);
    await serveAll(counter);
    const calls = counter.calls;
    expect([...(await pool.bytes(3))]).toEqual([1, 2, 3]);
    expect([...(await pool.fill(new Uint8Array(2)))]).toEqual([4, 5]);
    expect([...pool.fillSync(new Uint8Array(4))]).toEqual([6, 7, 8, 9]);
    expect(counter.calls).toBe(calls);
    expect(pool.stats()).toMatchObject({ hits: 3, stalls: 0, servedBytes: 9, level: 23 });
    await pool.close();
  });

  it("serves waiters in order: a small request never overtakes a larger one ahead of it", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 1, warmUp: false });
    const order: string[] = [];
    const inOrder = (label: string) => (output: Buffer) => {
      order.push(label);
      return output;
    };
    const large = pool.bytes(20).then(inOrder("large"));
    const later = pool.bytes(4).then(inOrder("small"));
    counter.pending[0]?.serve();
    await turns(1);
    expect(pool.stats()).toMatchObject({ level: 8, waiting: 2 }); // 4 would fit, but 20 is first
    await serveAll(counter);
    expect([...(await large)]).toEqual(range(1, 20));
    expect([...(await later)]).toEqual(range(21, 4));
    expect(order).toEqual(["large", "small"]);
    expect(pool.stats()).toMatchObject({ stalls: 2, hits: 0 });
    expect(pool.stats().wait.count).toBe(2);
    await pool.close();
  });

  it("removes an aborted waiter without losing a byte for the ones behind it", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 1, warmUp: false });
    const controller = new AbortController();
    const target = new Uint8Array(24).fill(0xa5);
    const first = pool.fill(target, { signal: controller.signal });
    const second = pool.bytes(4);
    counter.pending[0]?.serve();
    await turns(1);
    controller.abort("changed my mind");
    const error = await rejection(first);
    expect(error.reason).toBe("Aborted");
    expect(error.cause).toBe("changed my mind");
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect([...(await second)]).toEqual([1, 2, 3, 4]);
    expect(pool.stats()).toMatchObject({ level: 4, waiting: 0, discardedBytes: 0 });
    await pool.close();
  });

  it("sends a request larger than the capacity straight upstream, leaving the buffer to the others", async () => {
    const counter = new CounterSource({ manual: true, maxBytesPerCall: 16 });
    const pool = new PoolSource(counter, small);
    await serveAll(counter);
    const large = track(pool.bytes(40));
    await turns(1);
    expect(counter.pending.map((call) => call.byteLength)).toEqual([16, 16, 8]); // as large as the upstream allows
    expect([...(await pool.bytes(4))]).toEqual([1, 2, 3, 4]); // a hit while the large one is in flight
    await serveAll(counter);
    expect([...((await large.outcome) as Buffer)]).toEqual(range(33, 40));
    expect(pool.stats()).toMatchObject({ passThrough: 1, passThroughBytes: 40, level: 28 });
    await pool.close();
  });

  it("fillSync throws Exhausted (retryable, view zeroed) when the buffer cannot cover it, and starts a refill", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { ...small, warmUp: false });
    const target = new Uint8Array(8).fill(0xa5);
    let thrown: unknown;
    try {
      pool.fillSync(target);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      name: "RandomSourceError",
      reason: "Exhausted",
      retryable: true,
      source: "pool(counter(INSECURE))",
      details: { requested: 8, buffered: 0, waiting: 0 },
      message:
        "pool(counter(INSECURE)): fillSync of 8 bytes found 0 bytes buffered; await ready() first, use fill() or bytes(), or compose a syncFallback",
    });
    expect(target.every((byte) => byte === 0)).toBe(true);
    await turns(1);
    expect(counter.pending.length).toBeGreaterThan(0);
    await serveAll(counter);
    expect([...pool.fillSync(target)]).toEqual(range(1, 8));
    expect(pool.stats()).toMatchObject({ exhausted: 1, hits: 1 });
    await pool.close();
  });

  it("fillSync never goes ahead of a waiting request, and calls a request over high water not retryable", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { ...small, highWater: 24, maxInFlight: 1, warmUp: false });
    const waiting = pool.bytes(20);
    counter.pending[0]?.serve();
    await turns(1);
    expect(() => pool.fillSync(new Uint8Array(4))).toThrowError(
      expect.objectContaining({ reason: "Exhausted", message: expect.stringContaining("1 waiting request") }),
    );
    expect(() => pool.fillSync(new Uint8Array(25))).toThrowError(
      expect.objectContaining({ reason: "Exhausted", retryable: false }),
    );
    await serveAll(counter);
    await waiting;
    await pool.close();
  });

  it("uses a composed syncFallback only when the buffer cannot cover a sync request", async () => {
    const counter = new CounterSource({ manual: true });
    const fallback = new DeterministicSource({ seed: "fallback" });
    const twin = new DeterministicSource({ seed: "fallback" });
    const pool = new PoolSource(counter, { ...small, syncFallback: fallback });
    expect(pool.fillSync(new Uint8Array(8))).toEqual(twin.fillSync(new Uint8Array(8)));
    await serveAll(counter);
    expect([...pool.fillSync(new Uint8Array(8))]).toEqual(range(1, 8));
    expect(pool.stats()).toMatchObject({ exhausted: 1, fallbacks: 1, hits: 1 });
    await pool.close();
    expect(fallback.closed).toBe(true);
  });

  it("closes the upstream and the fallback it owns, and neither when built with ownsUpstream: false", async () => {
    const upstream = new CounterSource({ manual: true });
    const fallback = new NodeCryptoSource();
    const pool = new PoolSource(upstream, { ...small, syncFallback: fallback, ownsUpstream: false });
    const closing = pool.close();
    await closing;
    expect(upstream.closed).toBe(false);
    expect(fallback.closed).toBe(false);
    expect(upstream.pending).toEqual([]); // the warm-up calls were aborted by the pool's close
    await upstream.close();
    await fallback.close();
  });
});
