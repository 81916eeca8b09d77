/**
 * The pool's memory: a fixed ring of bytes, written only at its tail by whole upstream chunks and read
 * only at its head. Every byte is zeroed the moment it leaves, whether it was handed out or dropped, so
 * consumed memory never holds a byte that could be served again (DESIGN invariant 1; nanoid's pool bugs
 * in 5.1.10-5.1.16 were a reused region and stale bytes after a failed refill). A ring, not a list of
 * Buffers joined with Buffer.concat, so that serving allocates nothing but the caller's output.
 */

/** Below this many bytes a plain loop that copies and zeroes in one pass beats two native calls. */
const SMALL_COPY = 64;

export class ByteRing {
  readonly #memory: Uint8Array;
  /** The same memory read and zeroed four bytes at a time (little-endian, whatever the platform). */
  readonly #words: DataView;
  readonly #size: number;
  #head = 0;
  #level = 0;
  #removed = 0;

  /** The ring uses `memory` as its storage; it must arrive zero-filled. */
  constructor(memory: Uint8Array) {
    this.#memory = memory;
    this.#words = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
    this.#size = memory.byteLength;
  }

  /** Bytes held now. */
  get level(): number {
    return this.#level;
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes that have ever left the ring, handed out or dropped: the age tracker's clock. */
  get removed(): number {
    return this.#removed;
  }

  /** Appends `chunk` at the tail. The caller checks that it fits (`size - level`). */
  push(chunk: Uint8Array): void {
    const length = chunk.byteLength;
    let tail = this.#head + this.#level;
    if (tail >= this.#size) tail -= this.#size;
    const first = Math.min(length, this.#size - tail);
    this.#memory.set(first === length ? chunk : chunk.subarray(0, first), tail);
    if (first < length) this.#memory.set(chunk.subarray(first), 0);
    this.#level += length;
  }

  /**
   * Moves the oldest `target.byteLength` bytes into `target` and zeroes where they were. The caller
   * checks that the ring holds that many.
   */
  take(target: Uint8Array): void {
    const length = target.byteLength;
    const memory = this.#memory;
    let head = this.#head;
    if (length <= SMALL_COPY && (length & 3) === 0 && head + length < this.#size) {
      // The common sizes (16, 32, 64) without a wrap: a quarter of the loads and of the zeroing stores.
      const words = this.#words;
      for (let i = 0; i < length; i += 4) {
        const word = words.getUint32(head + i, true);
        target[i] = word;
        target[i + 1] = word >>> 8;
        target[i + 2] = word >>> 16;
        target[i + 3] = word >>> 24;
        words.setUint32(head + i, 0, true);
      }
      head += length;
    } else if (length <= SMALL_COPY) {
      const size = this.#size;
      for (let i = 0; i < length; i++) {
        target[i] = memory[head] as number;
        memory[head] = 0;
        if (++head === size) head = 0;
      }
    } else {
      const first = Math.min(length, this.#size - head);
      target.set(memory.subarray(head, head + first));
      memory.fill(0, head, head + first);
      if (first < length) {
        target.set(memory.subarray(0, length - first), first);
        memory.fill(0, 0, length - first);
      }
      head += length;
      if (head >= this.#size) head -= this.#size;
    }
    this.#head = head;
    this.#level -= length;
    this.#removed += length;
  }

  /** Zeroes the oldest `length` bytes without handing them out. */
  drop(length: number): void {
    const first = Math.min(length, this.#size - this.#head);
    this.#memory.fill(0, this.#head, this.#head + first);
    if (first < length) this.#memory.fill(0, 0, length - first);
    this.#head += length;
    if (this.#head >= this.#size) this.#head -= this.#size;
    this.#level -= length;
    this.#removed += length;
  }

  /** Zeroes all of the memory, held or not, and returns how many bytes were held. */
  clear(): number {
    const held = this.#level;
    this.#memory.fill(0);
    this.#removed += held;
    this.#head = 0;
    this.#level = 0;
    return held;
  }
}
