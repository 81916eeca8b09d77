/**
 * PoolSource: a buffer kept filled ahead of demand from any RandomSource, so that a remote source with a
 * round trip per call and at most 1024 bytes per call (KMS GenerateRandom) serves any length at memory
 * speed, synchronously too. How others built pools and where they broke: ../shared/facts, "Pools and
 * DRBGs elsewhere" (nanoid's stale bytes after a failed refill, SunPKCS11's 100 ms buffer age).
 *
 * Every contract decision stays the base class's (owned Buffers, zeros on failure, Aborted and Closed,
 * core fill events): `bytes`, `fill` and `fillSync` only add a fast path for the common case, a request
 * the buffer covers now with nobody waiting, and hand everything else to the base.
 */
import {
  abortedError,
  bytesOf,
  closedError,
  coreChannels,
  type FillOptions,
  isSyncRandomSource,
  MAX_RANDOM_BYTES,
  type RandomSource,
  RandomSourceError,
  type SourceCapabilities,
  type SyncRandomSource,
  SyncRandomSourceBase,
  toRandomSourceError,
} from "@rngkit/core";
import { AgeTracker } from "./age-tracker.js";
import { CallLimiter } from "./call-limiter.js";
import { poolChannels } from "./events.js";
import { exhaustedError } from "./failures.js";
import { type PoolSourceOptions, resolvePoolOptions } from "./options.js";
import { type PassThroughContext, passThrough } from "./pass-through.js";
import { ReadyGate } from "./ready-gate.js";
import { ByteRing } from "./ring.js";
import { PoolCounters, type PoolStats } from "./stats.js";
import { type Waiter, WaiterQueue } from "./waiters.js";

const RESOLVED: Promise<void> = Promise.resolve();

