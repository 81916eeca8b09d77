import { randomBytes, randomFillSync, randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { describeReceivedValue, invalidArgTypeError, outOfRangeError } from "./node-errors.js";

/** What node:crypto itself throws, to compare against. */
function thrownBy(action: () => unknown): Error & { code?: string } {
  try {
    action();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a throw");
}

const RECEIVED_VALUES: readonly unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1.5,
  10n,
  Symbol("s"),
  "abc",
  "it's",
  "x".repeat(40),
  "",
  {},
  [],
  [1, 2],
  Object.create(null),
  () => 1,
  function named() {},
  class Foo {},
  new Map(),
  new Date(0),
  new Error("e"),
];

describe("invalidArgTypeError", () => {
  it.each(RECEIVED_VALUES.map((value) => [describeReceivedValue(value), value]))(
    "describes %s as node:crypto does",
    (_shown, value) => {
      const ours = invalidArgTypeError("buf", ["ArrayBuffer", "ArrayBufferView"], value);
      const node = thrownBy(() => randomFillSync(value as Uint8Array));
      expect(ours).toBeInstanceOf(TypeError);
      expect(ours.code).toBe(node.code);
      expect(ours.message).toBe(node.message);
      expect(ours.name).toBe(node.name);
      expect(String(ours)).toBe(String(node));
      expect(ours.constructor).toBe(node.constructor);
      expect(ours.stack).toContain(ours.message);
      expect(Object.keys(ours)).toEqual(Object.keys(node));
    },
  );

  it("words mixed expectations as Node does", () => {
    expect(invalidArgTypeError("buf", ["ArrayBuffer", "ArrayBufferView"], "x").message).toBe(
      `The "buf" argument must be an instance of ArrayBuffer or ArrayBufferView. Received type string ('x')`,
    );
    expect(invalidArgTypeError("max", "a safe integer", 1.5).message).toBe(
      thrownBy(() => randomInt(1.5)).message,
    );
    expect(invalidArgTypeError("options.flag", "boolean", 1).message).toBe(
      `The "options.flag" property must be of type boolean. Received type number (1)`,
    );
    expect(invalidArgTypeError("x", ["string", "number", "Object", "Buffer"], 1n).message).toBe(
      `The "x" argument must be one of type string or number or an instance of Buffer or Object. Received type bigint (1n)`,
    );
    expect(invalidArgTypeError("first argument", ["string", "number", "boolean"], null).message).toBe(
      `The first argument must be one of type string, number, or boolean. Received null`,
    );
  });
});

describe("outOfRangeError", () => {
  it.each([-1, 2 ** 32, -(2 ** 40), -0.5, Number.NaN, 2 ** 31])("matches node:crypto for size %d", (size) => {
    const ours = outOfRangeError("size", ">= 0 && <= 2147483647", size);
    const node = thrownBy(() => randomBytes(size));
    expect(ours).toBeInstanceOf(RangeError);
    expect(ours.code).toBe("ERR_OUT_OF_RANGE");
    expect(ours.code).toBe(node.code);
    expect(ours.message).toBe(node.message);
    expect(String(ours)).toBe(String(node));
  });

  it("groups big integers and bigints with separators as Node does", () => {
    expect(outOfRangeError("n", "<= 1", 2n ** 40n).message).toBe(
      `The value of "n" is out of range. It must be <= 1. Received 1_099_511_627_776n`,
    );
    expect(outOfRangeError("n", "<= 1", 5n).message).toBe(
      `The value of "n" is out of range. It must be <= 1. Received 5n`,
    );
    expect(outOfRangeError("max - min", "<= 281474976710655", 2 ** 48).message).toBe(
      thrownBy(() => randomInt(0, 2 ** 48)).message,
    );
  });
});
