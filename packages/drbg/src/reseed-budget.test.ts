import { describe, expect, it } from "vitest";
import { ReseedBudget } from "./reseed-budget.js";

const budget = () =>
  new ReseedBudget({ bytes: 100, requests: 3, ms: 1000 }, { bytes: 400, requests: 12, ms: 4000 });

describe("ReseedBudget", () => {
  it("names the first soft threshold passed, bytes before requests before time", () => {
    const spent = budget();
    spent.restart(0);
    expect(spent.due(999)).toBeUndefined();
    expect(spent.due(1000)).toBe("time");
    spent.spend(10, 3);
    expect(spent.due(0)).toBe("requests");
    spent.spend(90);
    expect(spent.due(0)).toBe("bytes");
  });

  it("is exhausted at any hard limit, and restart() returns what was spent and starts over", () => {
    const spent = budget();
    spent.restart(0);
    expect(spent.exhausted(3999)).toBe(false);
    expect(spent.exhausted(4000)).toBe(true);
    spent.spend(399, 11);
    expect(spent.exhausted(0)).toBe(false);
    spent.spend(1);
    expect(spent.exhausted(0)).toBe(true);
    expect(spent.restart(5000)).toEqual({ bytes: 400, requests: 12 });
    expect(spent.exhausted(5000)).toBe(false);
    expect(spent.due(5000)).toBeUndefined();
  });
});
