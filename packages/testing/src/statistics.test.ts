import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { byteFrequencyTest, findRepeatedWindow, regularizedGamma } from "./statistics.js";

describe("regularizedGamma", () => {
  it("matches known chi-square tail probabilities", () => {
    // Upper 5 % point of chi-square with 255 degrees of freedom is 293.2478 (scipy.stats.chi2.ppf(0.95, 255)).
    expect(regularizedGamma(255 / 2, 293.2478 / 2).upper).toBeCloseTo(0.05, 4);
    // Lower 1 % point: qchisq(0.01, 255) = 205.4209 (scipy.stats.chi2.ppf).
    expect(regularizedGamma(255 / 2, 205.4209 / 2).lower).toBeCloseTo(0.01, 4);
    // P(a = 1, x) = 1 - e^-x.
    expect(regularizedGamma(1, 2).lower).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(regularizedGamma(3, 0).lower).toBe(0);
  });
});

describe("byteFrequencyTest", () => {
  it("passes node:crypto's bytes", () => {
    const result = byteFrequencyTest(randomBytes(1024 * 1024));
    expect(result.pUpper).toBeGreaterThan(1e-9);
    expect(result.pLower).toBeGreaterThan(1e-9);
  });

  it("fails a biased source in the upper tail", () => {
    const biased = randomBytes(1024 * 1024).map((byte) => (byte < 4 ? 0 : byte));
    expect(byteFrequencyTest(biased).pUpper).toBeLessThan(1e-9);
  });

  it("fails a counter, whose counts are too even to be random, in the lower tail", () => {
    const counter = Uint8Array.from({ length: 1024 * 1024 }, (_, index) => index & 0xff);
    expect(byteFrequencyTest(counter).pLower).toBeLessThan(1e-9);
  });
});

describe("findRepeatedWindow", () => {
  it("finds bytes served twice across outputs", () => {
    const shared = randomBytes(8);
    const a = Buffer.concat([randomBytes(20), shared]);
    const b = Buffer.concat([shared, randomBytes(3)]);
    expect(findRepeatedWindow([randomBytes(64), a, b])).toEqual({ first: 1, second: 2 });
  });

  it("finds nothing in independent random outputs", () => {
    expect(findRepeatedWindow(Array.from({ length: 200 }, () => randomBytes(64)))).toBeUndefined();
  });
});
