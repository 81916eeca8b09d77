/** Close, ownership, timers, what logs and events may show, names and options. */
import { inspect } from "node:util";
import { RandomSourceError } from "@rngkit/core";
import { NodeCryptoSource } from "@rngkit/local";
import { collectEvents, DeterministicSource } from "@rngkit/testing";
import { describe, expect, it, vi } from "vitest";
import { ControlledSeed, replaySeed } from "../test/controlled-seed.js";
import { ReferenceCtrDrbg } from "../test/reference-drbgs.js";
import { recordFills, recordFillsAsync, zeroedArrayThatHeld } from "../test/spy-fills.js";
import { trackTimers } from "../test/timers.js";
import { CtrDrbg } from "./ctr-drbg.js";
import { DrbgSource } from "./drbg-source.js";
import type { DrbgSourceOptions } from "./drbg-source-options.js";

describe("DrbgSource lifecycle", () => {
  it("names itself after its mechanism and seed source, and declares sync, local serving", () => {
    const seed = new NodeCryptoSource();
    expect(new DrbgSource(seed).name).toBe("ctr-drbg(node-crypto)");
    expect(new DrbgSource(seed, { mechanism: "hmac-drbg" }).name).toBe("hmac-drbg(node-crypto)");
    expect(new DrbgSource(seed, { name: "mine" }).name).toBe("mine");
    expect(new DrbgSource(new ControlledSeed("x")).capabilities).toEqual({
      maxBytesPerCall: 2 ** 31 - 1,
      sync: true,
      remote: false,
    });
  });

  it("on close: uninstantiates (Key, V zeroed), zeroes read-ahead output, closes the seed source", async () => {
    const personalization = Buffer.from("lifecycle");
    const seed = new ControlledSeed("life-1");
    const source = new DrbgSource(seed, { personalization });
    await source.ready();
    source.fillSync(new Uint8Array(32)); // 4 KiB generated ahead, 32 bytes served
    const next = replaySeed("life-1");
    const material = next(48);
    const reference = new ReferenceCtrDrbg();
    reference.instantiate(material.subarray(0, 32), material.subarray(32), personalization);
    const unserved = reference.generate(4096).subarray(32);
    const uninstantiate = vi.spyOn(CtrDrbg.prototype, "uninstantiate");
    const fills = await recordFillsAsync(() => source.close());
    expect(uninstantiate).toHaveBeenCalledTimes(1);
    uninstantiate.mockRestore();
    expect(zeroedArrayThatHeld(fills, reference.key)).toBe(true);
    expect(zeroedArrayThatHeld(fills, reference.v)).toBe(true);
    expect(
      fills.some(
        ({ before, target }) => Buffer.from(before).includes(unserved) && target.every((b) => b === 0),
      ),
    ).toBe(true);
    expect(source.seeded).toBe(false);
    expect(seed.closed).toBe(true);
  });

  it("zeroes read-ahead bytes as it serves them: a byte is served once and not kept (invariant 1)", async () => {
    const source = new DrbgSource(new DeterministicSource({ seed: "life-6" }));
    source.fillSync(new Uint8Array(16)); // seeds and generates 4 KiB ahead
    const served = new Uint8Array(32);
    const fills = recordFills(() => source.fillSync(served));
    const zeroedWhereServed = fills.some(({ before, target }) => {
      const at = Buffer.from(before).indexOf(Buffer.from(served));
      return at >= 0 && target.subarray(at, at + served.byteLength).every((byte) => byte === 0);
    });
    expect(zeroedWhereServed).toBe(true);
    await source.close();
  });

  it("leaves the seed source open with ownsUpstream: false", async () => {
    const seed = new ControlledSeed("life-2");
    const source = new DrbgSource(seed, { ownsUpstream: false });
    await source.ready();
    await source.close();
    expect(seed.closed).toBe(false);
    await seed.close();
  });

  it("leaves no timer behind after close, and settles a reseed in flight with Closed", async () => {
    const timers = trackTimers();
    try {
      const seed = new ControlledSeed("life-3");
      const source = new DrbgSource(seed, { reseedAfterMs: 60_000 });
      await source.ready();
      expect(timers.pending()).toBe(1); // the time-threshold timer; the seed call's timeout is cleared
      await source.reseed();
      expect(timers.pending()).toBe(1); // replaced, not added
      seed.hold();
      const pending = source.reseed().catch((error: unknown) => error);
      expect(timers.pending()).toBe(2); // plus the held seed call's timeout
      await source.close();
      expect(RandomSourceError.is(await pending, "Closed")).toBe(true);
      expect(timers.pending()).toBe(0);
      await expect(source.ready()).rejects.toMatchObject({ reason: "Closed" });
    } finally {
      timers.stop();
    }
  });

  it("keeps Key and V out of util.inspect and JSON", async () => {
    const personalization = Buffer.from("inspect");
    const source = new DrbgSource(new DeterministicSource({ seed: "life-4" }), { personalization });
    const served = source.fillSync(new Uint8Array(32));
    const next = replaySeed("life-4");
    const material = next(48);
    const reference = new ReferenceCtrDrbg();
    reference.instantiate(material.subarray(0, 32), material.subarray(32), personalization);
    reference.generate(4096);
    const shown = `${inspect(source, { showHidden: true, depth: 10 })} ${JSON.stringify(source)}`;
    for (const secret of [reference.key, reference.v, served, material]) {
      for (const encoding of ["hex", "base64"] as const) {
        expect(shown).not.toContain(Buffer.from(secret).subarray(0, 8).toString(encoding));
      }
    }
    await source.close();
  });

  it("publishes events with sizes, reasons and names only, never bytes", async () => {
    const channels = ["rngkit:drbg:reseed", "rngkit:drbg:reseed-failed", "rngkit:drbg:exhausted"].map(
      (name) => collectEvents<Record<string, unknown>>(name),
    );
    const seed = new ControlledSeed("life-5");
    const source = new DrbgSource(seed, { reseedAfterBytes: 1024, hardLimitFactor: 1, readAheadBytes: 0 });
    expect(() => source.fillSync(new Uint8Array(8))).toThrow();
    await source.ready();
    seed.failNext("Throttled");
    const served: Uint8Array[] = [source.fillSync(new Uint8Array(1024))];
    await source.ready().catch(() => undefined);
    await source.ready();
    served.push(await source.bytes(1024));
    for (const channel of channels) channel.stop();
    const messages = channels.flatMap((channel) => channel.messages);
    expect(messages.length).toBeGreaterThanOrEqual(4);
    const allowed = new Set([
      "source",
      "seedSource",
      "instantiate",
      "trigger",
      "durationMs",
      "bytesSinceSeed",
      "requestsSinceSeed",
      "error",
      "retryInMs",
      "why",
    ]);
    for (const message of messages) {
      for (const [key, value] of Object.entries(message)) {
        expect(allowed.has(key), key).toBe(true);
        expect(["string", "number", "boolean"]).toContain(typeof value);
      }
    }
    const words = new Set([
      source.name,
      seed.name,
      "first-use",
      "ready",
      "bytes",
      "retry",
      "hard-limit",
      "Throttled",
    ]);
    words.add("unseeded");
    for (const message of messages) {
      for (const value of Object.values(message))
        if (typeof value === "string") expect(words).toContain(value);
    }
    const text = JSON.stringify(messages);
    for (const output of served) {
      for (let at = 0; at + 8 <= output.byteLength; at += 8) {
        expect(text).not.toContain(
          Buffer.from(output)
            .subarray(at, at + 8)
            .toString("hex"),
        );
      }
    }
    await source.close();
  });

  it.each<[DrbgSourceOptions, string]>([
    [{ mechanism: "aes" as never }, 'mechanism must be "ctr-drbg" or "hmac-drbg"'],
    [{ reseedAfterBytes: 0 }, "reseedAfterBytes must be a positive integer or Infinity, got 0"],
    [{ reseedAfterRequests: 2 ** 47 }, "reseedAfterRequests must be a positive integer up to 70368744177664"],
    [{ reseedAfterMs: 1.5 }, "reseedAfterMs must be"],
    [{ hardLimitFactor: 0.5 }, "hardLimitFactor must be a finite number >= 1"],
    [{ readAheadBytes: 65_537 }, "readAheadBytes must be an integer from 0 to 65536"],
    [{ personalization: "x" as never }, "personalization must be a Uint8Array"],
    [{ predictionResistance: 1 as never }, "predictionResistance must be a boolean"],
    [{ seedTimeoutMs: -1 }, "seedTimeoutMs must be"],
    [{ retryDelayMs: 120_000 }, "retryDelayMs must be a positive integer up to 60000"],
  ])("refuses options %o with InvalidArgument naming the option", (options, message) => {
    const error = (() => {
      try {
        new DrbgSource(new NodeCryptoSource(), options);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it("refuses a seed source that is not a RandomSource", () => {
    expect(() => new DrbgSource({} as never)).toThrowError(
      expect.objectContaining({ reason: "InvalidArgument" }) as Error,
    );
  });
});
