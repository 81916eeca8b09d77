/** Refills over an upstream that serves synchronously from this process go through its fillSync. */
import { RandomSourceError, type SourceCapabilities } from "@rngkit/core";
import { DeterministicSource } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { PoolSource } from "./pool-source.js";

/** A DeterministicSource that counts its calls, and can claim to be remote or be out of sync bytes. */
class CountingSource extends DeterministicSource {
  override readonly capabilities: SourceCapabilities;
  fills = 0;
  fillSyncs = 0;
  syncExhausted = false;

  constructor(remote = false) {
    super({ seed: "local-sync" });
    this.capabilities = { ...new DeterministicSource({ seed: "" }).capabilities, remote };
  }

  override fill<T extends ArrayBufferView>(target: T): Promise<T> {
    this.fills++;
    return super.fill(target);
  }

  override fillSync<T extends ArrayBufferView>(target: T): T {
    this.fillSyncs++;
    if (this.syncExhausted) throw new RandomSourceError("Exhausted", "reseeding", { source: this.name });
    return super.fillSync(target);
  }
}

const options = { chunkSize: 64, capacity: 1024 } as const;

describe("PoolSource over a local synchronous upstream", () => {
  it("refills through fillSync, chunk by chunk, and serves the upstream's bytes in order", async () => {
    const upstream = new CountingSource();
    const pool = new PoolSource(upstream, options);
    await pool.ready();
    await new Promise((resolve) => setImmediate(resolve));
    expect(upstream.fills).toBe(0);
    expect(upstream.fillSyncs).toBe(16);
    const expected = await new DeterministicSource({ seed: "local-sync" }).bytes(100);
    expect((await pool.bytes(100)).equals(expected)).toBe(true);
    expect(pool.stats()).toMatchObject({ upstreamCalls: 16, upstreamBytes: 1024, servedBytes: 100 });
    await pool.close();
  });

  it("falls back to fill for a refill when fillSync answers Exhausted", async () => {
    const upstream = new CountingSource();
    upstream.syncExhausted = true;
    const pool = new PoolSource(upstream, options);
    await pool.ready();
    expect(upstream.fills).toBeGreaterThan(0);
    expect(upstream.fillSyncs).toBe(upstream.fills);
    expect((await pool.bytes(32)).byteLength).toBe(32);
    await pool.close();
  });

  it("calls fill, never fillSync, over a remote upstream", async () => {
    const upstream = new CountingSource(true);
    const pool = new PoolSource(upstream, options);
    await pool.ready();
    expect(upstream.fillSyncs).toBe(0);
    expect(upstream.fills).toBeGreaterThan(0);
    await pool.close();
  });

  it("fails the waiting requests with the upstream's error when fillSync fails otherwise", async () => {
    const upstream = new CountingSource();
    const pool = new PoolSource(upstream, { ...options, warmUp: false });
    let calls = 0;
    upstream.fillSync = () => {
      calls++;
      throw new RandomSourceError("Unavailable", "broken", { source: upstream.name });
    };
    const view = new Uint8Array(16).fill(1);
    await expect(pool.fill(view)).rejects.toMatchObject({ reason: "Unavailable" });
    expect(view.every((byte) => byte === 0)).toBe(true);
    // As over an async upstream: the calls started together (at most maxInFlight) fail, none is retried.
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBeLessThanOrEqual(4);
    expect(pool.stats()).toMatchObject({ upstreamFailures: calls, servedBytes: 0, level: 0 });
    expect(upstream.fills).toBe(0);
    await pool.close();
  });
});
