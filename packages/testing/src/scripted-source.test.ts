import { describe, expect, it } from "vitest";
import { describeRandomSource } from "./conformance.js";
import { rejectionOf } from "./rejection-of.js";
import { ScriptedSource, step } from "./scripted-source.js";

describeRandomSource("ScriptedSource (serving)", () => new ScriptedSource({ concurrency: 8 }));

describe("ScriptedSource", () => {
  it("chunks requests by maxBytesPerCall and records each call", async () => {
    const source = new ScriptedSource({ maxBytesPerCall: 100 });
    expect((await source.bytes(250)).byteLength).toBe(250);
    expect(source.calls).toEqual([
      { byteLength: 100, step: "serve" },
      { byteLength: 100, step: "serve" },
      { byteLength: 50, step: "serve" },
    ]);
  });

  it("fails a request on a scripted failure and leaves the view zeroed", async () => {
    const source = new ScriptedSource({
      script: [step.serve(), step.fail("Throttled")],
      maxBytesPerCall: 16,
    });
    const target = new Uint8Array(64).fill(7);
    const error = await rejectionOf(source.fill(target));
    expect(error.reason).toBe("Throttled");
    expect(error.retryable).toBe(true);
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(source.calls.map((call) => call.step)).toEqual(["serve", "fail"]);
  });

  it("refuses a wrong-length answer as InvalidResponse instead of padding or trimming it", async () => {
    for (const byteLength of [0, 31, 33]) {
      const source = new ScriptedSource({ script: [step.wrongLength(byteLength)] });
      const error = await rejectionOf(source.bytes(32));
      expect(error.reason).toBe("InvalidResponse");
      expect(error.message).toBe(`scripted: an upstream call for 32 bytes returned ${byteLength}`);
    }
  });

  it("wraps a thrown non-RandomSourceError as Unavailable, not retryable, keeping it as cause", async () => {
    const thrown = new TypeError("boom");
    const error = await rejectionOf(new ScriptedSource({ script: [step.throw(thrown)] }).bytes(8));
    expect(error.reason).toBe("Unavailable");
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(thrown);
  });

  it("aborts a hanging call with Aborted and keeps serving afterwards", async () => {
    const source = new ScriptedSource({ script: [step.hang()] });
    const controller = new AbortController();
    const pending = source.bytes(8, { signal: controller.signal });
    setTimeout(() => controller.abort("enough"), 5);
    const error = await rejectionOf(pending);
    expect(error.reason).toBe("Aborted");
    expect(error.cause).toBe("enough");
    expect((await source.bytes(8)).byteLength).toBe(8);
  });

  it("rejects a hanging call with Closed when the source closes", async () => {
    const source = new ScriptedSource({ script: [step.hang()] });
    const pending = source.bytes(8);
    await source.close();
    expect((await rejectionOf(pending)).reason).toBe("Closed");
  });

  it("delays and then serves", async () => {
    const source = new ScriptedSource({ script: [step.delay(20)] });
    expect((await source.bytes(8)).byteLength).toBe(8);
    expect(source.calls[0]?.step).toBe("delay");
  });

  it("uses `afterScript` once the script runs out, and takes steps pushed later", async () => {
    const source = new ScriptedSource({ afterScript: step.fail("Unavailable") });
    expect((await rejectionOf(source.bytes(1))).reason).toBe("Unavailable");
    source.push(step.serve());
    expect((await source.bytes(1)).byteLength).toBe(1);
    expect((await rejectionOf(source.bytes(1))).reason).toBe("Unavailable");
  });
});
