/**
 * Argument checks for the known-answer API. TypeError for a wrong type, RangeError for a wrong length,
 * as node:crypto does; unlike Node's ERR_INVALID_ARG_TYPE, the message never quotes the received value,
 * because a misused input (a hex string of entropy) is secret material (DESIGN invariant 4).
 */
import { bytesOf, invalidArgTypeError, outOfRangeError } from "@rngkit/core";
import { MAX_BYTES_PER_REQUEST, MAX_INPUT_BYTES } from "./limits.js";

const EMPTY = new Uint8Array(0);

function typeError(name: string, expected: string, value: unknown): TypeError {
  const error = new TypeError(`The "${name}" argument must be ${expected}. Received ${describeType(value)}`);
  return Object.assign(error, { code: "ERR_INVALID_ARG_TYPE" });
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `an instance of ${value.constructor?.name ?? "Object"}`;
  return `type ${typeof value}`;
}

/** The bytes of a required input of at least `minBytes` bytes. */
export function requiredInput(value: unknown, name: string, minBytes: number): Uint8Array {
  if (!ArrayBuffer.isView(value)) {
    throw typeError(name, "an instance of Buffer, TypedArray, or DataView", value);
  }
  const bytes = bytesOf(value);
  if (bytes.byteLength < minBytes || bytes.byteLength > MAX_INPUT_BYTES) {
    throw outOfRangeError(`${name}.byteLength`, `>= ${minBytes} && <= ${MAX_INPUT_BYTES}`, bytes.byteLength);
  }
  return bytes;
}

/**
 * An optional input (personalization string, additional input): undefined and empty both mean SP 800-90A's
 * Null, which is how the CAVP vectors with a zero length exercise it.
 */
export function optionalInput(value: unknown, name: string): Uint8Array {
  return value === undefined ? EMPTY : requiredInput(value, name, 0);
}

/** A generate request's length: an integer from 0 to 2^19 bits' worth of bytes. */
export function checkRequestLength(byteLength: unknown, name = "byteLength"): number {
  if (typeof byteLength !== "number") throw invalidArgTypeError(name, "number", byteLength);
  if (!Number.isInteger(byteLength) || byteLength < 0 || byteLength > MAX_BYTES_PER_REQUEST) {
    throw outOfRangeError(name, `an integer >= 0 && <= ${MAX_BYTES_PER_REQUEST}`, byteLength);
  }
  return byteLength;
}

/** generateInto's target: a Uint8Array (a Buffer is one) of at most one request's length. */
export function checkTarget(target: unknown): Uint8Array {
  if (!(target instanceof Uint8Array)) throw typeError("target", "an instance of Uint8Array", target);
  checkRequestLength(target.byteLength, "target.byteLength");
  return target;
}
