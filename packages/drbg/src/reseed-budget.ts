/**
 * What DrbgSource has served since its last (re)seed, against its soft thresholds (start a background
 * reseed) and hard limits (serve nothing until one lands). Time is `performance.now()`, monotonic.
 */
import type { ReseedLimits } from "./drbg-source-options.js";
import type { ReseedTrigger } from "./events.js";

export class ReseedBudget {
  readonly #soft: ReseedLimits;
  readonly #hard: ReseedLimits;
  #bytes = 0;
  #requests = 0;
  #seededAt = 0;

  constructor(soft: ReseedLimits, hard: ReseedLimits) {
    this.#soft = soft;
    this.#hard = hard;
  }

  /** Records generate requests and the bytes they produced. */
  spend(bytes: number, requests = 1): void {
    this.#bytes += bytes;
    this.#requests += requests;
  }

  /** Starts counting afresh at a (re)seed; returns what was served since the previous one. */
  restart(now: number): { bytes: number; requests: number } {
    const spent = { bytes: this.#bytes, requests: this.#requests };
    this.#bytes = 0;
    this.#requests = 0;
    this.#seededAt = now;
    return spent;
  }

  /** A hard limit has passed: nothing may be generated before a reseed. */
  exhausted(now: number): boolean {
    const hard = this.#hard;
    return this.#bytes >= hard.bytes || this.#requests >= hard.requests || now - this.#seededAt >= hard.ms;
  }

  /** The soft threshold that has passed, if any: a background reseed is due. */
  due(now: number): ReseedTrigger | undefined {
    const soft = this.#soft;
    if (this.#bytes >= soft.bytes) return "bytes";
    if (this.#requests >= soft.requests) return "requests";
    if (now - this.#seededAt >= soft.ms) return "time";
    return undefined;
  }
}
