/**
 * Load: 1,000 concurrent clients ask a PoolSource over KmsSource over kms-local (in a process of its own)
 * for random sizes from 1 to 4096 bytes, in a loop, for 4 s (bounded mode; 10 s with
 * RNGKIT_RELIABILITY=long, the figure).
 * Checked:
 * - every request settles with exactly the bytes asked for (no faults are injected: no error is allowed);
 * - no byte is served twice: every output goes through the WindowDetector (16-byte windows anchored by
 *   content, bounded memory; see window-detector.ts for what it proves), and the byte counts must add up:
 *   what the clients received equals what the pool says it served, and that plus what the pool still
 *   holds is no more than kms-local generated (a byte served twice would make it more);
 * - memory stays bounded: the live heap (heapUsed right after a full collection) and RSS, sampled every
 *   500 ms, stay within generous bounds of where they started (bounds on memory, never on time). Peak
 *   heapUsed without a collection is no measure: V8 lets garbage reach hundreds of MiB under this load.
 */

import { KmsSource } from "@rngkit/kms";
import { PoolSource } from "@rngkit/pool";
import { ResourceWatch } from "@rngkit/testing";
import { afterAll, expect, it } from "vitest";
import { clientConfigFor } from "./support/kms-local.js";
import { startKmsLocalProcess } from "./support/kms-local-process.js";
import { MemoryWatch } from "./support/memory.js";
import { SETTINGS } from "./support/mode.js";
import { sizeStream } from "./support/outcomes.js";
import { Figures } from "./support/report.js";
import { WindowDetector } from "./support/window-detector.js";

const MiB = 1024 * 1024;
/** 1,000 clients hold at most 4 KiB each plus a request in flight: tens of MiB, not hundreds. */
const LIVE_HEAP_BOUND = 128 * MiB;
const RSS_BOUND = 1024 * MiB;

const figures = new Figures("load");
afterAll(() => {
  figures.write();
});

it(`serves ${SETTINGS.load.clients} concurrent clients for ${SETTINGS.load.seconds} s: no byte twice, memory bounded`, async () => {
  const { clients, seconds } = SETTINGS.load;
  const watch = new ResourceWatch();
  const server = await startKmsLocalProcess();
  await server.setQuotas({ accountRequestsPerSecond: null });
  const pool = new PoolSource(new KmsSource({ clientConfig: clientConfigFor(server) }), {
    capacity: 64 * 1024,
    maxInFlight: 16,
  });
  const detector = new WindowDetector(SETTINGS.mode === "long" ? 2 ** 22 : 2 ** 21);
  let memory: MemoryWatch | undefined;
  try {
    await pool.ready();
    memory = new MemoryWatch(1_000);

    let output = 0;
    let received = 0;
    const failures: string[] = [];
    const servedPerClient = new Uint32Array(clients);
    const ends = performance.now() + seconds * 1000;
    const client = async (id: number) => {
      const nextSize = sizeStream(id + 1, 1, 4096);
      while (performance.now() < ends) {
        const size = nextSize();
        try {
          // Half the clients take new Buffers, half fill views of their own, at an offset in a larger one.
          const bytes =
            id % 2 === 0
              ? await pool.bytes(size)
              : await pool.fill(new Uint8Array(size + 8).subarray(3, 3 + size));
          if (bytes.byteLength !== size)
            failures.push(`client ${id}: asked ${size}, got ${bytes.byteLength}`);
          detector.add(bytes, output++);
          received += size;
          servedPerClient[id] = (servedPerClient[id] ?? 0) + 1;
        } catch (error) {
          failures.push(`client ${id}: ${String(error)}`);
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, id) => client(id)));
    const grown = memory.stop();
    // Let refills started by the last requests land, so the accounting below is complete.
    while (pool.stats().inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const stats = pool.stats();
    const generated = (await server.counters()).GenerateRandom?.randomBytes ?? 0;

    expect(failures.slice(0, 10)).toEqual([]);
    expect(
      servedPerClient.every((count) => count > 0),
      "every client was served",
    ).toBe(true);
    expect(detector.repeats, "a byte run served twice").toEqual([]);
    expect(detector.zeroWindows, "zeroed memory served as random bytes").toBe(0);
    expect(received).toBe(stats.servedBytes + stats.passThroughBytes);
    expect(received + stats.level + stats.discardedBytes).toBe(stats.upstreamBytes);
    expect(stats.upstreamBytes).toBeLessThanOrEqual(generated);
    expect(grown.liveHeapGrowth).toBeLessThan(LIVE_HEAP_BOUND);
    expect(grown.rssGrowth).toBeLessThan(RSS_BOUND);

    figures.add("requests", output);
    figures.add("bytes", received);
    figures.note("clients", clients);
    figures.note("seconds", seconds);
    figures.note("upstreamCalls", stats.upstreamCalls);
    figures.note("stalls", stats.stalls);
    figures.note("waitMs", stats.wait);
    figures.note("detector", {
      windowsScanned: detector.windowsScanned,
      windowsStored: detector.windowsStored,
      level: detector.level,
      anchorProbability: detector.anchorProbability,
      repeats: detector.repeats.length,
      zeroWindows: detector.zeroWindows,
    });
    figures.note("memory", {
      liveHeapGrowthMiB: grown.liveHeapGrowth / MiB,
      rssGrowthMiB: grown.rssGrowth / MiB,
      samples: grown.samples,
    });
  } finally {
    memory?.stop();
    await pool.close();
    await server.close();
  }
  expect(await watch.settle(), "handles, timers or sockets left open").toBeUndefined();
});
