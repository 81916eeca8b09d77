/**
 * KMS throughput against concurrency and injected latency, beside the bound `concurrency × 1024 B / RTT`,
 * generalising packages/kms/bench/throughput.bench.ts (which runs 10 ms only) to several latencies:
 * - "bare SDK": `concurrency` loops of `client.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))`;
 * - KmsSource and CloudHsmKeyStoreSource with `concurrency` calls in flight per request, serving
 *   requests of concurrency × 16 KiB one after another (the kms package bench's method), in turns
 *   alternating with the bare loop;
 * - the bound, with RTT taken as the injected latency (a lower bound on the real RTT, so an upper bound on
 *   throughput); the SDK's own CPU per call (about 1 ms on this machine) caps all of them near 1,000-1,400
 *   calls/s on two cores, whatever the bound.
 * Also: upstream calls per MiB served through PoolSource(KmsSource), counted at kms-local (issue 6: exactly
 * 1024 with 1024-byte chunks, net of what the pool still holds at the end).
 * kms-local runs in a child process, quotas off.
 *
 * Run: node --import tsx src/sections/kms-concurrency.bench.ts [--quick]   (after pnpm build)
 */
import { setImmediate as turn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { GenerateRandomCommand, KMSClient } from "@aws-sdk/client-kms";
import type { RandomSource } from "@rngkit/core";
import { CloudHsmKeyStoreSource, KmsSource } from "@rngkit/kms";
import { PoolSource } from "@rngkit/pool";
import { type CallLoop, interleavedCallRates } from "@rngkit/testing";
import { type Remote, STORE_ID, startRemote } from "../harness/paths.js";

export const title =
  "KMS throughput against concurrency and injected latency, beside concurrency × 1024 B / RTT";

const LATENCIES_MS = [1, 10, 50] as const;
const CONCURRENCY = [1, 4, 16, 64] as const;
/** The latency at which the kms issue's target is set (KmsSource within 10 % of the bare SDK loop). */
export const TARGET_LATENCY_MS = 10;
/** A source serves requests of concurrency × this many 1024-byte chunks, one after another. */
const REQUEST_CHUNKS = 16;

export interface ConcurrencyRow {
  readonly latencyMs: number;
  readonly concurrency: number;
  readonly client: "bare SDK" | "KmsSource" | "CloudHsmKeyStoreSource";
  readonly callsPerSecond: number;
  readonly kibPerSecond: number;
  /** concurrency × 1000 / latencyMs calls/s. */
  readonly boundCallsPerSecond: number;
  readonly ratioToBound: number;
  /** calls/s ÷ the bare SDK loop's at the same latency and concurrency (null for the bare loop). */
  readonly ratioToSdk: number | null;
  /** This process's CPU per call, in ms (the SDK's and rngkit's cost). */
  readonly cpuMsPerCall: number;
}

type Client = ConcurrencyRow["client"];

/**
 * One latency's sweep. At each concurrency the bare loop and the sources run in alternating turns
 * (interleavedCallRates), so that a shared machine's drifting load falls on all of them alike.
 */
async function sweep(remote: Remote, latencyMs: number, concurrencies: readonly number[], ms: number) {
  await remote.kms.setFaults("GenerateRandom", { latency: { fixedMs: latencyMs } });
  const clientConfig = remote.kms.clientConfig;
  const rows: ConcurrencyRow[] = [];
  for (const concurrency of concurrencies) {
    const client = new KMSClient({ ...clientConfig, maxAttempts: 1 });
    const bareCall = () => client.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
    const sources: [Client, RandomSource][] = [["KmsSource", new KmsSource({ clientConfig, concurrency })]];
    if (latencyMs === TARGET_LATENCY_MS) {
      sources.push([
        "CloudHsmKeyStoreSource",
        new CloudHsmKeyStoreSource({ clientConfig, concurrency, customKeyStoreId: STORE_ID }),
      ]);
    }
    // Connections open, as many as each keeps in flight, before anything is timed.
    await Promise.all([
      ...Array.from({ length: concurrency }, bareCall),
      ...sources.map(([, source]) => source.bytes(concurrency * 1024)),
    ]);
    const contenders: CallLoop[] = [
      {
        name: "bare SDK",
        loops: concurrency,
        work: async () => {
          await bareCall();
          return 1;
        },
      },
      ...sources.map(([name, source]) => ({
        name,
        loops: 1,
        work: async () => {
          await source.bytes(concurrency * 1024 * REQUEST_CHUNKS);
          return concurrency * REQUEST_CHUNKS;
        },
      })),
    ];
    const turns = ms >= 1000 ? 6 : 2;
    const rates = await interleavedCallRates(contenders, { turnMs: ms / turns, turns });
    client.destroy();
    await Promise.all(sources.map(([, source]) => source.close()));
    const bare = rates.get("bare SDK")?.callsPerSecond ?? Number.NaN;
    const bound = (concurrency * 1000) / latencyMs;
    for (const [name, measured] of rates) {
      rows.push({
        latencyMs,
        concurrency,
        client: name as Client,
        callsPerSecond: Math.round(measured.callsPerSecond),
        kibPerSecond: Math.round(measured.callsPerSecond),
        boundCallsPerSecond: Math.round(bound),
        ratioToBound: Number((measured.callsPerSecond / bound).toFixed(3)),
        ratioToSdk: name === "bare SDK" ? null : Number((measured.callsPerSecond / bare).toFixed(3)),
        cpuMsPerCall: Number(measured.cpuMsPerCall.toFixed(3)),
      });
    }
  }
  return rows;
}

/** GenerateRandom requests kms-local receives while a pool over KmsSource serves `total` bytes in 32-byte requests. */
async function callsPerMiB(remote: Remote, total: number) {
  await remote.kms.clearFaults();
  const pool = new PoolSource(new KmsSource({ clientConfig: remote.kms.clientConfig }));
  const before = await remote.kms.requests("GenerateRandom");
  for (let served = 0; served < total; served += 32) await pool.bytes(32);
  while (pool.stats().inFlight > 0) await turn();
  const stats = pool.stats();
  const requests = (await remote.kms.requests("GenerateRandom")) - before;
  await pool.close();
  return {
    scenario: "PoolSource(KmsSource) on kms-local, 32-byte requests",
    servedBytes: total,
    generateRandomRequests: requests,
    bufferedAtEnd: stats.level,
    netCallsPerMiB: Number((((requests - stats.level / 1024) * 1024 * 1024) / total).toFixed(2)),
  };
}

export async function run(quick = false) {
  const ms = quick ? 150 : 3000;
  const remote = await startRemote(0);
  try {
    const rows: ConcurrencyRow[] = [];
    for (const latencyMs of quick ? [TARGET_LATENCY_MS] : LATENCIES_MS) {
      rows.push(...(await sweep(remote, latencyMs, quick ? [1, 16] : CONCURRENCY, ms)));
    }
    const calls = await callsPerMiB(remote, quick ? 64 * 1024 : 1024 * 1024);
    return { targetLatencyMs: TARGET_LATENCY_MS, rows, callsPerMiB: [calls] };
  } finally {
    await remote.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version})`);
  console.table(result.rows);
  console.table(result.callsPerMiB);
}
