/**
 * Swapping the configured source for a test double, and putting it back. The one place a library
 * package imports @rngkit/testing: this subpath is for tests only.
 *
 *   const swap = swapRandomSource(container, new DeterministicSource({ seed: "t1" }));
 *   ... exercise the app ...
 *   await swap.restore();
 */

import type { RandomSource } from "@rngkit/core";
import { type CreateCryptoOptions, createCrypto } from "@rngkit/crypto";
import {
  DeterministicSource,
  type DeterministicSourceOptions,
  ScriptedSource,
  type ScriptedSourceOptions,
} from "@rngkit/testing";
import type { Container } from "inversify";
import { RNGKIT } from "../tokens.js";

export interface SourceSwap<S extends RandomSource> {
  /** The double now bound to RNGKIT.RandomSource (and behind RNGKIT.Crypto). */
  readonly source: S;
  /** Closes the double and restores the container's bindings as they were before the swap. */
  restore(): Promise<void>;
}

/**
 * Rebinds RNGKIT.RandomSource and RNGKIT.Crypto to `double` after taking a snapshot of the container;
 * the real stack is neither built nor closed by the swap. Resolve your services after swapping.
 */
export function swapRandomSource<S extends RandomSource>(
  container: Container,
  double: S,
  crypto?: CreateCryptoOptions,
): SourceSwap<S> {
  container.snapshot();
  container.rebind<RandomSource>(RNGKIT.RandomSource).toConstantValue(double);
  container.rebind(RNGKIT.Crypto).toConstantValue(createCrypto(double, crypto));
  let restored = false;
  return {
    source: double,
    async restore() {
      if (restored) return;
      restored = true;
      await double.close();
      container.restore();
    },
  };
}

/** Swaps in a seeded DeterministicSource (INSECURE, reproducible): same seed, same "random" values. */
export function useDeterministicSource(
  container: Container,
  options: DeterministicSourceOptions,
): SourceSwap<DeterministicSource> {
  return swapRandomSource(container, new DeterministicSource(options));
}

/** Swaps in a ScriptedSource that fails, delays or misbehaves on a script, for fault tests. */
export function useScriptedSource(
  container: Container,
  options: ScriptedSourceOptions = {},
): SourceSwap<ScriptedSource> {
  return swapRandomSource(container, new ScriptedSource(options));
}
