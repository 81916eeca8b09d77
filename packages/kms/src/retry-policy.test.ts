import { RandomSourceError } from "@rngkit/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy } from "./retry-policy.js";

describe("resolveRetryPolicy", () => {
  it("fills in the defaults", () => {
    expect(resolveRetryPolicy(undefined, "kms")).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy({ maxAttempts: 1 }, "kms")).toEqual({
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: 1,
    });
  });

  it.each([
    [{ maxAttempts: 0 }, "retry.maxAttempts must be an integer >= 1, got 0"],
    [{ maxAttempts: 2.5 }, "retry.maxAttempts must be an integer >= 1, got 2.5"],
    [{ minDelayMs: -1 }, "retry.minDelayMs must be a number >= 0, got -1"],
    [{ maxElapsedMs: Number.NaN }, "retry.maxElapsedMs must be a number >= 0, got NaN"],
    [{ minDelayMs: 10, maxDelayMs: 5 }, "retry.maxDelayMs (5) must be >= retry.minDelayMs (10)"],
    [{ factor: 0.5 }, "retry.factor must be a finite number >= 1, got 0.5"],
  ])("refuses %j, naming the field", (policy, message) => {
    let error: unknown;
    try {
      resolveRetryPolicy(policy, "kms:eu-west-1");
    } catch (caught) {
      error = caught;
    }
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toBe(`kms:eu-west-1: ${message}`);
  });
});
