import { describe, expect, it } from "vitest";
import { AgeTracker } from "./age-tracker.js";

describe("AgeTracker", () => {
  it("reports the bytes of expired chunks still buffered, oldest first", () => {
    const age = new AgeTracker(100);
    age.entered(8, 0);
    age.entered(8, 50);
    age.entered(8, 120);
    expect(age.nextExpiry(0)).toBe(100);
    expect(age.expiredBytes(99, 0)).toBe(0);
    expect(age.expiredBytes(100, 0)).toBe(8);
    // 5 bytes were served: only 3 of the first chunk are left to expire.
    expect(age.expiredBytes(100, 5)).toBe(3);
    expect(age.expiredBytes(160, 5)).toBe(11);
    // Once the first two chunks are gone, the third is next.
    expect(age.nextExpiry(16)).toBe(220);
    expect(age.expiredBytes(1000, 24)).toBe(0);
    expect(age.nextExpiry(24)).toBeUndefined();
  });
});
