/**
 * Output generated ahead for small requests: one generate call fills the buffer, requests are cut from
 * it in order, and every byte is zeroed as it is served (a byte is served once, DESIGN invariant 1).
 * drop() zeroes what is left, at every reseed and on close, so nothing generated before a reseed is
 * served after it.
 */
export class ReadAhead {
  readonly #buffer: Uint8Array;
  #at: number;

  constructor(byteLength: number) {
    this.#buffer = new Uint8Array(byteLength);
    this.#at = byteLength;
  }

  get byteLength(): number {
    return this.#buffer.byteLength;
  }

  /**
   * Copies into `view` from `offset` on, calling `refill(buffer)` whenever the buffer is empty; stops
   * early when `refill` returns false. Returns how far `view` is filled.
   */
  serve(view: Uint8Array, offset: number, refill: (buffer: Uint8Array) => boolean): number {
    const buffer = this.#buffer;
    while (offset < view.byteLength) {
      if (this.#at === buffer.byteLength) {
        if (!refill(buffer)) return offset;
        this.#at = 0;
      }
      const end = Math.min(buffer.byteLength, this.#at + view.byteLength - offset);
      view.set(buffer.subarray(this.#at, end), offset);
      buffer.fill(0, this.#at, end);
      offset += end - this.#at;
      this.#at = end;
    }
    return offset;
  }

  drop(): void {
    this.#buffer.fill(0);
    this.#at = this.#buffer.byteLength;
  }
}
