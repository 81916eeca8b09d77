/**
 * The one configuration schema of an rngkit source stack. @rngkit/inversify builds containers from it,
 * and the CLI maps its flags onto it, so there is one parser and one set of rules, not two.
 */
import { z } from "zod";

export const SOURCE_KINDS = ["local", "kms", "cloudhsm", "nitro"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const positiveInteger = z.number().int().positive();

const poolSchema = z
  .object({
    /** The largest request served from the buffer, in bytes. */
    capacity: positiveInteger.optional(),
    lowWater: positiveInteger.optional(),
    highWater: positiveInteger.optional(),
    maxInFlight: positiveInteger.optional(),
    /** Buffered bytes older than this are zeroed unserved, in ms. */
    maxAgeMs: positiveInteger.optional(),
  })
  .strict();

const nitroSchema = z
  .object({
    /**
     * Who signs the enclave's attestation document: "nsm" (/dev/nsm inside a Nitro Enclave) or "test"
     * (@rngkit/attestation's test authority, which only a KMS told to trust its root accepts: kms-local).
     */
    attestation: z.enum(["nsm", "test"]).optional(),
    /** Combine what KMS returns with the enclave's own entropy (default true; see @rngkit/nitro). */
    mixWithLocalEntropy: z.boolean().optional(),
  })
  .strict();

const drbgSchema = z
  .object({
    /** "ctr-drbg" (CTR_DRBG, AES-256, the fast one) or "hmac-drbg" (HMAC_DRBG, SHA-256). */
    mechanism: z.enum(["ctr-drbg", "hmac-drbg"]).optional(),
    /** Reseed from the provider after this many bytes (a background reseed starts at this soft limit). */
    reseedAfterBytes: positiveInteger.optional(),
    /** ... or after this many requests. */
    reseedAfterRequests: positiveInteger.optional(),
    /** ... or after this long, in ms. */
    reseedAfterMs: positiveInteger.optional(),
    /** Reseed from the provider before every generate (async fills only). */
    predictionResistance: z.boolean().optional(),
  })
  .strict();

export const randomConfigSchema = z
  .object({
    /** Where the bytes come from. */
    source: z.enum(SOURCE_KINDS),
    /** AWS region; default: the SDK's chain (AWS_REGION, profile). */
    region: z
      .string()
      .regex(/^[a-z0-9-]+$/, "expected a region name such as eu-west-1")
      .optional(),
    /** A KMS endpoint URL, e.g. @rngkit/kms-local's. */
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    /** Required for `cloudhsm`: the custom key store's id (1 to 64 characters). */
    customKeyStoreId: z.string().min(1).max(64).optional(),
    /** GenerateRandom calls in flight per request. */
    concurrency: positiveInteger.optional(),
    /** Per-attempt timeout, in ms. */
    timeoutMs: positiveInteger.optional(),
    /** Attempts per GenerateRandom call (rngkit's one retry layer). */
    maxAttempts: positiveInteger.optional(),
    /** Buffer the source in a PoolSource: `true` for the defaults, or the pool's settings; default false. */
    pool: z.union([z.boolean(), poolSchema]).optional(),
    /**
     * An SP 800-90A DRBG seeded and reseeded from the provider, so the provider (KMS, an HSM) is asked for
     * a seed, not for every byte: `true` for the defaults, or its settings; default false.
     */
    drbg: z.union([z.boolean(), drbgSchema]).optional(),
    /** Settings of the `nitro` source. */
    nitro: nitroSchema.optional(),
    /**
     * Source "kms" only: more regions to fail over to, in order, when the provider's region fails with a
     * retryable error (throttling, 5xx, network): a FallbackSource. `endpoint` defaults to the region's own.
     */
    fallback: z
      .array(
        z
          .object({
            region: z.string().regex(/^[a-z0-9-]+$/, "expected a region name such as eu-west-1"),
            endpoint: z.url({ protocol: /^https?$/ }).optional(),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    /**
     * SP 800-90B continuous health tests (Repetition Count, Adaptive Proportion) on the provider's bytes,
     * before anything else uses them: a HealthTestedSource. Default false.
     */
    healthTests: z.boolean().optional(),
    /**
     * Combine the provider's bytes with node:crypto's (HKDF, a MixSource), so the output is at least as
     * unpredictable as the stronger of the two. Not for source "local". Default false.
     */
    mixWithLocal: z.boolean().optional(),
    /**
     * Sources "kms" and "cloudhsm" (and their fallback regions): build the KMS source in a worker thread
     * (@rngkit/worker), so the AWS SDK's work on each call never holds up the thread that serves requests.
     * For latency behind a pool. Default false.
     */
    workerThread: z.boolean().optional(),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.source === "cloudhsm" && config.customKeyStoreId === undefined) {
      context.addIssue({
        code: "custom",
        path: ["customKeyStoreId"],
        message: 'required when source is "cloudhsm"',
      });
    }
    if (config.source !== "cloudhsm" && config.customKeyStoreId !== undefined) {
      context.addIssue({ code: "custom", path: ["customKeyStoreId"], message: 'only for source "cloudhsm"' });
    }
    if (typeof config.drbg === "object" && config.drbg.predictionResistance === true && config.pool) {
      context.addIssue({
        code: "custom",
        path: ["drbg", "predictionResistance"],
        message: "cannot be combined with pool: a pool serves bytes generated before the request",
      });
    }
    if (config.source !== "nitro" && config.nitro !== undefined) {
      context.addIssue({ code: "custom", path: ["nitro"], message: 'only for source "nitro"' });
    }
    if (config.fallback !== undefined && config.source !== "kms") {
      context.addIssue({ code: "custom", path: ["fallback"], message: 'only for source "kms"' });
    }
    if (config.workerThread === true && config.source !== "kms" && config.source !== "cloudhsm") {
      context.addIssue({
        code: "custom",
        path: ["workerThread"],
        message: 'only for source "kms" or "cloudhsm"',
      });
    }
    if (config.source === "local" && config.mixWithLocal === true) {
      context.addIssue({
        code: "custom",
        path: ["mixWithLocal"],
        message: 'mixes a remote source with node:crypto, and source "local" is node:crypto already',
      });
    }
    if (config.source === "local") {
      for (const key of ["region", "endpoint", "concurrency", "timeoutMs", "maxAttempts"] as const) {
        if (config[key] !== undefined) {
          context.addIssue({
            code: "custom",
            path: [key],
            message: 'only for the KMS sources, not for "local"',
          });
        }
      }
    }
  });

/** A validated configuration. */
export type RandomConfig = z.infer<typeof randomConfigSchema>;
/** The DRBG's settings within a configuration. */
export type DrbgConfig = z.infer<typeof drbgSchema>;
/** The pool's settings within a configuration. */
export type PoolConfig = z.infer<typeof poolSchema>;
