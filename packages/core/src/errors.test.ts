import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { RANDOM_SOURCE_ERROR_REASONS, RandomSourceError } from "./errors.js";

describe("RandomSourceError", () => {
  it("carries reason, source, cause and details", () => {
    const cause = new Error("socket hang up");
    const error = new RandomSourceError("Unavailable", "kms: down", {
      source: "kms:eu-west-1",
      cause,
      details: { ConnectionState: "FAILED" },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("RandomSourceError");
    expect(error.reason).toBe("Unavailable");
    expect(error.source).toBe("kms:eu-west-1");
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ ConnectionState: "FAILED" });
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it.each(RANDOM_SOURCE_ERROR_REASONS)("gives %s its default retryability", (reason) => {
    const error = new RandomSourceError(reason, "m", { source: "s" });
    expect(error.retryable).toBe(["Throttled", "Unavailable", "Timeout", "Exhausted"].includes(reason));
  });

  it("lets a caller override retryable", () => {
    expect(new RandomSourceError("Throttled", "m", { source: "s", retryable: false }).retryable).toBe(false);
    expect(new RandomSourceError("Closed", "m", { source: "s", retryable: true }).retryable).toBe(true);
  });

  it("is recognised across copies of the package by its Symbol.for marker", () => {
    const foreign = Object.assign(new Error("x"), { reason: "Closed" });
    Object.defineProperty(foreign, Symbol.for("rngkit.RandomSourceError"), { value: true });
    expect(RandomSourceError.is(foreign)).toBe(true);
    expect(RandomSourceError.is(foreign, "Closed")).toBe(true);
    expect(RandomSourceError.is(foreign, "Aborted", "Throttled")).toBe(false);
    expect(RandomSourceError.is(new Error("plain"))).toBe(false);
    expect(RandomSourceError.is(null)).toBe(false);
    expect(RandomSourceError.is("RandomSourceError")).toBe(false);
  });

  it("keeps cause out of its JSON form", () => {
    const secret = Buffer.from("c2VjcmV0LWJ5dGVz", "base64");
    const error = new RandomSourceError("InvalidResponse", "bad length", {
      source: "kms",
      cause: { Plaintext: secret },
    });
    const json = JSON.stringify(error);
    expect(JSON.parse(json)).toEqual({
      name: "RandomSourceError",
      reason: "InvalidResponse",
      message: "bad length",
      source: "kms",
      retryable: false,
    });
    expect(inspect(error)).toContain("InvalidResponse");
  });
});
