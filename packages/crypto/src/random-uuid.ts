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
export interface RandomUUIDOptions {
  readonly disableEntropyCache?: boolean;
}

/** ASCII codes of the 16 lowercase hex digits. */
const HEX_DIGITS = Buffer.from("0123456789abcdef", "latin1");
/** Where each of the 16 bytes' two hex digits go in "xxxxxxxx-xxxx-4xxx-vxxx-xxxxxxxxxxxx". */
const DIGIT_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34] as const;

/**
 * Formats 16 bytes as a version 4 UUID (RFC 9562 §5.4: version nibble 4, variant bits 10) into a reused
 * 36-byte scratch buffer, as Node does, and reads it back as one latin1 string. Zeroes the bytes it read.
 */
function formatInto(scratch: Buffer, bytes: Uint8Array, at: number): string {
  for (let i = 0; i < 16; i++) {
    let byte = bytes[at + i] as number;
    bytes[at + i] = 0; // each slot is used once, then zeroed
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    const position = DIGIT_AT[i] as number;
    scratch[position] = HEX_DIGITS[byte >> 4] as number;
    scratch[position + 1] = HEX_DIGITS[byte & 0x0f] as number;
  }
  return scratch.toString("latin1", 0, 36);
}

export function makeRandomUUID(source: RandomSource, batchSize: number) {
  const cache = Buffer.alloc(UUID_BYTES * batchSize);
  const scratch = Buffer.from("00000000-0000-0000-0000-000000000000", "latin1");
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
      return formatInto(scratch, bytes, 0) as `${string}-${string}-${string}-${string}-${string}`;
    }
    if (nextSlot === batchSize) nextSlot = refill(sync);
    const at = nextSlot++ * UUID_BYTES;
    return formatInto(scratch, cache, at) as `${string}-${string}-${string}-${string}-${string}`;
  };
}
