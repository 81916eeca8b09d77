/** When DrbgSource calls its seed source, what it does while a (re)seed is in flight, and how it fails closed. */
import { setTimeout as sleep } from "node:timers/promises";
import { RandomSourceError, type SourceCapabilities, SyncRandomSourceBase } from "@rngkit/core";
import { collectEvents, DeterministicSource, rejectionOf, ScriptedSource, step } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { ControlledSeed } from "../test/controlled-seed.js";
import { DrbgSource } from "./drbg-source.js";
import type { DrbgExhaustedEvent, DrbgReseedEvent, DrbgReseedFailedEvent } from "./events.js";

function thrown(run: () => unknown): RandomSourceError {
  try {
    run();
  } catch (error) {
    expect(RandomSourceError.is(error)).toBe(true);
    return error as RandomSourceError;
  }
  throw new Error("expected a throw");
}

describe("DrbgSource seeding", () => {
  it("calls nothing until asked; ready() instantiates from one 48-byte call, reseed() draws 32", async () => {
    const seed = new ControlledSeed("seeding-1");
    const source = new DrbgSource(seed);
    expect(source.seeded).toBe(false);
    expect(seed.calls).toEqual([]);
    await source.ready();
    expect(source.seeded).toBe(true);
    await source.ready(); // already seeded: no call
    expect(seed.calls).toEqual([48]);
    await source.reseed();
    expect(seed.calls).toEqual([48, 32]);
    await source.close();
  });

  it("over an async seed, fillSync before ready() throws Exhausted (retryable), starts seeding and serves once it lands", async () => {
    const seed = new ControlledSeed("seeding-2");
    const source = new DrbgSource(seed);
    const exhausted = collectEvents<DrbgExhaustedEvent>("rngkit:drbg:exhausted");
    const target = new Uint8Array(32).fill(7);
    const error = thrown(() => source.fillSync(target));
    exhausted.stop();
    expect(error.reason).toBe("Exhausted");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("await ready()");
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(exhausted.messages).toEqual([{ source: source.name, why: "unseeded" }]);
    expect(seed.calls).toEqual([48]); // seeding started in the background
    await source.ready(); // joins it
    expect(seed.calls).toEqual([48]);
    expect(source.fillSync(new Uint8Array(32)).some((byte) => byte !== 0)).toBe(true);
    await source.close();
  });

  it("over a sync seed, fillSync seeds inline and never throws Exhausted", async () => {
    const source = new DrbgSource(new DeterministicSource({ seed: "seeding-3" }), {
      reseedAfterBytes: 1024,
      hardLimitFactor: 1,
      readAheadBytes: 0,
    });
    const reseeds = collectEvents<DrbgReseedEvent>("rngkit:drbg:reseed");
    for (let call = 0; call < 20; call++) source.fillSync(new Uint8Array(512));
    reseeds.stop();
    expect(reseeds.messages[0]).toMatchObject({ instantiate: true, trigger: "first-use" });
    expect(reseeds.messages.filter((event) => event.trigger === "hard-limit").length).toBeGreaterThanOrEqual(
      9,
    );
    await source.close();
  });

  it("over a sync seed that cannot serve synchronously now (a dry pool), throws its Exhausted and reseeds through fill()", async () => {
    class DryPool extends SyncRandomSourceBase {
      readonly name = "dry-pool";
      readonly capabilities: SourceCapabilities = { maxBytesPerCall: 1024, sync: true, remote: false };
      readonly inner = new DeterministicSource({ seed: "dry" });
      protected async fillBytes(view: Uint8Array): Promise<void> {
        this.inner.fillSync(view);
      }
      protected fillBytesSync(): void {
        throw new RandomSourceError("Exhausted", "dry-pool: empty", { source: "dry-pool" });
      }
    }
    const source = new DrbgSource(new DryPool());
    const error = thrown(() => source.fillSync(new Uint8Array(8)));
    expect(error.reason).toBe("Exhausted");
    expect(error.message).toContain("seeding from dry-pool failed");
    await source.ready(); // the async reseed the failure started
    expect(source.seeded).toBe(true);
    expect(source.fillSync(new Uint8Array(8)).byteLength).toBe(8);
    await source.close();
  });

  it("rejects ready() with the seed source's reason and retryable flag, under its own name; trying again works", async () => {
    const seed = new ControlledSeed("seeding-4", "kms:test");
    seed.failNext("AccessDenied", "Throttled");
    const source = new DrbgSource(seed);
    const denied = await rejectionOf(source.ready());
    expect(denied.reason).toBe("AccessDenied");
    expect(denied.retryable).toBe(false);
    expect(denied.source).toBe("ctr-drbg(kms:test)");
    expect(denied.message).toBe(
      "ctr-drbg(kms:test): seeding from kms:test failed: kms:test: scripted AccessDenied",
    );
    expect(RandomSourceError.is(denied.cause, "AccessDenied")).toBe(true);
    const throttled = await rejectionOf(source.fill(new Uint8Array(8)));
    expect(throttled.reason).toBe("Throttled");
    expect(throttled.retryable).toBe(true);
    await source.ready();
    expect(source.seeded).toBe(true);
    await source.close();
  });

  it("refuses a seed of the wrong length (InvalidResponse) and gives up on a hanging seed call (Timeout)", async () => {
    const wrong = new DrbgSource(new ScriptedSource({ script: [step.wrongLength(47)] }));
    expect((await rejectionOf(wrong.ready())).reason).toBe("InvalidResponse");
    const hanging = new DrbgSource(new ScriptedSource({ script: [step.hang()] }), { seedTimeoutMs: 20 });
    const timeout = await rejectionOf(hanging.ready());
    expect(timeout.reason).toBe("Timeout");
    expect(timeout.retryable).toBe(true);
    await Promise.all([wrong.close(), hanging.close()]);
  });

  it("rejects ready() with Aborted when the caller's signal fires, and the seeding goes on for others", async () => {
    const seed = new ControlledSeed("seeding-5");
    seed.hold();
    const source = new DrbgSource(seed);
    const controller = new AbortController();
    const first = source.ready({ signal: controller.signal });
    const second = source.ready();
    controller.abort(new Error("no longer needed"));
    expect((await rejectionOf(first)).reason).toBe("Aborted");
    seed.release();
    await second;
    expect(seed.calls).toEqual([48]);
    await source.close();
  });
});

