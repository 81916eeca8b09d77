import { encode } from "cbor2";
import { describe, expect, it } from "vitest";
import {
  decodeAttestationResponse,
  encodeAttestationRequest,
  NSM_REQUEST_MAX_BYTES,
} from "./nsm-protocol.js";

const hex = (text: string) => Buffer.from(text, "ascii").toString("hex");

describe("NSM request encoding", () => {
  it("encodes Request::Attestation as serde does: a one-entry map, fields in order, None as null", () => {
    const encoded = Buffer.from(
      encodeAttestationRequest({ nonce: new Uint8Array([1, 2]), publicKey: Buffer.from([3]) }),
    ).toString("hex");
    expect(encoded).toBe(
      [
        "a1", // map(1)
        `6b${hex("Attestation")}`,
        "a3", // map(3)
        `69${hex("user_data")}f6`, // null
        `65${hex("nonce")}420102`, // bytes(2)
        `6a${hex("public_key")}4103`, // bytes(1), a Buffer encoded as bytes
      ].join(""),
    );
  });

  it("encodes a 294-byte SPKI with a two-byte length", () => {
    const encoded = Buffer.from(encodeAttestationRequest({ publicKey: new Uint8Array(294).fill(9) }));
    expect(encoded.subarray(-297, -294).toString("hex")).toBe("590126");
  });

  it("refuses a request larger than the NSM takes", () => {
    expect(() => encodeAttestationRequest({ userData: new Uint8Array(NSM_REQUEST_MAX_BYTES) })).toThrow(
      /more than the NSM's 4096/,
    );
  });
});

describe("NSM response decoding", () => {
  it("returns the document of {Attestation: {document}}", () => {
    const document = new Uint8Array([0x84, 0x44, 0xa1, 0x01]);
    const response = encode(new Map([["Attestation", new Map([["document", document]])]]));
    expect(decodeAttestationResponse(response)).toEqual(Buffer.from(document));
  });

  it.each([
    ["an Error response", encode(new Map([["Error", "InvalidArgument"]])), /answered Error InvalidArgument/],
    [
      "another variant",
      encode(new Map([["DescribeNSM", new Map()]])),
      /answered DescribeNSM, not Attestation/,
    ],
    ["no document", encode(new Map([["Attestation", new Map()]])), /has no document/],
    [
      "an empty document",
      encode(new Map([["Attestation", new Map([["document", new Uint8Array()]])]])),
      /has no document/,
    ],
    [
      "two entries",
      encode(
        new Map<string, unknown>([
          ["Attestation", 1],
          ["Error", 2],
        ]),
      ),
      /one-entry map/,
    ],
    ["not CBOR", new Uint8Array([0xff, 0xff]), /not well-formed CBOR/],
    ["trailing zeros past the response", new Uint8Array([0xa0, 0, 0]), /not well-formed CBOR/],
  ])("refuses %s with AttestationFailed", (_name, response, message) => {
    expect(() => decodeAttestationResponse(response)).toThrow(message);
    try {
      decodeAttestationResponse(response);
    } catch (error) {
      expect((error as { reason?: string }).reason).toBe("AttestationFailed");
    }
  });

  it("keeps the NSM's error code in details", () => {
    try {
      decodeAttestationResponse(encode(new Map([["Error", "InputTooLarge"]])));
      throw new Error("decoded");
    } catch (error) {
      expect((error as { details?: unknown }).details).toEqual({ nsmErrorCode: "InputTooLarge" });
    }
  });
});
