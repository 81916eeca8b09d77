/**
 * What a pool counts, and the snapshot `stats()` returns. Counters are plain fields bumped on the hot
 * path; wait times go into node's native HDR histogram (perf_hooks.createHistogram), recorded only for
 * requests that had to wait, so a hit costs no clock read.
 */
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";

/** The distribution of how long stalled requests waited for their bytes, in milliseconds. */
export interface PoolWaitStats {
  /** Stalled requests that were served (aborted and failed ones are not timed). */
  readonly count: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface PoolStats {
  /** Bytes buffered now. */
  readonly level: number;
  readonly capacity: number;
  readonly lowWater: number;
  readonly highWater: number;
  readonly chunkSize: number;
  /** Requests waiting for bytes now. */
  readonly waiting: number;
  /** Requests (async and sync) served from the buffer at once. */
  readonly hits: number;
  /** Async requests that had to wait for a refill (however they ended). */
  readonly stalls: number;
  /** fillSync calls the buffer could not cover (thrown as Exhausted or sent to the sync fallback). */
  readonly exhausted: number;
  /** Of those, the ones the sync fallback served. */
  readonly fallbacks: number;
  /** Requests larger than `capacity`, sent straight upstream. */
  readonly passThrough: number;
  /** Bytes handed out from the buffer. */
  readonly servedBytes: number;
  /** Bytes handed out by pass-through requests. */
  readonly passThroughBytes: number;
  /**
   * Bytes fetched but zeroed without being served: expired, dropped by `discard()` or `close()`, or
   * fetched for a pass-through request that then failed. Always
   * `upstreamBytes = servedBytes + passThroughBytes + level + discardedBytes`.
   */
  readonly discardedBytes: number;
  /** Upstream calls started (refills and pass-through chunks). */
  readonly upstreamCalls: number;
  /** Bytes the upstream delivered. */
  readonly upstreamBytes: number;
  /** Upstream calls that failed (not counting those the pool aborted itself). */
  readonly upstreamFailures: number;
  /** Upstream calls in flight now, and the most ever at once (never above `maxInFlight`). */
  readonly inFlight: number;
  readonly peakInFlight: number;
  readonly wait: PoolWaitStats;
}

const NS_PER_MS = 1e6;

/** The mutable counters behind PoolStats (the level and in-flight figures live elsewhere). */
export class PoolCounters {
  hits = 0;
  stalls = 0;
  exhausted = 0;
  fallbacks = 0;
  passThrough = 0;
  servedBytes = 0;
  passThroughBytes = 0;
  discardedBytes = 0;
  upstreamCalls = 0;
  upstreamBytes = 0;
  upstreamFailures = 0;
  readonly #waits: RecordableHistogram = createHistogram();

  /** Records one served wait. */
  recordWait(ms: number): void {
    this.#waits.record(Math.max(1, Math.round(ms * NS_PER_MS)));
  }

  waitStats(): PoolWaitStats {
    const h = this.#waits;
    if (h.count === 0) return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
    return {
      count: h.count,
      minMs: h.min / NS_PER_MS,
      meanMs: h.mean / NS_PER_MS,
      p50Ms: h.percentile(50) / NS_PER_MS,
      p90Ms: h.percentile(90) / NS_PER_MS,
      p99Ms: h.percentile(99) / NS_PER_MS,
      maxMs: h.max / NS_PER_MS,
    };
  }
}
