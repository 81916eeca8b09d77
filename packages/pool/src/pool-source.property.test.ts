/**
 * Property-based tests (fast-check) over random sequences of requests of every size, aborts, upstream
 * successes and failures in any order, discards and close, on random pool shapes, over a counter-stream
 * upstream whose every byte names its own stream position. After every step and at the end:
 * - every byte served maps to a distinct position the upstream delivered: none twice, none invented;
 * - bytes handed out are never rewritten; failed fills are all zeros;
 * - only the level's worth of buffer memory is ever non-zero, and none after close;
 * - fetched = served + buffered + discarded (zeroed unserved, at close included);
 * - never more than maxInFlight upstream calls at once;
 * - every call settles (success or a RandomSourceError of an expected reason), close() included.
 */
import { RandomSourceError } from "@rngkit/core";
import { CounterSource } from "@rngkit/testing";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { nonZero, turns } from "../test/helpers.js";
import { PoolSource } from "./pool-source.js";

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

type Op =
  | { readonly kind: "bytes" | "fill" | "sync"; readonly size: number }
  | { readonly kind: "abort" | "serve"; readonly pick: number }
  | { readonly kind: "fail"; readonly pick: number; readonly reason: "Throttled" | "Unavailable" }
  | { readonly kind: "turn" | "flush" | "discard" | "close" };

const shapes = fc
  .record({
    chunkSize: fc.integer({ min: 1, max: 12 }),
    chunks: fc.integer({ min: 1, max: 6 }),
    extraPerCall: fc.integer({ min: 0, max: 8 }),
    maxInFlight: fc.integer({ min: 1, max: 4 }),
    warmUp: fc.boolean(),
    highPercent: fc.integer({ min: 0, max: 100 }),
    lowPercent: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ chunkSize, chunks, extraPerCall, maxInFlight, warmUp, highPercent, lowPercent }) => {
    const capacity = chunkSize * chunks + (chunks > 1 ? extraPerCall : 0);
    const highWater = chunkSize + Math.floor(((capacity - chunkSize) * highPercent) / 100);
    const lowWater = Math.floor(((highWater - chunkSize) * lowPercent) / 100);
    return {
      chunkSize,
      capacity,
      highWater,
      lowWater,
      maxInFlight,
      warmUp,
      maxBytesPerCall: chunkSize + extraPerCall,
    };
  });

/** Mostly requests the buffer can hold, sometimes larger than any capacity here (pass-through). */
const size = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 16 }) },
  { weight: 1, arbitrary: fc.nat(90) },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom("bytes", "fill", "sync"), size }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("abort"), pick: fc.nat() }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("serve"), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.constant({ kind: "flush" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("fail"),
      pick: fc.nat(),
      reason: fc.constantFrom("Throttled", "Unavailable"),
    }),
  },
  { weight: 6, arbitrary: fc.constant({ kind: "turn" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "discard" as const }) },
);

/** The steps, with close() somewhere among them now and then (it always ends the run too). */
const scripts = fc
  .tuple(fc.array(op, { minLength: 1, maxLength: 80, size: "medium" }), fc.option(fc.nat(), { freq: 6 }))
  .map(([steps, closeAt]) =>
    closeAt === null
      ? steps
      : [
          ...steps.slice(0, closeAt % steps.length),
          { kind: "close" as const },
          ...steps.slice(closeAt % steps.length),
        ],
  );

interface Request {
  readonly controller: AbortController;
  readonly view: Uint8Array | undefined;
  settled: boolean;
  output?: Uint8Array;
  snapshot?: number[];
  error?: unknown;
}

const EXPECTED_REASONS = ["Aborted", "Closed", "Throttled", "Unavailable", "Exhausted"];

type Shape = typeof shapes extends fc.Arbitrary<infer T> ? T : never;

