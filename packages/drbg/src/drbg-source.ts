/**
 * A RandomSource that is an SP 800-90A DRBG seeded from another source: KMS, a CloudHSM key store, a
 * Nitro enclave, a pool or a mix. The seed source is called once per reseed (one call per 16 MiB by
 * default) instead of once per request, and `fillSync` serves at AES speed once seeded.
 *
 * Seeding (SP 800-90A Rev. 1 §8.6.7 and SP 800-90C's 3/2 × security_strength rule): instantiate draws
 * 48 bytes in one seed call, 32 as entropy input and 16 as the nonce; each reseed draws 32 bytes of
 * entropy input. Nothing is fetched until `ready()`, the first `fill()` or the first `fillSync()`.
 *
 * Reseeding: past a soft threshold (bytes, generate requests or time since the last seed) a reseed runs
 * in the background while serving continues. Past a hard limit (`hardLimitFactor` × each threshold)
 * nothing is served until a reseed lands: `fill` waits for one and fails with the seed source's error if
 * it fails (fail closed, DESIGN invariant 2); `fillSync` reseeds inline over a seed source with
 * `fillSync`, and otherwise throws `Exhausted` while the reseed runs. Each generate request is at most
 * 64 KiB (SP 800-90A max_number_of_bits_per_request); larger requests are cut into several.
 */
import {
  abortable,
  abortedError,
  closedError,
  type FillOptions,
  isSyncRandomSource,
  MAX_RANDOM_BYTES,
  type RandomSource,
  RandomSourceError,
  type SourceCapabilities,
  SyncRandomSourceBase,
} from "@rngkit/core";
import { CtrDrbg } from "./ctr-drbg.js";
import type { Drbg } from "./drbg.js";
import {
  type DrbgSourceOptions,
  type ResolvedDrbgSourceOptions,
  resolveDrbgSourceOptions,
} from "./drbg-source-options.js";
import {
  type DrbgExhaustedEvent,
  type DrbgReseedEvent,
  type DrbgReseedFailedEvent,
  drbgChannels,
  type ReseedTrigger,
} from "./events.js";
import { HmacDrbg } from "./hmac-drbg.js";
import { MAX_BYTES_PER_REQUEST, MIN_ENTROPY_BYTES, MIN_NONCE_BYTES } from "./limits.js";
import { defaultPersonalization } from "./personalization.js";
import { entropyFor, generateWithPredictionResistance } from "./prediction-resistance.js";
import { ReadAhead } from "./read-ahead.js";
import { ReseedBudget } from "./reseed-budget.js";
import { fetchSeed } from "./seed-call.js";
import { exhaustedError, predictionResistanceSyncError, seedFailure } from "./seed-errors.js";

/** Requests up to this long are cut from the read-ahead buffer. */
const SMALL_REQUEST_BYTES = 256;
const MAX_RETRY_DELAY_MS = 60_000;
const INSTANTIATE_BYTES = MIN_ENTROPY_BYTES + MIN_NONCE_BYTES;
const noop = () => {};

function checkSeedSource(value: unknown): RandomSource {
  const candidate = value as Partial<RandomSource> | null;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    typeof candidate.name !== "string" ||
    typeof candidate.bytes !== "function" ||
    typeof candidate.close !== "function"
  ) {
    throw new RandomSourceError("InvalidArgument", "drbg: seedSource must be a RandomSource", {
      source: "drbg",
    });
  }
  return candidate as RandomSource;
}

