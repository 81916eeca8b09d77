/**
 * PoolSource's options, each checked once where it enters (p-retry's habit), with a message that names
 * the option, the expected range and what was received, in node:crypto's wording.
 */
import {
  type ComposedSourceOptions,
  invalidArgTypeError,
  invalidArgumentError,
  isSyncRandomSource,
  MAX_RANDOM_BYTES,
  outOfRangeError,
  type RandomSource,
  type SyncRandomSource,
} from "@rngkit/core";

export interface PoolSourceOptions extends ComposedSourceOptions {
  /**
   * Bytes per upstream call. Default 1024 (KMS GenerateRandom's maximum), or the upstream's declared
   * `capabilities.maxBytesPerCall` when that is smaller; never more than it.
   */
  readonly chunkSize?: number;
  /**
   * The largest request served from the buffer; larger ones go straight upstream. Default 16 chunks
   * (16 KiB). The buffer's memory is `capacity + chunkSize` bytes (see the README).
   */
  readonly capacity?: number;
  /** Refilling starts when the level drops below this. Default `min(highWater / 2, highWater - chunkSize)`. */
  readonly lowWater?: number;
  /** Refilling stops when one more chunk would pass this. Default `capacity`. */
  readonly highWater?: number;
  /** The most upstream calls in flight at once, refills and pass-through requests together. Default 4. */
  readonly maxInFlight?: number;
  /** Start filling to `highWater` at construction rather than at the first request. Default true. */
  readonly warmUp?: boolean;
  /** Buffered bytes older than this are zeroed unserved. Default `Infinity` (no limit; see the README). */
  readonly maxAgeMs?: number;
  /**
   * What `fillSync` uses when the buffer cannot cover a request. Without it, `fillSync` throws
   * `Exhausted`. Never used otherwise: falling back happens only when the caller composes it.
   */
  readonly syncFallback?: SyncRandomSource;
}

export interface ResolvedPoolOptions {
  /** `pool(<upstream name>)`. */
  readonly name: string;
  readonly upstream: RandomSource;
  readonly chunkSize: number;
  readonly capacity: number;
  readonly lowWater: number;
  readonly highWater: number;
  readonly maxInFlight: number;
  readonly warmUp: boolean;
  readonly maxAgeMs: number;
  readonly syncFallback: SyncRandomSource | undefined;
  readonly ownsUpstream: boolean;
}

/** 1 GiB: a buffer larger than this is a mistake in a size, not a plan. */
export const MAX_CAPACITY = 2 ** 30;
export const DEFAULT_CHUNK_SIZE = 1024;
export const DEFAULT_CHUNKS_PER_CAPACITY = 16;
export const DEFAULT_MAX_IN_FLIGHT = 4;
const MAX_IN_FLIGHT_LIMIT = 1024;

function isRandomSource(value: unknown): value is RandomSource {
  const candidate = value as Partial<RandomSource> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.fill === "function" &&
    typeof candidate.bytes === "function" &&
    typeof candidate.close === "function" &&
    typeof candidate.name === "string" &&
    typeof candidate.capabilities === "object" &&
    candidate.capabilities !== null
  );
}

/** The checks, bound to the name the errors carry. */
class Checker {
  constructor(readonly source: string) {}

  integer(name: string, value: unknown, min: number, max: number, range = `>= ${min} && <= ${max}`): number {
    if (typeof value !== "number") {
      throw invalidArgumentError(this.source, invalidArgTypeError(`options.${name}`, "number", value));
    }
    if (!Number.isInteger(value) || value < min || value > max) {
      throw invalidArgumentError(
        this.source,
        outOfRangeError(`options.${name}`, `an integer ${range}`, value),
      );
    }
    return value;
  }

  boolean(name: string, value: unknown): boolean {
    if (typeof value !== "boolean") {
      throw invalidArgumentError(this.source, invalidArgTypeError(`options.${name}`, "boolean", value));
    }
    return value;
  }

