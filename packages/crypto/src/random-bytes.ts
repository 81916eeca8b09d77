/**
 * randomBytes with node:crypto's contract: a Buffer that owns its memory (never a slice of Node's
 * shared pool), sizes truncated as Node truncates them, a synchronous callback for size 0.
 */
import { assertSize, type RandomSource, validateFunction } from "@rngkit/core";
import { callBack, callBackWithError, requireSync } from "./require-sync.js";

export type RandomBytesCallback = (error: Error | null, buf: Buffer) => void;

export function makeRandomBytes(source: RandomSource) {
  function randomBytes(size: number): Buffer;
  function randomBytes(size: number, callback: RandomBytesCallback): void;
  function randomBytes(size: number, callback?: RandomBytesCallback): Buffer | undefined {
    const byteSize = assertSize(size, 1, 0, Number.POSITIVE_INFINITY);
    if (callback !== undefined) validateFunction(callback, "callback");
    if (callback === undefined) {
      const sync = requireSync(source, "randomBytes");
      const buffer = Buffer.allocUnsafeSlow(byteSize);
      if (byteSize > 0) sync.fillSync(buffer);
      return buffer;
    }
    if (byteSize === 0) {
      callback(null, Buffer.allocUnsafeSlow(0));
      return undefined;
    }
    source.bytes(byteSize).then(
      (buffer) => callBack(callback, null, buffer),
      (error: Error) => callBackWithError(callback as (error: Error) => void, error),
    );
    return undefined;
  }
  return randomBytes;
}
