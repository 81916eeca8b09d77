/** When and how the pool calls its upstream: chunk-size calls, water marks, maxInFlight, ready(). */
import { CounterSource, ScriptedSource } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { rejection, serveAll, track, turns } from "../test/helpers.js";
import { PoolSource } from "./pool-source.js";

const small = { chunkSize: 8, capacity: 64, lowWater: 24, highWater: 64 } as const;

describe("PoolSource refilling", () => {
  it("warms up to high water in chunk-size calls, then refills only below low water", async () => {
    const counter = new CounterSource({ manual: true, maxBytesPerCall: 16 });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 2 });
    expect(counter.pending.map((call) => call.byteLength)).toEqual([8, 8]);
    await serveAll(counter);
    expect(counter.calls).toBe(8);
    expect(pool.stats().level).toBe(64);

    await pool.bytes(40); // level 24: not below low water
    await turns();
    expect(counter.pending).toEqual([]);
    await pool.bytes(1); // level 23: below
    expect(counter.pending).toEqual([]); // the request that crossed low water does not start the calls itself
    await turns(1);
    expect(counter.pending.length).toBe(2);
    await serveAll(counter);
    // As many chunks as fit under high water: 23 + 5 × 8 = 63.
    expect(pool.stats().level).toBe(63);
    expect(counter.calls).toBe(13);
    expect(counter.maxInFlight).toBe(2);
    await pool.close();
  });

  it("keeps at most maxInFlight upstream calls in flight under a burst of small and large requests", async () => {
    const counter = new CounterSource({ manual: true, maxBytesPerCall: 16 });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 3, warmUp: false });
    const requests = [
      ...Array.from({ length: 20 }, () => pool.bytes(3)),
      pool.bytes(70),
      pool.bytes(65),
      ...Array.from({ length: 10 }, () => pool.bytes(1)),
    ];
    await turns(1);
    while (counter.pending.length > 0) {
      expect(counter.inFlight).toBeLessThanOrEqual(3);
      counter.pending[0]?.serve();
      await turns(1);
    }
    const outputs = await Promise.all(requests);
    expect(outputs.map((output) => output.byteLength).reduce((a, b) => a + b)).toBe(205);
    expect(counter.maxInFlight).toBe(3);
    expect(pool.stats().peakInFlight).toBe(3);
    await pool.close();
  });

  it("makes no call before the first request when warmUp is false; ready() starts refilling", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 4, warmUp: false });
    await turns();
    expect(counter.calls).toBe(0);
    const ready = track(pool.ready());
    expect(counter.pending.length).toBe(4);
    counter.pending[0]?.serve();
    counter.pending[0]?.serve();
    await turns(1);
    expect(pool.stats().level).toBe(16);
    expect(ready.settled()).toBe(false);
    counter.pending[0]?.serve(); // 24: low water
    await turns(1);
    expect(ready.settled()).toBe(true);
    await expect(ready.outcome).resolves.toBeUndefined();
    await pool.bytes(20); // below low water again: ready() stays resolved
    await expect(pool.ready()).resolves.toBeUndefined();
    await pool.close();
  });

  it("rejects ready() with the upstream's error when a refill fails first; ready() again tries again", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 1 });
    const first = pool.ready();
    counter.pending[0]?.fail("Throttled");
    const error = await rejection(first);
    expect(error).toMatchObject({ reason: "Throttled", retryable: true, source: "counter(INSECURE)" });
    await turns();
    expect(counter.pending).toEqual([]); // no retry loop of its own
    const second = pool.ready();
    await serveAll(counter);
    await expect(second).resolves.toBeUndefined();
    await pool.close();
  });

  it("rejects a waiting ready() with Aborted on abort and Closed on close", async () => {
    const pool = new PoolSource(new ScriptedSource({ afterScript: { kind: "hang" } }), small);
    const controller = new AbortController();
    const aborted = pool.ready({ signal: controller.signal });
    const closed = pool.ready();
    controller.abort("enough");
    const abortError = await rejection(aborted);
    expect(abortError.reason).toBe("Aborted");
    expect(abortError.cause).toBe("enough");
    await pool.close();
    expect((await rejection(closed)).reason).toBe("Closed");
    expect((await rejection(pool.ready())).reason).toBe("Closed");
  });

  it("after a failed refill, calls the upstream again only when asked, one call at a time", async () => {
    const counter = new CounterSource({ manual: true });
    const pool = new PoolSource(counter, { ...small, maxInFlight: 4 });
    await serveAll(counter);
    await pool.bytes(48); // level 16
    await turns(1);
    expect(counter.pending.length).toBe(4);
    for (const call of [...counter.pending]) call.fail("Unavailable");
    await turns();
    expect(counter.pending).toEqual([]);
    expect(pool.stats().upstreamFailures).toBe(4);

    await pool.bytes(1); // a hit below low water: one probe
    await turns();
    expect(counter.pending.length).toBe(1);
    counter.pending[0]?.fail("Unavailable");
    await pool.bytes(1);
    await turns();
    expect(counter.pending.length).toBe(1);
    counter.pending[0]?.serve(); // the upstream is back: refilling resumes at full width
    await turns(1);
    expect(counter.pending.length).toBe(4);
    await pool.close();
  });
});
