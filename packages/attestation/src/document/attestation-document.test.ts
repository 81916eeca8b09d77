import { encode } from "cbor2";
import { describe, expect, it } from "vitest";
import { attestationRuleOf } from "../errors.js";
import { parseAttestationDocument } from "./attestation-document.js";

const bytes = (length: number) => new Uint8Array(length).fill(7);

function payload(overrides: Record<string, unknown> = {}, remove: string[] = []): Map<string, unknown> {
  const map = new Map<string, unknown>([
    ["module_id", "i-0123-enc0456"],
    ["digest", "SHA384"],
    ["timestamp", 1_700_000_000_000],
    [
      "pcrs",
      new Map([
        [0, bytes(48)],
        [1, bytes(48)],
      ]),
    ],
    ["certificate", bytes(300)],
    ["cabundle", [bytes(300)]],
    ["public_key", null],
    ["user_data", null],
    ["nonce", null],
  ]);
  for (const [key, value] of Object.entries(overrides)) map.set(key, value);
  for (const key of remove) map.delete(key);
  return map;
}

const document = (map: Map<string, unknown>) =>
  encode([encode(new Map([[1, -35]])), new Map(), encode(map), new Uint8Array(96)]);

function ruleOf(map: Map<string, unknown>): string | undefined {
  try {
    parseAttestationDocument(document(map));
  } catch (error) {
    return attestationRuleOf(error);
  }
  return "accepted";
}

describe("parseAttestationDocument", () => {
  it("reads every field", () => {
    const { document: parsed } = parseAttestationDocument(
      document(payload({ public_key: bytes(294), user_data: bytes(3), nonce: bytes(0) })),
    );
    expect(parsed.moduleId).toBe("i-0123-enc0456");
    expect(parsed.timestamp).toBe(1_700_000_000_000);
    expect([...parsed.pcrs.keys()]).toEqual([0, 1]);
    expect(parsed.publicKey?.length).toBe(294);
    expect(parsed.userData?.length).toBe(3);
    expect(parsed.nonce?.length).toBe(0);
  });

  it("treats absent and null optional fields alike", () => {
    const { document: parsed } = parseAttestationDocument(
      document(payload({}, ["public_key", "user_data", "nonce"])),
    );
    expect(parsed.publicKey).toBeUndefined();
    expect(parsed.userData).toBeUndefined();
    expect(parsed.nonce).toBeUndefined();
  });

  it("refuses a digest other than SHA384", () => {
    expect(ruleOf(payload({ digest: "SHA256" }))).toBe("digest");
  });

  it.each([
    ["a missing module_id", payload({}, ["module_id"])],
    ["an empty module_id", payload({ module_id: "" })],
    ["a text timestamp", payload({ timestamp: "now" })],
    ["a negative timestamp", payload({ timestamp: -1 })],
    ["empty pcrs", payload({ pcrs: new Map() })],
    ["a PCR of 47 bytes", payload({ pcrs: new Map([[0, bytes(47)]]) })],
    ["a PCR index of 32", payload({ pcrs: new Map([[32, bytes(48)]]) })],
    ["a text PCR index", payload({ pcrs: new Map([["0", bytes(48)]]) })],
    ["a missing certificate", payload({}, ["certificate"])],
    ["a certificate over 1024 bytes", payload({ certificate: bytes(1025) })],
    ["an empty cabundle", payload({ cabundle: [] })],
    ["a text cabundle entry", payload({ cabundle: ["cert"] })],
    ["an empty public_key", payload({ public_key: bytes(0) })],
    ["user_data over 512 bytes", payload({ user_data: bytes(513) })],
    ["a text nonce", payload({ nonce: "abc" })],
  ])("refuses %s as payload-structure", (_name, map) => {
    expect(ruleOf(map)).toBe("payload-structure");
  });

  it("refuses a payload that is not a map", () => {
    const bytesOfArray = encode([encode(new Map([[1, -35]])), new Map(), encode([1, 2]), new Uint8Array(96)]);
    expect(() => parseAttestationDocument(bytesOfArray)).toThrow(/payload is not a map/);
  });

  it("refuses input that is not a Uint8Array", () => {
    expect(() => parseAttestationDocument("hello" as never)).toThrow(/must be a Uint8Array/);
  });
});
