/**
 * Pooled paths under offered load, driven open-loop (@rngkit/testing's driveOpenLoop, which the pool's
 * own script uses too): 32-byte `await pool.bytes(32)` requests start on a fixed schedule
 * and each one's latency is counted from its scheduled time; p50, p99, p99.9 and max, and the pool's stalls
 * (requests that had to wait for the upstream) after a warm-up.
 *
 * - pool(kms): PoolSource over KmsSource on kms-local (child process) with 10 ms injected latency. The
 *   upstream's sustained throughput is measured alone first (the pool's maxInFlight = 4 calls of 1024 bytes
 *   kept in flight), then load is offered at fractions of it: 80 % is the pool issue's target point (no stalls
 *   after warm-up, p99 under 100 µs), above 100 % the pool must stall.
 * - pool(worker(kms)): the same, with KmsSource built and run in a worker thread (@rngkit/worker), so the
 *   SDK's work on each call leaves the serving thread; its upstream alone is measured the same way, and the
 *   serving thread gets a CPU of its own where the machine allows (harness/cpu-isolation.ts: kms-local,
 *   the KMS thread and V8's helpers on the other CPUs), as a latency-sensitive deployment would give it.
 * - pool(local) and pool(drbg(kms)): their upstream is memory-speed, so load is offered at fixed rates up to
 *   what one event loop can drive.
 * - "driver alone" answers each request with a fresh Buffer and no source: the lateness the driver and the
 *   machine add by themselves, at the same rates; at the target point also "driver alone + the same KMS
 *   traffic", with KmsSource making the pool's upstream calls in the background, which shows what the SDK's
 *   work on each KMS response (on the same event loop) costs the requests, with no pool in their way; and
 *   the driver alone with the serving thread isolated, at the worker path's rate.
 * Every load point gets a fresh pool, made ready, then a warm-up at the same rate that is not recorded.
 *
 * Run: node --import tsx src/sections/open-loop.bench.ts [--quick]   (after pnpm build)
 */
import { pathToFileURL } from "node:url";
import type { RandomSource } from "@rngkit/core";
import { DrbgSource } from "@rngkit/drbg";
import { KmsSource } from "@rngkit/kms";
import { NodeCryptoSource } from "@rngkit/local";
import { PoolSource } from "@rngkit/pool";
import { callsDuring, driveOpenLoop as drive, type OpenLoopResult } from "@rngkit/testing";
import { WorkerSource } from "@rngkit/worker";
import { isolateServingThread, isolationAvailable, releaseIsolation } from "../harness/cpu-isolation.js";
import { startRemote } from "../harness/paths.js";

export const title = "Pooled paths under open-loop offered load (32-byte requests)";

const REQUEST_BYTES = 32;
const LATENCY_MS = 10;
const MAX_IN_FLIGHT = 4;
const KMS_FRACTIONS = [0.25, 0.5, 0.8, 0.9, 1, 1.2] as const;
const FAST_RATES = [10_000, 30_000, 100_000, 200_000, 400_000] as const;
export const TARGET_FRACTION = 0.8;

export interface LoadRow {
  readonly path: string;
  /** Offered load as a fraction of the upstream's sustained throughput alone (pool(kms) only). */
  readonly fractionOfUpstream: number | null;
  readonly offeredPerSecond: number;
  readonly achievedPerSecond: number;
  readonly requests: number;
  readonly errors: number;
  /** The driver gave up on the schedule (see OpenLoopResult.saturated): the percentiles understate. */
  readonly saturated: boolean;
  readonly stalls: number | null;
  /** Stalls per recorded request, in %. */
  readonly stallPercent: number | null;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
  /** How late the driver itself issued requests: p99, in µs. */
  readonly issueLagP99Us: number;
  /** The pool's own wait-time distribution for stalled requests (its stats), p99 in µs. */
  readonly poolWaitP99Us: number | null;
  /** The serving thread had a CPU of its own (harness/cpu-isolation.ts). */
  readonly isolated: boolean;
}

