/**
 * Builds the source stack a configuration describes, innermost first: the provider (node:crypto, KMS, a
 * CloudHSM key store), then a pool around it when asked for. Each composing layer owns what it wraps, so
 * closing the returned source closes the whole stack.
 */
import type { RandomSource } from "@rngkit/core";
import type { DrbgSourceOptions } from "@rngkit/drbg";
import type { KmsSourceOptions } from "@rngkit/kms";
import type { AttestationProvider } from "@rngkit/nitro";
import type { PoolSourceOptions } from "@rngkit/pool";
import { loadOptional } from "./load-optional.js";
import type { RandomConfig } from "./schema.js";

export interface CreateSourceOptions {
  /**
   * Merged into the KMS client config rngkit builds (e.g. `credentials` for @rngkit/kms-local). Region and
   * endpoint come from the configuration.
   */
  readonly kmsClientConfig?: KmsSourceOptions["clientConfig"];
  /** Use this client instead of building one (its own retry settings stay; see @rngkit/kms). */
  readonly kmsClient?: KmsSourceOptions["client"];
  /**
   * For source "nitro": the attestation provider to use instead of the one `nitro.attestation` names
   * (e.g. a TestAttestationProvider whose root your kms-local trusts).
   */
  readonly attestationProvider?: AttestationProvider;
}

export interface SourceStack {
  /** The outermost source: close it to close the stack. */
  readonly source: RandomSource;
  /** The innermost source, where the bytes come from (the same object as `source` without a pool). */
  readonly provider: RandomSource;
  /** What each layer is, outermost first, for logs and the CLI's report of the path the bytes took. */
  readonly path: readonly string[];
}

function kmsOptions(config: RandomConfig, options: CreateSourceOptions): KmsSourceOptions {
  const retry = config.maxAttempts === undefined ? {} : { retry: { maxAttempts: config.maxAttempts } };
  const tuning = {
    ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...retry,
  };
  if (options.kmsClient !== undefined) return { client: options.kmsClient, ...tuning };
  return {
    clientConfig: {
      ...options.kmsClientConfig,
      ...(config.region === undefined ? {} : { region: config.region }),
      ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    },
    ...tuning,
  };
}

async function createProvider(config: RandomConfig, options: CreateSourceOptions): Promise<RandomSource> {
  switch (config.source) {
    case "local": {
      const { NodeCryptoSource } = await loadOptional(
        "@rngkit/local",
        'source "local"',
        () => import("@rngkit/local"),
      );
      return new NodeCryptoSource();
    }
    case "kms": {
      const { KmsSource } = await loadOptional("@rngkit/kms", 'source "kms"', () => import("@rngkit/kms"));
      return new KmsSource(kmsOptions(config, options));
    }
    case "nitro": {
      const nitro = await loadOptional("@rngkit/nitro", 'source "nitro"', () => import("@rngkit/nitro"));
      const attestation =
        options.attestationProvider ??
        (config.nitro?.attestation === "test"
          ? new nitro.TestAttestationProvider()
          : new nitro.NsmAttestationProvider());
      return new nitro.NitroRecipientSource({
        ...kmsOptions(config, options),
        attestation,
        ...(config.nitro?.mixWithLocalEntropy === undefined
          ? {}
          : { mixWithLocalEntropy: config.nitro.mixWithLocalEntropy }),
      });
    }
    case "cloudhsm": {
      const { CloudHsmKeyStoreSource } = await loadOptional(
        "@rngkit/kms",
        'source "cloudhsm"',
        () => import("@rngkit/kms"),
      );
      return new CloudHsmKeyStoreSource({
        ...kmsOptions(config, options),
        customKeyStoreId: config.customKeyStoreId as string,
      });
    }
  }
}

/** Drops keys whose value is undefined (the schema's optional settings), as exactOptionalPropertyTypes wants. */
function definedOnly<T extends object>(settings: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function describeProvider(source: RandomSource, config: RandomConfig): string {
  return config.endpoint === undefined ? source.name : `${source.name} at ${config.endpoint}`;
}

/** Wraps `inner` in a DRBG seeded from it, when the configuration asks for one. */
async function withDrbg(inner: RandomSource, config: RandomConfig): Promise<RandomSource> {
  if (config.drbg === undefined || config.drbg === false) return inner;
  const { DrbgSource } = await loadOptional("@rngkit/drbg", "drbg", () => import("@rngkit/drbg"));
  const options: DrbgSourceOptions = config.drbg === true ? {} : definedOnly(config.drbg);
  return new DrbgSource(inner, options);
}

/** Wraps `inner` in a pool, when the configuration asks for one. */
async function withPool(inner: RandomSource, config: RandomConfig): Promise<RandomSource> {
  if (config.pool === undefined || config.pool === false) return inner;
  const { PoolSource } = await loadOptional("@rngkit/pool", "pool", () => import("@rngkit/pool"));
  const options: PoolSourceOptions = config.pool === true ? {} : definedOnly(config.pool);
  return new PoolSource(inner, options);
}

/** Builds the stack, provider → DRBG → pool (each optional above the provider); the caller closes `source`. */
export async function createSource(
  config: RandomConfig,
  options: CreateSourceOptions = {},
): Promise<SourceStack> {
  const provider = await createProvider(config, options);
  const path = [describeProvider(provider, config)];
  let source = provider;
  try {
    for (const layer of [withDrbg, withPool]) {
      const wrapped = await layer(source, config);
      if (wrapped !== source) path.unshift(wrapped.name);
      source = wrapped;
    }
    return { source, provider, path };
  } catch (error) {
    await source.close();
    throw error;
  }
}
