/**
 * The conformance suite every RandomSource runs (Effect and keyv keep one shared suite per backend the
 * same way): lengths, views, abort, close, concurrency, uniqueness, a frequency test and owned Buffers.
 * Call it at the top level of a vitest test file: `describeRandomSource("kms", () => new KmsSource(...))`.
 */
import { inspect } from "node:util";
import { isSyncRandomSource, type RandomSource, RandomSourceError } from "@rngkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { byteFrequencyTest, findRepeatedWindow } from "./statistics.js";

export interface ConformanceOptions {
  /** The largest request tried. Default 1 MiB. */
  readonly largeByteLength?: number;
  /** Calls made at once in the concurrency test. Default 1,000. */
  readonly concurrentCalls?: number;
  /** Per-test timeout in ms, for slow remote sources. Default 60,000. */
  readonly timeoutMs?: number;
}

/** p-values below this fail the frequency test: a good source fails it once in a billion runs. */
export const SIGNIFICANCE = 1e-9;

const LENGTHS = [0, 1, 1023, 1024, 1025] as const;
const VIEW_TYPES = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  BigInt64Array,
  BigUint64Array,
] as const;
const SENTINEL = 0xa5;

function allBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function isAll(bytes: Uint8Array, value: number): boolean {
  return bytes.every((byte) => byte === value);
}

async function expectRejection(promise: Promise<unknown>, reason: string): Promise<RandomSourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(RandomSourceError.is(error), `expected a RandomSourceError (${reason}), got ${String(error)}`).toBe(
    true,
  );
  expect((error as RandomSourceError).reason).toBe(reason);
  return error as RandomSourceError;
}

