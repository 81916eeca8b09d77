/**
 * The drop-in's sync functions over a pool over a remote-like source: what the pool is for. The same
 * test over KmsSource on @rngkit/kms-local is listed in the notes of issue 6 for when KmsSource exists.
 */
import { createCrypto } from "@rngkit/crypto";
import { ScriptedSource, step } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { PoolSource } from "./pool-source.js";

describe("createCrypto over a PoolSource over a remote-like upstream", () => {
  it("serves randomBytes(32), randomUUID and randomInt synchronously after ready()", async () => {
    const upstream = new ScriptedSource({ afterScript: step.delay(2) }); // async only, 1024 bytes per call
    const pool = new PoolSource(upstream);
    const dropIn = createCrypto(pool);
    await pool.ready();
    const keys = Array.from({ length: 100 }, () => dropIn.randomBytes(32));
    expect(keys.every((key) => key.byteLength === 32 && key.buffer.byteLength === 32)).toBe(true);
    expect(new Set(keys.map((key) => key.toString("hex"))).size).toBe(100);
    expect(dropIn.randomUUID()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const roll = dropIn.randomInt(1, 7);
    expect(roll).toBeGreaterThanOrEqual(1);
    expect(roll).toBeLessThan(7);
    // ready() means low water (8 KiB): the drop-in's 6 KiB randomInt cache may find the buffer short,
    // and then draws just the bytes it needs, as it does over any buffered source.
    await pool.close();
    expect(upstream.closed).toBe(true);
  });

  it("throws Exhausted from a cold pool's sync path rather than waiting or serving anything else", async () => {
    const pool = new PoolSource(new ScriptedSource({ afterScript: step.delay(2) }), { warmUp: false });
    const dropIn = createCrypto(pool);
    expect(() => dropIn.randomBytes(32)).toThrowError(expect.objectContaining({ reason: "Exhausted" }));
    // node:crypto's own argument errors are unchanged by the pool.
    expect(() => dropIn.randomBytes(-1)).toThrowError(expect.objectContaining({ code: "ERR_OUT_OF_RANGE" }));
    await pool.close();
  });
});
