import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { combine, mixWithLocalEntropy } from "./entropy-mixer.js";

/** RFC 5869 written out with HMAC, as the reference. */
function hkdfReference(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Buffer {
  const prk = createHmac("sha256", salt).update(ikm).digest();
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let counter = 1; blocks.length * 32 < length; counter++) {
    previous = createHmac("sha256", prk)
      .update(previous)
      .update(info)
      .update(Buffer.from([counter]))
      .digest();
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function info(length: number): Buffer {
  const suffix = Buffer.alloc(4);
  suffix.writeUInt32BE(length);
  return Buffer.concat([Buffer.from("rngkit nitro-recipient mix v1"), suffix]);
}

describe("the entropy mixer", () => {
  it.each([1, 32, 33, 1024])(
    "is HKDF-SHA-256(IKM = KMS bytes, salt = local, info = label ‖ n) for %i bytes",
    (n) => {
      const kms = randomBytes(n);
      const local = randomBytes(32);
      expect(combine(kms, local).equals(hkdfReference(kms, local, info(n), n))).toBe(true);
    },
  );

  it("changes completely when either input changes", () => {
    const kms = Buffer.alloc(64, 0x41);
    const local = Buffer.alloc(32, 0x42);
    const base = combine(kms, local);
    const otherKms = Buffer.from(kms);
    otherKms[63] = 0x40;
    const otherLocal = Buffer.from(local);
    otherLocal[0] = 0x43;
    for (const changed of [combine(otherKms, local), combine(kms, otherLocal)]) {
      expect(changed.equals(base)).toBe(false);
      expect(changed.subarray(0, 8).equals(base.subarray(0, 8))).toBe(false);
    }
  });

  it("draws fresh local entropy every call: the same KMS bytes never give the same output", () => {
    const kms = Buffer.alloc(32, 0x41);
    const outputs = new Set(Array.from({ length: 100 }, () => mixWithLocalEntropy(kms).toString("hex")));
    expect(outputs.size).toBe(100);
    expect(mixWithLocalEntropy(kms).byteLength).toBe(32);
  });

  it("returns a Buffer of its own, leaving the input as it was", () => {
    const kms = randomBytes(16);
    const copy = Buffer.from(kms);
    const output = mixWithLocalEntropy(kms);
    expect(kms.equals(copy)).toBe(true);
    expect(output.buffer).not.toBe(kms.buffer);
  });
});
