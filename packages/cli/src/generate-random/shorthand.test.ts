import { describe, expect, it } from "vitest";
import { FileReference, parseShorthand, ShorthandSyntaxError } from "./shorthand.js";

describe("parseShorthand (awscli/shorthand.py)", () => {
  it.each([
    ["a=b", { a: "b" }],
    ["a=b,c=d", { a: "b", c: "d" }],
    ["a=b,c", { a: ["b", "c"] }],
    ["a=b,c,d=e", { a: ["b", "c"], d: "e" }],
    ["a= b ,c=d", { a: "b", c: "d" }],
    ['a=\'x,y\',b="q\\"r"', { a: "x,y", b: 'q"r' }],
    ["a=x\\,y", { a: "x,y" }],
    ["a=[1,2],b={c=d}", { a: ["1", "2"], b: { c: "d" } }],
    ["a=", { a: "" }],
    [
      "KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument=aGk+/w==",
      {
        KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
        AttestationDocument: "aGk+/w==",
      },
    ],
  ])("parses %s", (input, expected) => {
    expect(parseShorthand(input)).toEqual(expected);
  });

  it("reads key@=path as a file reference", () => {
    const parsed = parseShorthand("a=1,Doc@=fileb://doc.cbor");
    expect(parsed.Doc).toBeInstanceOf(FileReference);
    expect((parsed.Doc as FileReference).path).toBe("fileb://doc.cbor");
  });

  it.each([
    ["a", "Expected: '=', received: 'EOF' for input:\na\n ^"],
    ["a=b,a=c", 'Second instance of key "a" encountered for input:'],
    ["a=[b", "Expected: ',', received: 'EOF' for input:"],
  ])("refuses %s with awscli's message", (input, message) => {
    expect(() => parseShorthand(input)).toThrow(ShorthandSyntaxError);
    expect(() => parseShorthand(input)).toThrow(message);
  });
});
