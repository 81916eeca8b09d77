import diagnosticsChannel from "node:diagnostics_channel";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { NitroRotateEvent } from "./events.js";
import { KeyPairRotation } from "./key-pair-rotation.js";
import type { RecipientKeyPair } from "./recipient-key-pair.js";

const budget = { maxAgeMs: 60_000, maxBytes: 4096, maxCalls: 3 };
const signal = new AbortController().signal;

function rotation(clock: () => number, retired: RecipientKeyPair[] = []) {
  return new KeyPairRotation(budget, clock, "nitro-test", (keyPair) => retired.push(keyPair));
}

describe("KeyPairRotation", () => {
  it("keeps one key pair until its call budget is spent, then makes one new pair", async () => {
    const retired: RecipientKeyPair[] = [];
    const keys = rotation(() => 0, retired);
    const first = await keys.acquire(10, signal);
    expect(await keys.acquire(10, signal)).toBe(first);
    expect(await keys.acquire(10, signal)).toBe(first);
    const second = await keys.acquire(10, signal);
    expect(second).not.toBe(first);
    expect(retired).toEqual([first]);
    expect(first.retired).toBe(true);
    expect(keys.generated).toBe(2);
  });

  it("replaces a pair whose byte budget a call would exceed", async () => {
    const keys = rotation(() => 0);
    const first = await keys.acquire(4000, signal);
    expect(await keys.acquire(96, signal)).toBe(first);
    expect(await keys.acquire(1, signal)).not.toBe(first);
  });

  it("replaces a pair once it reaches its maximum age", async () => {
    let now = 1_000;
    const keys = rotation(() => now);
    const first = await keys.acquire(1, signal);
    expect(first.createdAt).toBe(1_000);
    now += 59_999;
    expect(await keys.acquire(1, signal)).toBe(first);
    now += 1;
    expect(await keys.acquire(1, signal)).not.toBe(first);
  });

  it("makes one pair for many concurrent callers, and publishes the rotation without key material", async () => {
    const events: NitroRotateEvent[] = [];
    const listen = (message: unknown) => events.push(message as NitroRotateEvent);
    diagnosticsChannel.subscribe("rngkit:nitro:rotate", listen);
    try {
      const keys = new KeyPairRotation(
        { ...budget, maxCalls: 100 },
        () => 0,
        "nitro-test",
        () => {},
      );
      const pairs = await Promise.all(Array.from({ length: 20 }, () => keys.acquire(1, signal)));
      expect(new Set(pairs).size).toBe(1);
      expect(keys.generated).toBe(1);
      expect(events).toEqual([
        { source: "nitro-test", keyPairId: (pairs[0] as RecipientKeyPair).id, generation: 1 },
      ]);
    } finally {
      diagnosticsChannel.unsubscribe("rngkit:nitro:rotate", listen);
    }
  });

  it("bounds the replay set by the call budget and refuses a repeated encrypted key", async () => {
    const keys = rotation(() => 0);
    const keyPair = await keys.acquire(1, signal);
    expect(keyPair.recordEncryptedKey(Buffer.from("key one"))).toBe(true);
    expect(keyPair.recordEncryptedKey(Buffer.from("key two"))).toBe(true);
    expect(keyPair.recordEncryptedKey(Buffer.from("key one"))).toBe(false);
    expect(keyPair.recordedCount).toBe(2);
    // Every recorded key belongs to a reserved call, and at most maxCalls calls are reserved per pair.
    await keys.acquire(1, signal);
    await keys.acquire(1, signal);
    expect(await keys.acquire(1, signal)).not.toBe(keyPair);
  });

  it("honours an abort while a pair is being made", async () => {
    const keys = rotation(() => 0);
    const controller = new AbortController();
    const pending = keys.acquire(1, controller.signal);
    controller.abort(new Error("gave up"));
    await expect(pending).rejects.toThrow("gave up");
    // The pair made meanwhile is kept for the next caller.
    expect((await keys.acquire(1, signal)).retired).toBe(false);
    expect(keys.generated).toBe(1);
  });

  it("drops its pair on close, including one still being made", async () => {
    const retired: RecipientKeyPair[] = [];
    const keys = rotation(() => 0, retired);
    const pending = keys.acquire(1, signal);
    keys.close();
    await expect(pending).rejects.toMatchObject({ reason: "Closed" });
    expect(retired.length).toBe(1);
    expect(retired[0]?.retired).toBe(true);
    await expect(keys.acquire(1, signal)).rejects.toMatchObject({ reason: "Closed" });
    expect(keys.generated).toBe(0);
  });

  it("shows no key material in util.inspect or JSON", async () => {
    const keyPair = await rotation(() => 0).acquire(1, signal);
    const shown = `${inspect(keyPair, { depth: 10, showHidden: true })} ${JSON.stringify(keyPair)}`;
    expect(shown).not.toMatch(/KeyObject|PRIVATE|rsa/i);
    expect(shown).toContain(keyPair.id);
  });
});
