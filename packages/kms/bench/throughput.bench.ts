/**
 * KmsSource throughput against kms-local with 10 ms injected latency, for concurrency 1, 4, 16 and 64:
 * bytes/s and calls/s beside the bound concurrency × 1024 B / RTT and beside a bare loop of
 * client.send(GenerateRandomCommand) at the same concurrency, in the same run. kms-local runs in its own
 * process. Target: KmsSource within 10 % of the bare SDK loop at every concurrency.
 * Run: pnpm build && pnpm --filter @rngkit/kms bench   (add --quick for a short smoke run)
 */
import { pathToFileURL } from "node:url";
import { GenerateRandomCommand, KMSClient } from "@aws-sdk/client-kms";
import { KmsSource } from "@rngkit/kms";
import { spawnKmsLocal } from "@rngkit/kms-local";

export const title = "KmsSource vs a bare SDK loop, kms-local with 10 ms latency";

const LATENCY_MS = 10;
const CONCURRENCY = [1, 4, 16, 64] as const;

/** Calls per second made by `workers` loops, each running `work` (which returns its call count) until time is up. */
async function during(ms: number, workers: number, work: () => Promise<number>): Promise<number> {
  const started = performance.now();
  let calls = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() - started < ms) {
        const made = await work();
        calls += made;
      }
    }),
  );
  return calls / ((performance.now() - started) / 1000);
}

export async function run(quick = false) {
  const durationMs = quick ? 300 : 3000;
  const server = await spawnKmsLocal({ faults: { GenerateRandom: { latency: { fixedMs: LATENCY_MS } } } });
  const clientConfig = server.clientConfig;
  const rows = [];
  try {
    for (const concurrency of CONCURRENCY) {
      const client = new KMSClient({ ...clientConfig, maxAttempts: 1 });
      const bare = await during(durationMs, concurrency, async () => {
        await client.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
        return 1;
      });
      client.destroy();
      const source = new KmsSource({ clientConfig, concurrency });
      const rounds = 16;
      const viaSource = await during(durationMs, 1, async () => {
        await source.bytes(concurrency * 1024 * rounds);
        return concurrency * rounds;
      });
      await source.close();
      const bound = (concurrency * 1000) / LATENCY_MS;
      rows.push({
        concurrency,
        boundCallsPerSecond: Math.round(bound),
        sdkCallsPerSecond: Math.round(bare),
        kmsSourceCallsPerSecond: Math.round(viaSource),
        kmsSourceMiBPerSecond: Number(((viaSource * 1024) / 2 ** 20).toFixed(2)),
        ratioToSdk: Number((viaSource / bare).toFixed(3)),
        ratioToBound: Number((viaSource / bound).toFixed(3)),
      });
    }
  } finally {
    await server.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version})`);
  console.table(rows);
}
