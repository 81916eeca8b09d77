import { RandomSourceError } from "@rngkit/core";
import { DeterministicSource, ScriptedSource, step } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { createCrypto } from "./create-crypto.js";

function callbackResult<T>(start: (callback: (error: Error | null | undefined, value?: T) => void) => void) {
  return new Promise<{ error: Error | null | undefined; value: T | undefined; args: number }>((resolve) => {
    start((...args: [Error | null | undefined, T?]) =>
      resolve({ error: args[0], value: args[1], args: args.length }),
    );
  });
}

describe("createCrypto", () => {
  it("draws every byte from the source it was given, not from node:crypto", async () => {
    const dropIn = createCrypto(new DeterministicSource({ seed: "drop-in" }));
    const reference = new DeterministicSource({ seed: "drop-in" });
    const sync = dropIn.randomBytes(16);
    const filled = dropIn.randomFillSync(new Uint8Array(8));
    const viaCallback = await callbackResult<Buffer>((done) => dropIn.randomBytes(24, done));
    const expected = await reference.bytes(48);
    expect(Buffer.concat([sync, filled, viaCallback.value as Buffer]).equals(expected)).toBe(true);
  });

  it("returns the same object from every call form that node:crypto returns it from", async () => {
    const dropIn = createCrypto(new DeterministicSource({ seed: 1 }));
    const view = new Uint16Array(4);
    expect(dropIn.randomFillSync(view)).toBe(view);
    expect(dropIn.getRandomValues(view)).toBe(view);
    const { value } = await callbackResult<Uint16Array>((done) => dropIn.randomFill(view, done));
    expect(value).toBe(view);
  });

  describe("over a source that cannot serve synchronously", () => {
    const dropIn = createCrypto(new ScriptedSource({ name: "remote" }));

    it.each([
      ["randomBytes", () => dropIn.randomBytes(8)],
      ["randomFillSync", () => dropIn.randomFillSync(new Uint8Array(8))],
      ["randomInt", () => dropIn.randomInt(10)],
      ["randomUUID", () => dropIn.randomUUID()],
      ["getRandomValues", () => dropIn.getRandomValues(new Uint8Array(8))],
    ])("%s throws Unsupported, naming the source and the way out", (name, call) => {
      let error: unknown;
      try {
        call();
      } catch (caught) {
        error = caught;
      }
      expect(RandomSourceError.is(error, "Unsupported")).toBe(true);
      expect((error as Error).message).toBe(
        `${name} needs a source that serves synchronously (fillSync), and remote does not: ` +
          "use the callback form, or wrap the source in a PoolSource (@rngkit/pool) to serve from its buffer",
      );
    });

    it("still checks arguments first, exactly as node:crypto does", () => {
      expect(() => dropIn.randomBytes(-1)).toThrowError(
        expect.objectContaining({ code: "ERR_OUT_OF_RANGE" }) as unknown as Error,
      );
      expect(() => dropIn.getRandomValues(new Float32Array(1) as never)).toThrowError(
        expect.objectContaining({ name: "TypeMismatchError" }) as unknown as Error,
      );
    });

    it("serves the callback forms", async () => {
      const bytes = await callbackResult<Buffer>((done) => dropIn.randomBytes(3000, done));
      expect(bytes.error).toBeNull();
      expect(bytes.value?.byteLength).toBe(3000);
      const int = await callbackResult<number>((done) => dropIn.randomInt(5, 7, done));
      expect(int.error).toBeUndefined();
      expect([5, 6]).toContain(int.value);
    });
  });

  describe("when the source fails", () => {
    it("gives randomBytes' callback the typed error as its only argument", async () => {
      const dropIn = createCrypto(new ScriptedSource({ script: [step.fail("Throttled")] }));
      const result = await callbackResult<Buffer>((done) => dropIn.randomBytes(8, done));
      expect(result.args).toBe(1);
      expect(RandomSourceError.is(result.error, "Throttled")).toBe(true);
    });

    it("leaves randomFill's region zeroed and the rest of the view untouched", async () => {
      const dropIn = createCrypto(new ScriptedSource({ script: [step.fail("Unavailable")] }));
      const view = new Uint8Array(16).fill(7);
      const result = await callbackResult<Uint8Array>((done) => dropIn.randomFill(view, 4, 8, done));
      expect(RandomSourceError.is(result.error, "Unavailable")).toBe(true);
      expect([...view]).toEqual([7, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0, 0, 7, 7, 7, 7]);
    });

    it("tells every randomInt waiter of a failed refill, after one source call, and refills on the next call", async () => {
      // Not Node's policy (Node tells one waiter and retries the others): over a remote source that would
      // call the failing upstream once more per waiter, each with its full retry budget (found by
      // test/reliability: 64 waiters made 128 GenerateRandom requests).
      const source = new ScriptedSource({ script: [step.fail("Unavailable")] });
      const dropIn = createCrypto(source);
      const results = await Promise.all(
        Array.from({ length: 3 }, () => callbackResult<number>((done) => dropIn.randomInt(100, done))),
      );
      expect(results.filter((result) => RandomSourceError.is(result.error, "Unavailable")).length).toBe(3);
      expect(results.every((result) => result.args === 1)).toBe(true);
      expect(source.calls.length).toBe(1);
      const next = await callbackResult<number>((done) => dropIn.randomInt(100, done));
      expect(next.error).toBeUndefined();
      expect(next.value).toBeLessThan(100);
      expect(source.calls.map((call) => call.step).filter((step) => step !== "serve")).toEqual(["fail"]);
    });
  });

  describe("randomInt", () => {
    it("stays in [min, max) and reaches every value of a small range", () => {
      const { randomInt } = createCrypto(new DeterministicSource({ seed: "int" }));
      const seen = new Set<number>();
      for (let i = 0; i < 2000; i++) {
        const value = randomInt(-3, 4);
        expect(value).toBeGreaterThanOrEqual(-3);
        expect(value).toBeLessThan(4);
        seen.add(value);
      }
      expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    });

    it("draws from its cache in 6-byte steps and refills it once per randomIntCacheBytes", () => {
      const source = new DeterministicSource({ seed: "cache" });
      let fills = 0;
      const counting = Object.assign(Object.create(source) as DeterministicSource, {
        fillSync: <T extends ArrayBufferView>(target: T) => {
          fills++;
          return source.fillSync(target);
        },
      });
      const { randomInt } = createCrypto(counting, { randomIntCacheBytes: 60 });
      // range 2 divides 2^48 - 1 + 1, so no draw is ever rejected: exactly one draw per call.
      for (let i = 0; i < 25; i++) randomInt(2);
      expect(fills).toBe(3);
    });

    it("serves concurrent async calls through one refill at a time", async () => {
      const source = new ScriptedSource({ script: [step.delay(10)] });
      const { randomInt } = createCrypto(source, { randomIntCacheBytes: 6 });
      const values = await Promise.all(
        Array.from({ length: 20 }, () => callbackResult<number>((done) => randomInt(0, 1000, done))),
      );
      expect(values.every((result) => result.error === undefined && (result.value as number) < 1000)).toBe(
        true,
      );
      expect(source.calls.length).toBeGreaterThanOrEqual(20);
    });
  });

  describe("randomUUID", () => {
    it("returns distinct version 4 UUIDs, cached or not", () => {
      const { randomUUID } = createCrypto(new DeterministicSource({ seed: "uuid" }), { uuidBatchSize: 4 });
      const uuids = Array.from({ length: 50 }, (_, i) => randomUUID({ disableEntropyCache: i % 3 === 0 }));
      for (const uuid of uuids)
        expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set(uuids).size).toBe(50);
    });
  });

  it.each([
    [
      { randomIntCacheBytes: 7 },
      "options.randomIntCacheBytes must be a positive integer multiple of 6, got 7",
    ],
    [
      { randomIntCacheBytes: 0 },
      "options.randomIntCacheBytes must be a positive integer multiple of 6, got 0",
    ],
    [{ uuidBatchSize: 1.5 }, "options.uuidBatchSize must be a positive integer multiple of 1, got 1.5"],
  ])("refuses bad options %j", (options, message) => {
    expect(() => createCrypto(new DeterministicSource({ seed: 0 }), options)).toThrowError(
      `createCrypto: ${message}`,
    );
  });

  it("names its functions as node:crypto does, so stack traces read the same", () => {
    const dropIn = createCrypto(new DeterministicSource({ seed: 0 }));
    for (const name of [
      "randomBytes",
      "randomFill",
      "randomFillSync",
      "randomInt",
      "randomUUID",
      "getRandomValues",
    ]) {
      expect((dropIn as unknown as Record<string, { name: string }>)[name]?.name).toBe(name);
    }
  });
});

