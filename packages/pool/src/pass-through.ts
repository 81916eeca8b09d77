/**
 * A request larger than the pool's capacity: straight upstream through core's fillInChunks, in calls as
 * large as the upstream allows, into the caller's memory, without touching the buffer that serves
 * everyone else. Its calls take slots from the pool's CallLimiter, so they count against maxInFlight
 * like refills do.
 */
import { fillInChunks, type RandomSource, toRandomSourceError } from "@rngkit/core";
import type { CallLimiter } from "./call-limiter.js";
import { poolChannels } from "./events.js";
import type { PoolCounters } from "./stats.js";

export interface PassThroughContext {
  /** The pool's name, for errors and events. */
  readonly source: string;
  readonly upstream: RandomSource;
  readonly limiter: CallLimiter;
  readonly counters: PoolCounters;
  /** The upstream's own maximum per call (capped to what a call may ask for). */
  readonly maxBytesPerCall: number;
  readonly concurrency: number;
}

/** Fills `view` from the upstream or throws (view zeroed by fillInChunks); keeps the pool's books. */
export async function passThrough(
  view: Uint8Array,
  signal: AbortSignal,
  context: PassThroughContext,
): Promise<void> {
  const { source, upstream, limiter, counters } = context;
  counters.passThrough++;
  const started = poolChannels.passThrough.hasSubscribers ? performance.now() : 0;
  let fetched = 0;
  const fetchChunk = async (size: number, callSignal: AbortSignal): Promise<Uint8Array> => {
    await limiter.acquire(callSignal);
    counters.upstreamCalls++;
    try {
      const chunk = await upstream.bytes(size, { signal: callSignal });
      fetched += chunk.byteLength;
      counters.upstreamBytes += chunk.byteLength;
      return chunk;
    } catch (error) {
      if (!callSignal.aborted) counters.upstreamFailures++;
      throw error;
    } finally {
      limiter.release();
    }
  };
  let failure: unknown;
  try {
    await fillInChunks(view, fetchChunk, {
      source,
      maxBytesPerCall: context.maxBytesPerCall,
      concurrency: context.concurrency,
      signal,
    });
    counters.passThroughBytes += view.byteLength;
  } catch (error) {
    failure = error;
    // fillInChunks has zeroed the view and every chunk it was given: fetched, never served.
    counters.discardedBytes += fetched;
  }
  if (started !== 0) {
    poolChannels.passThrough.publish({
      source,
      byteLength: view.byteLength,
      durationMs: performance.now() - started,
      ...(failure === undefined ? {} : { error: toRandomSourceError(failure, source, signal).reason }),
    });
  }
  if (failure !== undefined) throw failure;
}
