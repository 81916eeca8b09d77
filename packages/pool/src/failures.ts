/** The pool's own failure, built in one place so its wording never drifts. */
import { RandomSourceError } from "@rngkit/core";

/**
 * fillSync found the buffer short and no sync fallback was composed. Retryable, unless the request is
 * larger than high water, which a refill never reaches. Sizes only in the message (DESIGN invariant 4).
 */
export function exhaustedError(
  source: string,
  requested: number,
  buffered: number,
  waiting: number,
  highWater: number,
): RandomSourceError {
  const why =
    requested > highWater
      ? `is larger than the pool refills to (highWater ${highWater})`
      : waiting > 0
        ? `cannot go ahead of ${waiting} waiting request(s)`
        : `found ${buffered} bytes buffered`;
  return new RandomSourceError(
    "Exhausted",
    `${source}: fillSync of ${requested} bytes ${why}; await ready() first, use fill() or bytes(), or compose a syncFallback`,
    { source, retryable: requested <= highWater, details: { requested, buffered, waiting } },
  );
}
