import { RandomSourceError } from "@rngkit/core";
import { describe, expect, it } from "vitest";
import { isClockSkewError, mapKmsError } from "./map-kms-error.js";

function sdkError(name: string, status: number | undefined, message = "m") {
  return Object.assign(new Error(message), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status, requestId: "req-1" },
  });
}

describe("mapKmsError", () => {
  it.each([
    ["ThrottlingException", 400, "Throttled", true],
    ["DependencyTimeoutException", 503, "Unavailable", true],
    ["KMSInternalException", 500, "Unavailable", true],
    ["SomethingNew", 502, "Unavailable", true],
    ["SomethingThrottled", 429, "Throttled", true],
    ["AccessDeniedException", 400, "AccessDenied", false],
    ["UnrecognizedClientException", 400, "AccessDenied", false],
    ["InvalidSignatureException", 400, "AccessDenied", false],
    ["CustomKeyStoreNotFoundException", 400, "KeyStoreNotFound", false],
    ["CustomKeyStoreInvalidStateException", 400, "KeyStoreInvalidState", false],
    ["UnsupportedOperationException", 400, "Unsupported", false],
    ["ValidationException", 400, "InvalidArgument", false],
    ["SerializationException", 400, "InvalidArgument", false],
    ["SomethingElse", 400, "Unavailable", false],
  ] as const)("maps %s (%i) to %s, retryable %s", (name, status, reason, retryable) => {
    const cause = sdkError(name, status, "from KMS");
    const error = mapKmsError(cause, "kms:us-east-1", "GenerateRandom");
    expect(error.reason).toBe(reason);
    expect(error.retryable).toBe(retryable);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(`kms:us-east-1: GenerateRandom failed: ${name}: from KMS`);
    expect(error.details).toEqual({ httpStatusCode: status, requestId: "req-1" });
  });

  it("treats socket failures as retryable Unavailable", () => {
    for (const code of ["ECONNRESET", "ECONNREFUSED", "EPIPE"]) {
      const error = mapKmsError(Object.assign(new Error("x"), { code }), "kms", "GenerateRandom");
      expect(error).toMatchObject({ reason: "Unavailable", retryable: true });
      expect(error.message).toBe(`kms: GenerateRandom failed: network error: ${code}`);
    }
  });

  it("recognises clock skew and marks it retryable", () => {
    const expired = sdkError(
      "InvalidSignatureException",
      400,
      "Signature expired: 20260101T000000Z is now earlier than ...",
    );
    expect(isClockSkewError(expired)).toBe(true);
    expect(mapKmsError(expired, "kms", "GenerateRandom")).toMatchObject({
      reason: "AccessDenied",
      retryable: true,
    });
    expect(
      isClockSkewError(
        sdkError("InvalidSignatureException", 400, "The request signature we calculated does not match"),
      ),
    ).toBe(false);
  });

  it("passes a RandomSourceError through unchanged", () => {
    const original = new RandomSourceError("Timeout", "t", { source: "kms" });
    expect(mapKmsError(original, "kms", "GenerateRandom")).toBe(original);
  });
});
