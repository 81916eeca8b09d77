/**
 * randomInt with node:crypto's contract: safe integers, `max > min`, a range of at most 2^48 - 1,
 * rejection sampling over 6-byte big-endian draws (so every value is equally likely), results of the
 * async form delivered on process.nextTick, callback called with `undefined` as its error.
 *
 * Like Node it draws from a cache (6 KiB by default) so that small calls do not each reach the source.
 * Unlike Node, a consumed draw is zeroed, the async refill lands in a new buffer that replaces the
 * cache only when complete, so a failed refill can never leave zeros to be read as randomness, and a
 * failed refill is reported to every callback waiting on it rather than retried once per callback.
 */
import {
  invalidArgTypeError,
  outOfRangeError,
  type RandomSource,
  RandomSourceError,
  type SyncRandomSource,
  validateFunction,
} from "@rngkit/core";
import { callBack, callBackWithError, requireSync } from "./require-sync.js";

const RAND_MAX = 0xffff_ffff_ffff;
const DRAW_BYTES = 6;

export type RandomIntCallback = (error: Error | undefined, value: number) => void;

interface PendingDraw {
  readonly min: number;
  readonly max: number;
  readonly callback: RandomIntCallback;
}

export function makeRandomInt(source: RandomSource, cacheBytes: number) {
  let cache: Buffer = Buffer.alloc(cacheBytes);
  let cacheOffset = cacheBytes;
  let refilling = false;
  const pending: PendingDraw[] = [];

  /** The next 6-byte big-endian draw from the cache; its bytes are zeroed as they are read. */
  function draw(): number {
    let value = 0;
    for (let i = 0; i < DRAW_BYTES; i++) {
      value = value * 256 + (cache[cacheOffset] as number);
      cache[cacheOffset++] = 0;
    }
    return value;
  }

  /**
   * Fills the whole cache, or, when a buffered source cannot spare that much right now (a pool just past
   * its low-water mark), the last draw's worth of it: a sync call still succeeds whenever 6 bytes can.
   */
  function refillSync(sync: SyncRandomSource): number {
    try {
      sync.fillSync(cache);
      return 0;
    } catch (error) {
      if (!RandomSourceError.is(error, "Exhausted")) throw error;
      sync.fillSync(cache.subarray(cache.byteLength - DRAW_BYTES));
      return cache.byteLength - DRAW_BYTES;
    }
  }

  function refillAsync(): void {
    if (refilling) return;
    refilling = true;
    source.bytes(cacheBytes).then(
      (fresh) => {
        refilling = false;
        cache.fill(0);
        cache = fresh;
        cacheOffset = 0;
        for (const task of pending.splice(0)) randomInt(task.min, task.max, task.callback);
      },
      (error: unknown) => {
        refilling = false;
        // Every waiter hears of the failure. (Node tells one and retries the others, which is harmless
        // over OpenSSL; over a remote source, whose own retry budget is already spent, it would call a
        // failing upstream once more per waiter, one after the other: DESIGN invariant 5.)
        for (const task of pending.splice(0)) {
          callBackWithError(task.callback as (error: Error) => void, error as RandomSourceError);
        }
      },
    );
  }

  function randomInt(max: number): number;
  function randomInt(min: number, max: number): number;
  function randomInt(max: number, callback: RandomIntCallback): void;
  function randomInt(min: number, max: number, callback: RandomIntCallback): void;
  function randomInt(min: unknown, max?: unknown, callback?: unknown): number | undefined {
    const minNotSpecified = typeof max === "undefined" || typeof max === "function";
    if (minNotSpecified) {
      callback = max;
      max = min;
      min = 0;
    }
    const isSync = typeof callback === "undefined";
    if (!isSync) validateFunction(callback, "callback");
    if (!Number.isSafeInteger(min)) throw invalidArgTypeError("min", "a safe integer", min);
    if (!Number.isSafeInteger(max)) throw invalidArgTypeError("max", "a safe integer", max);
    const low = min as number;
    const high = max as number;
    if (high <= low) throw outOfRangeError("max", `greater than the value of "min" (${low})`, high);
    const range = high - low;
    if (!(range <= RAND_MAX))
      throw outOfRangeError(`max${minNotSpecified ? "" : " - min"}`, `<= ${RAND_MAX}`, range);
    // x % range is unbiased only for x below the largest multiple of range that fits in 48 bits.
    const randLimit = RAND_MAX - (RAND_MAX % range);
    const sync = isSync ? requireSync(source, "randomInt") : undefined;

    while (sync !== undefined || cacheOffset < cache.byteLength) {
      if (cacheOffset === cache.byteLength && sync !== undefined) cacheOffset = refillSync(sync);
      const x = draw();
      if (x < randLimit) {
        const n = (x % range) + low;
        if (isSync) return n;
        callBack(callback as RandomIntCallback, undefined, n);
        return undefined;
      }
    }
    pending.push({ min: low, max: high, callback: callback as RandomIntCallback });
    refillAsync();
    return undefined;
  }
  return randomInt;
}