describe("over a buffered source that cannot spare a whole cache", () => {
  /** A sync source that refuses requests over `limit` bytes with Exhausted, as a nearly drained pool does. */
  function tight(limit: number) {
    const inner = new DeterministicSource({ seed: "tight" });
    const sizes: number[] = [];
    const source = Object.assign(Object.create(inner) as DeterministicSource, {
      fillSync: <T extends ArrayBufferView>(target: T) => {
        sizes.push(target.byteLength);
        if (target.byteLength > limit) {
          throw new RandomSourceError("Exhausted", "pool: not enough buffered", { source: "pool" });
        }
        return inner.fillSync(target);
      },
    });
    return { source, sizes };
  }

  it("randomInt and randomUUID fall back to one draw's worth instead of failing", () => {
    const { source, sizes } = tight(100);
    const { randomInt, randomUUID } = createCrypto(source);
    expect(randomInt(2)).toBeLessThan(2);
    expect(randomUUID()).toMatch(/^[0-9a-f-]{36}$/);
    expect(sizes).toEqual([6144, 6, 2048, 16]);
  });

  it("still fails with the source's error when not even one draw is available", () => {
    const { source } = tight(0);
    expect(() => createCrypto(source).randomInt(10)).toThrowError(
      expect.objectContaining({ reason: "Exhausted" }),
    );
  });
});
