/**
 * randomUUID with node:crypto's contract: RFC 9562 version 4, lowercase, the same options checks, and
 * an entropy cache of 128 UUIDs (2 KiB) unless `disableEntropyCache` is set. Each 16-byte slot is used
 * once and zeroed after use.
 */
import {
  type RandomSource,
  RandomSourceError,
  type SyncRandomSource,
  validateBoolean,
  validateObject,
} from "@rngkit/core";
import { requireSync } from "./require-sync.js";

const UUID_BYTES = 16;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

export interface RandomUUIDOptions {
  readonly disableEntropyCache?: boolean;
}

function format(bytes: Uint8Array, at: number): string {
  const hex = (index: number) => HEX[bytes[at + index] as number] as string;
  const version = HEX[((bytes[at + 6] as number) & 0x0f) | 0x40] as string;
  const variant = HEX[((bytes[at + 8] as number) & 0x3f) | 0x80] as string;
  return (
    `${hex(0)}${hex(1)}${hex(2)}${hex(3)}-${hex(4)}${hex(5)}-${version}${hex(7)}-` +
    `${variant}${hex(9)}-${hex(10)}${hex(11)}${hex(12)}${hex(13)}${hex(14)}${hex(15)}`
  );
}

export function makeRandomUUID(source: RandomSource, batchSize: number) {
  const cache = Buffer.alloc(UUID_BYTES * batchSize);
  let nextSlot = batchSize;

  /** The whole batch, or only the last slot when a buffered source cannot spare a batch right now. */
  function refill(sync: SyncRandomSource): number {
    try {
      sync.fillSync(cache);
      return 0;
    } catch (error) {
      if (!RandomSourceError.is(error, "Exhausted")) throw error;
      sync.fillSync(cache.subarray(cache.byteLength - UUID_BYTES));
      return batchSize - 1;
    }
  }

  return function randomUUID(
    options?: RandomUUIDOptions,
  ): `${string}-${string}-${string}-${string}-${string}` {
    if (options !== undefined) validateObject(options, "options");
    const { disableEntropyCache = false } = options ?? {};
    validateBoolean(disableEntropyCache, "options.disableEntropyCache");
    const sync = requireSync(source, "randomUUID");
    if (disableEntropyCache) {
      const bytes = sync.fillSync(Buffer.alloc(UUID_BYTES));
      const uuid = format(bytes, 0);
      bytes.fill(0);
      return uuid as `${string}-${string}-${string}-${string}-${string}`;
    }
    if (nextSlot === batchSize) nextSlot = refill(sync);
    const at = nextSlot++ * UUID_BYTES;
    const uuid = format(cache, at);
    cache.fill(0, at, at + UUID_BYTES);
    return uuid as `${string}-${string}-${string}-${string}-${string}`;
  };
}
