import { encode, Tag } from "cbor2";
import { describe, expect, it } from "vitest";
import { attestationRuleOf } from "../errors.js";
import { parseCoseSign1, sigStructure } from "./cose-sign1.js";

const es384 = encode(new Map([[1, -35]]));
const sign1 = (header: Uint8Array = es384, unprotected: unknown = new Map()) =>
  encode([header, unprotected, new Uint8Array([1, 2, 3]), new Uint8Array(96)]);

function ruleOf(bytes: Uint8Array): string | undefined {
  try {
    parseCoseSign1(bytes);
  } catch (error) {
    return attestationRuleOf(error);
  }
  return "accepted";
}

describe("parseCoseSign1", () => {
  it("reads an untagged COSE_Sign1", () => {
    const parsed = parseCoseSign1(sign1());
    expect(parsed.tagged).toBe(false);
    expect(parsed.algorithm).toBe(-35);
    expect([...parsed.payload]).toEqual([1, 2, 3]);
    expect(parsed.signature.length).toBe(96);
  });

  it("reads a COSE_Sign1 wrapped in tag 18", () => {
    const bytes = encode(new Tag(18, [es384, new Map(), new Uint8Array([1]), new Uint8Array(96)]));
    expect(parseCoseSign1(bytes).tagged).toBe(true);
  });

  it.each([
    ["an empty input", new Uint8Array(0)],
    ["truncated CBOR", sign1().subarray(0, 20)],
    ["trailing bytes", new Uint8Array([...sign1(), 0x00])],
    ["a map instead of an array", encode(new Map([[1, 2]]))],
    ["an array of 3 items", encode([es384, new Map(), new Uint8Array(1)])],
    ["a text payload", encode([es384, new Map(), "payload", new Uint8Array(96)])],
    ["an unprotected header that is not a map", sign1(es384, [])],
    ["tag 98 (COSE_Sign)", encode(new Tag(98, [es384, new Map(), new Uint8Array(1), new Uint8Array(96)]))],
    ["a protected header that is not a map", sign1(encode([1, -35]))],
    [
      "a CBOR map with a duplicate key",
      new Uint8Array([0x84, 0x44, 0xa1, 0x01, 0x38, 0x22, 0xa2, 0x01, 0x01, 0x01, 0x01, 0x40, 0x40]),
    ],
  ])("refuses %s as cose-structure", (_name, bytes) => {
    expect(ruleOf(bytes)).toBe("cose-structure");
  });

  it.each([
    ["ES256 (-7)", encode(new Map([[1, -7]]))],
    ["no algorithm", encode(new Map())],
    ["an empty protected header", new Uint8Array(0)],
    [
      "a critical header",
      encode(
        new Map<number, unknown>([
          [1, -35],
          [2, [99]],
        ]),
      ),
    ],
  ])("refuses %s as cose-algorithm", (_name, header) => {
    expect(ruleOf(sign1(header))).toBe("cose-algorithm");
  });

  it("builds the RFC 9052 Sig_structure", () => {
    const bytes = sigStructure(Buffer.from([0xa1, 0x01, 0x38, 0x22]), Buffer.from([0xaa]));
    expect(bytes.toString("hex")).toBe(
      `84${"6a"}${Buffer.from("Signature1").toString("hex")}44a101382240${"41aa"}`,
    );
  });
});
