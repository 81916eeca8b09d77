import { randomFillSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { assertOffset, assertSize, bytesOf, checkByteLength, MAX_RANDOM_BYTES } from "./validate.js";

function outcome(action: () => unknown): string {
  try {
    return `ok ${String(action())}`;
  } catch (error) {
    return `${(error as Error).constructor.name} ${(error as { code?: string }).code} ${(error as Error).message}`;
  }
}

describe("assertOffset and assertSize", () => {
  const values = ["1", null, -1, 0, 0.5, 1.9, 3, 4, 5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31];
  it.each(values)("offset %s on a Uint16Array(4) behaves as randomFillSync's", (offset) => {
    const view = new Uint16Array(4);
    const ours = outcome(() => assertOffset(offset, 2, view.byteLength));
    const node = outcome(() => randomFillSync(view, offset as number));
    if (node.startsWith("ok")) expect(ours.startsWith("ok")).toBe(true);
    else expect(ours).toBe(node);
  });

  it.each(values)("size %s on a Uint32Array(2) at offset 1 behaves as randomFillSync's", (size) => {
    const view = new Uint32Array(2);
    const ours = outcome(() => assertSize(size, 4, 4, view.byteLength));
    const node = outcome(() => randomFillSync(view, 1, size as number));
    if (node.startsWith("ok")) expect(ours.startsWith("ok")).toBe(true);
    else expect(ours).toBe(node);
  });

  it("counts elements, not bytes, and truncates fractions as Node does", () => {
    expect(assertOffset(1.9, 4, 16)).toBe(7);
    expect(assertSize(1.5, 2, 0, 16)).toBe(3);
  });
});

describe("checkByteLength", () => {
  it("accepts integers from 0 to MAX_RANDOM_BYTES", () => {
    expect(MAX_RANDOM_BYTES).toBe(2 ** 31 - 1);
    for (const size of [0, 1, 1024, MAX_RANDOM_BYTES]) expect(checkByteLength(size)).toBeUndefined();
  });

  it("refuses fractions that node:crypto would truncate, with a message that says so", () => {
    expect(checkByteLength(1.5)?.message).toBe(
      `The value of "size" is out of range. It must be an integer >= 0 && <= 2147483647. Received 1.5`,
    );
    expect(checkByteLength(-1)).toBeInstanceOf(RangeError);
    expect(checkByteLength(2 ** 31)).toBeInstanceOf(RangeError);
    expect(checkByteLength("1")).toBeInstanceOf(TypeError);
  });
});

describe("bytesOf", () => {
  it("views the same memory", () => {
    const view = new Uint32Array(new ArrayBuffer(16), 4, 2);
    const bytes = bytesOf(view);
    expect(bytes.byteOffset).toBe(4);
    expect(bytes.byteLength).toBe(8);
    bytes.fill(0xff);
    expect(view[0]).toBe(0xffffffff);
    const plain = new Uint8Array(3);
    expect(bytesOf(plain)).toBe(plain);
  });
});
