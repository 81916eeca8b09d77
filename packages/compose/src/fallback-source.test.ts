import { setTimeout as sleep } from "node:timers/promises";
import { RandomSourceError, type SourceCapabilities, SyncRandomSourceBase } from "@rngkit/core";
import { NodeCryptoSource } from "@rngkit/local";
import {
  collectEvents,
  DeterministicSource,
  describeRandomSource,
  rejectionOf,
  ScriptedSource,
  step,
} from "@rngkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { FallbackEvent, SwitchEvent } from "./events.js";
import { FallbackSource } from "./fallback-source.js";

describeRandomSource(
  "FallbackSource over NodeCryptoSource then DeterministicSource",
  () => new FallbackSource([new NodeCryptoSource(), new DeterministicSource({ seed: "fallback" })]),
);
describeRandomSource(
  "FallbackSource over a throttled async source then NodeCryptoSource",
  () =>
    new FallbackSource(
      [
        new ScriptedSource({ name: "throttled", afterScript: step.fail("Throttled") }),
        new NodeCryptoSource(),
      ],
      {
        cooldownMs: 0,
      },
    ),
);

const fallbacks = collectEvents<FallbackEvent>("rngkit:compose:fallback");
const switches = collectEvents<SwitchEvent>("rngkit:compose:switch");
afterEach(() => {
  fallbacks.messages.length = 0;
  switches.messages.length = 0;
});

/** A sync source that fails with `reason` while `failing` is true. */
class FlakySyncSource extends SyncRandomSourceBase {
  readonly capabilities: SourceCapabilities = { maxBytesPerCall: 1 << 20, sync: true, remote: false };
  failing = true;
  constructor(
    readonly name: string,
    private readonly reason: "Throttled" | "AccessDenied",
  ) {
    super();
  }
  protected async fillBytes(view: Uint8Array): Promise<void> {
    this.fillBytesSync(view);
  }
  protected fillBytesSync(view: Uint8Array): void {
    if (this.failing)
      throw new RandomSourceError(this.reason, `${this.name}: ${this.reason}`, { source: this.name });
    view.fill(1);
  }
}

describe("FallbackSource", () => {
  it("serves from the primary while it works, without events", async () => {
    const primary = new ScriptedSource({ name: "us-east-1" });
    const secondary = new ScriptedSource({ name: "eu-west-1" });
    const source = new FallbackSource([primary, secondary]);
    await source.bytes(32);
    expect(secondary.calls).toEqual([]);
    expect(source.serving).toBe("us-east-1");
    expect([...fallbacks.messages, ...switches.messages]).toEqual([]);
    await source.close();
  });

  it("fails over on a retryable failure, says so, skips the primary while it cools down, then switches back", async () => {
    const primary = new ScriptedSource({ name: "us-east-1", script: [step.fail("Throttled")] });
    const secondary = new ScriptedSource({ name: "eu-west-1" });
    const source = new FallbackSource([primary, secondary], { cooldownMs: 50 });
    expect((await source.bytes(32)).byteLength).toBe(32);
    expect(fallbacks.messages).toEqual([
      { source: "fallback(us-east-1,eu-west-1)", from: "us-east-1", to: "eu-west-1", error: "Throttled" },
    ]);
    expect(switches.messages).toEqual([
      { source: "fallback(us-east-1,eu-west-1)", from: "us-east-1", to: "eu-west-1" },
    ]);
    expect(source.serving).toBe("eu-west-1");

    await source.bytes(32); // the primary is cooling down: not asked
    expect(primary.calls.length).toBe(1);
    expect(secondary.calls.length).toBe(2);

    await sleep(60);
    await source.bytes(32); // cooled down, and healthy again
    expect(primary.calls.length).toBe(2);
    expect(switches.messages[1]).toEqual({
      source: "fallback(us-east-1,eu-west-1)",
      from: "eu-west-1",
      to: "us-east-1",
    });
    expect(source.serving).toBe("us-east-1");
    await source.close();
  });

  it("does not fall back on a failure that is not retryable", async () => {
    const primary = new ScriptedSource({ name: "primary", script: [step.fail("AccessDenied")] });
    const secondary = new ScriptedSource({ name: "secondary" });
    const source = new FallbackSource([primary, secondary]);
    const target = new Uint8Array(16).fill(4);
    const error = await rejectionOf(source.fill(target));
    expect(error.reason).toBe("AccessDenied");
    expect(error.retryable).toBe(false);
    expect(error.source).toBe(source.name);
    expect(RandomSourceError.is(error.cause, "AccessDenied")).toBe(true);
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(secondary.calls).toEqual([]);
    expect(fallbacks.messages).toEqual([]);
    await source.close();
  });

  it("fails with the last reason when every upstream fails, listing each, retryable if any was", async () => {
    const source = new FallbackSource([
      new ScriptedSource({ name: "a", script: [step.fail("Throttled")] }),
      new ScriptedSource({ name: "b", script: [step.fail("Unavailable")] }),
    ]);
    const error = await rejectionOf(source.bytes(16));
    expect(error.reason).toBe("Unavailable");
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("fallback(a,b): every upstream failed (a: Throttled, b: Unavailable)");
    expect(fallbacks.messages).toEqual([expect.objectContaining({ from: "a", to: "b", error: "Throttled" })]);
    // Both cool down now; the next call still tries them rather than failing untried.
    expect((await source.bytes(16)).byteLength).toBe(16);
    await source.close();
  });

  it("does not fall back when the caller aborts", async () => {
    const primary = new ScriptedSource({ name: "slow", script: [step.hang()] });
    const secondary = new ScriptedSource({ name: "other" });
    const source = new FallbackSource([primary, secondary]);
    const controller = new AbortController();
    const pending = source.bytes(16, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("enough")), 5);
    expect((await rejectionOf(pending)).reason).toBe("Aborted");
    expect(secondary.calls).toEqual([]);
    await source.close();
  });

  it("fails over synchronously between sync upstreams", async () => {
    const primary = new FlakySyncSource("flaky", "Throttled");
    const source = new FallbackSource([primary, new NodeCryptoSource()], { cooldownMs: 0 });
    expect(source.capabilities.sync).toBe(true);
    const first = source.fillSync?.(new Uint8Array(16)) as Uint8Array;
    expect(first.some((byte) => byte !== 1)).toBe(true);
    expect(source.serving).toBe("node-crypto");
    primary.failing = false;
    expect(source.fillSync?.(new Uint8Array(16))).toEqual(new Uint8Array(16).fill(1));
    expect(switches.messages.map((event) => event.to)).toEqual(["node-crypto", "flaky"]);
    const denied = new FallbackSource([
      new FlakySyncSource("denied", "AccessDenied"),
      new NodeCryptoSource(),
    ]);
    expect(() => denied.fillSync?.(new Uint8Array(8))).toThrowError(
      expect.objectContaining({ reason: "AccessDenied" }) as Error,
    );
    await Promise.all([source.close(), denied.close()]);
  });

  it("declares the smallest upstream maxBytesPerCall, sync only over sync upstreams, and refuses bad options", async () => {
    const source = new FallbackSource([
      new ScriptedSource({ name: "kms", maxBytesPerCall: 1024 }),
      new NodeCryptoSource(),
    ]);
    expect(source.capabilities).toEqual({ maxBytesPerCall: 1024, sync: false, remote: true });
    expect("fillSync" in source).toBe(false);
    await source.close();
    expect(
      () =>
        new FallbackSource([new NodeCryptoSource(), new DeterministicSource({ seed: 1 })], {
          cooldownMs: -1,
        }),
    ).toThrowError("cooldownMs must be a non-negative integer");
  });
});
