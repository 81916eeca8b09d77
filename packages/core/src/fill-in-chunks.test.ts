import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { RandomSourceError } from "./errors.js";
import { fillInChunks } from "./fill-in-chunks.js";

const options = { source: "test", maxBytesPerCall: 4, concurrency: 3 };

/** An upstream whose bytes say which call made them: call n returns bytes all equal to n. */
function numberedUpstream(delays: (call: number) => number = () => 0) {
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const settled: number[] = [];
  const fetch = async (size: number, signal: AbortSignal) => {
    const call = ++calls;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await delay(delays(call), undefined, { signal });
      return new Uint8Array(size).fill(call);
    } finally {
      inFlight--;
      settled.push(call);
    }
  };
  return {
    fetch,
    stats: () => ({ calls, maxInFlight, inFlight, settled }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<RandomSourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(RandomSourceError.is(error)).toBe(true);
  return error as RandomSourceError;
}

describe("fillInChunks", () => {
  it("places chunk i at i × maxBytesPerCall, in order, even when later calls finish first", async () => {
    const upstream = numberedUpstream((call) => (4 - call) * 5);
    const target = new Uint8Array(10);
    await fillInChunks(target, upstream.fetch, options);
    expect([...target]).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3]);
  });

  it("asks for at most maxBytesPerCall bytes and keeps at most `concurrency` calls in flight", async () => {
    const sizes: number[] = [];
    const upstream = numberedUpstream(() => 2);
    await fillInChunks(
      new Uint8Array(1000),
      (size, signal) => {
        sizes.push(size);
        return upstream.fetch(size, signal);
      },
      { ...options, maxBytesPerCall: 64, concurrency: 5 },
    );
    expect(sizes.length).toBe(16);
    expect(Math.max(...sizes)).toBe(64);
    expect(sizes.reduce((a, b) => a + b)).toBe(1000);
    expect(upstream.stats().maxInFlight).toBe(5);
  });

  it("makes no call for an empty view", async () => {
    const upstream = numberedUpstream();
    await fillInChunks(new Uint8Array(0), upstream.fetch, options);
    expect(upstream.stats().calls).toBe(0);
  });

  it("zeroes each fetched chunk after copying it", async () => {
    const chunks: Uint8Array[] = [];
    await fillInChunks(
      new Uint8Array(8),
      async (size) => {
        const chunk = randomBytes(size);
        chunks.push(chunk);
        return chunk;
      },
      options,
    );
    expect(chunks.every((chunk) => chunk.every((byte) => byte === 0))).toBe(true);
  });

  it("fails with InvalidResponse on a short or long chunk, zeroes the view and lets calls in flight settle", async () => {
    for (const wrong of [3, 5, 0]) {
      const upstream = numberedUpstream(() => 10);
      const target = new Uint8Array(40).fill(9);
      const error = await rejection(
        fillInChunks(
          target,
          async (size, signal) =>
            upstream.stats().calls === 1 ? new Uint8Array(wrong) : upstream.fetch(size, signal),
          options,
        ),
      );
      expect(error.reason).toBe("InvalidResponse");
      expect(error.message).toBe(`test: an upstream call for 4 bytes returned ${wrong}`);
      expect(target.every((byte) => byte === 0)).toBe(true);
      expect(upstream.stats().inFlight).toBe(0);
    }
  });

  it("stops at the first failure: no new calls, calls in flight aborted and awaited, first error kept", async () => {
    const signals: AbortSignal[] = [];
    let calls = 0;
    let settled = 0;
    const target = new Uint8Array(100).fill(1);
    const error = await rejection(
      fillInChunks(
        target,
        async (size, signal) => {
          signals.push(signal);
          const call = ++calls;
          try {
            if (call === 2) {
              await delay(5);
              throw new RandomSourceError("Throttled", "slow down", { source: "test" });
            }
            await delay(50, undefined, { signal });
            return new Uint8Array(size);
          } finally {
            settled++;
          }
        },
        options,
      ),
    );
    expect(error.reason).toBe("Throttled");
    expect(calls).toBe(3);
    expect(settled).toBe(3);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
    expect(target.every((byte) => byte === 0)).toBe(true);
  });

  it("answers a caller's abort with Aborted and the signal's reason, after calls in flight settle", async () => {
    const upstream = numberedUpstream(() => 1000);
    const controller = new AbortController();
    const target = new Uint8Array(40).fill(7);
    const pending = fillInChunks(target, upstream.fetch, { ...options, signal: controller.signal });
    setTimeout(() => controller.abort("user"), 5);
    const error = await rejection(pending);
    expect(error.reason).toBe("Aborted");
    expect(error.cause).toBe("user");
    expect(upstream.stats().inFlight).toBe(0);
    expect(upstream.stats().calls).toBe(3);
    expect(target.every((byte) => byte === 0)).toBe(true);
  });

  it("refuses an already aborted signal without calling upstream", async () => {
    const upstream = numberedUpstream();
    const target = new Uint8Array(8).fill(1);
    const error = await rejection(
      fillInChunks(target, upstream.fetch, { ...options, signal: AbortSignal.abort("no") }),
    );
    expect(error.reason).toBe("Aborted");
    expect(upstream.stats().calls).toBe(0);
    expect(target.every((byte) => byte === 0)).toBe(true);
  });

  it("discards a chunk that arrives after another call failed", async () => {
    let calls = 0;
    const late = new Uint8Array(4).fill(0xee);
    const target = new Uint8Array(8);
    await rejection(
      fillInChunks(
        target,
        async () => {
          if (++calls === 1) {
            await delay(20);
            return late;
          }
          throw new RandomSourceError("Unavailable", "down", { source: "test" });
        },
        { ...options, concurrency: 2 },
      ),
    );
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(late.every((byte) => byte === 0)).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses maxBytesPerCall or concurrency of %s", async (bad) => {
    const upstream = numberedUpstream();
    const a = await rejection(
      fillInChunks(new Uint8Array(4), upstream.fetch, { ...options, maxBytesPerCall: bad }),
    );
    expect(a.reason).toBe("InvalidArgument");
    expect(a.message).toContain("maxBytesPerCall");
    const b = await rejection(
      fillInChunks(new Uint8Array(4), upstream.fetch, { ...options, concurrency: bad }),
    );
    expect(b.message).toContain("concurrency");
  });
});