const sectionStarted = performance.now();
function trace(row: LoadRow): LoadRow {
  if (process.env.RNGKIT_BENCH_TRACE) {
    const at = ((performance.now() - sectionStarted) / 1000).toFixed(1);
    console.error(
      `  ${at} s: ${row.path} at ${row.offeredPerSecond}/s: p99 ${row.p99Us} µs, stalls ${row.stalls}, saturated ${row.saturated}`,
    );
  }
  return row;
}

function toRow(
  path: string,
  fraction: number | null,
  result: OpenLoopResult,
  stalls: number | null,
  poolWaitP99Ms: number | null,
  isolated = false,
): LoadRow {
  return trace({
    path,
    fractionOfUpstream: fraction,
    offeredPerSecond: Math.round(result.offeredPerSecond),
    achievedPerSecond: Math.round(result.achievedPerSecond),
    requests: result.requests,
    errors: result.errors,
    saturated: result.saturated,
    stalls,
    stallPercent: stalls === null ? null : Number(((100 * stalls) / Math.max(1, result.requests)).toFixed(3)),
    p50Us: result.latencyUs.p50,
    p90Us: result.latencyUs.p90,
    p99Us: result.latencyUs.p99,
    p999Us: result.latencyUs.p999,
    maxUs: result.latencyUs.max,
    issueLagP99Us: result.issueLagUs.p99,
    poolWaitP99Us: poolWaitP99Ms === null ? null : Math.round(poolWaitP99Ms * 1000),
    isolated,
  });
}

/** The upstream's sustained bytes/s alone, with `inFlight` 1024-byte calls kept in flight. */
async function upstreamAlone(
  upstream: RandomSource,
  inFlight: number,
  ms: number,
  isolateFrom?: readonly number[],
): Promise<number> {
  await upstream.bytes(1024); // connection open
  if (isolateFrom !== undefined) isolateServingThread(isolateFrom);
  const { callsPerSecond } = await callsDuring(ms, inFlight, async () => {
    await upstream.bytes(1024);
    return 1;
  });
  if (isolateFrom !== undefined) releaseIsolation(isolateFrom);
  await upstream.close();
  return callsPerSecond * 1024;
}

/** One load point on a fresh, ready pool: warm-up at the rate, then the recorded period. */
async function poolAt(
  path: string,
  makeUpstream: () => RandomSource | Promise<RandomSource>,
  rate: number,
  fraction: number | null,
  timing: { warmupMs: number; durationMs: number },
  isolateFrom?: readonly number[],
): Promise<LoadRow> {
  const pool = new PoolSource(await makeUpstream(), { maxInFlight: MAX_IN_FLIGHT });
  try {
    await pool.ready();
    // After the upstream's threads exist, so that they are moved off the serving thread's CPU too.
    const isolated = isolateFrom !== undefined && isolateServingThread(isolateFrom).applied;
    // Stalls are counted from the first recorded request on (none if the driver gave up during the warm-up).
    let stallsBefore: number | undefined;
    const result = await drive(() => pool.bytes(REQUEST_BYTES), {
      rate,
      ...timing,
      onMeasureStart: () => {
        stallsBefore = pool.stats().stalls;
      },
    });
    const stats = pool.stats();
    const stalls = stallsBefore === undefined ? null : stats.stalls - stallsBefore;
    return toRow(path, fraction, result, stalls, stats.wait.count > 0 ? stats.wait.p99Ms : null, isolated);
  } finally {
    if (isolateFrom !== undefined) releaseIsolation(isolateFrom);
    await pool.close();
  }
}

/**
 * The driver alone while KmsSource makes the calls the pool would make at this rate (rate × 32 / 1024 per
 * second, open loop, in the background): how late the event loop gets from the SDK's work on KMS responses
 * alone, with no pool in the requests' way.
 */
async function driverWithKmsTraffic(
  makeUpstream: () => RandomSource,
  rate: number,
  fraction: number,
  timing: { warmupMs: number; durationMs: number },
): Promise<LoadRow> {
  const upstream = makeUpstream();
  try {
    await upstream.bytes(1024);
    const [result] = await Promise.all([
      drive(() => Promise.resolve(Buffer.allocUnsafeSlow(REQUEST_BYTES)), { rate, ...timing }),
      drive(() => upstream.bytes(1024), { rate: (rate * REQUEST_BYTES) / 1024, ...timing }),
    ]);
    return toRow("driver alone + the same KMS traffic", fraction, result, null, null);
  } finally {
    await upstream.close();
  }
}

