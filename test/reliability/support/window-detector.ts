/**
 * "No byte served twice", checked in bounded memory over any volume.
 *
 * Every output of a random source is cut into overlapping 16-byte windows. A window is *anchored* when its
 * first 32-bit word has its low `level` bits zero (probability q = 2^-level), a property of its content, so
 * a byte run served twice has the same anchored windows in both copies. Anchored windows are stored whole
 * (16 bytes, not a hash) in a fixed-size open-addressing table; when the table passes 3/4 full, `level`
 * goes up by one and the windows that no longer qualify are dropped, so memory never grows and coverage
 * thins out only as the volume grows.
 *
 * What it proves: a run of R >= 16 bytes served twice (to two callers, or twice to one) contains R - 15
 * windows, each anchored with probability q, so it escapes with probability (1 - q)^(R - 15): with q = 1/8,
 * a 64-byte run escapes with probability 1.4e-3, a 256-byte run with 1e-14, a 1024-byte KMS chunk never
 * in practice. Two distinct random 16-byte windows are equal with probability 2^-128, so every repeat it
 * reports is a real one. Repeats shorter than 16 bytes occur by chance in random data and cannot be told
 * apart from bugs by content: the load test covers them by counting bytes (served ≤ produced).
 *
 * It also reports any all-zero window: zeroed memory handed out as random bytes.
 */
const WINDOW = 16;

export interface RepeatedWindow {
  readonly firstOutput: number;
  readonly secondOutput: number;
  readonly offset: number;
}

export class WindowDetector {
  readonly #slots: number;
  readonly #mask: number;
  readonly #words: Uint32Array;
  readonly #owners: Int32Array;
  #stored = 0;
  #level = 0;
  #anchorMask = 0;
  #scanned = 0;
  #zeroWindows = 0;
  readonly #repeats: RepeatedWindow[] = [];

  /** `slots` (a power of two) windows of 20 bytes each: 2^21 slots is 40 MiB. */
  constructor(slots = 2 ** 21) {
    if (!Number.isInteger(Math.log2(slots))) throw new RangeError("slots must be a power of two");
    this.#slots = slots;
    this.#mask = slots - 1;
    this.#words = new Uint32Array(slots * 4);
    this.#owners = new Int32Array(slots).fill(-1);
  }

  /** Anchor bits: a window is stored when the low `level` bits of its first word are zero. */
  get level(): number {
    return this.#level;
  }

  /** The fraction of windows stored now: 2^-level. */
  get anchorProbability(): number {
    return 2 ** -this.#level;
  }

  get windowsScanned(): number {
    return this.#scanned;
  }

  get windowsStored(): number {
    return this.#stored;
  }

  get zeroWindows(): number {
    return this.#zeroWindows;
  }

  /** Repeats found so far (at most 100 are kept). */
  get repeats(): readonly RepeatedWindow[] {
    return this.#repeats;
  }

  /** Adds one output (one request's bytes), identified by `output` in reports. */
  add(bytes: Uint8Array, output: number): void {
    const last = bytes.byteLength - WINDOW;
    if (last < 0) return;
    this.#scanned += last + 1;
    for (let at = 0; at <= last; at++) {
      const w0 = read(bytes, at);
      // Read each time: an insert can raise the level, which applies from the next window on.
      if ((w0 & this.#anchorMask) !== 0) continue;
      const w1 = read(bytes, at + 4);
      const w2 = read(bytes, at + 8);
      const w3 = read(bytes, at + 12);
      if ((w0 | w1 | w2 | w3) === 0) this.#zeroWindows++;
      else this.#insert(w0, w1, w2, w3, output, at);
    }
  }

  #insert(w0: number, w1: number, w2: number, w3: number, output: number, offset: number): void {
    const words = this.#words;
    let slot = (Math.imul(w1 ^ w3, 0x9e3779b1) ^ w2) & this.#mask;
    for (;;) {
      const owner = this.#owners[slot] as number;
      if (owner === -1) break;
      const base = slot * 4;
      if (words[base] === w0 && words[base + 1] === w1 && words[base + 2] === w2 && words[base + 3] === w3) {
        if (this.#repeats.length < 100)
          this.#repeats.push({ firstOutput: owner, secondOutput: output, offset });
        return;
      }
      slot = (slot + 1) & this.#mask;
    }
    const base = slot * 4;
    words[base] = w0;
    words[base + 1] = w1;
    words[base + 2] = w2;
    words[base + 3] = w3;
    this.#owners[slot] = output;
    this.#stored++;
    if (this.#stored * 4 > this.#slots * 3) this.#raiseLevel();
  }

  /** One more anchor bit: keep only the windows that still qualify, reinserted in a cleared table. */
  #raiseLevel(): void {
    this.#level++;
    const keep = (1 << this.#level) - 1;
    this.#anchorMask = keep;
    const kept: number[] = [];
    for (let slot = 0; slot < this.#slots; slot++) {
      const owner = this.#owners[slot] as number;
      if (owner === -1) continue;
      const base = slot * 4;
      if (((this.#words[base] as number) & keep) === 0) {
        kept.push(
          this.#words[base] as number,
          this.#words[base + 1] as number,
          this.#words[base + 2] as number,
          this.#words[base + 3] as number,
          owner,
        );
      }
    }
    this.#owners.fill(-1);
    this.#words.fill(0);
    this.#stored = 0;
    const repeatsBefore = this.#repeats.length;
    for (let i = 0; i < kept.length; i += 5) {
      this.#insert(
        kept[i] as number,
        kept[i + 1] as number,
        kept[i + 2] as number,
        kept[i + 3] as number,
        kept[i + 4] as number,
        -1,
      );
    }
    if (this.#repeats.length !== repeatsBefore)
      throw new Error("window table corrupted while raising its level");
  }
}

function read(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0
  );
}
