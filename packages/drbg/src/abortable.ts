/**
 * Waiting on shared work (a reseed several callers need) without tying its fate to one caller: the
 * caller's abort rejects the caller's wait at once, and the work goes on for the others.
 */
import { abortedError, closedError } from "@rngkit/core";

export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  source: string,
  closeSignal: AbortSignal,
): Promise<T> {
  if (signal === undefined) return promise;
  const reject = () => (closeSignal.aborted ? closedError(source) : abortedError(source, signal));
  if (signal.aborted) return Promise.reject(reject());
  return new Promise<T>((resolve, fail) => {
    const onAbort = () => fail(reject());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        fail(error);
      },
    );
  });
}