async function driverAlone(
  rate: number,
  timing: { warmupMs: number; durationMs: number },
  isolateFrom?: readonly number[],
) {
  const isolated = isolateFrom !== undefined && isolateServingThread(isolateFrom).applied;
  try {
    const result = await drive(() => Promise.resolve(Buffer.allocUnsafeSlow(REQUEST_BYTES)), {
      rate,
      ...timing,
    });
    return toRow("driver alone (no source)", null, result, null, null, isolated);
  } finally {
    if (isolateFrom !== undefined) releaseIsolation(isolateFrom);
  }
}

export async function run(quick = false) {
  const timing = quick ? { warmupMs: 200, durationMs: 400 } : { warmupMs: 1000, durationMs: 4000 };
  const targetTiming = quick ? timing : { warmupMs: 1000, durationMs: 5000 };
  const remote = await startRemote(LATENCY_MS);
  const clientConfig = remote.kms.clientConfig;
  const kms = () => new KmsSource({ clientConfig });
  // The same KmsSource, built and run in a worker thread: the SDK's work leaves the serving thread.
  const kmsInWorker = () =>
    WorkerSource.start({
      module: import.meta.resolve("@rngkit/kms"),
      export: "KmsSource",
      options: { clientConfig },
    });
  const isolateFrom = [remote.kms.pid];
  const rows: LoadRow[] = [];
  try {
    const aloneMs = quick ? 500 : 2000;
    const upstreamBytesPerSecond = await upstreamAlone(kms(), MAX_IN_FLIGHT, aloneMs);
    // The worker path's upstream is measured as it runs: in its thread, beside kms-local, off the serving CPU.
    const workerUpstreamBytesPerSecond = await upstreamAlone(
      await kmsInWorker(),
      MAX_IN_FLIGHT,
      aloneMs,
      isolateFrom,
    );
    const fractions = quick ? [TARGET_FRACTION] : KMS_FRACTIONS;
    for (const fraction of fractions) {
      const rate = (upstreamBytesPerSecond * fraction) / REQUEST_BYTES;
      const workerRate = (workerUpstreamBytesPerSecond * fraction) / REQUEST_BYTES;
      const at = fraction === TARGET_FRACTION ? targetTiming : timing;
      rows.push(await poolAt("pool(kms)", kms, rate, fraction, at));
      rows.push(await poolAt("pool(worker(kms))", kmsInWorker, workerRate, fraction, at, isolateFrom));
      if (fraction === TARGET_FRACTION) {
        rows.push({ ...(await driverAlone(rate, at)), fractionOfUpstream: fraction });
        rows.push(await driverWithKmsTraffic(kms, rate, fraction, at));
        rows.push({ ...(await driverAlone(workerRate, at, isolateFrom)), fractionOfUpstream: fraction });
      }
    }
    for (const rate of quick ? [30_000] : FAST_RATES) {
      rows.push(await poolAt("pool(local)", () => new NodeCryptoSource(), rate, null, timing));
      rows.push(await poolAt("pool(drbg(kms))", () => new DrbgSource(kms()), rate, null, timing));
      rows.push(await driverAlone(rate, timing));
    }
    return {
      requestBytes: REQUEST_BYTES,
      kmsLatencyMs: LATENCY_MS,
      maxInFlight: MAX_IN_FLIGHT,
      upstreamBytesPerSecond: Math.round(upstreamBytesPerSecond),
      workerUpstreamBytesPerSecond: Math.round(workerUpstreamBytesPerSecond),
      isolation: isolationAvailable(),
      targetFraction: TARGET_FRACTION,
      rows,
    };
  } finally {
    await remote.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version}); upstream alone ${result.upstreamBytesPerSecond} B/s`);
  console.table(result.rows);
}
