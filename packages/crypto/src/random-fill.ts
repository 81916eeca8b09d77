/**
 * randomFill and randomFillSync with node:crypto's argument handling (Node 20/24
 * lib/internal/crypto/random.js): `offset` and `size` count elements of the view, the same view is
 * returned or passed to the callback, and a zero-length fill calls back synchronously.
 */
import { randomFill as nodeRandomFill } from "node:crypto";
import {
  assertOffset,
  assertSize,
  invalidArgTypeError,
  isAnyArrayBuffer,
  isArrayBufferView,
  type RandomSource,
  validateFunction,
} from "@rngkit/core";
import { callBack, callBackWithError, requireSync } from "./require-sync.js";

export type RandomFillTarget = ArrayBufferView | ArrayBuffer | SharedArrayBuffer;
export type RandomFillCallback<T> = (error: Error | null, buf: T) => void;

function checkTarget(buf: unknown): asserts buf is RandomFillTarget {
  if (!isAnyArrayBuffer(buf) && !isArrayBufferView(buf)) {
    throw invalidArgTypeError("buf", ["ArrayBuffer", "ArrayBufferView"], buf);
  }
}

function elementSizeOf(buf: RandomFillTarget): number {
  return (buf as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT || 1;
}

/** The bytes [offset, offset + size) of the target, counted from the start of the view. */
function region(buf: RandomFillTarget, offset: number, size: number): Uint8Array {
  if (isArrayBufferView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset + offset, size);
  return new Uint8Array(buf, offset, size);
}

export function makeRandomFillSync(source: RandomSource) {
  return function randomFillSync<T extends RandomFillTarget>(buf: T, offset: number = 0, size?: number): T {
    checkTarget(buf);
    const elementSize = elementSizeOf(buf);
    const byteOffset = assertOffset(offset, elementSize, buf.byteLength);
    const byteSize =
      size === undefined
        ? buf.byteLength - byteOffset
        : assertSize(size, elementSize, byteOffset, buf.byteLength);
    const sync = requireSync(source, "randomFillSync");
    if (byteSize === 0) return buf;
    sync.fillSync(region(buf, byteOffset, byteSize));
    return buf;
  };
}

/**
 * Node reads `size` as an element count from `buf.length` when the callback takes the place of `size`.
 * ArrayBuffers and DataViews have no `length`: Node 20 then computes a NaN size and throws
 * ERR_OUT_OF_RANGE for randomFill(dataView, 0, cb), while Node 24 fills the rest of the buffer. The
 * drop-in asks the running Node once, with an empty DataView, and follows it.
 */
let lengthlessViewsFill: boolean | undefined;
function elementCount(buf: RandomFillTarget): number | undefined {
  const { length } = buf as { length?: number };
  if (length !== undefined) return length;
  lengthlessViewsFill ??= (() => {
    try {
      nodeRandomFill(new DataView(new ArrayBuffer(0)), 0, () => {});
      return true;
    } catch {
      return false;
    }
  })();
  return lengthlessViewsFill ? buf.byteLength : undefined;
}

export function makeRandomFill(source: RandomSource) {
  function randomFill<T extends RandomFillTarget>(buf: T, callback: RandomFillCallback<T>): void;
  function randomFill<T extends RandomFillTarget>(
    buf: T,
    offset: number,
    callback: RandomFillCallback<T>,
  ): void;
  function randomFill<T extends RandomFillTarget>(
    buf: T,
    offset: number,
    size: number,
    callback: RandomFillCallback<T>,
  ): void;
  function randomFill(buf: unknown, offset?: unknown, size?: unknown, callback?: unknown): void {
    checkTarget(buf);
    const elementSize = elementSizeOf(buf);
    const length = elementCount(buf);
    if (typeof offset === "function") {
      callback = offset;
      offset = 0;
      size = length;
    } else if (typeof size === "function") {
      callback = size;
      size = (length as number) - (offset as number);
    }
    validateFunction(callback, "callback");
    const done = callback as RandomFillCallback<RandomFillTarget>;
    const byteOffset = assertOffset(offset, elementSize, buf.byteLength);
    const byteSize =
      size === undefined
        ? buf.byteLength - byteOffset
        : assertSize(size, elementSize, byteOffset, buf.byteLength);
    if (byteSize === 0) {
      done(null, buf);
      return;
    }
    source.fill(region(buf, byteOffset, byteSize)).then(
      () => callBack(done, null, buf),
      (error: Error) => callBackWithError(done as (error: Error) => void, error),
    );
  }
  return randomFill;
}
