/**
 * What `ready()` waits on: a gate that opens once, the first time the buffer reaches low water, and
 * stays open. Waiting calls settle when it opens, when a refill fails first, when the pool closes, or
 * when their own signal fires, whichever comes first.
 */
import type { RandomSourceError } from "@rngkit/core";

interface Entry {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

const RESOLVED: Promise<void> = Promise.resolve();

export class ReadyGate {
  readonly #waiting = new Set<Entry>();
  #open: boolean;

  constructor(open: boolean) {
    this.#open = open;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Resolves when the gate opens; rejects with `onAbort()`'s error if `signal` fires first. */
  wait(signal: AbortSignal | undefined, onAbort: () => RandomSourceError): Promise<void> {
    if (this.#open) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      const entry: Entry = { resolve, reject, signal, onAbort: () => this.#settle(entry, onAbort()) };
      signal?.addEventListener("abort", entry.onAbort, { once: true });
      this.#waiting.add(entry);
    });
  }

  /** Opens the gate for good and resolves everyone waiting. */
  open(): void {
    this.#open = true;
    for (const entry of this.#waiting) this.#settle(entry, undefined);
  }

  /** Rejects everyone waiting now; the gate stays shut, and later calls wait again. */
  fail(error: RandomSourceError): void {
    for (const entry of this.#waiting) this.#settle(entry, error);
  }

  #settle(entry: Entry, error: RandomSourceError | undefined): void {
    if (!this.#waiting.delete(entry)) return;
    entry.signal?.removeEventListener("abort", entry.onAbort);
    if (error === undefined) entry.resolve();
    else entry.reject(error);
  }
}
