import diagnosticsChannel from "node:diagnostics_channel";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { RandomSourceError } from "./errors.js";
import type { FillEvent } from "./events.js";
import type { SourceCapabilities } from "./random-source.js";
import { SyncRandomSourceBase } from "./random-source-base.js";

type Behaviour = (view: Uint8Array, signal: AbortSignal) => Promise<void>;

/** A source whose fills do whatever the test says: the base class is what is under test. */
class ProbeSource extends SyncRandomSourceBase {
  readonly name = "probe";
  readonly capabilities: SourceCapabilities = { maxBytesPerCall: 64, sync: true, remote: false };
  closes = 0;
  constructor(
    private readonly behaviour: Behaviour,
    private readonly syncBehaviour: (view: Uint8Array) => void = (view) => view.fill(1),
  ) {
    super();
  }
  protected fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    return this.behaviour(view, signal);
  }
  protected fillBytesSync(view: Uint8Array): void {
    this.syncBehaviour(view);
  }
  protected override onClose(): void {
    this.closes++;
  }
}

const fillOnes: Behaviour = async (view) => {
  view.fill(1);
};
/** Writes half the view, then waits for the signal: a call caught in the middle of its work. */
const halfThenWait: Behaviour = (view, signal) => {
  view.fill(1, 0, view.byteLength >> 1);
  return new Promise((_, reject) =>
    signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
  );
};

async function rejection(promise: Promise<unknown>): Promise<RandomSourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(RandomSourceError.is(error)).toBe(true);
  return error as RandomSourceError;
}

const events: FillEvent[] = [];
const record = (message: unknown) => events.push(message as FillEvent);
afterEach(() => {
  diagnosticsChannel.unsubscribe("rngkit:core:fill", record);
  events.length = 0;
});

describe("RandomSourceBase", () => {
  it("returns Buffers that own their memory, even for sizes Node would pool", async () => {
    const source = new ProbeSource(fillOnes);
    for (const size of [0, 1, 8, 100]) {
      const output = await source.bytes(size);
      expect(output.byteOffset).toBe(0);
      expect(output.buffer.byteLength).toBe(size);
    }
  });

  it("zero-fills a view that an implementation half wrote before failing", async () => {
    const target = new Uint8Array(32).fill(7);
    const source = new ProbeSource(async (view) => {
      view.fill(1, 0, 16);
      throw new RandomSourceError("Unavailable", "gone", { source: "probe" });
    });
    expect((await rejection(source.fill(target))).reason).toBe("Unavailable");
    expect(target.every((byte) => byte === 0)).toBe(true);
  });

  it("wraps an unexpected error as Unavailable, not retryable, with it as cause", async () => {
    const thrown = new Error("bug");
    const error = await rejection(
      new ProbeSource(async () => {
        throw thrown;
      }).bytes(4),
    );
    expect(error).toMatchObject({ reason: "Unavailable", retryable: false, source: "probe" });
    expect(error.cause).toBe(thrown);
    expect(error.message).toBe("probe: unexpected failure: bug");
  });

  it("answers the caller's abort mid-call with Aborted and zeros", async () => {
    const source = new ProbeSource(halfThenWait);
    const controller = new AbortController();
    const target = new Uint8Array(16);
    const pending = source.fill(target, { signal: controller.signal });
    controller.abort("stop");
    const error = await rejection(pending);
    expect(error.reason).toBe("Aborted");
    expect(error.cause).toBe("stop");
    expect(target.every((byte) => byte === 0)).toBe(true);
  });

  it("on close, rejects calls in flight with Closed, waits for them, then runs onClose once", async () => {
    let finished = 0;
    const source = new ProbeSource(async (view, signal) => {
      try {
        await halfThenWait(view, signal);
      } finally {
        finished++;
      }
    });
    const targets = [new Uint8Array(8), new Uint8Array(8)];
    const pending = targets.map((target) =>
      rejection(source.fill(target, { signal: new AbortController().signal })),
    );
    const closing = source.close();
    expect(source.close()).toBe(closing);
    await closing;
    expect(finished).toBe(2);
    expect(source.closes).toBe(1);
    for (const error of await Promise.all(pending)) expect(error.reason).toBe("Closed");
    expect(targets.every((target) => target.every((byte) => byte === 0))).toBe(true);
    await source.close();
    expect(source.closes).toBe(1);
  });

  it("publishes a fill event with size, timing and reason, and never the bytes", async () => {
    diagnosticsChannel.subscribe("rngkit:core:fill", record);
    const source = new ProbeSource(fillOnes);
    await source.bytes(48);
    source.fillSync(new Uint8Array(5));
    await rejection(source.bytes(-1));
    await source.close();
    await rejection(source.bytes(3));
    expect(events.map(({ durationMs, ...rest }) => rest)).toEqual([
      { source: "probe", byteLength: 48, sync: false },
      { source: "probe", byteLength: 5, sync: true },
      { source: "probe", byteLength: 3, sync: false, error: "Closed" },
    ]);
    expect(events.every((event) => event.durationMs >= 0)).toBe(true);
  });

  it("fillSync zero-fills on failure and maps errors like fill", () => {
    const source = new ProbeSource(fillOnes, (view) => {
      view.fill(1);
      throw new RandomSourceError("Exhausted", "empty", { source: "probe" });
    });
    const target = new Uint8Array(8);
    expect(() => source.fillSync(target)).toThrowError(expect.objectContaining({ reason: "Exhausted" }));
    expect(target.every((byte) => byte === 0)).toBe(true);
  });

  it("shows only its name in util.inspect and JSON", () => {
    const source = new ProbeSource(fillOnes);
    expect(inspect(source)).toBe('ProbeSource { name: "probe", closed: false }');
    expect(JSON.stringify(source)).toBe('{"name":"probe","closed":false}');
  });

  it("keeps calls that need no work away from the implementation", async () => {
    let calls = 0;
    const source = new ProbeSource(async () => {
      calls++;
    });
    await source.bytes(0);
    await source.fill(new Uint8Array(0));
    expect(calls).toBe(0);
  });
});
