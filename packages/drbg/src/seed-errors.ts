/** The errors DrbgSource raises about its seed source, worded in one place. */
import { RandomSourceError, toRandomSourceError } from "@rngkit/core";

/**
 * A failed (re)seed under the DrbgSource's own name, keeping the seed source's reason, `retryable` and
 * details; a closed seed source is `Unavailable`, not `Closed`, since this source is still open.
 */
export function seedFailure(
  source: string,
  seedSource: string,
  what: string,
  error: unknown,
): RandomSourceError {
  const cause = toRandomSourceError(error, seedSource, undefined);
  const closed = cause.reason === "Closed";
  return new RandomSourceError(
    closed ? "Unavailable" : cause.reason,
    `${source}: ${what} from ${seedSource} failed: ${cause.message}`,
    {
      source,
      retryable: closed ? false : cause.retryable,
      cause,
      ...(cause.details === undefined ? {} : { details: cause.details }),
    },
  );
}

/** fillSync cannot serve: unseeded, or a hard limit passed, with the reseed from an async seed source still out. */
export function exhaustedError(
  source: string,
  seedSource: string,
  unseeded: boolean,
  lastFailure: RandomSourceError | undefined,
): RandomSourceError {
  return new RandomSourceError(
    "Exhausted",
    unseeded
      ? `${source}: not seeded yet (seeding from ${seedSource} has started): await ready() before fillSync`
      : `${source}: a reseed from ${seedSource} is overdue; fillSync serves again once it lands`,
    { source, ...(lastFailure === undefined ? {} : { cause: lastFailure }) },
  );
}

export function predictionResistanceSyncError(source: string, seedSource: string): RandomSourceError {
  return new RandomSourceError(
    "Unsupported",
    `${source}: prediction resistance reseeds from ${seedSource} before every request, which cannot be ` +
      "done synchronously; use fill(), or a seed source with fillSync",
    { source },
  );
}
