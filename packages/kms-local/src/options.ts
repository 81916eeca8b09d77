/** The options of startKmsLocal, checked once where they enter, each error naming the option. */
import type { KmsLocalCredentialOptions } from "./auth/credentials.js";
import type { FaultSpec } from "./faults/faults.js";
import type { QuotaSettings } from "./quotas/quotas.js";
import type { CustomKeyStoreDeclaration } from "./stores/types.js";

export interface KmsLocalOptions {
  /** Address to listen on. Default "127.0.0.1" (loopback only). */
  readonly host?: string;
  /** Port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The region requests must be signed for. Default "us-east-1". */
  readonly region?: string;
  /** Used in ARNs of AccessDenied messages. Default "111122223333". */
  readonly accountId?: string;
  /** Serve HTTPS: `true` generates a self-signed certificate for localhost/127.0.0.1/::1, or pass your own. */
  readonly https?: boolean | { readonly certificatePem: string; readonly privateKeyPem: string };
  /** "sigv4" (default) verifies every request's signature; "none" accepts any request, signed or not. */
  readonly auth?: "sigv4" | "none";
  /** Accepted credentials. Default: one generated access key, returned as `credentials`. */
  readonly credentials?: readonly KmsLocalCredentialOptions[];
  /** Custom key stores that exist from the start (CONNECTED unless stated). */
  readonly customKeyStores?: readonly CustomKeyStoreDeclaration[];
  /** How long CONNECTING lasts before CONNECTED or FAILED. Default 50 ms. */
  readonly connectDelayMs?: number;
  /** How long DISCONNECTING lasts. Default 0 (straight to DISCONNECTED). */
  readonly disconnectDelayMs?: number;
  readonly quotas?: QuotaSettings;
  /** Faults by operation name or "*". */
  readonly faults?: Readonly<Record<string, FaultSpec>>;
  readonly attestation?: {
    /** Extra roots (DER or PEM) attestation documents may chain to, e.g. a test authority's. */
    readonly trustedRoots?: readonly (Uint8Array | string)[];
    /** Trust the AWS Nitro Enclaves root G1. Default true. */
    readonly trustAwsRoot?: boolean;
  };
  /** The server's clock in ms since the epoch: Date headers, SigV4 skew, attestation validity, quotas. */
  readonly clock?: () => number;
  /** Uniform [0, 1) source for fault probabilities and jitter. Default Math.random. */
  readonly random?: () => number;
  /** Token of the admin route. Default: a random one, returned as `adminToken`. */
  readonly adminToken?: string;
  /** Largest accepted request body. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** How long a client may take to send its body. Default 20 s. */
  readonly bodyTimeoutMs?: number;
}

export function checkOptions(options: KmsLocalOptions): void {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const { port, host, region, auth, connectDelayMs, disconnectDelayMs, maxBodyBytes, bodyTimeoutMs } =
    options;
  if (host !== undefined && (typeof host !== "string" || host.length === 0))
    throw new TypeError("options.host must be a non-empty string");
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new RangeError(`options.port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (region !== undefined && !(typeof region === "string" && /^[a-z0-9-]+$/.test(region))) {
    throw new TypeError(`options.region must be a region name such as us-east-1, got ${String(region)}`);
  }
  if (auth !== undefined && auth !== "sigv4" && auth !== "none") {
    throw new TypeError(`options.auth must be "sigv4" or "none", got ${String(auth)}`);
  }
  for (const [name, value] of [
    ["connectDelayMs", connectDelayMs],
    ["disconnectDelayMs", disconnectDelayMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new RangeError(`options.${name} must be a non-negative number`);
  }
  if (maxBodyBytes !== undefined && !(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new RangeError("options.maxBodyBytes must be a positive integer");
  }
  if (bodyTimeoutMs !== undefined && !(Number.isFinite(bodyTimeoutMs) && bodyTimeoutMs > 0)) {
    throw new RangeError("options.bodyTimeoutMs must be a positive number");
  }
  for (const name of ["clock", "random"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function")
      throw new TypeError(`options.${name} must be a function`);
  }
  if (
    options.adminToken !== undefined &&
    !(typeof options.adminToken === "string" && options.adminToken.length >= 8)
  ) {
    throw new TypeError("options.adminToken must be a string of at least 8 characters");
  }
  const https = options.https;
  if (
    https !== undefined &&
    typeof https !== "boolean" &&
    (typeof https !== "object" ||
      typeof https.certificatePem !== "string" ||
      typeof https.privateKeyPem !== "string")
  ) {
    throw new TypeError("options.https must be a boolean or { certificatePem, privateKeyPem }");
  }
}
