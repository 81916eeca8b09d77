/**
 * Service identifiers for rngkit in an InversifyJS container. `Symbol.for`, so that two copies of this
 * package in one app still agree on them.
 */

import type { SourceKind } from "@rngkit/config";
import type { RandomSource } from "@rngkit/core";
import type { RandomCrypto } from "@rngkit/crypto";
import type { Container } from "inversify";

/** A symbol that remembers the type it resolves to, for typed `container.getAsync(token)`. */
export type Token<T> = symbol & { readonly __resolvesTo?: T };

function token<T>(name: string): Token<T> {
  return Symbol.for(`rngkit.${name}`) as Token<T>;
}

export const RNGKIT = Object.freeze({
  /** The app-facing source: the whole configured stack (a pool over the provider, when pooled). */
  RandomSource: token<RandomSource>("RandomSource"),
  /** The node:crypto drop-in (`createCrypto`) over RandomSource. */
  Crypto: token<RandomCrypto>("Crypto"),
});

/**
 * Typed resolution: inversify cannot infer a type from a symbol, so `container.getAsync(RNGKIT.Crypto)`
 * is `unknown`. These say what they return (or pass the type: `getAsync<RandomCrypto>(RNGKIT.Crypto)`).
 */
export function resolveRandomSource(container: Pick<Container, "getAsync">): Promise<RandomSource> {
  return container.getAsync<RandomSource>(RNGKIT.RandomSource);
}

export function resolveCrypto(container: Pick<Container, "getAsync">): Promise<RandomCrypto> {
  return container.getAsync<RandomCrypto>(RNGKIT.Crypto);
}

/** The provider at the bottom of the stack, by name: `providerToken("kms")` is the KmsSource itself. */
export function providerToken(kind: SourceKind): Token<RandomSource> {
  return token<RandomSource>(`provider.${kind}`);
}
