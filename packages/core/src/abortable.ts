/**
 * Waiting on shared work (a reseed, a key pair, a start-up test that several callers need) without tying
 * the work's fate to one caller: the caller's abort rejects the caller's wait at once, while the work goes
 * on for the others and its outcome is still observed (no unhandled rejection).
 */

import { RandomSourceError } from "./errors.js";
import { abortedError } from "./failures.js";

/**
 * Resolves or rejects as `promise` does, unless `signal` aborts first. The abort rejects with the signal's
 * reason when it is a RandomSourceError (a source's close signal carries `Closed`), else with `Aborted`
 * naming `source`, or, without `source`, with the reason as it stands.
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  source?: string,
): Promise<T> {
  if (signal === undefined) return promise;
  const reason = (): unknown => {
    if (RandomSourceError.is(signal.reason) || source === undefined) return signal.reason;
    return abortedError(source, signal);
  };
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
