import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { callsDuring } from "../src/harness/calls-during.js";

describe("callsDuring", () => {
  it("counts every call of concurrent workers", async () => {
    let made = 0;
    const result = await callsDuring(100, 8, async () => {
      await sleep(5);
      made += 1;
      return 1;
    });
    expect(made).toBeGreaterThan(8);
    expect(result.calls).toBe(made);
  });

  it("adds what each round of work reports", async () => {
    let rounds = 0;
    const result = await callsDuring(50, 2, async () => {
      await sleep(2);
      rounds += 1;
      return 16;
    });
    expect(result.calls).toBe(16 * rounds);
  });
});
