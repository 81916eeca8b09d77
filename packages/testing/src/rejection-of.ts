/** The RandomSourceError a promise rejects with, for tests; fails the test if it resolves or rejects with anything else. */
import { RandomSourceError, type RandomSourceErrorReason } from "@rngkit/core";
import { expect } from "vitest";

export async function rejectionOf(
  promise: Promise<unknown>,
  ...reasons: readonly RandomSourceErrorReason[]
): Promise<RandomSourceError> {
  const error = await promise.then(
    () => new Error("expected a rejection, got a result"),
    (caught: unknown) => caught,
  );
  expect(RandomSourceError.is(error), `expected a RandomSourceError, got ${String(error)}`).toBe(true);
  if (reasons.length > 0) expect(reasons).toContain((error as RandomSourceError).reason);
  return error as RandomSourceError;
}
