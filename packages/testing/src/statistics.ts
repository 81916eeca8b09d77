/**
 * Statistical checks small enough to run in every test suite. They catch broken sources (stuck,
 * biased, repeating, counter-like), not subtle weaknesses: that is what ent and dieharder are for.
 */

/** ln Γ(x), Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0] as number;
  for (let i = 1; i < 9; i++) sum += (c[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The regularized lower incomplete gamma P(a, x) and its complement Q(a, x), by series for x < a + 1
 * and by Lentz's continued fraction otherwise (Numerical Recipes §6.2), each accurate in its own tail.
 */
export function regularizedGamma(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-17; n++) {
      term *= x / (a + n);
      sum += term;
    }
    const lower = sum * Math.exp(logPrefix);
    return { lower, upper: 1 - lower };
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const upper = h * Math.exp(logPrefix);
  return { lower: 1 - upper, upper };
}

export interface ChiSquareResult {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  /** P(X ≥ statistic): small when the counts are too uneven (bias, stuck bytes). */
  readonly pUpper: number;
  /** P(X ≤ statistic): small when the counts are too even to be random (counters, patterns). */
  readonly pLower: number;
}

/** Pearson's chi-square test of byte values (256 bins) against the uniform distribution. */
export function byteFrequencyTest(bytes: Uint8Array): ChiSquareResult {
  const counts = new Float64Array(256);
  for (const byte of bytes) counts[byte] = (counts[byte] as number) + 1;
  const expected = bytes.byteLength / 256;
  let statistic = 0;
  for (const count of counts) statistic += (count - expected) ** 2 / expected;
  const degreesOfFreedom = 255;
  const { lower, upper } = regularizedGamma(degreesOfFreedom / 2, statistic / 2);
  return { statistic, degreesOfFreedom, pUpper: upper, pLower: lower };
}

/**
 * Finds a `windowBytes`-long sequence that occurs twice across (or within) the given outputs, by
 * sliding a window over each. With 8-byte windows, a repeat among a million random windows has
 * probability below 2^-24, so any repeat means bytes were served twice.
 */
export function findRepeatedWindow(
  outputs: readonly Uint8Array[],
  windowBytes = 8,
): { first: number; second: number } | undefined {
  const seen = new Map<string, number>();
  for (const [index, output] of outputs.entries()) {
    const hex = Buffer.from(output.buffer, output.byteOffset, output.byteLength).toString("hex");
    for (let at = 0; at + windowBytes <= output.byteLength; at++) {
      const window = hex.slice(at * 2, (at + windowBytes) * 2);
      const earlier = seen.get(window);
      if (earlier !== undefined) return { first: earlier, second: index };
      seen.set(window, index);
    }
  }
  return undefined;
}
