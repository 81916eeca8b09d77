/**
 * A pool over a slow remote upstream under an open-loop load (issue 6): first the upstream's sustained
 * throughput is measured alone (maxInFlight calls kept in flight), then 32-byte requests are offered
 * at 80 % of it on a fixed schedule, and each request's latency is counted from its scheduled time, so
 * a stalled pool cannot hide behind a driver that waits for it (no coordinated omission). Target: no
 * stalls after warm-up, p99 under 100 µs.
 *
 * The upstream here simulates KMS GenerateRandom: 1024 bytes per call after a 10 ms timer. The same
 * `openLoop()` runs over KmsSource on @rngkit/kms-local once that exists: pass its factory.
 *
 * Run: node --import tsx bench/open-loop.bench.ts   (add --quick for a shorter run)
 */
import { pathToFileURL } from "node:url";
import type { RandomSource } from "@rngkit/core";
import { PoolSource, type PoolSourceOptions } from "@rngkit/pool";
import { callsDuring, driveOpenLoop, type OpenLoopResult, ScriptedSource, step } from "@rngkit/testing";

export const title = "@rngkit/pool open-loop load at 80 % of a 10 ms upstream's throughput";

export interface OpenLoopOptions {
  /** How long to measure the upstream alone, and then the load, in ms. */
  readonly measureMs: number;
  readonly loadMs: number;
  readonly requestBytes?: number;
  readonly offeredFraction?: number;
  readonly pool?: PoolSourceOptions;
}

export interface OpenLoopRow {
  /** What served the requests: the pool, or the driver alone with no source (its own lateness). */
  readonly upstream: string;
  readonly upstreamBytesPerSecond: number;
  readonly offeredRequestsPerSecond: number;
  readonly requests: number;
  readonly stallsAfterWarmUp: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

/** The upstream's sustained throughput alone, with as many calls in flight as the pool would keep. */
async function upstreamThroughput(upstream: RandomSource, inFlight: number, ms: number): Promise<number> {
  const chunk = Math.min(1024, upstream.capabilities.maxBytesPerCall);
  const { callsPerSecond } = await callsDuring(ms, inFlight, async () => {
    await upstream.bytes(chunk);
    return 1;
  });
  return callsPerSecond * chunk;
}

export async function openLoop(
  makeUpstream: () => RandomSource,
  options: OpenLoopOptions,
): Promise<OpenLoopRow[]> {
  const requestBytes = options.requestBytes ?? 32;
  const fraction = options.offeredFraction ?? 0.8;
  const alone = makeUpstream();
  const throughput = await upstreamThroughput(alone, options.pool?.maxInFlight ?? 4, options.measureMs);
  await alone.close();

  const rate = (throughput * fraction) / requestBytes; // requests per second
  const row = (name: string, load: OpenLoopResult, stalls: number): OpenLoopRow => ({
    upstream: name,
    upstreamBytesPerSecond: Math.round(throughput),
    offeredRequestsPerSecond: Math.round(rate),
    requests: load.requests,
    stallsAfterWarmUp: stalls,
    p50Us: load.latencyUs.p50,
    p99Us: load.latencyUs.p99,
    maxUs: load.latencyUs.max,
  });

  // The driver alone, answering each request with a fresh Buffer: the lateness the harness and the
  // machine add by themselves, to read the pool's figures against.
  const baseline = await driveOpenLoop(() => Promise.resolve(Buffer.allocUnsafeSlow(requestBytes)), {
    rate,
    durationMs: options.loadMs,
  });

  const pool = new PoolSource(makeUpstream(), options.pool);
  await pool.ready();
  const stallsBefore = pool.stats().stalls;
  const load = await driveOpenLoop(() => pool.bytes(requestBytes), { rate, durationMs: options.loadMs });
  const stalls = pool.stats().stalls - stallsBefore;
  await pool.close();
  return [row("driver alone (no source)", baseline, 0), row(pool.name, load, stalls)];
}

export async function run(quick = false): Promise<OpenLoopRow[]> {
  const simulatedKms = () => new ScriptedSource({ name: "simulated-kms(10ms)", afterScript: step.delay(10) });
  return openLoop(simulatedKms, { measureMs: quick ? 500 : 2000, loadMs: quick ? 1000 : 5000 });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version})`);
  console.table(rows);
}
