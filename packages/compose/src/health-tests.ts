/**
 * The SP 800-90B continuous health tests on a stream of byte samples, with two levels as in
 * jitterentropy (smuellerDD/jitterentropy-library, src/jitterentropy-health.c):
 *
 * - Repetition Count Test (§4.4.1): a run of one value. Cutoff C = 1 + ceil(-log2(alpha) / H).
 * - Adaptive Proportion Test (§4.4.2): how often the first sample of a 512-sample window recurs in it.
 *   Cutoff C = 1 + CRITBINOM(W, 2^-H, 1 - alpha).
 *
 * Defaults for full-entropy bytes (H = 8): intermittent alpha = 2^-30 gives RCT 5, APT 16; permanent
 * alpha = 2^-60 gives RCT 9, APT 25 (computed with exact binomial sums). A count reaching the
 * intermittent cutoff flags that data; the same count reaching the permanent cutoff flags the source.
 * Counting never restarts on an intermittent finding, so a source that stays stuck reaches the permanent
 * level whatever size its responses are.
 *
 * Exact false-alarm rates for a healthy source at these cutoffs (B counts the window's first sample, so
 * B - 1 ~ Binomial(511, 1/256)): APT 16: 2^-28.2 per window; APT 25: 2^-58.5; RCT 5: 2^-32 per sample;
 * RCT 9: 2^-64. jitterentropy's corrected formula (C = 2 + qbinom(1 - alpha, W - 1, 2^-H), SP 800-90B
 * comment 10b) would give APT 17 and 26 (2^-31.3, 2^-62.3); pass those as options for that choice.
 */

export type HealthTestName = "repetition-count" | "adaptive-proportion";

export interface HealthCutoffs {
  /** Repetition Count Test cutoff: a run this long fails. */
  readonly repetitionCount: number;
  /** Adaptive Proportion Test cutoff: this many occurrences of the window's first value fail. */
  readonly adaptiveProportion: number;
}

export interface HealthFinding {
  readonly level: "intermittent" | "permanent";
  readonly test: HealthTestName;
  readonly count: number;
  readonly cutoff: number;
}

export const INTERMITTENT_CUTOFFS: HealthCutoffs = Object.freeze({
  repetitionCount: 5,
  adaptiveProportion: 16,
});
export const PERMANENT_CUTOFFS: HealthCutoffs = Object.freeze({ repetitionCount: 9, adaptiveProportion: 25 });
/** §4.4.2: W = 512 for non-binary samples. */
export const APT_WINDOW = 512;

export class ContinuousHealthTests {
  readonly #intermittent: HealthCutoffs;
  readonly #permanent: HealthCutoffs;
  readonly #window: number;
  #rctValue = -1;
  #rctCount = 0;
  #aptValue = -1;
  #aptCount = 0;
  /** Samples of the current APT window seen so far; 0 means the next sample opens a window. */
  #aptSeen = 0;

  constructor(intermittent: HealthCutoffs, permanent: HealthCutoffs, window = APT_WINDOW) {
    this.#intermittent = intermittent;
    this.#permanent = permanent;
    this.#window = window;
  }

  /**
   * Feeds `samples` to both tests in order and returns the most severe finding (permanent before
   * intermittent, the first of each), or undefined. After a permanent finding it stops early.
   */
  test(samples: Uint8Array): HealthFinding | undefined {
    let intermittent: HealthFinding | undefined;
    const rctIntermittent = this.#intermittent.repetitionCount;
    const rctPermanent = this.#permanent.repetitionCount;
    const aptIntermittent = this.#intermittent.adaptiveProportion;
    const aptPermanent = this.#permanent.adaptiveProportion;
    for (let index = 0; index < samples.byteLength; index++) {
      const sample = samples[index] as number;
      // §4.4.1 Repetition Count Test.
      if (sample === this.#rctValue) {
        const count = ++this.#rctCount;
        if (count >= rctPermanent) {
          return { level: "permanent", test: "repetition-count", count, cutoff: rctPermanent };
        }
        if (count === rctIntermittent) {
          intermittent ??= {
            level: "intermittent",
            test: "repetition-count",
            count,
            cutoff: rctIntermittent,
          };
        }
      } else {
        this.#rctValue = sample;
        this.#rctCount = 1;
      }
      // §4.4.2 Adaptive Proportion Test.
      if (this.#aptSeen === 0) {
        this.#aptValue = sample;
        this.#aptCount = 1;
      } else if (sample === this.#aptValue) {
        const count = ++this.#aptCount;
        if (count >= aptPermanent) {
          return { level: "permanent", test: "adaptive-proportion", count, cutoff: aptPermanent };
        }
        if (count === aptIntermittent) {
          intermittent ??= {
            level: "intermittent",
            test: "adaptive-proportion",
            count,
            cutoff: aptIntermittent,
          };
        }
      }
      if (++this.#aptSeen === this.#window) this.#aptSeen = 0;
    }
    return intermittent;
  }

  /** Forgets every run and window, as a freshly started source. */
  reset(): void {
    this.#rctValue = -1;
    this.#rctCount = 0;
    this.#aptValue = -1;
    this.#aptCount = 0;
    this.#aptSeen = 0;
  }
}
