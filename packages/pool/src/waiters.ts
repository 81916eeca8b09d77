/**
 * Requests waiting for bytes, first in first out. A waiter takes nothing until the buffer holds its
 * whole request, so removing one (abort, close, failure) never loses bytes that others could have had.
 * Removal marks the entry and leaves it for `first()` to skip: O(1), with no search of the queue.
 */
export interface Waiter {
  readonly view: Uint8Array;
  readonly signal: AbortSignal;
  /** performance.now() when it started waiting. */
  readonly started: number;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly onAbort: () => void;
  /** False once served or removed. */
  queued: boolean;
}

export class WaiterQueue {
  #entries: Waiter[] = [];
  #head = 0;
  #count = 0;
  #bytes = 0;

  /** Waiters queued now. */
  get count(): number {
    return this.#count;
  }

  /** Bytes they ask for in total. */
  get bytes(): number {
    return this.#bytes;
  }

  push(waiter: Waiter): void {
    this.#entries.push(waiter);
    this.#count++;
    this.#bytes += waiter.view.byteLength;
  }

  /** The longest-waiting waiter still queued. */
  first(): Waiter | undefined {
    while (this.#head < this.#entries.length) {
      const waiter = this.#entries[this.#head] as Waiter;
      if (waiter.queued) return waiter;
      this.#head++;
    }
    this.#compact();
    return undefined;
  }

  /** Takes `waiter` out of the queue (it must be queued). */
  remove(waiter: Waiter): void {
    waiter.queued = false;
    this.#count--;
    this.#bytes -= waiter.view.byteLength;
    if (this.#count === 0) this.#compact();
  }

  /** Removes and returns every queued waiter, oldest first. */
  removeAll(): Waiter[] {
    const all = this.#entries.slice(this.#head).filter((waiter) => waiter.queued);
    for (const waiter of all) waiter.queued = false;
    this.#entries = [];
    this.#head = 0;
    this.#count = 0;
    this.#bytes = 0;
    return all;
  }

  #compact(): void {
    if (this.#count === 0) {
      this.#entries = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }
}
