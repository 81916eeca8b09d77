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
 * A fill that one call covers: no other call to stop on failure, so the caller's signal is passed as it
 * is (a request for at most one chunk is the common case behind a pool, and a controller per call shows).
 */
async function fillInOneCall(
  target: Uint8Array,
  fetchChunk: FetchChunk,
  source: string,
  signal: AbortSignal,
): Promise<void> {
  let failure: RandomSourceError | undefined;
  try {
    const chunk = await fetchChunk(target.byteLength, signal);
    if (chunk.byteLength !== target.byteLength) {
      chunk.fill(0);
      failure = wrongLengthError(source, target.byteLength, chunk.byteLength);
    } else if (!signal.aborted) {
      target.set(chunk);
    }
    chunk.fill(0);
  } catch (error) {
    failure = toRandomSourceError(error, source, signal);
  }
  if (signal.aborted) failure = abortedError(source, signal);
  if (failure !== undefined) {
    target.fill(0);
    throw failure;
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
  if (total <= maxBytesPerCall && signal !== undefined)
    return fillInOneCall(target, fetchChunk, source, signal);

  const stop = new AbortController();
  // Every call in flight may listen on `stop` (the SDK does): that many listeners is expected.
  setMaxListeners(0, stop.signal);
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const chunkCount = Math.ceil(total / maxBytesPerCall);
  let nextChunk = 0;
  let failure: RandomSourceError | undefined;

  const fail = (error: unknown) => {
    failure ??= toRandomSourceError(error, source, signal);
    stop.abort(failure);
  };

  const worker = async () => {
    while (failure === undefined && !stop.signal.aborted && nextChunk < chunkCount) {
      const offset = nextChunk++ * maxBytesPerCall;
      const size = Math.min(maxBytesPerCall, total - offset);
      let chunk: Uint8Array;
      try {
        chunk = await fetchChunk(size, stop.signal);
      } catch (error) {
        fail(error);
        return;
      }
      if (failure !== undefined || stop.signal.aborted) {
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
