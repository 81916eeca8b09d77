/**
 * A source FOR TESTS ONLY whose stream is a counter: the byte at stream position p (0-based, in the
 * order calls are served) is p + 1. So every byte it emits identifies its own position, and a test of a
 * composing source (a pool, a mixer) can map each byte that source hands out back to where it came
 * from: served twice, reordered, invented or leaked bytes all show. Zero never occurs, so zeroed memory
 * is told apart from served bytes. One byte holds 255 positions, so the stream ends after 255 bytes: a
 * call that would go past the end fails with `Exhausted` and delivers nothing.
 *
 * Calls are served at once, or, with `manual: true`, wait in `pending` until the test serves or fails
 * each one, in any order: the interleavings a property-based test wants to explore.
 */
import {
  fillInChunks,
  RandomSourceBase,
  RandomSourceError,
  type RandomSourceErrorReason,
  type SourceCapabilities,
} from "@rngkit/core";

export interface CounterSourceOptions {
  /** Default `counter(INSECURE)`. */
  readonly name?: string;
  /** Per-call maximum, as KMS's 1024; larger requests are chunked through core's fillInChunks. Default 1024. */
  readonly maxBytesPerCall?: number;
  /** Hold every call in `pending` until the test settles it. Default false: serve at once. */
  readonly manual?: boolean;
}

/** An upstream call waiting for the test (manual mode). */
export interface PendingCounterCall {
  readonly byteLength: number;
  /** Serves the call with the next positions of the stream (or fails it with `Exhausted` past the end). */
  serve(): void;
  /** Fails the call with a RandomSourceError of `reason` (default `Unavailable`). */
  fail(reason?: RandomSourceErrorReason): void;
}

export class CounterSource extends RandomSourceBase {
  /** Positions the stream holds: one per possible non-zero byte value. */
  static readonly LENGTH = 255;

  /** The byte at stream position `position`. */
  static byteAt(position: number): number {
    return position + 1;
  }

  /** The stream position a served byte came from; -1 for 0, which the stream never holds. */
  static positionOf(byte: number): number {
    return byte - 1;
  }

  readonly name: string;
  readonly capabilities: SourceCapabilities;
  /** Calls waiting for the test, oldest first (manual mode only). */
  readonly pending: PendingCounterCall[] = [];
  readonly #manual: boolean;
  #emitted = 0;
  #delivered = 0;
  #calls = 0;
  #inFlight = 0;
  #maxInFlight = 0;

  constructor(options: CounterSourceOptions = {}) {
    super();
    this.name = options.name ?? "counter(INSECURE)";
    this.#manual = options.manual ?? false;
    this.capabilities = Object.freeze({
      maxBytesPerCall: options.maxBytesPerCall ?? 1024,
      sync: false,
      remote: false,
    });
  }

  /** Stream positions used so far, 0 to emitted - 1, each once: by calls that succeeded or not. */
  get emitted(): number {
    return this.#emitted;
  }

  /**
   * Bytes of `fill` and `bytes` calls that succeeded: what callers received. It can be less than
   * `emitted` when a call fails after some of its chunks were served (an abort, close, a failed chunk).
   */
  get delivered(): number {
    return this.#delivered;
  }

  /** Upstream calls made (each at most maxBytesPerCall bytes). */
  get calls(): number {
    return this.#calls;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most calls that were ever in flight at once. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  protected async fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    await fillInChunks(view, (byteLength, callSignal) => this.#call(byteLength, callSignal), {
      source: this.name,
      maxBytesPerCall: this.capabilities.maxBytesPerCall,
      concurrency: 1,
      signal,
    });
    this.#delivered += view.byteLength;
  }

  #call(byteLength: number, signal: AbortSignal): Promise<Uint8Array> {
    this.#calls++;
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    return new Promise<Uint8Array>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => Uint8Array) => {
        if (settled) return;
        settled = true;
        this.#inFlight--;
        signal.removeEventListener("abort", onAbort);
        const at = this.pending.indexOf(call);
        if (at !== -1) this.pending.splice(at, 1);
        try {
          resolve(outcome());
        } catch (error) {
          reject(error);
        }
      };
      const onAbort = () =>
        settle(() => {
          throw signal.reason;
        });
      const call: PendingCounterCall = {
        byteLength,
        serve: () => settle(() => this.#next(byteLength)),
        fail: (reason = "Unavailable") =>
          settle(() => {
            throw new RandomSourceError(reason, `${this.name}: scripted ${reason}`, { source: this.name });
          }),
      };
      signal.addEventListener("abort", onAbort, { once: true });
      if (this.#manual) this.pending.push(call);
      else call.serve();
    });
  }

  #next(byteLength: number): Uint8Array {
    if (this.#emitted + byteLength > CounterSource.LENGTH) {
      throw new RandomSourceError(
        "Exhausted",
        `${this.name}: the ${CounterSource.LENGTH}-byte stream cannot give ${byteLength} more bytes`,
        { source: this.name, retryable: false },
      );
    }
    const chunk = new Uint8Array(byteLength);
    for (let i = 0; i < byteLength; i++) chunk[i] = CounterSource.byteAt(this.#emitted + i);
    this.#emitted += byteLength;
    return chunk;
  }
}