/** A fill that one call covers, with a signal (every source's case behind a pool), shares no controller. */
describe("fillInChunks, a fill that one call covers", () => {
  const live = () => new AbortController().signal;

  it("fills the view from one call of exactly its length and zeroes the chunk", async () => {
    const chunk = new Uint8Array(3).fill(5);
    const sizes: number[] = [];
    const target = new Uint8Array(3);
    await fillInChunks(
      target,
      async (size) => {
        sizes.push(size);
        return chunk;
      },
      { ...options, signal: live() },
    );
    expect(sizes).toEqual([3]);
    expect([...target]).toEqual([5, 5, 5]);
    expect(chunk.every((byte) => byte === 0)).toBe(true);
  });

  it("fails with InvalidResponse on a short or long chunk, zeroing the view and the chunk", async () => {
    for (const wrong of [3, 5, 0]) {
      const chunk = new Uint8Array(wrong).fill(8);
      const target = new Uint8Array(4).fill(9);
      const error = await rejection(fillInChunks(target, async () => chunk, { ...options, signal: live() }));
      expect(error.reason).toBe("InvalidResponse");
      expect(error.message).toBe(`test: an upstream call for 4 bytes returned ${wrong}`);
      expect(target.every((byte) => byte === 0)).toBe(true);
      expect(chunk.every((byte) => byte === 0)).toBe(true);
    }
  });

  it("hands the caller's signal to the call, and answers its abort with Aborted and the reason", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const target = new Uint8Array(4).fill(7);
    const pending = fillInChunks(
      target,
      async (size, signal) => {
        seen = signal;
        await delay(1000, undefined, { signal });
        return new Uint8Array(size);
      },
      { ...options, signal: controller.signal },
    );
    setTimeout(() => controller.abort("user"), 5);
    const error = await rejection(pending);
    expect(seen).toBe(controller.signal);
    expect(error.reason).toBe("Aborted");
    expect(error.cause).toBe("user");
    expect(target.every((byte) => byte === 0)).toBe(true);
  });

  it("discards a chunk that arrives after the abort", async () => {
    const controller = new AbortController();
    const late = new Uint8Array(4).fill(0xee);
    const target = new Uint8Array(4);
    const pending = fillInChunks(
      target,
      async () => {
        controller.abort("user");
        return late;
      },
      { ...options, signal: controller.signal },
    );
    expect((await rejection(pending)).reason).toBe("Aborted");
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(late.every((byte) => byte === 0)).toBe(true);
  });

  it("keeps an upstream's RandomSourceError and wraps anything else as Unavailable", async () => {
    const throttled = new RandomSourceError("Throttled", "slow down", { source: "test" });
    const target = new Uint8Array(4).fill(1);
    expect(
      await rejection(
        fillInChunks(
          target,
          async () => {
            throw throttled;
          },
          { ...options, signal: live() },
        ),
      ),
    ).toBe(throttled);
    expect(target.every((byte) => byte === 0)).toBe(true);
    const wrapped = await rejection(
      fillInChunks(
        target,
        async () => {
          throw new Error("boom");
        },
        { ...options, signal: live() },
      ),
    );
    expect(wrapped.reason).toBe("Unavailable");
  });
});
