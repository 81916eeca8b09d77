/**
 * Argument checks with node:crypto's exact semantics and messages (Node 20 and 24,
 * lib/internal/crypto/random.js and lib/internal/validators.js). The drop-in throws these errors as
 * they are; the RandomSource API wraps them in a RandomSourceError with reason `InvalidArgument`.
 */
import { constants } from "node:buffer";
import { types } from "node:util";
import { invalidArgTypeError, outOfRangeError } from "./node-errors.js";

/** node:crypto's kMaxPossibleLength: the largest size any random call accepts (2**31 - 1 in Node 20 and 24). */
export const MAX_RANDOM_BYTES: number = Math.min(constants.MAX_LENGTH, 2 ** 31 - 1);

export function validateNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number") throw invalidArgTypeError(name, "number", value);
}

// biome-ignore lint/complexity/noBannedTypes: mirrors Node's validateFunction, which accepts any callable.
export function validateFunction(value: unknown, name: string): asserts value is Function {
  if (typeof value !== "function") throw invalidArgTypeError(name, "Function", value);
}

export function validateObject(value: unknown, name: string): asserts value is object {
  if (value === null || Array.isArray(value) || typeof value !== "object") {
    throw invalidArgTypeError(name, "Object", value);
  }
}

export function validateBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== "boolean") throw invalidArgTypeError(name, "boolean", value);
}

/** An ArrayBuffer or SharedArrayBuffer (node's isAnyArrayBuffer). */
export function isAnyArrayBuffer(value: unknown): value is ArrayBuffer | SharedArrayBuffer {
  return types.isAnyArrayBuffer(value);
}

export function isArrayBufferView(value: unknown): value is ArrayBufferView {
  return ArrayBuffer.isView(value);
}

/**
 * node:crypto's assertOffset: `offset` counts elements of `elementSize` bytes; returns bytes.
 * Fractions are truncated as Node truncates them.
 */
export function assertOffset(offset: unknown, elementSize: number, byteLength: number): number {
  validateNumber(offset, "offset");
  const bytes = offset * elementSize;
  const maxLength = Math.min(byteLength, MAX_RANDOM_BYTES);
  if (Number.isNaN(bytes) || bytes > maxLength || bytes < 0) {
    throw outOfRangeError("offset", `>= 0 && <= ${maxLength}`, bytes);
  }
  return bytes >>> 0;
}

/** node:crypto's assertSize: `size` counts elements; `size + offset` must fit `byteLength`; returns bytes. */
export function assertSize(size: unknown, elementSize: number, offset: number, byteLength: number): number {
  validateNumber(size, "size");
  const bytes = size * elementSize;
  if (Number.isNaN(bytes) || bytes > MAX_RANDOM_BYTES || bytes < 0) {
    throw outOfRangeError("size", `>= 0 && <= ${MAX_RANDOM_BYTES}`, bytes);
  }
  if (bytes + offset > byteLength) {
    throw outOfRangeError("size + offset", `<= ${byteLength}`, bytes + offset);
  }
  return bytes >>> 0;
}

/**
 * The RandomSource API's own size check: stricter than node:crypto's (which truncates 1.5 to 1),
 * because a request for a fractional number of bytes is a bug the caller wants to hear about.
 */
export function checkByteLength(size: unknown): RangeError | TypeError | undefined {
  if (typeof size !== "number") return invalidArgTypeError("size", "number", size);
  if (!Number.isInteger(size) || size < 0 || size > MAX_RANDOM_BYTES) {
    return outOfRangeError("size", `an integer >= 0 && <= ${MAX_RANDOM_BYTES}`, size);
  }
  return undefined;
}

/** The bytes of a view, as a Uint8Array over the same memory. */
export function bytesOf(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
