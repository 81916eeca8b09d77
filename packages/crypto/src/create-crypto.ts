/**
 * The drop-in: node:crypto's random functions over any RandomSource, with node:crypto's exact argument
 * handling, errors and callback timing (differentially tested against Node 20 and 24). Swap
 * `import { randomBytes } from "node:crypto"` for `const { randomBytes } = createCrypto(source)`.
 */
import type * as nodeCrypto from "node:crypto";
import { type RandomSource, RandomSourceError } from "@rngkit/core";
import { makeGetRandomValues } from "./get-random-values.js";
import { makeRandomBytes } from "./random-bytes.js";
import { makeRandomFill, makeRandomFillSync } from "./random-fill.js";
import { makeRandomInt } from "./random-int.js";
import { makeRandomUUID } from "./random-uuid.js";

export interface CreateCryptoOptions {
  /** Bytes randomInt draws from the source at a time; a multiple of 6. Default 6,144, as Node. */
  readonly randomIntCacheBytes?: number;
  /** UUIDs randomUUID draws from the source at a time. Default 128 (2 KiB), as Node. */
  readonly uuidBatchSize?: number;
}

/** The functions node:crypto exports, typed as node:crypto types them, plus the source they draw from. */
export interface RandomCrypto {
  readonly randomBytes: typeof nodeCrypto.randomBytes;
  readonly randomFill: typeof nodeCrypto.randomFill;
  readonly randomFillSync: typeof nodeCrypto.randomFillSync;
  readonly randomInt: typeof nodeCrypto.randomInt;
  readonly randomUUID: typeof nodeCrypto.randomUUID;
  readonly getRandomValues: typeof nodeCrypto.getRandomValues;
  /** The drop-in does not own the source: close it yourself (or through your DI container). */
  readonly source: RandomSource;
}

function checkOption(value: number | undefined, name: string, fallback: number, multipleOf: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < multipleOf || value % multipleOf !== 0) {
    throw new RandomSourceError(
      "InvalidArgument",
      `createCrypto: options.${name} must be a positive integer multiple of ${multipleOf}, got ${String(value)}`,
      { source: "crypto" },
    );
  }
  return value;
}

export function createCrypto(source: RandomSource, options: CreateCryptoOptions = {}): RandomCrypto {
  const randomIntCacheBytes = checkOption(options.randomIntCacheBytes, "randomIntCacheBytes", 6144, 6);
  const uuidBatchSize = checkOption(options.uuidBatchSize, "uuidBatchSize", 128, 1);
  return Object.freeze({
    randomBytes: makeRandomBytes(source) as RandomCrypto["randomBytes"],
    randomFill: makeRandomFill(source) as RandomCrypto["randomFill"],
    randomFillSync: makeRandomFillSync(source) as RandomCrypto["randomFillSync"],
    randomInt: makeRandomInt(source, randomIntCacheBytes) as RandomCrypto["randomInt"],
    randomUUID: makeRandomUUID(source, uuidBatchSize) as RandomCrypto["randomUUID"],
    getRandomValues: makeGetRandomValues(source) as RandomCrypto["getRandomValues"],
    source,
  });
}
