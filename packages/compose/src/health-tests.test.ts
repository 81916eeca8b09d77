import { describe, expect, it } from "vitest";
import { goodByte } from "../test/pattern-source.js";
import { ContinuousHealthTests, INTERMITTENT_CUTOFFS, PERMANENT_CUTOFFS } from "./health-tests.js";

const tests = () => new ContinuousHealthTests(INTERMITTENT_CUTOFFS, PERMANENT_CUTOFFS);
const good = (length: number, seed = 1) => Uint8Array.from({ length }, (_, index) => goodByte(seed)(index));

/** P(X > k) for X ~ Binomial(n, p), summed from the upper tail so that tiny tails keep their precision. */
function upperTail(n: number, p: number, k: number): number {
  let pmf = (1 - p) ** n;
  const pmfs = [pmf];
  for (let i = 1; i <= n; i++) {
    pmf *= ((n - i + 1) / i) * (p / (1 - p));
    pmfs.push(pmf);
  }
  return pmfs.slice(k + 1).reduce((sum, value) => sum + value, 0);
}

describe("cutoffs for H = 8 follow SP 800-90B §4.4", () => {
  it.each([
    [30, INTERMITTENT_CUTOFFS],
    [60, PERMANENT_CUTOFFS],
  ])(
    "alpha = 2^-%i: RCT 1 + ceil(-log2(alpha) / H), APT 1 + CRITBINOM(512, 2^-8, 1 - alpha)",
    (log2Alpha, cutoffs) => {
      expect(cutoffs.repetitionCount).toBe(1 + Math.ceil(log2Alpha / 8));
      // CRITBINOM(n, p, 1 - alpha): the smallest k with P(X <= k) >= 1 - alpha, i.e. P(X > k) <= alpha.
      let k = 0;
      while (upperTail(512, 1 / 256, k) > 2 ** -log2Alpha) k++;
      expect(cutoffs.adaptiveProportion).toBe(1 + k);
    },
  );
});

describe("Repetition Count Test (§4.4.1)", () => {
  it("passes a run of 4, flags a run of 5 as intermittent and a run of 9 as permanent", () => {
    expect(tests().test(Uint8Array.of(1, 7, 7, 7, 7, 2))).toBeUndefined();
    expect(tests().test(Uint8Array.of(1, 7, 7, 7, 7, 7, 2))).toEqual({
      level: "intermittent",
      test: "repetition-count",
      count: 5,
      cutoff: 5,
    });
    expect(tests().test(new Uint8Array(9).fill(7))).toEqual({
      level: "permanent",
      test: "repetition-count",
      count: 9,
      cutoff: 9,
    });
  });

  it("counts a run across calls: the stream is continuous", () => {
    const state = tests();
    expect(state.test(Uint8Array.of(3, 9, 9))).toBeUndefined();
    expect(state.test(Uint8Array.of(9, 9))).toBeUndefined();
    expect(state.test(Uint8Array.of(9))).toMatchObject({ level: "intermittent", count: 5 });
    expect(state.test(Uint8Array.of(9, 9, 9))).toBeUndefined(); // 8: no new level reached
    expect(state.test(Uint8Array.of(9))).toMatchObject({ level: "permanent", count: 9 });
  });

  it("starts over after reset()", () => {
    const state = tests();
    state.test(Uint8Array.of(4, 4, 4, 4));
    state.reset();
    expect(state.test(Uint8Array.of(4))).toBeUndefined();
  });
});

describe("Adaptive Proportion Test (§4.4.2)", () => {
  /** A 512-sample window of distinct-looking bytes whose first value recurs `count` times in all, no two adjacent. */
  function window(count: number): Uint8Array {
    const samples = new Uint8Array(512);
    for (let index = 0; index < 512; index++) samples[index] = 1 + (index % 200); // values 1..200, never 0
    for (let occurrence = 0; occurrence < count; occurrence++) samples[occurrence * 20] = 0;
    return samples;
  }

  it.each([
    [15, undefined],
    [16, { level: "intermittent", test: "adaptive-proportion", count: 16, cutoff: 16 }],
    [24, { level: "intermittent", test: "adaptive-proportion", count: 16, cutoff: 16 }],
    [25, { level: "permanent", test: "adaptive-proportion", count: 25, cutoff: 25 }],
  ])("with the window's first value %i times in 512 samples gives %o", (count, finding) => {
    expect(tests().test(window(count))).toEqual(finding);
  });

  it("counts within a window only: occurrences past sample 512 belong to the next window", () => {
    const state = tests();
    const samples = window(15);
    expect(state.test(samples)).toBeUndefined();
    // The next window opens with a new first value, so zeros there start from nothing.
    const next = new Uint8Array(512).fill(0).map((_, index) => (index % 2 === 0 ? 0 : 1 + (index % 100)));
    next[0] = 5;
    expect(state.test(next)).toBeUndefined();
  });

  it("finds nothing in good data", () => {
    expect(tests().test(good(1 << 20))).toBeUndefined();
  });
});