describe("DrbgSource reseed policy", () => {
  it("starts a background reseed at the bytes threshold and keeps serving while it runs", async () => {
    const seed = new ControlledSeed("policy-1");
    const source = new DrbgSource(seed, { reseedAfterBytes: 4096, readAheadBytes: 0 });
    await source.ready();
    seed.hold();
    source.fillSync(new Uint8Array(4096));
    expect(seed.calls).toEqual([48, 32]);
    for (let call = 0; call < 3; call++) source.fillSync(new Uint8Array(4096)); // below the hard limit (16 KiB)
    expect(seed.calls).toEqual([48, 32]); // one reseed in flight at a time
    const landed = collectEvents<DrbgReseedEvent>("rngkit:drbg:reseed");
    seed.release();
    await source.ready();
    landed.stop();
    expect(landed.messages).toEqual([
      expect.objectContaining({
        instantiate: false,
        trigger: "bytes",
        bytesSinceSeed: 16_384,
        requestsSinceSeed: 4,
      }),
    ]);
    await source.close();
  });

  it("starts one at the requests threshold", async () => {
    const seed = new ControlledSeed("policy-2");
    const source = new DrbgSource(seed, { reseedAfterRequests: 3, readAheadBytes: 0 });
    await source.ready();
    const landed = collectEvents<DrbgReseedEvent>("rngkit:drbg:reseed");
    for (let call = 0; call < 3; call++) source.fillSync(new Uint8Array(1));
    await source.ready();
    landed.stop();
    expect(landed.messages).toEqual([expect.objectContaining({ trigger: "requests", requestsSinceSeed: 3 })]);
    await source.close();
  });

  it("reseeds on a timer when idle, without being called", async () => {
    const seed = new ControlledSeed("policy-3");
    const source = new DrbgSource(seed, { reseedAfterMs: 20 });
    const landed = collectEvents<DrbgReseedEvent>("rngkit:drbg:reseed");
    await source.ready();
    const timed = await landed.next((event) => event.trigger === "time");
    landed.stop();
    expect(timed).toMatchObject({ instantiate: false, bytesSinceSeed: 0 });
    expect(seed.calls.slice(0, 2)).toEqual([48, 32]);
    await source.close();
  });

  it("past the hard limit with the reseed still out: fillSync throws Exhausted, fill waits for it", async () => {
    const seed = new ControlledSeed("policy-4");
    const source = new DrbgSource(seed, { reseedAfterBytes: 1024, hardLimitFactor: 2, readAheadBytes: 0 });
    await source.ready();
    seed.hold();
    source.fillSync(new Uint8Array(1024)); // soft: background reseed starts
    source.fillSync(new Uint8Array(1024)); // up to the hard limit
    const exhausted = collectEvents<DrbgExhaustedEvent>("rngkit:drbg:exhausted");
    const target = new Uint8Array(16).fill(9);
    const error = thrown(() => source.fillSync(target));
    exhausted.stop();
    expect(error.reason).toBe("Exhausted");
    expect(error.retryable).toBe(true);
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(exhausted.messages).toEqual([{ source: source.name, why: "hard-limit" }]);
    const waiting = source.fill(new Uint8Array(16));
    seed.release();
    expect((await waiting).some((byte) => byte !== 0)).toBe(true);
    expect(source.fillSync(new Uint8Array(16)).some((byte) => byte !== 0)).toBe(true);
    expect(seed.calls).toEqual([48, 32]);
    await source.close();
  });

  it("past the hard limit time, fillSync throws Exhausted until the overdue reseed lands", async () => {
    const seed = new ControlledSeed("policy-5");
    const source = new DrbgSource(seed, { reseedAfterMs: 10, hardLimitFactor: 2 });
    await source.ready();
    seed.hold();
    await sleep(40); // past 2 × 10 ms, with the timer's reseed held
    expect(thrown(() => source.fillSync(new Uint8Array(8))).reason).toBe("Exhausted");
    seed.release();
    await source.ready();
    expect(source.fillSync(new Uint8Array(8)).byteLength).toBe(8);
    await source.close();
  });

  it("fails closed when a due reseed fails: fill rejects with the seed's reason, view zeroed; fillSync names the failure", async () => {
    const seed = new ControlledSeed("policy-6");
    const source = new DrbgSource(seed, {
      reseedAfterBytes: 1024,
      hardLimitFactor: 1,
      readAheadBytes: 0,
      retryDelayMs: 60_000,
    });
    await source.ready();
    seed.failNext("Unavailable", "Unavailable");
    const failed = collectEvents<DrbgReseedFailedEvent>("rngkit:drbg:reseed-failed");
    source.fillSync(new Uint8Array(1024)); // reaches the hard limit at once; the background reseed fails
    await failed.next();
    const target = new Uint8Array(64).fill(3);
    const error = await rejectionOf(source.fill(target)); // past the hard limit: reseeds first, which fails
    failed.stop();
    expect(error.reason).toBe("Unavailable");
    expect(error.source).toBe(source.name);
    expect(target.every((byte) => byte === 0)).toBe(true);
    const sync = thrown(() => source.fillSync(new Uint8Array(8)));
    expect(sync.reason).toBe("Exhausted");
    expect(RandomSourceError.is(sync.cause, "Unavailable")).toBe(true);
    expect(failed.messages.map((event) => event.error)).toEqual(["Unavailable", "Unavailable"]);
    expect(failed.messages[0]).toMatchObject({ instantiate: false, trigger: "bytes", retryInMs: 60_000 });
    await source.ready(); // the seed source recovered
    expect((await source.bytes(8)).byteLength).toBe(8);
    await source.close();
  });

  it("after a failed background reseed below the hard limit, keeps serving and retries on a timer", async () => {
    const seed = new ControlledSeed("policy-7");
    const source = new DrbgSource(seed, { reseedAfterBytes: 1024, readAheadBytes: 0, retryDelayMs: 10 });
    await source.ready();
    seed.failNext("Throttled");
    const failed = collectEvents<DrbgReseedFailedEvent>("rngkit:drbg:reseed-failed");
    const landed = collectEvents<DrbgReseedEvent>("rngkit:drbg:reseed");
    source.fillSync(new Uint8Array(1024));
    expect(await failed.next()).toMatchObject({ error: "Throttled", retryInMs: 10 });
    expect(source.fillSync(new Uint8Array(1024)).byteLength).toBe(1024); // still below 4 KiB
    expect(await landed.next()).toMatchObject({ trigger: "retry" });
    failed.stop();
    landed.stop();
    expect(seed.calls).toEqual([48, 32, 32]);
    await source.close();
  });
});
