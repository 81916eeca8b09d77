import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { RandomSourceError } from "@rngkit/core";
import { describe, expect, it } from "vitest";
import { ReferenceHmacDrbg } from "../test/reference-drbgs.js";
import { recordFills, zeroedArrayThatHeld } from "../test/spy-fills.js";
import { HmacDrbg } from "./hmac-drbg.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

function pair(personalization?: Uint8Array) {
  const entropy = randomBytes(32);
  const nonce = randomBytes(16);
  const drbg = new HmacDrbg();
  const reference = new ReferenceHmacDrbg();
  drbg.instantiate(entropy, nonce, personalization);
  reference.instantiate(entropy, nonce, personalization);
  return { drbg, reference };
}

describe("HmacDrbg against a step-by-step transcription of SP 800-90A", () => {
  it("agrees on request lengths that are not whole blocks, and on the longest request", () => {
    const { drbg, reference } = pair(randomBytes(20));
    for (const byteLength of [0, 1, 15, 16, 17, 31, 33, 100, 4096, 65_535, 65_536]) {
      expect(hex(drbg.generate(byteLength))).toBe(hex(reference.generate(byteLength)));
    }
  });

  it("agrees with additional input of any length, reseeds and long inputs", () => {
    const { drbg, reference } = pair();
    for (const additionalLength of [1, 16, 47, 48, 49, 1000]) {
      const additional = randomBytes(additionalLength);
      expect(hex(drbg.generate(77, additional))).toBe(hex(reference.generate(77, additional)));
    }
    const entropy = randomBytes(100);
    const additional = randomBytes(5);
    drbg.reseed(entropy, additional);
    reference.reseed(entropy, additional);
    expect(hex(drbg.generate(64))).toBe(hex(reference.generate(64)));
  });

  it("fills a caller's view with generateInto exactly as generate returns it", () => {
    const { drbg, reference } = pair();
    const target = new Uint8Array(1000);
    drbg.generateInto(target);
    expect(hex(target)).toBe(hex(reference.generate(1000)));
  });
});

describe("HmacDrbg state rules", () => {
  it("refuses to generate or reseed before instantiate and after uninstantiate (Closed)", () => {
    const drbg = new HmacDrbg();
    expect(() => drbg.generate(16)).toThrowError(expect.objectContaining({ reason: "Closed" }) as Error);
    expect(() => drbg.reseed(randomBytes(32))).toThrowError(
      expect.objectContaining({ reason: "Closed" }) as Error,
    );
    drbg.instantiate(randomBytes(32), randomBytes(16));
    expect(drbg.instantiated).toBe(true);
    drbg.uninstantiate();
    expect(drbg.instantiated).toBe(false);
    expect(drbg.reseedCounter).toBe(0);
    expect(() => drbg.generate(16)).toThrowError(expect.objectContaining({ reason: "Closed" }) as Error);
  });

  it("demands a reseed past reseedInterval (Exhausted, retryable) and counts as SP 800-90A does", () => {
    const drbg = new HmacDrbg({ reseedInterval: 2 });
    drbg.instantiate(randomBytes(32), randomBytes(16));
    expect(drbg.reseedCounter).toBe(1);
    drbg.generate(16);
    drbg.generate(16);
    expect(drbg.reseedCounter).toBe(3);
    const error = (() => {
      try {
        drbg.generate(16);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(RandomSourceError.is(error, "Exhausted")).toBe(true);
    expect((error as RandomSourceError).retryable).toBe(true);
    drbg.reseed(randomBytes(32));
    expect(drbg.reseedCounter).toBe(1);
    expect(drbg.generate(16).byteLength).toBe(16);
  });

  it("checks its arguments with TypeError and RangeError, without quoting secret inputs", () => {
    const drbg = new HmacDrbg();
    const secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    expect(() => drbg.instantiate(secret as never, randomBytes(16))).toThrowError(TypeError);
    try {
      drbg.instantiate(secret as never, randomBytes(16));
    } catch (error) {
      expect((error as Error).message).not.toContain("0011223344");
      expect((error as { code?: string }).code).toBe("ERR_INVALID_ARG_TYPE");
    }
    expect(() => drbg.instantiate(randomBytes(31), randomBytes(16))).toThrowError(RangeError);
    expect(() => drbg.instantiate(randomBytes(32), randomBytes(15))).toThrowError(RangeError);
    drbg.instantiate(randomBytes(32), randomBytes(16));
    expect(() => drbg.reseed(randomBytes(31))).toThrowError(RangeError);
    expect(() => drbg.generate(65_537)).toThrowError(RangeError);
    expect(() => drbg.generate(-1)).toThrowError(RangeError);
    expect(() => drbg.generate(1.5)).toThrowError(RangeError);
    expect(() => drbg.generate("8" as never)).toThrowError(TypeError);
    expect(() => drbg.generateInto(new Uint8Array(65_537))).toThrowError(RangeError);
    expect(() => drbg.generateInto(new Uint16Array(4) as never)).toThrowError(TypeError);
    expect(() => new HmacDrbg({ reseedInterval: 2 ** 48 + 1 })).toThrowError(RangeError);
    expect(() => new HmacDrbg({ reseedInterval: 0 })).toThrowError(RangeError);
  });

  it("zeroes Key and V on uninstantiate", () => {
    const { drbg, reference } = pair();
    drbg.generate(40);
    reference.generate(40);
    const fills = recordFills(() => drbg.uninstantiate());
    expect(zeroedArrayThatHeld(fills, reference.key)).toBe(true);
    expect(zeroedArrayThatHeld(fills, reference.v)).toBe(true);
  });

  it("keeps Key and V out of util.inspect and JSON", () => {
    const { drbg, reference } = pair();
    drbg.generate(40);
    reference.generate(40);
    const shown = `${inspect(drbg, { showHidden: true, depth: 10 })} ${JSON.stringify(drbg)} ${String(drbg)}`;
    expect(shown).toContain("HMAC_DRBG SHA-256");
    for (const secret of [reference.key, reference.v]) {
      for (const encoding of ["hex", "base64"] as const) {
        expect(shown).not.toContain(Buffer.from(secret).subarray(0, 8).toString(encoding));
      }
    }
  });
});
