/**
 * `createRandomModule(config)`: a ContainerModule that binds the source stack a configuration describes.
 * Singletons; built on first `getAsync` (a pool is warmed to its low-water mark first, so the drop-in's
 * sync functions work at once); closed on deactivation, so `container.unbindAllAsync()` shuts the pool
 * and its provider down and leaves no timers.
 */
import {
  type CreateSourceOptions,
  createSource,
  parseRandomConfig,
  type RandomConfig,
  randomConfigFromEnv,
  type SourceStack,
} from "@rngkit/config";
import type { RandomSource } from "@rngkit/core";
import { type CreateCryptoOptions, createCrypto } from "@rngkit/crypto";
import { ContainerModule, type ResolutionContext } from "inversify";
import { providerToken, RNGKIT } from "./tokens.js";

export interface RandomModuleOptions extends CreateSourceOptions {
  /** Options of the drop-in bound to RNGKIT.Crypto. */
  readonly crypto?: CreateCryptoOptions;
  /** Wait for a pool's first fill before the source is handed out. Default true. */
  readonly warmUp?: boolean;
}

const STACK = Symbol.for("rngkit.SourceStack");

/** A pool has `ready()`; waiting for it makes the first sync call succeed instead of throwing Exhausted. */
async function warmed(stack: SourceStack): Promise<SourceStack> {
  const { source } = stack;
  const ready = (source as RandomSource & { ready?: () => Promise<void> }).ready;
  if (typeof ready === "function") {
    try {
      await ready.call(source);
    } catch (error) {
      await source.close();
      throw error;
    }
  }
  return stack;
}

/**
 * Binds RNGKIT.RandomSource, RNGKIT.Crypto and providerToken(config.source). `config` is validated here
 * (errors name the bad setting); pass `"env"` to read RNGKIT_* variables instead.
 */
export function createRandomModule(
  config: RandomConfig | "env",
  options: RandomModuleOptions = {},
): ContainerModule {
  const parsed = config === "env" ? randomConfigFromEnv() : parseRandomConfig(config);
  const stack = (context: ResolutionContext) => context.getAsync<SourceStack>(STACK);
  return new ContainerModule(({ bind }) => {
    bind<SourceStack>(STACK)
      .toDynamicValue(async () => {
        const built = await createSource(parsed, options);
        return options.warmUp === false ? built : warmed(built);
      })
      .inSingletonScope()
      .onDeactivation((built) => built.source.close());
    bind<RandomSource>(RNGKIT.RandomSource)
      .toDynamicValue(async (context) => (await stack(context)).source)
      .inSingletonScope();
    bind<RandomSource>(providerToken(parsed.source))
      .toDynamicValue(async (context) => (await stack(context)).provider)
      .inSingletonScope();
    bind(RNGKIT.Crypto)
      .toDynamicValue(async (context) => createCrypto((await stack(context)).source, options.crypto))
      .inSingletonScope();
  });
}
