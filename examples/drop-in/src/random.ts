/**
 * The app's one random module. Every other file imports randomBytes & co. from here instead of from
 * "node:crypto"; configure() decides, once at start-up, where the bytes come from.
 */
import { createSource, randomConfigFromEnv } from "@rngkit/config";
import type { RandomSource } from "@rngkit/core";
import { createCrypto, type RandomCrypto } from "@rngkit/crypto";
import { NodeCryptoSource } from "@rngkit/local";

let current: RandomCrypto = createCrypto(new NodeCryptoSource());

/** Points the functions below at `source` (a pool over KMS, say); returns the previous source. */
export function useSource(source: RandomSource): RandomSource {
  const previous = current.source;
  current = createCrypto(source);
  return previous;
}

/** Builds the source RNGKIT_* environment variables describe and uses it. */
export async function configureFromEnv(): Promise<RandomSource> {
  const { source } = await createSource(randomConfigFromEnv());
  useSource(source);
  return source;
}

// node:crypto's signatures, so that call sites do not change.
export const randomBytes: RandomCrypto["randomBytes"] = ((...args: Parameters<RandomCrypto["randomBytes"]>) =>
  current.randomBytes(...args)) as RandomCrypto["randomBytes"];
export const randomUUID: RandomCrypto["randomUUID"] = (options) => current.randomUUID(options);
export const randomInt: RandomCrypto["randomInt"] = ((...args: Parameters<RandomCrypto["randomInt"]>) =>
  (current.randomInt as (...a: unknown[]) => unknown)(...args)) as RandomCrypto["randomInt"];
