/**
 * DrbgSource's options and reseed policy, checked once where they enter, with messages that name the
 * option. The defaults and why:
 * - reseedAfterBytes 16 MiB: 64 seed calls per GiB served (the issue's budget is 1,024, a plain KMS pool
 *   makes 1,048,576), and a captured state predicts at most 16 MiB before fresh entropy heals it.
 * - reseedAfterRequests 2^20 generate calls: far inside SP 800-90A's 2^48 reseed_interval; it binds only
 *   for very small requests with read-ahead off.
 * - reseedAfterMs 5 minutes: an idle process still heals within minutes (OpenSSL reseeds its per-thread
 *   DRBGs every 7 minutes), for about 12 seed calls an hour.
 * - hardLimitFactor 4: serving goes on while a background reseed is in flight for up to four times each
 *   threshold (64 MiB, 2^22 requests, 20 minutes); past that the source fails closed.
 * - readAheadBytes 4096: requests of up to 256 bytes are cut from one 4 KiB generate call, so a 32-byte
 *   request costs a copy instead of a new AES key schedule.
 */
import { type ComposedSourceOptions, RandomSourceError } from "@rngkit/core";
import { MAX_BYTES_PER_REQUEST, MAX_RESEED_INTERVAL } from "./limits.js";

export type DrbgSourceMechanism = "ctr-drbg" | "hmac-drbg";

export interface DrbgSourceOptions extends ComposedSourceOptions {
  /** `ctr-drbg` (CTR_DRBG AES-256 with df, the fast one) or `hmac-drbg` (HMAC_DRBG SHA-256). Default `ctr-drbg`. */
  readonly mechanism?: DrbgSourceMechanism;
  /** Start a background reseed after this many bytes since the last seed. Default 16 MiB; Infinity turns it off. */
  readonly reseedAfterBytes?: number;
  /** Start a background reseed after this many generate requests since the last seed. Default 2^20. */
  readonly reseedAfterRequests?: number;
  /** Start a background reseed this many ms after the last seed, on a timer. Default 300,000; Infinity turns it off. */
  readonly reseedAfterMs?: number;
  /**
   * Hard limits are this multiple of each threshold above: past one, `fillSync` throws `Exhausted` and
   * `fill` waits for a reseed (and fails with the seed source's error if it fails). Default 4; at least 1.
   */
  readonly hardLimitFactor?: number;
  /**
   * Reseed from the seed source before every generate request (SP 800-90A §9.3.1). `fill` fetches the
   * entropy for all of a request's 64 KiB generate calls in one seed call; `fillSync` can do so only
   * over a seed source with `fillSync`, and otherwise throws `Unsupported`. Default false.
   */
  readonly predictionResistance?: boolean;
  /** Bytes generated at once for requests of up to 256 bytes; 0 turns read-ahead off. Default 4096, at most 65,536. */
  readonly readAheadBytes?: number;
  /**
   * SP 800-90A personalization string (§8.7.1): not secret, it separates instances. Default: this
   * package's label, the process id, a per-process instance counter and the high-resolution time.
   */
  readonly personalization?: Uint8Array;
  /** A seed call running longer than this is abandoned (reason Timeout). Default 30,000 ms. */
  readonly seedTimeoutMs?: number;
  /** After a failed background reseed, wait this long before the next, doubling up to 60 s. Default 1,000 ms. */
  readonly retryDelayMs?: number;
  /** The source's name. Default `ctr-drbg(<seed source name>)` or `hmac-drbg(<seed source name>)`. */
  readonly name?: string;
}

export interface ReseedLimits {
  readonly bytes: number;
  readonly requests: number;
  readonly ms: number;
}

export interface ResolvedDrbgSourceOptions {
  readonly name: string;
  readonly mechanism: DrbgSourceMechanism;
  readonly soft: ReseedLimits;
  readonly hard: ReseedLimits;
  readonly predictionResistance: boolean;
  readonly readAheadBytes: number;
  readonly personalization: Uint8Array | undefined;
  readonly seedTimeoutMs: number;
  readonly retryDelayMs: number;
  readonly ownsUpstream: boolean;
}

export const DRBG_SOURCE_DEFAULTS = Object.freeze({
  mechanism: "ctr-drbg" as DrbgSourceMechanism,
  reseedAfterBytes: 16 * 1024 * 1024,
  reseedAfterRequests: 2 ** 20,
  reseedAfterMs: 300_000,
  hardLimitFactor: 4,
  readAheadBytes: 4096,
  seedTimeoutMs: 30_000,
  retryDelayMs: 1_000,
});

