import { describe, expect, it } from "vitest";
import { driveOpenLoop as drive } from "./open-loop.js";

// The driver's accounting only: how many requests it sends and records. No figure is checked.
describe("drive", () => {
  it("sends every request the schedule holds and records only those due after the warm-up", async () => {
    let sent = 0;
    let measuring = 0;
    const result = await drive(
      async () => {
        sent++;
      },
      {
        rate: 2000,
        warmupMs: 10,
        durationMs: 20,
        onMeasureStart: () => {
          measuring = sent;
        },
      },
    );
    expect(sent).toBe(60);
    expect(measuring).toBe(20);
    expect(result.requests).toBe(40);
    expect(result.errors).toBe(0);
    expect(result.unfinished).toBe(0);
  });

  it("sends the same schedule when it yields to the event loop between requests", async () => {
    let sent = 0;
    const result = await drive(
      async () => {
        sent++;
      },
      { rate: 2000, durationMs: 20, wait: "yield" },
    );
    expect(sent).toBe(40);
    expect(result.requests).toBe(40);
  });

  it("counts failed requests as errors", async () => {
    const result = await drive(() => Promise.reject(new Error("no")), { rate: 1000, durationMs: 5 });
    expect(result.requests).toBe(5);
    expect(result.errors).toBe(5);
  });
});
