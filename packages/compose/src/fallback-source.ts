/**
 * FallbackSource: explicit failover across upstreams in priority order (KMS in one region, then
 * another). A call goes to the first upstream not cooling down; only a retryable failure (Throttled,
 * Unavailable, Timeout, Exhausted, as the upstream flags it) moves it on to the next, and that upstream
 * then cools down for `cooldownMs` so later calls skip it. Every move publishes `rngkit:compose:fallback`
 * and every change of the upstream that serves publishes `rngkit:compose:switch`: failover is never
 * silent. A non-retryable failure (AccessDenied, InvalidResponse, HealthTestFailed...), an abort or a
 * close ends the call at once: falling back then would hide a fault, not ride out an outage.
 *
 * It never reaches for a source it was not given: listing a weaker source (node:crypto after KMS) is
 * the caller's explicit choice (DESIGN invariant 2). Each call is served whole by one upstream; a failed
 * upstream leaves the view zeroed (the contract), so bytes are never mixed across upstreams.
 */
import {
  type ComposedSourceOptions,
  MAX_RANDOM_BYTES,
  type RandomSource,
  RandomSourceBase,
  RandomSourceError,
  type SourceCapabilities,
  toRandomSourceError,
} from "@rngkit/core";
import { composeChannels, type FallbackEvent, type SwitchEvent } from "./events.js";
import { allSync, type FillSync, syncFill } from "./sync-fill.js";
import { checkOwnsUpstream, checkUpstreams, closeAll, composedName } from "./upstreams.js";

export interface FallbackSourceOptions extends ComposedSourceOptions {
  /**
   * After a retryable failure an upstream is skipped for this long, so that calls do not wait on an
   * upstream that is down; it is still tried when every upstream is cooling down. Default 30,000 ms; 0
   * tries the preferred upstream first on every call.
   */
  readonly cooldownMs?: number;
  /** Default `fallback(<upstream names>)`. */
  readonly name?: string;
}

export const DEFAULT_COOLDOWN_MS = 30_000;

export class FallbackSource extends RandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  /** Present when every upstream serves synchronously (see sync-fill.ts). */
  declare readonly fillSync?: FillSync;
  readonly #upstreams: readonly RandomSource[];
  readonly #ownsUpstream: boolean;
  readonly #cooldownMs: number;
  readonly #coolingUntil: number[];
  /** The upstream that served last: a switch event fires when another one serves. */
  #serving = 0;

  constructor(upstreams: readonly RandomSource[], options: FallbackSourceOptions = {}) {
    super();
    this.#upstreams = checkUpstreams(upstreams, "fallback", 2);
    this.name = composedName("fallback", this.#upstreams, options.name);
    this.#ownsUpstream = checkOwnsUpstream(options.ownsUpstream, this.name);
    const cooldown = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    if (!Number.isSafeInteger(cooldown) || cooldown < 0) {
      throw new RandomSourceError(
        "InvalidArgument",
        `${this.name}: cooldownMs must be a non-negative integer, got ${String(cooldown)}`,
        { source: this.name },
      );
    }
    this.#cooldownMs = cooldown;
    this.#coolingUntil = this.#upstreams.map(() => 0);
    const sync = allSync(this.#upstreams);
    this.capabilities = Object.freeze({
      maxBytesPerCall: Math.min(
        MAX_RANDOM_BYTES,
        ...this.#upstreams.map((upstream) => upstream.capabilities.maxBytesPerCall),
      ),
      sync,
      remote: this.#upstreams.some((upstream) => upstream.capabilities.remote),
    });
    if (sync) {
      Object.defineProperty(this, "fillSync", {
        value: syncFill(
          this,
          (view) => this.#fillBytesSync(view),
          (byteLength, started, error) => this.publishFill(byteLength, true, started, error),
        ),
      });
    }
  }

  /** The name of the upstream that served the last successful call. */
  get serving(): string {
    return (this.#upstreams[this.#serving] as RandomSource).name;
  }

  protected async fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    const failures: RandomSourceError[] = [];
    const order = this.#order();
    for (const [step, index] of order.entries()) {
      const upstream = this.#upstreams[index] as RandomSource;
      try {
        await upstream.fill(view, { signal });
        this.#served(index);
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        this.#failed(index, order[step + 1], toRandomSourceError(error, upstream.name, undefined), failures);
      }
    }
    throw this.#allFailed(failures);
  }

  #fillBytesSync(view: Uint8Array): void {
    const failures: RandomSourceError[] = [];
    const order = this.#order();
    for (const [step, index] of order.entries()) {
      const upstream = this.#upstreams[index] as RandomSource & { fillSync: FillSync };
      try {
        upstream.fillSync(view);
        this.#served(index);
        return;
      } catch (error) {
        this.#failed(index, order[step + 1], toRandomSourceError(error, upstream.name, undefined), failures);
      }
    }
    throw this.#allFailed(failures);
  }

  /** Upstreams in priority order, those cooling down last (tried only when the others have failed). */
  #order(): number[] {
    const now = performance.now();
    const ready: number[] = [];
    const cooling: number[] = [];
    for (let index = 0; index < this.#upstreams.length; index++) {
      ((this.#coolingUntil[index] as number) <= now ? ready : cooling).push(index);
    }
    return [...ready, ...cooling];
  }

  #served(index: number): void {
    this.#coolingUntil[index] = 0;
    if (index === this.#serving) return;
    const event: SwitchEvent = {
      source: this.name,
      from: (this.#upstreams[this.#serving] as RandomSource).name,
      to: (this.#upstreams[index] as RandomSource).name,
    };
    this.#serving = index;
    composeChannels.switch.publish(event);
  }

  /** Records a failure; rethrows it (wrapped) unless it is retryable and another upstream is left. */
  #failed(
    index: number,
    next: number | undefined,
    error: RandomSourceError,
    failures: RandomSourceError[],
  ): void {
    const upstream = this.#upstreams[index] as RandomSource;
    failures.push(error);
    if (!error.retryable) {
      throw new RandomSourceError(
        error.reason,
        `${this.name}: ${upstream.name} failed, not retryable: ${error.message}`,
        {
          source: this.name,
          retryable: false,
          cause: error,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      );
    }
    if (this.#cooldownMs > 0) this.#coolingUntil[index] = performance.now() + this.#cooldownMs;
    if (next === undefined) return;
    const event: FallbackEvent = {
      source: this.name,
      from: upstream.name,
      to: (this.#upstreams[next] as RandomSource).name,
      error: error.reason,
    };
    composeChannels.fallback.publish(event);
  }

  #allFailed(failures: readonly RandomSourceError[]): RandomSourceError {
    const last = failures[failures.length - 1] as RandomSourceError;
    const summary = failures.map((failure) => `${failure.source}: ${failure.reason}`).join(", ");
    return new RandomSourceError(last.reason, `${this.name}: every upstream failed (${summary})`, {
      source: this.name,
      retryable: failures.some((failure) => failure.retryable),
      cause: last,
    });
  }

  protected override async onClose(): Promise<void> {
    if (this.#ownsUpstream) await closeAll(this.#upstreams);
  }
}
