/**
 * At most `max` upstream calls in flight per pool, refills and pass-through requests together, so that
 * a burst of demand can never become a refill storm against a remote service's quota. Slots are handed
 * out first come, first served; the pool's refill takes a place in the same queue (at most one at a
 * time) so that neither a large request nor the refill can starve the other.
 */

/** A queued place: a pass-through call waiting for a slot, or the pool's refill (`REFILL_TURN`). */
interface Ticket {
  readonly grant: () => void;
  readonly signal: AbortSignal;
  readonly onAbort: () => void;
}

const REFILL_TURN = Symbol("refill turn");

export class CallLimiter {
  readonly #max: number;
  /**
   * Called when the refill's queued turn comes, with the slot already taken for it: returns true if it
   * started a call in that slot, false to pass the slot on.
   */
  readonly #onRefillTurn: () => boolean;
  readonly #queue: (Ticket | typeof REFILL_TURN)[] = [];
  #inFlight = 0;
  #peak = 0;
  #refillQueued = false;

  constructor(max: number, onRefillTurn: () => boolean) {
    this.#max = max;
    this.#onRefillTurn = onRefillTurn;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most calls that were ever in flight at once. */
  get peak(): number {
    return this.#peak;
  }

  /** Takes a slot now if one is free and nobody is queued for it. */
  tryAcquire(): boolean {
    if (this.#inFlight >= this.#max || this.#queue.length > 0) return false;
    this.#take();
    return true;
  }

  /** Queues the refill for the next free slot, unless it is queued already. */
  queueRefill(): void {
    if (this.#refillQueued) return;
    this.#refillQueued = true;
    this.#queue.push(REFILL_TURN);
  }

  /** Takes the refill's place out of the queue, if it has one. */
  cancelRefill(): void {
    if (!this.#refillQueued) return;
    this.#refillQueued = false;
    this.#queue.splice(this.#queue.indexOf(REFILL_TURN), 1);
  }

  /** Waits for a slot; rejects with the signal's reason if it fires first. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const ticket: Ticket = {
        grant: resolve,
        signal,
        onAbort: () => {
          const at = this.#queue.indexOf(ticket);
          if (at !== -1) this.#queue.splice(at, 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener("abort", ticket.onAbort, { once: true });
      this.#queue.push(ticket);
    });
  }

  /** Returns a slot and hands it to whoever waits longest. */
  release(): void {
    this.#inFlight--;
    while (this.#inFlight < this.#max && this.#queue.length > 0) {
      const next = this.#queue.shift() as Ticket | typeof REFILL_TURN;
      this.#take();
      if (next === REFILL_TURN) {
        this.#refillQueued = false;
        if (!this.#onRefillTurn()) this.#inFlight--;
      } else {
        next.signal.removeEventListener("abort", next.onAbort);
        next.grant();
      }
    }
  }

  #take(): void {
    this.#inFlight++;
    if (this.#inFlight > this.#peak) this.#peak = this.#inFlight;
  }
}
