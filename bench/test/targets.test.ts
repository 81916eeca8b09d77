import { describe, expect, it } from "vitest";
import { evaluateTargets } from "../src/targets.js";
import { modules } from "./fixtures.js";

describe("evaluateTargets", () => {
  const targets = evaluateTargets(modules);
  const find = (text: string) => {
    const found = targets.find((target) => target.target.includes(text));
    if (found === undefined) throw new Error(`no target mentions ${text}`);
    return found;
  };

  it("is met when every figure meets it", () => {
    expect(find("async `bytes(32)` ≥ 8×").verdict).toBe("met");
    expect(find("async `bytes(32)` ≥ 8×").figure).toContain("9.50×");
    expect(find("≤ 1,024 KMS calls per GiB").verdict).toBe("met");
  });

  it("is not met when one figure misses, even if another meets it", () => {
    // the suite measured 20×, the pool's own script 14×
    expect(find("`fillSync` into a 32-byte view").verdict).toBe("not met");
    expect(find("`fillSync` into a 32-byte view").figure).toContain("14.00×");
  });

  it("reads the open-loop point at 80 % of the upstream: stalls on both KMS paths, p99 on the worker path", () => {
    // pool(kms) had no stall, pool(worker(kms)) had two: one figure missing is enough.
    const stalls = find("no stalls after warm-up");
    expect(stalls.verdict).toBe("not met");
    expect(stalls.figure).toContain("0 stalls in 50,000 requests");
    expect(stalls.figure).toContain("2 stalls in 47,500 requests");
    const p99 = find("p99 wait < 100 µs");
    expect(p99.verdict).toBe("met");
    expect(p99.figure).toContain("p99 15 µs");
    expect(p99.from).toContain("serving thread on its own CPU");
    expect(p99.note).toContain("pool(kms): p99 250 µs");
    expect(p99.note).toContain("the driver alone on its own CPU: p99 11 µs");
    expect(p99.note).toContain("CPU shared: p99 40 µs");
  });

  it("checks KmsSource against the bare SDK loop at each concurrency", () => {
    expect(find("concurrency 16,").verdict).toBe("met");
    expect(find("concurrency 64,").verdict).toBe("not met");
  });

  it("has no figure when the benchmark failed or did not run", () => {
    expect(find("≥ 5,000 GenerateRandom requests/s").verdict).toBe("no figure");
  });

  it("reads the DRBG and pooled-DRBG ratios from the suite's rows", () => {
    expect(find("1 MiB `fill`s").verdict).toBe("met");
    expect(find("pooled (PoolSource over DrbgSource").verdict).toBe("not met");
  });
});