function invalid(source: string, message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${source}: ${message}`, { source });
}

function positive(
  value: unknown,
  option: string,
  source: string,
  fallback: number,
  { allowInfinity = false, max = Number.MAX_SAFE_INTEGER } = {},
): number {
  if (value === undefined) return fallback;
  if (allowInfinity && value === Number.POSITIVE_INFINITY) return value;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > max) {
    const range = `a positive integer${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ""}${allowInfinity ? " or Infinity" : ""}`;
    throw invalid(source, `${option} must be ${range}, got ${String(value)}`);
  }
  return value as number;
}

export function resolveDrbgSourceOptions(
  options: DrbgSourceOptions,
  seedSourceName: string,
): ResolvedDrbgSourceOptions {
  if (typeof options !== "object" || options === null) throw invalid("drbg", "options must be an object");
  const mechanism = options.mechanism ?? DRBG_SOURCE_DEFAULTS.mechanism;
  if (mechanism !== "ctr-drbg" && mechanism !== "hmac-drbg") {
    throw invalid("drbg", `mechanism must be "ctr-drbg" or "hmac-drbg", got ${String(mechanism)}`);
  }
  const name = options.name ?? `${mechanism}(${seedSourceName})`;
  if (typeof name !== "string" || name.length === 0) throw invalid("drbg", "name must be a non-empty string");

  const factor = options.hardLimitFactor ?? DRBG_SOURCE_DEFAULTS.hardLimitFactor;
  if (typeof factor !== "number" || !Number.isFinite(factor) || factor < 1) {
    throw invalid(name, `hardLimitFactor must be a finite number >= 1, got ${String(factor)}`);
  }
  const soft: ReseedLimits = {
    bytes: positive(
      options.reseedAfterBytes,
      "reseedAfterBytes",
      name,
      DRBG_SOURCE_DEFAULTS.reseedAfterBytes,
      {
        allowInfinity: true,
      },
    ),
    // The hard request limit must stay within SP 800-90A's reseed_interval of 2^48.
    requests: positive(
      options.reseedAfterRequests,
      "reseedAfterRequests",
      name,
      DRBG_SOURCE_DEFAULTS.reseedAfterRequests,
      { max: Math.floor(MAX_RESEED_INTERVAL / factor) },
    ),
    ms: positive(options.reseedAfterMs, "reseedAfterMs", name, DRBG_SOURCE_DEFAULTS.reseedAfterMs, {
      allowInfinity: true,
      max: 2 ** 31 - 1,
    }),
  };
  const hard: ReseedLimits = {
    bytes: soft.bytes * factor,
    requests: Math.floor(soft.requests * factor),
    ms: soft.ms * factor,
  };

  const readAheadBytes = options.readAheadBytes ?? DRBG_SOURCE_DEFAULTS.readAheadBytes;
  if (!Number.isSafeInteger(readAheadBytes) || readAheadBytes < 0 || readAheadBytes > MAX_BYTES_PER_REQUEST) {
    throw invalid(
      name,
      `readAheadBytes must be an integer from 0 to ${MAX_BYTES_PER_REQUEST}, got ${String(readAheadBytes)}`,
    );
  }
  const personalization = options.personalization;
  if (personalization !== undefined && !(personalization instanceof Uint8Array)) {
    throw invalid(name, "personalization must be a Uint8Array");
  }
  for (const flag of ["predictionResistance", "ownsUpstream"] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean") {
      throw invalid(name, `${flag} must be a boolean, got ${String(options[flag])}`);
    }
  }
  return {
    name,
    mechanism,
    soft,
    hard,
    predictionResistance: options.predictionResistance ?? false,
    readAheadBytes,
    personalization: personalization === undefined ? undefined : Uint8Array.from(personalization),
    seedTimeoutMs: positive(
      options.seedTimeoutMs,
      "seedTimeoutMs",
      name,
      DRBG_SOURCE_DEFAULTS.seedTimeoutMs,
      {
        max: 2 ** 31 - 1,
      },
    ),
    retryDelayMs: positive(options.retryDelayMs, "retryDelayMs", name, DRBG_SOURCE_DEFAULTS.retryDelayMs, {
      max: 60_000,
    }),
    ownsUpstream: options.ownsUpstream ?? true,
  };
}