async function runScenario(shape: Shape, ops: readonly Op[]): Promise<void> {
  rings.length = 0;
  const counter = new CounterSource({ manual: true, maxBytesPerCall: shape.maxBytesPerCall });
  const pool = new PoolSource(counter, shape);
  const ring = rings[0] as Uint8Array;
  const requests: Request[] = [];
  const record = (request: Request, promise: Promise<Uint8Array>) => {
    requests.push(request);
    promise.then(
      (output) => {
        request.settled = true;
        request.output = output;
        request.snapshot = [...output];
      },
      (error: unknown) => {
        request.settled = true;
        request.error = error;
      },
    );
  };
  const checkBuffer = () => {
    expect(nonZero(ring)).toBe(pool.stats().level);
    expect(counter.inFlight).toBeLessThanOrEqual(shape.maxInFlight);
  };

  for (const step of ops) {
    switch (step.kind) {
      case "bytes": {
        const controller = new AbortController();
        record(
          { controller, view: undefined, settled: false },
          pool.bytes(step.size, { signal: controller.signal }),
        );
        break;
      }
      case "fill": {
        const controller = new AbortController();
        const view = new Uint8Array(step.size);
        record({ controller, view, settled: false }, pool.fill(view, { signal: controller.signal }));
        break;
      }
      case "sync": {
        const view = new Uint8Array(step.size);
        const request: Request = { controller: new AbortController(), view, settled: true };
        try {
          request.output = pool.fillSync(view);
          request.snapshot = [...view];
        } catch (error) {
          request.error = error;
        }
        requests.push(request);
        break;
      }
      case "abort": {
        const open = requests.filter((request) => !request.settled);
        open[step.pick % Math.max(1, open.length)]?.controller.abort(new Error("property abort"));
        break;
      }
      case "serve":
        counter.pending[step.pick % Math.max(1, counter.pending.length)]?.serve();
        break;
      case "fail":
        counter.pending[step.pick % Math.max(1, counter.pending.length)]?.fail(step.reason);
        break;
      case "turn":
        await turns(1);
        break;
      case "flush":
        for (const call of [...counter.pending]) call.serve();
        await turns(1);
        break;
      case "discard":
        pool.discard();
        break;
      case "close":
        await pool.close();
        expect(process.getActiveResourcesInfo()).not.toContain("Immediate");
        break;
    }
    checkBuffer();
  }
  if (!pool.closed) {
    // Liveness: once the upstream answers every call, no request is left waiting, before any close.
    for (
      let round = 0;
      round < 1000 && (counter.pending.length > 0 || requests.some((r) => !r.settled));
      round++
    ) {
      for (const call of [...counter.pending]) call.serve();
      await turns(1);
      checkBuffer();
    }
    expect(requests.filter((request) => !request.settled)).toEqual([]);
  }
  await pool.close();
  await turns(2);

  // Every call settled.
  expect(requests.filter((request) => !request.settled)).toEqual([]);
  expect(counter.pending).toEqual([]);
  expect(nonZero(ring)).toBe(0);

  const positions: number[] = [];
  for (const request of requests) {
    if (request.error !== undefined) {
      expect(RandomSourceError.is(request.error), String(request.error)).toBe(true);
      expect(EXPECTED_REASONS).toContain((request.error as RandomSourceError).reason);
      if (request.view !== undefined) expect(nonZero(request.view)).toBe(0);
      continue;
    }
    const output = request.output as Uint8Array;
    // Never rewritten after it was handed out.
    expect([...output]).toEqual(request.snapshot);
    for (const byte of output) positions.push(CounterSource.positionOf(byte));
  }
  // Each served byte is a distinct position the upstream delivered.
  expect(new Set(positions).size).toBe(positions.length);
  expect(positions.every((position) => position >= 0 && position < counter.emitted)).toBe(true);

  const stats = pool.stats();
  expect(stats.level).toBe(0);
  expect(stats.upstreamBytes).toBe(counter.delivered);
  expect(stats.servedBytes + stats.passThroughBytes).toBe(positions.length);
  expect(counter.delivered).toBe(positions.length + stats.discardedBytes);
  expect(counter.maxInFlight).toBeLessThanOrEqual(shape.maxInFlight);
  expect(stats.peakInFlight).toBeLessThanOrEqual(shape.maxInFlight);
}

describe("PoolSource properties", () => {
  it("serves each upstream byte at most once, keeps the books and settles every call, whatever happens", async () => {
    await fc.assert(
      fc.asyncProperty(shapes, scripts, runScenario),
      // POOL_PROPERTY_RUNS=5000 for a longer search; the default keeps the suite at a few seconds.
      { numRuns: Number(process.env.POOL_PROPERTY_RUNS ?? 300) },
    );
  });
});
