/**
 * The shared half of every source: argument checks, abort and close handling, zero-on-failure, owned
 * Buffers and events. Implementations supply `fillBytes` (and `fillBytesSync` for sync sources), so the
 * contract's decisions are made once here rather than once per provider.
 */
import { setMaxListeners } from "node:events";
import { inspect } from "node:util";
import { type CloseEvent, coreChannels, type FillEvent } from "./events.js";
import { abortedError, closedError, invalidArgumentError, toRandomSourceError } from "./failures.js";
import { invalidArgTypeError } from "./node-errors.js";
import type { FillOptions, RandomSource, SourceCapabilities, SyncRandomSource } from "./random-source.js";
import { bytesOf, checkByteLength } from "./validate.js";

export abstract class RandomSourceBase implements RandomSource {
  abstract readonly name: string;
  abstract readonly capabilities: SourceCapabilities;

  readonly #closeController = RandomSourceBase.#newCloseController();
  #closing: Promise<void> | undefined;
  #inFlight = 0;
  #whenIdle: (() => void) | undefined;

  /** Every call in flight listens on the close signal: as many listeners as calls is expected, not a leak. */
  static #newCloseController(): AbortController {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  }

  /**
   * Fills `view` completely or throws. `signal` fires on the caller's abort and on `close()`; honour it
   * so both are prompt. The base zeroes the view on failure and maps errors to RandomSourceError.
   */
  protected abstract fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void>;

  /** Releases what the source holds, after calls in flight have settled. Runs once. */
  protected onClose(): Promise<void> | void {}

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Aborted when `close()` starts; for work a source runs outside a call (refills, timers). */
  protected get closeSignal(): AbortSignal {
    return this.#closeController.signal;
  }

  async fill<T extends ArrayBufferView>(target: T, options?: FillOptions): Promise<T> {
    if (!ArrayBuffer.isView(target)) {
      throw invalidArgumentError(this.name, invalidArgTypeError("target", "ArrayBufferView", target));
    }
    await this.run(bytesOf(target), options?.signal);
    return target;
  }

  async bytes(size: number, options?: FillOptions): Promise<Buffer> {
    const invalid = checkByteLength(size);
    if (invalid !== undefined) throw invalidArgumentError(this.name, invalid);
    // allocUnsafeSlow: a Buffer with an ArrayBuffer of its own, never a slice of Node's shared pool.
    const buffer = Buffer.allocUnsafeSlow(size);
    await this.run(buffer, options?.signal);
    return buffer;
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Checks state, runs `fillBytes`, and keeps the contract's promises about failure and events. */
  protected async run(view: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    const started = coreChannels.fill.hasSubscribers ? performance.now() : 0;
    let error: unknown;
    if (this.#closing !== undefined) error = closedError(this.name);
    else if (signal?.aborted) error = abortedError(this.name, signal);
    else if (view.byteLength > 0) {
      this.#inFlight++;
      const closeSignal = this.#closeController.signal;
      try {
        await this.fillBytes(
          view,
          signal === undefined ? closeSignal : AbortSignal.any([signal, closeSignal]),
        );
      } catch (caught) {
        error = toRandomSourceError(caught, this.name, signal, closeSignal);
      } finally {
        if (--this.#inFlight === 0) this.#whenIdle?.();
      }
    }
    if (error !== undefined) view.fill(0);
    if (started !== 0) this.publishFill(view.byteLength, false, started, error);
    if (error !== undefined) throw error;
  }

  protected publishFill(byteLength: number, sync: boolean, started: number, error: unknown): void {
    const event: FillEvent = {
      source: this.name,
      byteLength,
      sync,
      durationMs: performance.now() - started,
      ...(error === undefined ? {} : { error: toRandomSourceError(error, this.name, undefined).reason }),
    };
    coreChannels.fill.publish(event);
  }

  async #shutDown(): Promise<void> {
    this.#closeController.abort(closedError(this.name));
    if (this.#inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.#whenIdle = resolve;
      });
    }
    await this.onClose();
    coreChannels.close.publish({ source: this.name } satisfies CloseEvent);
  }

  /** Sources show their name only: no buffered bytes, keys or clients in logs. */
  [inspect.custom](): string {
    return `${this.constructor.name} { name: ${JSON.stringify(this.name)}, closed: ${this.closed} }`;
  }

  toJSON(): { name: string; closed: boolean } {
    return { name: this.name, closed: this.closed };
  }
}

/** The base for sources that can also serve synchronously. */
export abstract class SyncRandomSourceBase extends RandomSourceBase implements SyncRandomSource {
  /** Fills `view` completely or throws; the base zeroes it on failure. */
  protected abstract fillBytesSync(view: Uint8Array): void;

  fillSync<T extends ArrayBufferView>(target: T): T {
    if (!ArrayBuffer.isView(target)) {
      throw invalidArgumentError(this.name, invalidArgTypeError("target", "ArrayBufferView", target));
    }
    const view = bytesOf(target);
    const started = coreChannels.fill.hasSubscribers ? performance.now() : 0;
    let error: unknown;
    if (this.closed) error = closedError(this.name);
    else if (view.byteLength > 0) {
      try {
        this.fillBytesSync(view);
      } catch (caught) {
        error = toRandomSourceError(caught, this.name, undefined);
      }
    }
    if (error !== undefined) view.fill(0);
    if (started !== 0) this.publishFill(view.byteLength, true, started, error);
    if (error !== undefined) throw error;
    return target;
  }
}
