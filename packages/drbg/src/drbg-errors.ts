/**
 * The state errors of the known-answer API, as RandomSourceErrors so that DrbgSource passes them on
 * unchanged. Argument errors are TypeError and RangeError instead (see check-input.ts).
 */
import { outOfRangeError, RandomSourceError } from "@rngkit/core";
import { MAX_RESEED_INTERVAL } from "./limits.js";

/** Generate or reseed before instantiate, or after uninstantiate (SP 800-90A §9.3.1 step 1's invalid state). */
export function notInstantiatedError(source: string): RandomSourceError {
  return new RandomSourceError("Closed", `${source}: not instantiated (call instantiate first)`, { source });
}

/** §9.3.1 step 6: the reseed counter passed reseed_interval. Retryable: a reseed cures it. */
export function reseedRequiredError(source: string, reseedInterval: number): RandomSourceError {
  return new RandomSourceError(
    "Exhausted",
    `${source}: reseed required (more than ${reseedInterval} generate requests since the last seed)`,
    { source },
  );
}

export function checkReseedInterval(value: unknown): number {
  if (value === undefined) return MAX_RESEED_INTERVAL;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_RESEED_INTERVAL) {
    throw outOfRangeError("reseedInterval", `an integer >= 1 && <= ${MAX_RESEED_INTERVAL}`, value);
  }
  return value;
}
