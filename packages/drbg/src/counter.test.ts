import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { increment128 } from "./counter.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("increment128", () => {
  it.each([
    ["00000000000000000000000000000000", "00000000000000000000000000000001"],
    ["000000000000000000000000000000ff", "00000000000000000000000000000100"],
    ["0000000000000000ffffffffffffffff", "00000000000000010000000000000000"],
    ["7fffffffffffffffffffffffffffffff", "80000000000000000000000000000000"],
    ["ffffffffffffffffffffffffffffffff", "00000000000000000000000000000000"],
  ])("%s + 1 = %s", (before, after) => {
    const out = new Uint8Array(16);
    expect(hex(increment128(Buffer.from(before, "hex"), out))).toBe(after);
  });

  it("can write over its input", () => {
    const v = Buffer.from("000000000000000000000000000001ff", "hex");
    increment128(v, v);
    expect(hex(v)).toBe("00000000000000000000000000000200");
  });
});

describe("node:crypto aes-256-ctr", () => {
  // CtrDrbg relies on OpenSSL's CTR mode carrying across the whole 128-bit block, as SP 800-90A's
  // V = (V + 1) mod 2^128 does; this pins that down at the 32-, 64- and 128-bit boundaries.
  it.each([
    "fffffffffffffffffffffffffffffffe",
    "0000000000000000fffffffffffffffe",
    "000000000000000000000000fffffffe",
    "0123456789abcdef00000000ffffffff",
  ])("from counter %s equals single-block encryptions of the incremented counter", (start) => {
    const key = randomBytes(32);
    const blocks = 4;
    const stream = createCipheriv("aes-256-ctr", key, Buffer.from(start, "hex")).update(
      Buffer.alloc(16 * blocks),
    );
    let counter = Buffer.from(start, "hex");
    for (let block = 0; block < blocks; block++) {
      const expected = createCipheriv("aes-256-ecb", key, null).setAutoPadding(false).update(counter);
      expect(hex(stream.subarray(block * 16, block * 16 + 16))).toBe(hex(expected));
      counter = Buffer.from(increment128(counter, new Uint8Array(16)));
    }
  });
});
