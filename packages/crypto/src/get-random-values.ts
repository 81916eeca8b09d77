/**
 * getRandomValues with Web Crypto's contract as node:crypto implements it: integer typed arrays only
 * (DOMException TypeMismatchError, code 17), at most 65,536 bytes (QuotaExceededError, code 22), the
 * same array returned.
 */
import { types } from "node:util";
import { domException, type RandomSource } from "@rngkit/core";
import { requireSync } from "./require-sync.js";

const MAX_BYTES = 65_536;

function isIntegerTypedArray(
  value: unknown,
): value is Exclude<NodeJS.TypedArray, Float32Array | Float64Array> {
  if (!types.isTypedArray(value) || types.isFloat32Array(value) || types.isFloat64Array(value)) return false;
  // Float16Array, where the runtime has one, is no integer array either.
  return (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] !== "Float16Array";
}

export function makeGetRandomValues(source: RandomSource) {
  return function getRandomValues<T extends ArrayBufferView | null>(typedArray: T): T {
    if (!isIntegerTypedArray(typedArray)) {
      throw domException("The data argument must be an integer-type TypedArray", "TypeMismatchError");
    }
    if (typedArray.byteLength > MAX_BYTES) {
      throw domException("The requested length exceeds 65,536 bytes", "QuotaExceededError");
    }
    requireSync(source, "getRandomValues").fillSync(typedArray);
    return typedArray;
  };
}
