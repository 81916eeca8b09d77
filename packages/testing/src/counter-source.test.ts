import { describe, expect, it } from "vitest";
import { CounterSource } from "./counter-source.js";
import { rejectionOf } from "./rejection-of.js";

describe("CounterSource", () => {
  it("emits position + 1 for each stream position, across calls", async () => {
    const source = new CounterSource();
    expect([...(await source.bytes(3))]).toEqual([1, 2, 3]);
    expect([...(await source.bytes(2))]).toEqual([4, 5]);
    expect(source.emitted).toBe(5);
    expect(source.delivered).toBe(5);
    expect(CounterSource.positionOf(5)).toBe(4);
    expect(CounterSource.byteAt(254)).toBe(255);
  });

  it("chunks by maxBytesPerCall and counts calls", async () => {
    const source = new CounterSource({ maxBytesPerCall: 4 });
    const output = await source.bytes(10);
    expect([...output]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(source.calls).toBe(3);
    expect(source.maxInFlight).toBe(1);
  });

  it("ends after 255 bytes: a call past the end fails with Exhausted and delivers nothing", async () => {
    const source = new CounterSource();
    await source.bytes(250);
    const error = await rejectionOf(source.bytes(6));
    expect(error.reason).toBe("Exhausted");
    expect(error.retryable).toBe(false);
    expect(source.delivered).toBe(250);
    expect([...(await source.bytes(5))]).toEqual([251, 252, 253, 254, 255]);
  });

  it("in manual mode, holds calls until the test serves or fails them, in any order", async () => {
    const source = new CounterSource({ manual: true });
    const first = source.bytes(2);
    const second = source.bytes(3);
    await Promise.resolve();
    expect(source.pending.map((call) => call.byteLength)).toEqual([2, 3]);
    expect(source.inFlight).toBe(2);
    source.pending[1]?.serve();
    source.pending[0]?.fail("Throttled");
    expect([...(await second)]).toEqual([1, 2, 3]);
    expect((await rejectionOf(first)).reason).toBe("Throttled");
    expect(source.pending).toEqual([]);
    expect(source.inFlight).toBe(0);
    expect(source.maxInFlight).toBe(2);
  });

  it("in manual mode, rejects a held call on abort and on close", async () => {
    const source = new CounterSource({ manual: true });
    const controller = new AbortController();
    const aborted = source.bytes(4, { signal: controller.signal });
    const closed = source.bytes(4);
    await Promise.resolve();
    controller.abort("stop");
    expect((await rejectionOf(aborted)).reason).toBe("Aborted");
    await source.close();
    expect((await rejectionOf(closed)).reason).toBe("Closed");
    expect(source.pending).toEqual([]);
    expect(source.delivered).toBe(0);
  });

  it("counts as delivered only what callers received, not positions of a call that failed part way", async () => {
    const source = new CounterSource({ manual: true, maxBytesPerCall: 4 });
    const partial = source.bytes(8);
    await Promise.resolve();
    source.pending[0]?.serve();
    await new Promise((resolve) => setImmediate(resolve));
    source.pending[0]?.fail();
    await rejectionOf(partial);
    expect(source.emitted).toBe(4);
    expect(source.delivered).toBe(0);
    const next = source.bytes(2);
    await Promise.resolve();
    source.pending[0]?.serve();
    expect([...(await next)]).toEqual([5, 6]);
    expect(source.delivered).toBe(2);
  });
});
