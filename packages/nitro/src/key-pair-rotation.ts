/**
 * The current key pair and its replacement: a call reserves its bytes on the current pair; when the pair's
 * age, byte or call budget would be exceeded, one new pair is generated (concurrent callers share it) and
 * later calls use it. Calls already under way finish with the pair they started with.
 */
import { abortable, closedError, RandomSourceError } from "@rngkit/core";
import { nitroChannels } from "./events.js";
import { type KeyPairBudget, RecipientKeyPair } from "./recipient-key-pair.js";

export class KeyPairRotation {
  readonly #budget: KeyPairBudget;
  readonly #clock: () => number;
  readonly #source: string;
  readonly #onRetire: (keyPair: RecipientKeyPair) => void;
  #current: RecipientKeyPair | undefined;
  #next: Promise<RecipientKeyPair> | undefined;
  #generated = 0;
  #closed = false;

  constructor(
    budget: KeyPairBudget,
    clock: () => number,
    source: string,
    onRetire: (keyPair: RecipientKeyPair) => void,
  ) {
    this.#budget = budget;
    this.#clock = clock;
    this.#source = source;
    this.#onRetire = onRetire;
  }

  /** Key pairs generated so far. */
  get generated(): number {
    return this.#generated;
  }

  /** A key pair with `byteLength` bytes and one call reserved on it. */
  async acquire(byteLength: number, signal: AbortSignal): Promise<RecipientKeyPair> {
    let current = this.#current;
    // A new pair always has room for one call (the options guarantee it), unless the clock jumps past its
    // age budget while it is made: a few tries, then give up rather than loop.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.#closed) throw closedError(this.#source);
      if (current?.reserve(byteLength, this.#clock(), this.#budget)) return current;
      current = await abortable(this.#replace(current), signal);
    }
    throw new RandomSourceError("Unavailable", `${this.#source}: no key pair stayed within its budget`, {
      source: this.#source,
    });
  }

  /** Drops the current key pair and any being made (on close). */
  close(): void {
    this.#closed = true;
    if (this.#current !== undefined) this.#retire(this.#current);
    this.#current = undefined;
  }

  #replace(spent: RecipientKeyPair | undefined): Promise<RecipientKeyPair> {
    if (this.#current !== spent && this.#current !== undefined) return Promise.resolve(this.#current);
    this.#next ??= RecipientKeyPair.generate(this.#clock).then(
      (keyPair) => {
        this.#next = undefined;
        if (this.#closed) {
          this.#retire(keyPair);
          return keyPair;
        }
        if (this.#current !== undefined) this.#retire(this.#current);
        this.#current = keyPair;
        this.#generated++;
        if (nitroChannels.rotate.hasSubscribers) {
          nitroChannels.rotate.publish({
            source: this.#source,
            keyPairId: keyPair.id,
            generation: this.#generated,
          });
        }
        return keyPair;
      },
      (error: unknown) => {
        this.#next = undefined;
        throw error;
      },
    );
    return this.#next;
  }

  #retire(keyPair: RecipientKeyPair): void {
    keyPair.retire();
    this.#onRetire(keyPair);
  }
}