export function describeRandomSource(
  label: string,
  factory: () => RandomSource | Promise<RandomSource>,
  options: ConformanceOptions = {},
): void {
  const large = options.largeByteLength ?? 1024 * 1024;
  const concurrent = options.concurrentCalls ?? 1000;
  const timeout = options.timeoutMs ?? 60_000;
  const open: RandomSource[] = [];
  const make = async () => {
    const source = await factory();
    open.push(source);
    return source;
  };

  describe(`RandomSource conformance: ${label}`, { timeout }, () => {
    afterEach(async () => {
      await Promise.all(open.splice(0).map((source) => source.close()));
    });

    it("declares a name and capabilities that match what it has", async () => {
      const source = await make();
      expect(typeof source.name).toBe("string");
      expect(source.name.length).toBeGreaterThan(0);
      expect(source.capabilities.maxBytesPerCall).toBeGreaterThan(0);
      expect(source.capabilities.sync).toBe(isSyncRandomSource(source));
      expect(source.closed).toBe(false);
    });

    it.each([...LENGTHS, large])(
      "bytes(%i) returns a Buffer of that length that owns its memory",
      async (size) => {
        const source = await make();
        const output = await source.bytes(size);
        expect(Buffer.isBuffer(output)).toBe(true);
        expect(output.byteLength).toBe(size);
        expect(output.byteOffset).toBe(0);
        expect(output.buffer.byteLength).toBe(size);
        if (size >= 16) expect(isAll(output, 0)).toBe(false);
      },
    );

    it.each([...LENGTHS, large])("fill() fills a %i-byte view completely and returns it", async (size) => {
      const source = await make();
      const target = new Uint8Array(size).fill(SENTINEL);
      await expect(source.fill(target)).resolves.toBe(target);
      if (size >= 16) {
        expect(isAll(target, SENTINEL)).toBe(false);
        // No 16-byte run left untouched: the whole view was written, not a prefix.
        for (let at = 0; at + 16 <= size; at += 16)
          expect(isAll(target.subarray(at, at + 16), SENTINEL)).toBe(false);
      }
    });

    it.each(VIEW_TYPES.map((type) => [type.name, type] as const))(
      "fills a %s at an offset and nothing around it",
      async (_name, ViewType) => {
        const source = await make();
        const backing = new ArrayBuffer(8 + 64 * 8 + 8);
        new Uint8Array(backing).fill(SENTINEL);
        const view = new ViewType(backing, 8, 64);
        await expect(source.fill(view)).resolves.toBe(view);
        const whole = new Uint8Array(backing);
        expect(isAll(whole.subarray(0, 8), SENTINEL)).toBe(true);
        expect(isAll(whole.subarray(8 + view.byteLength), SENTINEL)).toBe(true);
        expect(isAll(allBytes(view), SENTINEL)).toBe(false);
      },
    );

    it("fills a DataView", async () => {
      const source = await make();
      const view = new DataView(new ArrayBuffer(64));
      await source.fill(view);
      expect(isAll(allBytes(view), 0)).toBe(false);
    });

    it("rejects bad arguments with InvalidArgument", async () => {
      const source = await make();
      for (const size of [-1, 1.5, Number.NaN, 2 ** 31, "8", undefined]) {
        await expectRejection(source.bytes(size as number), "InvalidArgument");
      }
      for (const target of ["x", new ArrayBuffer(8), [1, 2], null]) {
        await expectRejection(source.fill(target as unknown as Uint8Array), "InvalidArgument");
      }
    });

    it("rejects with Aborted, the signal's reason as cause, and a zeroed view when aborted before the call", async () => {
      const source = await make();
      const controller = new AbortController();
      const why = new Error("caller gave up");
      controller.abort(why);
      const target = new Uint8Array(64).fill(SENTINEL);
      const error = await expectRejection(source.fill(target, { signal: controller.signal }), "Aborted");
      expect(error.cause).toBe(why);
      expect(isAll(target, 0)).toBe(true);
      await expectRejection(source.bytes(32, { signal: controller.signal }), "Aborted");
    });

    it("settles when aborted during a call: complete, or Aborted with a zeroed view", async () => {
      const source = await make();
      const controller = new AbortController();
      const target = new Uint8Array(large).fill(SENTINEL);
      const pending = source.fill(target, { signal: controller.signal });
      setImmediate(() => controller.abort(new Error("late")));
      const outcome = await pending.then(
        () => "resolved",
        (error: unknown) => error,
      );
      if (outcome === "resolved") {
        expect(isAll(target.subarray(target.byteLength - 16), SENTINEL)).toBe(false);
      } else {
        expect(RandomSourceError.is(outcome, "Aborted")).toBe(true);
        expect(isAll(target, 0)).toBe(true);
      }
      // The source is still usable after an aborted call.
      expect((await source.bytes(32)).byteLength).toBe(32);
    });

    it("rejects every call with Closed after close(), and close() is idempotent", async () => {
      const source = await make();
      await source.close();
      expect(source.closed).toBe(true);
      await expect(source.close()).resolves.toBeUndefined();
      await expectRejection(source.bytes(16), "Closed");
      const target = new Uint8Array(16).fill(SENTINEL);
      await expectRejection(source.fill(target), "Closed");
      expect(isAll(target, 0)).toBe(true);
      if (isSyncRandomSource(source)) {
        expect(() => source.fillSync(new Uint8Array(16))).toThrowError(
          expect.objectContaining({ reason: "Closed" }) as unknown as Error,
        );
      }
    });

    it("settles calls in flight when closed and closes through Symbol.asyncDispose", async () => {
      const source = await make();
      const pending = source.bytes(large).then(
        (output) => output.byteLength,
        (error: unknown) => error,
      );
      await source[Symbol.asyncDispose]();
      const outcome = await pending;
      if (typeof outcome !== "number") expect(RandomSourceError.is(outcome, "Closed")).toBe(true);
      else expect(outcome).toBe(large);
      expect(source.closed).toBe(true);
    });

    it(`serves ${concurrent} concurrent calls whose outputs never overlap`, async () => {
      const source = await make();
      const outputs = await Promise.all(Array.from({ length: concurrent }, () => source.bytes(64)));
      expect(outputs.every((output) => output.byteLength === 64)).toBe(true);
      expect(new Set(outputs.map((output) => output.toString("hex"))).size).toBe(concurrent);
      expect(findRepeatedWindow(outputs)).toBeUndefined();
    });

    it("gives byte frequencies a good source gives (chi-square over 1 MiB, both tails, p >= 1e-9)", async () => {
      const source = await make();
      const { pUpper, pLower } = byteFrequencyTest(await source.bytes(1024 * 1024));
      expect(pUpper).toBeGreaterThanOrEqual(SIGNIFICANCE);
      expect(pLower).toBeGreaterThanOrEqual(SIGNIFICANCE);
    });

    it("keeps what it served out of util.inspect and JSON", async () => {
      const source = await make();
      const output = await source.bytes(32);
      const shown = `${inspect(source, { depth: 10, showHidden: true })} ${JSON.stringify(source) ?? ""}`;
      for (const encoding of ["hex", "base64"] as const) {
        expect(shown).not.toContain(output.subarray(0, 8).toString(encoding));
      }
    });

    it("serves synchronously with fillSync when it declares sync", async () => {
      const source = await make();
      if (!isSyncRandomSource(source)) {
        expect(source.capabilities.sync).toBe(false);
        expect("fillSync" in source).toBe(false);
        return;
      }
      for (const size of LENGTHS) {
        const target = new Uint8Array(size).fill(SENTINEL);
        expect(source.fillSync(target)).toBe(target);
        if (size >= 16) expect(isAll(target, SENTINEL)).toBe(false);
      }
      const view = new BigUint64Array(new ArrayBuffer(24), 8, 1);
      source.fillSync(view);
      expect(view[0]).not.toBe(0n);
      expect(() => source.fillSync("x" as unknown as Uint8Array)).toThrowError(
        expect.objectContaining({ reason: "InvalidArgument" }) as unknown as Error,
      );
    });
  });
}
