import { describe, expect, it } from "vitest";
import { KmsError } from "../protocol/kms-error.js";
import { parseAuthorization } from "./authorization-header.js";

function failure(header: string | undefined, hasDate = true): [string, string] {
  try {
    parseAuthorization(header, hasDate);
  } catch (error) {
    const kmsError = error as KmsError;
    expect(kmsError).toBeInstanceOf(KmsError);
    return [kmsError.type, kmsError.message];
  }
  throw new Error("expected a failure");
}

describe("parseAuthorization", () => {
  it("reads the credential scope, signed headers and signature", () => {
    const parsed = parseAuthorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123",
      true,
    );
    expect(parsed).toEqual({
      accessKeyId: "AKIDEXAMPLE",
      date: "20150830",
      region: "us-east-1",
      service: "kms",
      signedHeaders: ["host", "x-amz-date"],
      signature: "abc123",
    });
  });

  it("answers no header, or one that is not SigV4, with MissingAuthenticationTokenException", () => {
    expect(failure(undefined)[0]).toBe("MissingAuthenticationTokenException");
    expect(failure("Basic dXNlcjpwYXNz")[0]).toBe("MissingAuthenticationTokenException");
  });

  it("lists every missing part, as AWS does", () => {
    expect(failure("AWS4-HMAC-SHA256", false)).toEqual([
      "IncompleteSignatureException",
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    ]);
  });

  it("checks the scope terminator", () => {
    expect(failure("AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x")).toEqual([
      "InvalidSignatureException",
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. ",
    ]);
  });
});
