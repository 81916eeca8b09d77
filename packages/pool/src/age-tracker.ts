/**
 * Remembers when each chunk entered the ring, for the optional maximum age of buffered bytes. It keeps
 * one (end, expiry) pair per chunk, where `end` counts every byte that ever entered the ring; the ring's
 * own count of bytes that left tells which chunks are gone. Serving touches none of this, so the hot
 * path pays nothing for the feature.
 */
export class AgeTracker {
  readonly #maxAgeMs: number;
  /** Per chunk still (partly) buffered, oldest first: cumulative bytes entered after it, and its expiry. */
  readonly #ends: number[] = [];
  readonly #expiries: number[] = [];
  #first = 0;
  #entered = 0;

  constructor(maxAgeMs: number) {
    this.#maxAgeMs = maxAgeMs;
  }

  /** Records a chunk of `length` bytes entering the ring at time `now`. */
  entered(length: number, now: number): void {
    this.#entered += length;
    this.#ends.push(this.#entered);
    this.#expiries.push(now + this.#maxAgeMs);
  }

  /**
   * How many of the oldest buffered bytes have expired at `now`, given that `removed` bytes have left
   * the ring so far. Forgets chunks that are gone.
   */
  expiredBytes(now: number, removed: number): number {
    this.#forget(removed);
    let cut = removed;
    for (let at = this.#first; at < this.#ends.length && (this.#expiries[at] as number) <= now; at++) {
      cut = this.#ends[at] as number;
    }
    return cut - removed;
  }

  /** When the oldest chunk still buffered expires, or undefined if none is. */
  nextExpiry(removed: number): number | undefined {
    this.#forget(removed);
    return this.#expiries[this.#first];
  }

  #forget(removed: number): void {
    while (this.#first < this.#ends.length && (this.#ends[this.#first] as number) <= removed) this.#first++;
    if (this.#first > 64 && this.#first * 2 > this.#ends.length) {
      this.#ends.splice(0, this.#first);
      this.#expiries.splice(0, this.#first);
      this.#first = 0;
    }
  }
}
