/**
 * Builds the source stack a configuration describes, innermost first: the provider (node:crypto, KMS, a
 * CloudHSM key store, Nitro), then, each when asked for, a FallbackSource over more regions, health
 * tests, mixing with node:crypto, a DRBG, and a pool. Each composing layer owns what it wraps, so closing
 * the returned source closes the whole stack. The order follows what each layer is for: fail over
 * between raw providers; health-test the bytes the provider side delivers before anything uses them;
 * mix before seeding, so the DRBG's seed is as strong as the stronger input; pool last, for speed.
 */
import { type RandomSource, RandomSourceError } from "@rngkit/core";
import type { DrbgSourceOptions } from "@rngkit/drbg";
import type { CloudHsmKeyStoreSourceOptions, KmsSourceOptions } from "@rngkit/kms";
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

/** Which KMS-backed source to build, with its options. */
type KmsSourceSpec =
  | { readonly kind: "KmsSource"; readonly options: KmsSourceOptions }
  | { readonly kind: "CloudHsmKeyStoreSource"; readonly options: CloudHsmKeyStoreSourceOptions };

/**
 * A KMS-backed source, in this thread or, with `workerThread`, built in a worker thread from the same
 * options (which must then be plain data: a KMSClient or a credential provider function cannot cross).
 * In the second case this thread never loads @rngkit/kms (nor the AWS SDK): it only resolves where it is.
 */
async function kmsSource(spec: KmsSourceSpec, config: RandomConfig): Promise<RandomSource> {
  const forWhat = `source "${config.source}"`;
  if (config.workerThread === true) {
    const [{ WorkerSource }, module] = await Promise.all([
      loadOptional("@rngkit/worker", "workerThread", () => import("@rngkit/worker")),
      loadOptional("@rngkit/kms", forWhat, async () => import.meta.resolve("@rngkit/kms")),
    ]);
    return WorkerSource.start({ module, export: spec.kind, options: spec.options });
  }
  const kms = await loadOptional("@rngkit/kms", forWhat, () => import("@rngkit/kms"));
  return spec.kind === "KmsSource"
    ? new kms.KmsSource(spec.options)
    : new kms.CloudHsmKeyStoreSource(spec.options);
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
    case "kms":
      return kmsSource({ kind: "KmsSource", options: kmsOptions(config, options) }, config);
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
    case "cloudhsm":
      return kmsSource(
        {
          kind: "CloudHsmKeyStoreSource",
          options: { ...kmsOptions(config, options), customKeyStoreId: config.customKeyStoreId as string },
        },
        config,
      );
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

/** Fails over from `inner` (source "kms") to a KmsSource in each further region, when configured. */
async function withFallback(
  inner: RandomSource,
  config: RandomConfig,
  options: CreateSourceOptions,
): Promise<RandomSource> {
  if (config.fallback === undefined) return inner;
  const { FallbackSource } = await loadOptional(
    "@rngkit/compose",
    "fallback",
    () => import("@rngkit/compose"),
  );
  const { endpoint: _primaryEndpoint, ...shared } = config;
  const others: RandomSource[] = [];
  try {
    for (const { region, endpoint } of config.fallback) {
      const regional: RandomConfig =
        endpoint === undefined ? { ...shared, region } : { ...shared, region, endpoint };
      others.push(await kmsSource({ kind: "KmsSource", options: kmsOptions(regional, options) }, regional));
    }
    return new FallbackSource([inner, ...others]);
  } catch (error) {
    await Promise.all(others.map((source) => source.close()));
    throw error;
  }
}

/** Runs SP 800-90B continuous health tests on what `inner` delivers, when configured. */
async function withHealthTests(inner: RandomSource, config: RandomConfig): Promise<RandomSource> {
  if (config.healthTests !== true) return inner;
  const { HealthTestedSource } = await loadOptional(
    "@rngkit/compose",
    "healthTests",
    () => import("@rngkit/compose"),
  );
  return new HealthTestedSource(inner);
}

/** Mixes `inner` with node:crypto (HKDF), when configured. */
async function withLocalMix(inner: RandomSource, config: RandomConfig): Promise<RandomSource> {
  if (config.mixWithLocal !== true) return inner;
  const [{ MixSource }, { NodeCryptoSource }] = await Promise.all([
    loadOptional("@rngkit/compose", "mixWithLocal", () => import("@rngkit/compose")),
    loadOptional("@rngkit/local", "mixWithLocal", () => import("@rngkit/local")),
  ]);
  return new MixSource([inner, new NodeCryptoSource()]);
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

/** A setting that a caller's own KMS client (`kmsClient`) rules out. */
function refusedWithKmsClient(setting: string, why: string): RandomSourceError {
  return new RandomSourceError(
    "InvalidArgument",
    `invalid rngkit configuration: ${setting}: ${why}, so it cannot be combined with kmsClient`,
    { source: "config", details: { settings: setting } },
  );
}

/**
 * Builds the stack, provider → fallback → health tests → mix → DRBG → pool (each optional above the
 * provider); the caller closes `source`.
 */
export async function createSource(
  config: RandomConfig,
  options: CreateSourceOptions = {},
): Promise<SourceStack> {
  if (options.kmsClient !== undefined) {
    if (config.workerThread === true) {
      throw refusedWithKmsClient("workerThread", "the KMS client is built in the worker thread");
    }
    if (config.fallback !== undefined)
      throw refusedWithKmsClient("fallback", "needs a KMS client per region");
  }
  const provider = await createProvider(config, options);
  const path = [describeProvider(provider, config)];
  let source = provider;
  try {
    const layers = [
      (inner: RandomSource) => withFallback(inner, config, options),
      (inner: RandomSource) => withHealthTests(inner, config),
      (inner: RandomSource) => withLocalMix(inner, config),
      (inner: RandomSource) => withDrbg(inner, config),
      (inner: RandomSource) => withPool(inner, config),
    ];
    for (const layer of layers) {
      const wrapped = await layer(source);
      if (wrapped !== source) path.unshift(wrapped.name);
      source = wrapped;
    }
    return { source, provider, path };
  } catch (error) {
    await source.close();
    throw error;
  }
}