  maxAge(value: unknown): number {
    if (typeof value !== "number") {
      throw invalidArgumentError(this.source, invalidArgTypeError("options.maxAgeMs", "number", value));
    }
    if (Number.isNaN(value) || value <= 0) {
      throw invalidArgumentError(
        this.source,
        outOfRangeError("options.maxAgeMs", "> 0 (or Infinity)", value),
      );
    }
    return value;
  }
}

/** Checks the upstream and every option, and fills in the defaults. Throws `InvalidArgument`. */
export function resolvePoolOptions(
  upstream: unknown,
  options: PoolSourceOptions | undefined,
): ResolvedPoolOptions {
  if (!isRandomSource(upstream)) {
    throw invalidArgumentError("pool", invalidArgTypeError("upstream", "RandomSource", upstream));
  }
  const source = `pool(${upstream.name})`;
  if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options))) {
    throw invalidArgumentError(source, invalidArgTypeError("options", "Object", options));
  }
  const given = options ?? {};
  const check = new Checker(source);

  const upstreamMax = upstream.capabilities.maxBytesPerCall;
  const chunkLimit = Math.min(
    Number.isFinite(upstreamMax) && upstreamMax >= 1 ? Math.floor(upstreamMax) : MAX_RANDOM_BYTES,
    MAX_CAPACITY,
  );
  const chunkSize =
    given.chunkSize === undefined
      ? Math.min(DEFAULT_CHUNK_SIZE, chunkLimit)
      : check.integer(
          "chunkSize",
          given.chunkSize,
          1,
          chunkLimit,
          `>= 1 && <= ${chunkLimit} (the upstream's maxBytesPerCall)`,
        );
  const capacity =
    given.capacity === undefined
      ? DEFAULT_CHUNKS_PER_CAPACITY * chunkSize
      : check.integer(
          "capacity",
          given.capacity,
          chunkSize,
          MAX_CAPACITY,
          `>= chunkSize (${chunkSize}) && <= ${MAX_CAPACITY}`,
        );
  const highWater =
    given.highWater === undefined
      ? capacity
      : check.integer(
          "highWater",
          given.highWater,
          chunkSize,
          capacity,
          `>= chunkSize (${chunkSize}) && <= capacity (${capacity})`,
        );
  const lowWater =
    given.lowWater === undefined
      ? Math.min(Math.floor(highWater / 2), highWater - chunkSize)
      : check.integer(
          "lowWater",
          given.lowWater,
          0,
          highWater - chunkSize,
          `>= 0 && <= highWater - chunkSize (${highWater - chunkSize})`,
        );
  const maxInFlight =
    given.maxInFlight === undefined
      ? DEFAULT_MAX_IN_FLIGHT
      : check.integer("maxInFlight", given.maxInFlight, 1, MAX_IN_FLIGHT_LIMIT);
  const warmUp = given.warmUp === undefined ? true : check.boolean("warmUp", given.warmUp);
  const ownsUpstream =
    given.ownsUpstream === undefined ? true : check.boolean("ownsUpstream", given.ownsUpstream);
  const maxAgeMs = given.maxAgeMs === undefined ? Number.POSITIVE_INFINITY : check.maxAge(given.maxAgeMs);

  const syncFallback = given.syncFallback;
  if (syncFallback !== undefined && !(isRandomSource(syncFallback) && isSyncRandomSource(syncFallback))) {
    throw invalidArgumentError(
      source,
      invalidArgTypeError("options.syncFallback", "SyncRandomSource", syncFallback),
    );
  }
  if (upstream.closed) {
    throw invalidArgumentError(source, new Error(`upstream ${upstream.name} is closed`));
  }
  if (syncFallback?.closed) {
    throw invalidArgumentError(source, new Error(`options.syncFallback ${syncFallback.name} is closed`));
  }
  return {
    name: source,
    upstream,
    chunkSize,
    capacity,
    lowWater,
    highWater,
    maxInFlight,
    warmUp,
    maxAgeMs,
    syncFallback,
    ownsUpstream,
  };
}
