/**
 * rngkit's one retry layer for KMS (DESIGN invariant 5). When rngkit builds the KMS client it sets the
 * SDK's `maxAttempts` to 1, so these numbers are the whole budget: N attempts make at most N requests.
 * With a caller's own client, the SDK's retries run inside each of these attempts (see the README).
 */
import { RandomSourceError } from "@rngkit/core";

export interface RetryPolicy {
  /** Attempts per GenerateRandom call, first included. Default 4; 1 disables retries. */
  readonly maxAttempts?: number;
  /** Delay before the first retry, in ms; later ones grow by `factor`, each multiplied by a random 1-2. Default 100. */
  readonly minDelayMs?: number;
  /** Cap on one backoff delay, in ms. Default 5,000. */
  readonly maxDelayMs?: number;
  /** Backoff growth per retry. Default 2. */
  readonly factor?: number;
  /** No retry starts once this long has passed since the first attempt, in ms. Default 20,000. */
  readonly maxElapsedMs?: number;
}

export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const DEFAULT_RETRY_POLICY: ResolvedRetryPolicy = Object.freeze({
  maxAttempts: 4,
  minDelayMs: 100,
  maxDelayMs: 5_000,
  factor: 2,
  maxElapsedMs: 20_000,
});

function invalid(source: string, message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${source}: ${message}`, { source });
}

/** Checks every field once, where the policy enters, with a message that names the field. */
export function resolveRetryPolicy(policy: RetryPolicy | undefined, source: string): ResolvedRetryPolicy {
  const resolved = { ...DEFAULT_RETRY_POLICY, ...policy };
  if (!Number.isSafeInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw invalid(source, `retry.maxAttempts must be an integer >= 1, got ${String(resolved.maxAttempts)}`);
  }
  for (const key of ["minDelayMs", "maxDelayMs", "maxElapsedMs"] as const) {
    const value = resolved[key];
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
      throw invalid(source, `retry.${key} must be a number >= 0, got ${String(value)}`);
    }
  }
  if (resolved.maxDelayMs < resolved.minDelayMs) {
    throw invalid(
      source,
      `retry.maxDelayMs (${resolved.maxDelayMs}) must be >= retry.minDelayMs (${resolved.minDelayMs})`,
    );
  }
  if (typeof resolved.factor !== "number" || !Number.isFinite(resolved.factor) || resolved.factor < 1) {
    throw invalid(source, `retry.factor must be a finite number >= 1, got ${String(resolved.factor)}`);
  }
  return Object.freeze(resolved);
}
