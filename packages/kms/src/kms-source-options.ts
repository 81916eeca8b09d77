/**
 * KmsSource's options: its own typed object (DESIGN: the core knows no AWS word). Checked once, where
 * they enter, with messages that name the option.
 */
import { KMSClient, type KMSClientConfig } from "@aws-sdk/client-kms";
import { RandomSourceError } from "@rngkit/core";
import { type ResolvedRetryPolicy, type RetryPolicy, resolveRetryPolicy } from "./retry-policy.js";

/** GenerateRandom's per-call maximum (KMS API reference: NumberOfBytes 1..1024). */
export const KMS_MAX_BYTES_PER_CALL = 1024;

export interface KmsSourceOptions {
  /**
   * Your own KMSClient. Its retry settings stay as they are: each of rngkit's attempts may then make up to
   * the client's `maxAttempts` requests. Not destroyed on close().
   */
  readonly client?: KMSClient;
  /**
   * Config for the client rngkit builds when `client` is absent (region, credentials, endpoint...). Region
   * and credentials come from the standard AWS chain when not given. rngkit sets `maxAttempts: 1`, so its
   * own retry policy is the only one, and destroys the client on close().
   */
  readonly clientConfig?: Omit<KMSClientConfig, "maxAttempts" | "retryStrategy" | "retryMode">;
  /** rngkit's retry policy, applied per GenerateRandom call. */
  readonly retry?: RetryPolicy;
  /** GenerateRandom calls in flight per request (a 1 MiB request makes 1024 calls). Default 8. */
  readonly concurrency?: number;
  /** Each attempt is abandoned after this long, in ms (reason Timeout, retried). Default 5,000. */
  readonly timeoutMs?: number;
  /** The source's name in errors, logs and events. Default `kms:<region>`, or `kms`. */
  readonly name?: string;
}

export interface ResolvedKmsSourceOptions {
  readonly name: string;
  readonly client: KMSClient;
  readonly ownsClient: boolean;
  readonly retry: ResolvedRetryPolicy;
  readonly concurrency: number;
  readonly timeoutMs: number;
}

function invalid(source: string, message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${source}: ${message}`, { source });
}

function positiveInteger(value: unknown, option: string, source: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw invalid(source, `${option} must be a positive integer, got ${String(value)}`);
  }
  return value as number;
}

export function resolveKmsSourceOptions(options: KmsSourceOptions, kind: string): ResolvedKmsSourceOptions {
  if (typeof options !== "object" || options === null) throw invalid(kind, "options must be an object");
  const configured = options.clientConfig as (KMSClientConfig & Record<string, unknown>) | undefined;
  const region = typeof configured?.region === "string" ? configured.region : undefined;
  const name = options.name ?? (region === undefined ? kind : `${kind}:${region}`);
  if (typeof name !== "string" || name.length === 0) throw invalid(kind, "name must be a non-empty string");
  if (options.client !== undefined && configured !== undefined) {
    throw invalid(name, "give either client or clientConfig, not both");
  }
  for (const key of ["maxAttempts", "retryStrategy", "retryMode"] as const) {
    if (configured !== undefined && key in configured) {
      throw invalid(
        name,
        `clientConfig.${key} is not accepted: rngkit's retry option is the one retry layer (or pass your own client)`,
      );
    }
  }
  if (
    options.client !== undefined &&
    !(typeof options.client === "object" && typeof options.client.send === "function")
  ) {
    throw invalid(name, "client must be a KMSClient");
  }
  const client = options.client ?? new KMSClient({ ...configured, maxAttempts: 1 });
  return {
    name,
    client,
    ownsClient: options.client === undefined,
    retry: resolveRetryPolicy(options.retry, name),
    concurrency: positiveInteger(options.concurrency, "concurrency", name, 8),
    timeoutMs: positiveInteger(options.timeoutMs, "timeoutMs", name, 5_000),
  };
}
