/**
 * Fills a view of any length from an upstream with a per-call maximum (KMS GenerateRandom: 1024 bytes).
 * The one chunking implementation in rngkit: every remote source calls it rather than looping itself.
 */
import { setMaxListeners } from "node:events";
import { RandomSourceError } from "./errors.js";
import { abortedError, toRandomSourceError, wrongLengthError } from "./failures.js";

/**
 * One upstream call for exactly `byteLength` bytes. The helper takes ownership of the returned array:
 * it copies it into place and then zeroes it. `signal` fires when the whole fill is abandoned.
 */
export type FetchChunk = (byteLength: number, signal: AbortSignal) => Promise<Uint8Array>;

export interface FillInChunksOptions {
  /** The source's name, for errors. */
  readonly source: string;
  /** The most bytes one call may request. */
  readonly maxBytesPerCall: number;
  /** The most calls in flight at once. */
  readonly concurrency: number;
  readonly signal?: AbortSignal | undefined;
}

function checkPositiveInteger(value: number, name: string, source: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RandomSourceError(
      "InvalidArgument",
      `${source}: ${name} must be a positive integer, got ${value}`,
      {
        source,
      },
    );
  }
}

/**
 * Fills `target` with chunks fetched in order of position (chunk i lands at i × maxBytesPerCall),
 * at most `concurrency` at a time. Each chunk's length is checked exactly. On the first failure the
 * remaining calls are aborted, every call in flight is awaited (none is left running unobserved),
 * `target` is zero-filled and the first error is thrown; a caller's abort wins and gives `Aborted`.
 */
export async function fillInChunks(
  target: Uint8Array,
  fetchChunk: FetchChunk,
  options: FillInChunksOptions,
): Promise<void> {
  const { source, maxBytesPerCall, concurrency, signal } = options;
  checkPositiveInteger(maxBytesPerCall, "maxBytesPerCall", source);
  checkPositiveInteger(concurrency, "concurrency", source);
  if (signal?.aborted) {
    target.fill(0);
    throw abortedError(source, signal);
  }
  const total = target.byteLength;
  if (total === 0) return;
  const chunkCount = Math.ceil(total / maxBytesPerCall);
  // With several calls, the first failure must stop the others: they share a controller linked to the
  // caller's signal. One call (every request behind a pool) has none to stop, so it gets the caller's
  // signal as it is: a controller and a listener per call show at thousands of calls per second.
  let stop: AbortController | undefined;
  let callSignal: AbortSignal;
  if (chunkCount === 1 && signal !== undefined) {
    callSignal = signal;
  } else {
    stop = new AbortController();
    // Every call in flight may listen on `stop` (the SDK does): that many listeners is expected.
    setMaxListeners(0, stop.signal);
    callSignal = stop.signal;
  }
  const onAbort = () => stop?.abort(signal?.reason);
  if (stop !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
  let nextChunk = 0;
  let failure: RandomSourceError | undefined;

  const fail = (error: unknown) => {
    failure ??= toRandomSourceError(error, source, signal);
    stop?.abort(failure);
  };

  const worker = async () => {
    while (failure === undefined && !callSignal.aborted && nextChunk < chunkCount) {
      const offset = nextChunk++ * maxBytesPerCall;
      const size = Math.min(maxBytesPerCall, total - offset);
      let chunk: Uint8Array;
      try {
        chunk = await fetchChunk(size, callSignal);
      } catch (error) {
        fail(error);
        return;
      }
      if (failure !== undefined || callSignal.aborted) {
        chunk.fill(0);
        return;
      }
      if (chunk.byteLength !== size) {
        chunk.fill(0);
        fail(wrongLengthError(source, size, chunk.byteLength));
        return;
      }
      target.set(chunk, offset);
      chunk.fill(0);
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, chunkCount) }, worker));
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  if (signal?.aborted) failure = abortedError(source, signal);
  if (failure !== undefined) {
    target.fill(0);
    throw failure;
  }
}
