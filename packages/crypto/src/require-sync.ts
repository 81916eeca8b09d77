import {
  isSyncRandomSource,
  type RandomSource,
  RandomSourceError,
  type SyncRandomSource,
} from "@rngkit/core";

/**
 * node:crypto's sync functions need a source that can serve synchronously. Over one that cannot (KMS
 * on its own) they throw this typed error, after the arguments have been checked as Node checks them.
 */
export function requireSync(source: RandomSource, caller: string): SyncRandomSource {
  if (isSyncRandomSource(source)) return source;
  throw new RandomSourceError(
    "Unsupported",
    `${caller} needs a source that serves synchronously (fillSync), and ${source.name} does not: ` +
      "use the callback form, or wrap the source in a PoolSource (@rngkit/pool) to serve from its buffer",
    { source: source.name },
  );
}

/** Calls a Node-style callback outside any promise chain, so a throw in it is an uncaught exception as in Node. */
export function callBack<A extends unknown[]>(callback: (...args: A) => void, ...args: A): void {
  process.nextTick(callback, ...args);
}

/** Node reports an async failure with the error as the only argument. */
export function callBackWithError(callback: (error: Error) => void, error: Error): void {
  process.nextTick(callback, error);
}
