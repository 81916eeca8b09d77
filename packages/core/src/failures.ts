/** The failures every source raises the same way, built in one place so their wording never drifts. */
import { RandomSourceError } from "./errors.js";

export function abortedError(source: string, signal: AbortSignal): RandomSourceError {
  return new RandomSourceError("Aborted", `${source}: the operation was aborted`, {
    source,
    cause: signal.reason,
  });
}

export function closedError(source: string): RandomSourceError {
  return new RandomSourceError("Closed", `${source}: the source is closed`, { source });
}

export function invalidArgumentError(source: string, cause: Error): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${source}: ${cause.message}`, { source, cause });
}

/** A response of the wrong size: never padded, trimmed or served (fail closed, DESIGN invariant 2). */
export function wrongLengthError(source: string, requested: number, received: number): RandomSourceError {
  return new RandomSourceError(
    "InvalidResponse",
    `${source}: an upstream call for ${requested} bytes returned ${received}`,
    { source },
  );
}

/**
 * Turns anything a source's implementation threw into a RandomSourceError. An abort or close that
 * happened meanwhile wins, so callers see `Aborted` or `Closed` rather than a side effect of it.
 */
export function toRandomSourceError(
  error: unknown,
  source: string,
  signal: AbortSignal | undefined,
  closeSignal?: AbortSignal,
): RandomSourceError {
  if (closeSignal?.aborted) return RandomSourceError.is(error, "Closed") ? error : closedError(source);
  if (signal?.aborted) return RandomSourceError.is(error, "Aborted") ? error : abortedError(source, signal);
  if (RandomSourceError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RandomSourceError("Unavailable", `${source}: unexpected failure: ${message}`, {
    source,
    retryable: false,
    cause: error,
  });
}
