/**
 * The pool over a real remote upstream: KmsSource → @aws-sdk/client-kms → HTTP → @rngkit/kms-local.
 * Counts are read at the server, so they are what KMS would bill and throttle.
 */
import { createCrypto } from "@rngkit/crypto";
import { KmsSource } from "@rngkit/kms";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { describeRandomSource } from "@rngkit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PoolSource } from "../src/pool-source.js";
import { rejection } from "./helpers.js";

let kms: KmsLocal;
beforeAll(async () => {
  kms = await startKmsLocal();
});
afterAll(() => kms.close());
afterEach(() => {
  kms.faults.clear();
  kms.counters.reset();
});

/** Polls (bounded) until the pool has no upstream call in flight: counts at the server are then final. */
async function settled(pool: PoolSource, full = false): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { inFlight, level, highWater } = pool.stats();
    if (inFlight === 0 && (!full || level >= highWater)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the pool never settled");
}

const kmsSource = (retry = { maxAttempts: 1 }) =>
  new KmsSource({
    clientConfig: { endpoint: kms.endpoint, region: kms.region, credentials: { ...kms.credentials } },
    retry,
  });

describeRandomSource(
  "PoolSource over KmsSource on kms-local",
  async () => {
    const pool = new PoolSource(kmsSource());
    await pool.ready();
    return pool;
  },
  { timeoutMs: 120_000 },
);

describe("PoolSource over KmsSource on kms-local", () => {
  it("serves the drop-in's sync randomBytes(32) after warm-up", async () => {
    const pool = new PoolSource(kmsSource());
    await pool.ready();
    const { randomBytes, randomUUID } = createCrypto(pool);
    const tokens = Array.from({ length: 100 }, () => randomBytes(32).toString("hex"));
    expect(new Set(tokens).size).toBe(100);
    expect(randomUUID()).toMatch(/^[0-9a-f-]{36}$/);
    await pool.close();
  });

  it("makes exactly 1024 GenerateRandom calls per MiB served, counted at the server", async () => {
    // A server of its own: no late request from another test can reach its counters.
    const own = await startKmsLocal();
    const source = new KmsSource({
      clientConfig: { endpoint: own.endpoint, region: own.region, credentials: { ...own.credentials } },
    });
    const pool = new PoolSource(source, { warmUp: false });
    for (let served = 0; served < 1024 * 1024; served += 512) await pool.bytes(512);
    await settled(pool);
    const { upstreamBytes, servedBytes, level, discardedBytes } = pool.stats();
    expect(discardedBytes).toBe(0);
    expect(servedBytes).toBe(1024 * 1024);
    const requests = own.counters.get("GenerateRandom").requests;
    expect(requests).toBe(upstreamBytes / 1024);
    expect(requests - level / 1024).toBe(1024);
    await pool.close();
    await own.close();
  });

  it("rejects waiters with the typed error when KMS throttles, keeps serving buffered bytes, and never exceeds maxInFlight", async () => {
    const pool = new PoolSource(kmsSource(), { capacity: 8192, maxInFlight: 2 });
    await pool.ready();
    await settled(pool, true);
    kms.faults.set("GenerateRandom", { error: { type: "ThrottlingException" }, latency: { fixedMs: 20 } });
    const buffered = pool.stats().level;
    // Buffered bytes still serve while every refill fails.
    expect((await pool.bytes(buffered - 16)).byteLength).toBe(buffered - 16);
    const waiting = Array.from({ length: 5 }, () => pool.bytes(1024));
    for (const pending of waiting) expect((await rejection(pending)).reason).toBe("Throttled");
    expect(pool.stats().peakInFlight).toBeLessThanOrEqual(2);
    kms.faults.clear();
    // Calls started during the fault may still fail and reject whoever waits then: let them settle first.
    await settled(pool);
    expect((await pool.bytes(1024)).byteLength).toBe(1024);
    await pool.close();
  });

  it("leaves no timers and no sockets after close()", async () => {
    const count = (kind: string) =>
      process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
    const before = { timers: count("Timeout"), sockets: count("TCPSocketWrap") };
    const pool = new PoolSource(kmsSource());
    await pool.ready();
    await pool.bytes(4096);
    expect(count("TCPSocketWrap")).toBeGreaterThan(before.sockets);
    await pool.close();
    // kms-local runs in this process: its side of each connection closes when it reads the client's FIN.
    for (
      let i = 0;
      i < 100 && (count("TCPSocketWrap") > before.sockets || count("Timeout") > before.timers);
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(count("Timeout")).toBeLessThanOrEqual(before.timers);
    expect(count("TCPSocketWrap")).toBeLessThanOrEqual(before.sockets);
  });
});
