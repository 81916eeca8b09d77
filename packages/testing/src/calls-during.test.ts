import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { callsDuring, interleavedCallRates } from "./calls-during.js";

describe("callsDuring", () => {
  it("counts every call of concurrent loops", async () => {
    let made = 0;
    const result = await callsDuring(100, 8, async () => {
      await sleep(5);
      made += 1;
      return 1;
    });
    expect(made).toBeGreaterThan(8);
    expect(result.calls).toBe(made);
    expect(result.callsPerSecond).toBeCloseTo(made / result.seconds, 6);
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

describe("interleavedCallRates", () => {
  it("runs the contenders in alternating turns and sums each one's calls and time", async () => {
    const order: string[] = [];
    const made = { a: 0, b: 0 };
    const loop = (name: "a" | "b", loops: number) => ({
      name,
      loops,
      work: async () => {
        if (order.at(-1) !== name) order.push(name);
        await sleep(2);
        made[name] += 1;
        return 1;
      },
    });
    const rates = await interleavedCallRates([loop("a", 1), loop("b", 4)], { turnMs: 30, turns: 3 });
    expect(order).toEqual(["a", "b", "a", "b", "a", "b"]);
    expect(rates.get("a")?.calls).toBe(made.a);
    expect(rates.get("b")?.calls).toBe(made.b);
    expect(rates.get("a")?.seconds).toBeGreaterThanOrEqual(0.09);
    expect(rates.get("b")?.callsPerSecond).toBeCloseTo(made.b / (rates.get("b")?.seconds ?? 0), 6);
  });

  it("refuses two contenders with one name", async () => {
    const work = async () => 1;
    await expect(
      interleavedCallRates(
        [
          { name: "x", loops: 1, work },
          { name: "x", loops: 1, work },
        ],
        { turnMs: 1, turns: 1 },
      ),
    ).rejects.toThrow("contender x is named twice");
  });
});