export class DrbgSource extends SyncRandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  readonly #seedSource: RandomSource;
  readonly #syncSeed: ((view: Uint8Array) => void) | undefined;
  readonly #options: ResolvedDrbgSourceOptions;
  readonly #drbg: Drbg;
  readonly #personalization: Uint8Array;
  readonly #readAhead: ReadAhead;
  readonly #budget: ReseedBudget;
  #reseeding: Promise<void> | undefined;
  #failures = 0;
  #retryAt = 0;
  #lastFailure: RandomSourceError | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(seedSource: RandomSource, options: DrbgSourceOptions = {}) {
    super();
    this.#seedSource = checkSeedSource(seedSource);
    this.#options = resolveDrbgSourceOptions(options, this.#seedSource.name);
    this.name = this.#options.name;
    const seed = this.#seedSource;
    this.#syncSeed =
      isSyncRandomSource(seed) && seed.capabilities.sync ? (view) => seed.fillSync(view) : undefined;
    const pr = this.#options.predictionResistance;
    this.capabilities = Object.freeze({
      maxBytesPerCall: MAX_RANDOM_BYTES,
      sync: !pr || this.#syncSeed !== undefined,
      remote: pr && seed.capabilities.remote,
    });
    const reseedInterval = this.#options.hard.requests;
    this.#drbg =
      this.#options.mechanism === "ctr-drbg"
        ? new CtrDrbg({ reseedInterval })
        : new HmacDrbg({ reseedInterval });
    this.#personalization = this.#options.personalization ?? defaultPersonalization();
    this.#readAhead = new ReadAhead(pr ? 0 : this.#options.readAheadBytes);
    this.#budget = new ReseedBudget(this.#options.soft, this.#options.hard);
  }

  /** True once instantiated from the seed source; false again after close(). */
  get seeded(): boolean {
    return this.#drbg.instantiated;
  }

  /**
   * Resolves once `fillSync` can serve: seeds the source if it is not seeded yet, waits for a reseed in
   * flight, and reseeds if a hard limit has passed. Rejects with the seed source's error (reason and
   * `retryable` kept, wrapped with this source's name) when that fails; calling it again tries again.
   */
  async ready(options?: FillOptions): Promise<void> {
    const signal = options?.signal;
    for (;;) {
      if (this.closed) throw closedError(this.name);
      if (signal?.aborted) throw abortedError(this.name, signal);
      if (this.#reseeding !== undefined) {
        await abortable(this.#reseeding.catch(noop), signal, this.name);
      }
      if (this.closed) throw closedError(this.name);
      if (!this.#mustReseed(performance.now())) return;
      await abortable(this.#reseed(this.seeded ? "hard-limit" : "ready"), signal, this.name);
    }
  }

  /**
   * Reseeds now with fresh entropy from the seed source (instantiates if not seeded), for events that
   * call for it: a restored VM snapshot, a key ceremony. Waits for a reseed already in flight first.
   */
  async reseed(options?: FillOptions): Promise<void> {
    const signal = options?.signal;
    if (this.closed) throw closedError(this.name);
    if (this.#reseeding !== undefined) {
      await abortable(this.#reseeding.catch(noop), signal, this.name);
    }
    await abortable(this.#reseed(this.seeded ? "manual" : "ready"), signal, this.name);
  }

  protected async fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    if (this.#options.predictionResistance) return this.#fillPredictionResistant(view, signal);
    const now = performance.now();
    let offset = 0;
    for (;;) {
      if (this.#mustReseed(now)) {
        await abortable(this.#reseed(this.#hardTrigger()), signal, this.name);
        continue;
      }
      offset = this.#serve(view, offset, now);
      if (offset === view.byteLength) break;
    }
    this.#reseedIfDue(now);
  }

  protected fillBytesSync(view: Uint8Array): void {
    if (this.#options.predictionResistance) {
      this.#fillPredictionResistantSync(view);
      return;
    }
    const now = performance.now();
    let offset = 0;
    for (;;) {
      if (this.#mustReseed(now)) {
        this.#reseedSync(this.#hardTrigger());
        continue;
      }
      offset = this.#serve(view, offset, now);
      if (offset === view.byteLength) break;
    }
    this.#reseedIfDue(now);
  }

  protected override async onClose(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#reseeding?.catch(noop);
    this.#drbg.uninstantiate();
    this.#readAhead.drop();
    if (this.#options.ownsUpstream) await this.#seedSource.close();
  }

  /** Fills from `offset` on until done or until a hard limit stops it; returns how far it got. */
  #serve(view: Uint8Array, offset: number, now: number): number {
    if (view.byteLength <= SMALL_REQUEST_BYTES && this.#readAhead.byteLength >= view.byteLength) {
      return this.#readAhead.serve(view, offset, (buffer) => {
        if (this.#mustReseed(now)) return false;
        this.#generate(buffer);
        return true;
      });
    }
    while (offset < view.byteLength) {
      if (this.#mustReseed(now)) return offset;
      const end = Math.min(view.byteLength, offset + MAX_BYTES_PER_REQUEST);
      this.#generate(view.subarray(offset, end));
      offset = end;
    }
    return offset;
  }

  #generate(target: Uint8Array): void {
    this.#drbg.generateInto(target);
    this.#budget.spend(target.byteLength);
  }

  /** Not seeded, or (without prediction resistance) past a hard limit. */
  #mustReseed(now: number): boolean {
    if (!this.#drbg.instantiated) return true;
    return !this.#options.predictionResistance && this.#budget.exhausted(now);
  }

  #hardTrigger(): ReseedTrigger {
    return this.#drbg.instantiated ? "hard-limit" : "first-use";
  }

  /** Starts a background reseed when a soft threshold has passed and none is running or backing off. */
  #reseedIfDue(now: number): void {
    if (this.#reseeding !== undefined || now < this.#retryAt) return;
    const trigger = this.#budget.due(now);
    if (trigger !== undefined) this.#reseed(trigger).catch(noop);
  }

  /** The one (re)seed in flight, shared by every caller that needs it; started if none is. */
  #reseed(trigger: ReseedTrigger): Promise<void> {
    if (this.#reseeding === undefined) {
      const running = this.#runReseed(trigger);
      running.catch(noop);
      this.#reseeding = running;
    }
    return this.#reseeding;
  }

  async #runReseed(trigger: ReseedTrigger): Promise<void> {
    const instantiate = !this.#drbg.instantiated;
    const started = performance.now();
    let material: Buffer | undefined;
    try {
      material = await fetchSeed(
        this.#seedSource,
        instantiate ? INSTANTIATE_BYTES : MIN_ENTROPY_BYTES,
        this.#options.seedTimeoutMs,
        [this.closeSignal],
      );
      if (this.closed) throw closedError(this.name);
      this.#applySeed(material, instantiate, trigger, started);
    } catch (error) {
      throw this.#seedFailed(error, instantiate, trigger, started);
    } finally {
      material?.fill(0);
      // Cleared here, not in a later .finally(): a caller woken by the outcome must not join a settled reseed.
      this.#reseeding = undefined;
    }
  }

  /** Inline reseed for fillSync past a hard limit: only over a seed source that serves synchronously. */
  #reseedSync(trigger: ReseedTrigger): void {
    const instantiate = !this.#drbg.instantiated;
    if (this.#syncSeed === undefined) {
      if (performance.now() >= this.#retryAt) this.#reseed(trigger).catch(noop);
      if (drbgChannels.exhausted.hasSubscribers) {
        const event: DrbgExhaustedEvent = { source: this.name, why: instantiate ? "unseeded" : "hard-limit" };
        drbgChannels.exhausted.publish(event);
      }
      throw exhaustedError(this.name, this.#seedSource.name, instantiate, this.#lastFailure);
    }
    const started = performance.now();
    const material = Buffer.alloc(instantiate ? INSTANTIATE_BYTES : MIN_ENTROPY_BYTES);
    try {
      this.#syncSeed(material);
      this.#applySeed(material, instantiate, trigger, started);
    } catch (error) {
      const failure = this.#seedFailed(error, instantiate, trigger, started);
      // A sync seed source that cannot serve now (a PoolSource gone dry) may through its async path.
      if (!this.closed) this.#reseed(trigger).catch(noop);
      throw failure;
    } finally {
      material.fill(0);
    }
  }

  #applySeed(material: Uint8Array, instantiate: boolean, trigger: ReseedTrigger, started: number): void {
    if (instantiate) {
      this.#drbg.instantiate(
        material.subarray(0, MIN_ENTROPY_BYTES),
        material.subarray(MIN_ENTROPY_BYTES),
        this.#personalization,
      );
    } else {
      this.#drbg.reseed(material);
    }
    const now = performance.now();
    const spent = this.#budget.restart(now);
    this.#failures = 0;
    this.#retryAt = 0;
    this.#lastFailure = undefined;
    // Output generated before this reseed is never served after it.
    this.#readAhead.drop();
    if (!this.#options.predictionResistance) this.#schedule(this.#options.soft.ms, "time");
    if (drbgChannels.reseed.hasSubscribers) {
      const event: DrbgReseedEvent = {
        source: this.name,
        seedSource: this.#seedSource.name,
        instantiate,
        trigger,
        durationMs: now - started,
        bytesSinceSeed: spent.bytes,
        requestsSinceSeed: spent.requests,
      };
      drbgChannels.reseed.publish(event);
    }
  }

  /** Records a failed (re)seed, schedules the next attempt if the source stays useful, and names the failure. */
  #seedFailed(
    error: unknown,
    instantiate: boolean,
    trigger: ReseedTrigger,
    started: number,
  ): RandomSourceError {
    if (this.closed) return closedError(this.name);
    const failure = seedFailure(this.name, this.#seedSource.name, "seeding", error);
    this.#lastFailure = failure;
    this.#failures++;
    const delay = Math.min(this.#options.retryDelayMs * 2 ** (this.#failures - 1), MAX_RETRY_DELAY_MS);
    this.#retryAt = performance.now() + delay;
    // A seeded source keeps trying in the background so that it heals before a hard limit; an unseeded
    // one waits for the next call, so a misconfigured seed source is not polled forever.
    const retrying = !instantiate && !this.#options.predictionResistance;
    if (retrying) this.#schedule(delay, "retry");
    if (drbgChannels.reseedFailed.hasSubscribers) {
      const event: DrbgReseedFailedEvent = {
        source: this.name,
        seedSource: this.#seedSource.name,
        instantiate,
        trigger,
        durationMs: performance.now() - started,
        error: failure.reason,
        ...(retrying ? { retryInMs: delay } : {}),
      };
      drbgChannels.reseedFailed.publish(event);
    }
    return failure;
  }

  /** One timer at a time, unref'd so it never keeps a process alive, cleared on close. */
  #schedule(delayMs: number, trigger: ReseedTrigger): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.closed || !Number.isFinite(delayMs)) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.closed) this.#reseed(trigger).catch(noop);
    }, delayMs);
    this.#timer.unref();
  }

  async #fillPredictionResistant(view: Uint8Array, signal: AbortSignal): Promise<void> {
    if (!this.#drbg.instantiated) {
      await abortable(this.#reseed("first-use"), signal, this.name);
    }
    const started = performance.now();
    let entropy: Buffer;
    try {
      entropy = await fetchSeed(this.#seedSource, entropyFor(view.byteLength), this.#options.seedTimeoutMs, [
        signal,
      ]);
    } catch (error) {
      if (this.closed) throw closedError(this.name);
      if (signal.aborted) throw error;
      throw seedFailure(this.name, this.#seedSource.name, "the prediction-resistance reseed", error);
    }
    try {
      if (this.closed) throw closedError(this.name);
      this.#generatePredictionResistant(view, entropy, started);
    } finally {
      entropy.fill(0);
    }
  }

  /** Prediction resistance without awaiting: only over a seed source that serves synchronously. */
  #fillPredictionResistantSync(view: Uint8Array): void {
    if (this.#syncSeed === undefined) throw predictionResistanceSyncError(this.name, this.#seedSource.name);
    if (!this.#drbg.instantiated) this.#reseedSync("first-use");
    const started = performance.now();
    const entropy = Buffer.alloc(entropyFor(view.byteLength));
    try {
      try {
        this.#syncSeed(entropy);
      } catch (error) {
        throw seedFailure(this.name, this.#seedSource.name, "the prediction-resistance reseed", error);
      }
      this.#generatePredictionResistant(view, entropy, started);
    } finally {
      entropy.fill(0);
    }
  }

  #generatePredictionResistant(view: Uint8Array, entropy: Uint8Array, started: number): void {
    const requests = generateWithPredictionResistance(this.#drbg, view, entropy);
    this.#budget.spend(view.byteLength, requests);
    if (drbgChannels.reseed.hasSubscribers) {
      const event: DrbgReseedEvent = {
        source: this.name,
        seedSource: this.#seedSource.name,
        instantiate: false,
        trigger: "prediction-resistance",
        durationMs: performance.now() - started,
        bytesSinceSeed: view.byteLength,
        requestsSinceSeed: requests,
      };
      drbgChannels.reseed.publish(event);
    }
  }
}