export class PoolSource extends SyncRandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  readonly #upstream: RandomSource;
  readonly #syncFallback: SyncRandomSource | undefined;
  readonly #ownsUpstream: boolean;
  /**
   * The upstream, when it serves synchronously from this process (node:crypto, a DRBG): refills call its
   * `fillSync`, which costs a few µs per chunk, instead of `fill`, whose round trip through libuv's thread
   * pool and the event loop capped pool(local) at about 3 MB/s of 32-byte requests under load.
   */
  readonly #localSyncUpstream: SyncRandomSource | undefined;
  readonly #chunkSize: number;
  readonly #capacity: number;
  readonly #lowWater: number;
  readonly #highWater: number;
  readonly #maxInFlight: number;
  readonly #passThroughContext: PassThroughContext;
  readonly #ring: ByteRing;
  /** One chunk buffer per refill call that can be in flight; upstream calls fill these, never the ring. */
  readonly #freeSlots: Uint8Array[] = [];
  readonly #limiter: CallLimiter;
  readonly #waiters = new WaiterQueue();
  readonly #ready: ReadyGate;
  readonly #counters = new PoolCounters();
  readonly #age: AgeTracker | undefined;
  readonly #born = performance.now();
  #refillsInFlight = 0;
  /** Between crossing low water and reaching high water. */
  #refilling = false;
  /** After a failed refill: background refill keeps one call in flight until one succeeds. */
  #suspended = false;
  #pumpImmediate: NodeJS.Immediate | undefined;
  #expiryTimer: NodeJS.Timeout | undefined;
  #whenRefillsSettle: (() => void) | undefined;

  /**
   * @param upstream where the bytes come from; the pool owns it (closes it on close()) unless
   *   `ownsUpstream: false`.
   * @throws RandomSourceError `InvalidArgument` naming the option, its range and what was received.
   */
  constructor(upstream: RandomSource, options?: PoolSourceOptions) {
    super();
    const resolved = resolvePoolOptions(upstream, options);
    this.name = resolved.name;
    this.#upstream = resolved.upstream;
    this.#syncFallback = resolved.syncFallback;
    this.#ownsUpstream = resolved.ownsUpstream;
    const given = resolved.upstream;
    this.#localSyncUpstream =
      isSyncRandomSource(given) && given.capabilities.sync && !given.capabilities.remote ? given : undefined;
    this.#chunkSize = resolved.chunkSize;
    this.#capacity = resolved.capacity;
    this.#lowWater = resolved.lowWater;
    this.#highWater = resolved.highWater;
    this.#maxInFlight = resolved.maxInFlight;
    this.capabilities = Object.freeze({
      maxBytesPerCall: MAX_RANDOM_BYTES,
      sync: true,
      remote: resolved.upstream.capabilities.remote,
    });
    // One chunk of headroom: a waiting request of up to `capacity` bytes can always be met, whatever
    // the level when it arrived, without ever asking the upstream for a partial chunk.
    this.#ring = new ByteRing(new Uint8Array(resolved.capacity + resolved.chunkSize));
    for (let slot = 0; slot < resolved.maxInFlight; slot++) {
      this.#freeSlots.push(new Uint8Array(resolved.chunkSize));
    }
    this.#limiter = new CallLimiter(resolved.maxInFlight, () => this.#onRefillTurn());
    const upstreamMax = resolved.upstream.capabilities.maxBytesPerCall;
    this.#passThroughContext = {
      source: this.name,
      upstream: resolved.upstream,
      limiter: this.#limiter,
      counters: this.#counters,
      // As much per call as the upstream allows: a large request costs the fewest calls.
      maxBytesPerCall:
        Number.isFinite(upstreamMax) && upstreamMax >= 1
          ? Math.min(Math.floor(upstreamMax), MAX_RANDOM_BYTES)
          : MAX_RANDOM_BYTES,
      concurrency: resolved.maxInFlight,
    };
    this.#age = Number.isFinite(resolved.maxAgeMs) ? new AgeTracker(resolved.maxAgeMs) : undefined;
    this.#ready = new ReadyGate(resolved.lowWater === 0);
    this.closeSignal.addEventListener("abort", () => this.#onClosing(), { once: true });
    if (resolved.warmUp) {
      this.#refilling = true;
      this.#pump();
    }
  }

  // ---- serving -------------------------------------------------------------------------------------

  override async bytes(size: number, options?: FillOptions): Promise<Buffer> {
    if (
      typeof size === "number" &&
      size > 0 &&
      size <= this.#ring.level &&
      Number.isInteger(size) &&
      this.#waiters.count === 0 &&
      options?.signal?.aborted !== true &&
      !this.closed &&
      !coreChannels.fill.hasSubscribers
    ) {
      // allocUnsafeSlow: a Buffer with an ArrayBuffer of its own, as the base class gives.
      const output = Buffer.allocUnsafeSlow(size);
      this.#serve(output);
      return output;
    }
    return super.bytes(size, options);
  }

  override async fill<T extends ArrayBufferView>(target: T, options?: FillOptions): Promise<T> {
    if (
      ArrayBuffer.isView(target) &&
      target.byteLength > 0 &&
      target.byteLength <= this.#ring.level &&
      this.#waiters.count === 0 &&
      options?.signal?.aborted !== true &&
      !this.closed &&
      !coreChannels.fill.hasSubscribers
    ) {
      this.#serve(bytesOf(target));
      return target;
    }
    return super.fill(target, options);
  }

  override fillSync<T extends ArrayBufferView>(target: T): T {
    if (
      ArrayBuffer.isView(target) &&
      target.byteLength > 0 &&
      target.byteLength <= this.#ring.level &&
      this.#waiters.count === 0 &&
      !this.closed &&
      !coreChannels.fill.hasSubscribers
    ) {
      this.#serve(bytesOf(target));
      return target;
    }
    return super.fillSync(target);
  }

  /** The base class's slow path: serve now, wait in line, or pass a large request through. */
  protected fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    const length = view.byteLength;
    if (length > this.#capacity) return passThrough(view, signal, this.#passThroughContext);
    if (length <= this.#ring.level && this.#waiters.count === 0) {
      this.#serve(view);
      return RESOLVED;
    }
    return this.#wait(view, signal);
  }

  /** The base class's sync slow path: serve, or the composed fallback, or Exhausted. */
  protected fillBytesSync(view: Uint8Array): void {
    const length = view.byteLength;
    const level = this.#ring.level;
    if (length <= level && this.#waiters.count === 0) {
      this.#serve(view);
      return;
    }
    this.#counters.exhausted++;
    this.#refilling = true;
    this.#schedulePump();
    const fallback = this.#syncFallback;
    if (poolChannels.exhausted.hasSubscribers) {
      poolChannels.exhausted.publish({
        source: this.name,
        byteLength: length,
        level,
        ...(fallback === undefined ? {} : { fallback: fallback.name }),
      });
    }
    if (fallback !== undefined) {
      this.#counters.fallbacks++;
      fallback.fillSync(view);
      return;
    }
    throw exhaustedError(this.name, length, level, this.#waiters.count, this.#highWater);
  }

  /** Hands out the oldest buffered bytes: copy, zero where they were, count. */
  #serve(view: Uint8Array): void {
    this.#ring.take(view);
    const counters = this.#counters;
    counters.hits++;
    counters.servedBytes += view.byteLength;
    if (this.#ring.level < this.#lowWater && this.#pumpImmediate === undefined) this.#schedulePump();
  }

  #wait(view: Uint8Array, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        view,
        signal,
        started: performance.now(),
        resolve,
        reject,
        queued: true,
        onAbort: () => {
          if (!waiter.queued) return;
          this.#waiters.remove(waiter);
          this.#publishStall(waiter, this.closeSignal.aborted ? "Closed" : "Aborted");
          reject(signal.reason);
          // The next in line may fit now: its bytes were never held back for this one.
          this.#serveWaiters();
        },
      };
      signal.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#counters.stalls++;
      this.#pump();
    });
  }

  /** Serves waiters in order while the buffer covers the one at the front. */
  #serveWaiters(): void {
    if (this.closeSignal.aborted) return;
    for (let waiter = this.#waiters.first(); waiter !== undefined; waiter = this.#waiters.first()) {
      if (waiter.view.byteLength > this.#ring.level) return;
      this.#waiters.remove(waiter);
      waiter.signal.removeEventListener("abort", waiter.onAbort);
      this.#ring.take(waiter.view);
      this.#counters.servedBytes += waiter.view.byteLength;
      this.#counters.recordWait(performance.now() - waiter.started);
      this.#publishStall(waiter, undefined);
      waiter.resolve();
    }
  }

  #publishStall(waiter: Waiter, error: RandomSourceError["reason"] | undefined): void {
    if (!poolChannels.stall.hasSubscribers) return;
    poolChannels.stall.publish({
      source: this.name,
      byteLength: waiter.view.byteLength,
      waitMs: performance.now() - waiter.started,
      ...(error === undefined ? {} : { error }),
    });
  }

  // ---- refilling -----------------------------------------------------------------------------------

  /**
   * Whether to start one more refill call now. Waiters' demand first (up to the ring's size); then the
   * water marks: start below low water, keep going while one more chunk stays within high water.
   */
  #wantsRefill(): boolean {
    if (this.closeSignal.aborted) return false;
    const chunk = this.#chunkSize;
    const level = this.#ring.level;
    const projected = level + this.#refillsInFlight * chunk;
    if (projected < this.#waiters.bytes && projected + chunk <= this.#ring.size) return true;
    if (level < this.#lowWater) this.#refilling = true;
    if (!this.#refilling) return false;
    if (projected + chunk > this.#highWater) {
      this.#refilling = false;
      return false;
    }
    return !this.#suspended || this.#refillsInFlight === 0;
  }

  /** Starts every refill call that is wanted and allowed; queues for a slot when none is free. */
  #pump(): void {
    while (this.#wantsRefill()) {
      if (!this.#limiter.tryAcquire()) {
        this.#limiter.queueRefill();
        return;
      }
      this.#startRefill();
    }
  }

  readonly #runPump = (): void => {
    this.#pumpImmediate = undefined;
    this.#pump();
  };

  /**
   * Refills that a served request triggers start on the next turn of the event loop, so the request
   * that crosses low water does not pay for starting upstream calls (an HTTP request, for KMS). One
   * immediate at a time; close() clears it.
   */
  #schedulePump(): void {
    if (this.#pumpImmediate === undefined && !this.closeSignal.aborted) {
      this.#pumpImmediate = setImmediate(this.#runPump);
    }
  }

  #onRefillTurn(): boolean {
    if (!this.#wantsRefill()) return false;
    this.#startRefill();
    return true;
  }

  /** One upstream call for exactly one chunk, into a slot of its own; a slot in the limiter is held. */
  #startRefill(): void {
    const slot = this.#freeSlots.pop() as Uint8Array;
    this.#refillsInFlight++;
    this.#counters.upstreamCalls++;
    const started = performance.now();
    let call: Promise<unknown>;
    try {
      if (this.#fillSyncFromLocal(slot)) {
        call = RESOLVED; // the bytes are in the slot already
      } else {
        // An owned upstream is closed by close(), which aborts this call; otherwise the pool's close
        // signal does. Passing no signal to an owned upstream spares it an AbortSignal.any per chunk.
        call = this.#ownsUpstream
          ? this.#upstream.fill(slot)
          : this.#upstream.fill(slot, { signal: this.closeSignal });
      }
    } catch (error) {
      call = Promise.reject(error);
    }
    call.then(
      () => this.#refilled(slot, started),
      (error: unknown) => this.#refillFailed(slot, started, error),
    );
  }

  /**
   * Fills `slot` synchronously from a local upstream that can: true when done. False (use `fill`) when
   * there is none, or it cannot serve synchronously right now (`Exhausted`, e.g. a DRBG reseeding from a
   * remote seed source). Any other error is the refill's failure.
   */
  #fillSyncFromLocal(slot: Uint8Array): boolean {
    if (this.#localSyncUpstream === undefined) return false;
    try {
      this.#localSyncUpstream.fillSync(slot);
      return true;
    } catch (error) {
      if (RandomSourceError.is(error, "Exhausted")) return false;
      throw error;
    }
  }

  #refilled(slot: Uint8Array, started: number): void {
    this.#refillsInFlight--;
    const counters = this.#counters;
    const length = slot.byteLength;
    counters.upstreamBytes += length;
    if (this.closeSignal.aborted || this.#ring.level + length > this.#ring.size) {
      counters.discardedBytes += length;
    } else {
      const now = performance.now();
      this.#ring.push(slot);
      this.#suspended = false;
      if (this.#age !== undefined) {
        this.#age.entered(length, now);
        this.#armExpiry();
      }
    }
    slot.fill(0);
    this.#freeSlots.push(slot);
    this.#publishRefill(length, started, undefined);
    this.#checkReady();
    this.#serveWaiters();
    this.#limiter.release();
    this.#pump();
    this.#settleIfClosing();
  }

  #refillFailed(slot: Uint8Array, started: number, error: unknown): void {
    this.#refillsInFlight--;
    // A failed fill leaves zeros by contract; zero again rather than trust an upstream that broke it,
    // and never let a byte of a failed call into the ring (nanoid's stale-bytes bug).
    slot.fill(0);
    this.#freeSlots.push(slot);
    let reason: RandomSourceError["reason"] = "Closed";
    if (!this.closeSignal.aborted) {
      const failure = toRandomSourceError(error, this.#upstream.name, undefined);
      reason = failure.reason;
      this.#counters.upstreamFailures++;
      this.#suspended = true;
      this.#failWaiters(failure);
    }
    this.#publishRefill(slot.byteLength, started, reason);
    // No pump here, and no queued turn: after a failure only new demand starts the next call, so a
    // failing upstream is never retried in a loop.
    this.#limiter.cancelRefill();
    this.#limiter.release();
    this.#settleIfClosing();
  }

  /** Rejects everyone waiting with the upstream's error; the bytes buffered keep serving later calls. */
  #failWaiters(failure: RandomSourceError): void {
    for (const waiter of this.#waiters.removeAll()) {
      waiter.signal.removeEventListener("abort", waiter.onAbort);
      this.#publishStall(waiter, failure.reason);
      waiter.reject(failure);
    }
    this.#ready.fail(failure);
  }

  #publishRefill(byteLength: number, started: number, error: RandomSourceError["reason"] | undefined): void {
    if (!poolChannels.refill.hasSubscribers) return;
    poolChannels.refill.publish({
      source: this.name,
      byteLength,
      durationMs: performance.now() - started,
      level: this.#ring.level,
      ...(error === undefined ? {} : { error }),
    });
  }

  // ---- readiness -----------------------------------------------------------------------------------

  /**
   * Resolves once the buffer has first reached low water, so that an app can warm the pool before it
   * serves sync calls; at once after that. Starts refilling if it has not started. Rejects with the
   * upstream's error if a refill fails first (the upstream has applied its own retries; `retryable`
   * says whether calling ready() again may help), with `Closed` on close and `Aborted` on abort.
   */
  ready(options?: FillOptions): Promise<void> {
    const signal = options?.signal;
    if (this.closed) return Promise.reject(closedError(this.name));
    if (signal?.aborted) return Promise.reject(abortedError(this.name, signal));
    if (this.#ready.isOpen) return RESOLVED;
    const ready = this.#ready.wait(signal, () => abortedError(this.name, signal as AbortSignal));
    this.#refilling = true;
    this.#pump();
    return ready;
  }

  #checkReady(): void {
    if (this.#ready.isOpen || this.#ring.level < this.#lowWater) return;
    if (poolChannels.ready.hasSubscribers) {
      poolChannels.ready.publish({
        source: this.name,
        level: this.#ring.level,
        durationMs: performance.now() - this.#born,
      });
    }
    this.#ready.open();
  }

  // ---- age, discard, stats -------------------------------------------------------------------------

  #armExpiry(): void {
    if (this.#age === undefined || this.#expiryTimer !== undefined || this.closeSignal.aborted) return;
    const next = this.#age.nextExpiry(this.#ring.removed);
    if (next === undefined) return;
    this.#expiryTimer = setTimeout(this.#expire, Math.max(1, Math.ceil(next - performance.now())));
    // A pool never keeps a process alive; close() clears the timer.
    this.#expiryTimer.unref();
  }

  readonly #expire = (): void => {
    this.#expiryTimer = undefined;
    if (this.#age === undefined || this.closeSignal.aborted) return;
    const expired = this.#age.expiredBytes(performance.now(), this.#ring.removed);
    if (expired > 0) this.#drop(expired, "expired");
    this.#armExpiry();
    this.#pump();
  };

  #drop(length: number, why: "expired" | "discard" | "close"): void {
    this.#ring.drop(length);
    this.#counters.discardedBytes += length;
    if (poolChannels.discard.hasSubscribers) {
      poolChannels.discard.publish({ source: this.name, byteLength: length, why });
    }
  }

  /**
   * Zeroes every buffered byte now, unserved, and refills: for when buffered bytes must not be served,
   * such as after a VM snapshot is restored (a clone would serve the same bytes). Calls in flight are
   * kept. Returns how many bytes were dropped.
   */
  discard(): number {
    if (this.closed) return 0;
    const level = this.#ring.level;
    if (level > 0) this.#drop(level, "discard");
    this.#pump();
    return level;
  }

  /** A snapshot of the pool's level and counters. No bytes. */
  stats(): PoolStats {
    const counters = this.#counters;
    return {
      level: this.#ring.level,
      capacity: this.#capacity,
      lowWater: this.#lowWater,
      highWater: this.#highWater,
      chunkSize: this.#chunkSize,
      waiting: this.#waiters.count,
      hits: counters.hits,
      stalls: counters.stalls,
      exhausted: counters.exhausted,
      fallbacks: counters.fallbacks,
      passThrough: counters.passThrough,
      servedBytes: counters.servedBytes,
      passThroughBytes: counters.passThroughBytes,
      discardedBytes: counters.discardedBytes,
      upstreamCalls: counters.upstreamCalls,
      upstreamBytes: counters.upstreamBytes,
      upstreamFailures: counters.upstreamFailures,
      inFlight: this.#limiter.inFlight,
      peakInFlight: this.#limiter.peak,
      wait: counters.waitStats(),
    };
  }

  // ---- closing -------------------------------------------------------------------------------------

  /** Runs when close() starts: nothing more is served, the buffer is zeroed, no timer is left. */
  #onClosing(): void {
    if (this.#pumpImmediate !== undefined) {
      clearImmediate(this.#pumpImmediate);
      this.#pumpImmediate = undefined;
    }
    if (this.#expiryTimer !== undefined) {
      clearTimeout(this.#expiryTimer);
      this.#expiryTimer = undefined;
    }
    const level = this.#ring.level;
    if (level > 0) this.#drop(level, "close");
    this.#ready.fail(closedError(this.name));
  }

  #settleIfClosing(): void {
    if (this.#refillsInFlight === 0) this.#whenRefillsSettle?.();
  }

  /** After calls through the base have settled: wait for refills, zero everything, close what it owns. */
  protected override async onClose(): Promise<void> {
    const owned: RandomSource[] = [];
    if (this.#ownsUpstream) {
      owned.push(this.#upstream);
      if (this.#syncFallback !== undefined) owned.push(this.#syncFallback);
    }
    // Closing an owned upstream is what aborts the refill calls it is serving.
    const closing = Promise.allSettled(owned.map((source) => source.close()));
    if (this.#refillsInFlight > 0) {
      await new Promise<void>((resolve) => {
        this.#whenRefillsSettle = resolve;
      });
    }
    this.#ring.clear();
    for (const slot of this.#freeSlots) slot.fill(0);
    for (const outcome of await closing) {
      if (outcome.status === "rejected") throw outcome.reason;
    }
  }
}
