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
import { interleavedCallRates } from "@rngkit/testing";

export const title = "KmsSource vs a bare SDK loop, kms-local with 10 ms latency";

const LATENCY_MS = 10;
const CONCURRENCY = [1, 4, 16, 64] as const;

/**
 * KmsSource is measured in two shapes: one request of concurrency × 16 KiB at a time (chunked by
 * fillInChunks with `concurrency` calls in flight), and `concurrency` loops of 1 KiB requests (how a pool
 * refills). Each runs in alternating turns with the bare loop (six each) so that all see the same machine.
 */
export async function run(quick = false) {
  const turnMs = quick ? 100 : 500;
  const turns = quick ? 2 : 6;
  const server = await spawnKmsLocal({ faults: { GenerateRandom: { latency: { fixedMs: LATENCY_MS } } } });
  const clientConfig = server.clientConfig;
  const rows = [];
  try {
    for (const concurrency of CONCURRENCY) {
      const client = new KMSClient({ ...clientConfig, maxAttempts: 1 });
      const source = new KmsSource({ clientConfig, concurrency });
      const bareCall = () => client.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
      // Connections open on both before anything is timed.
      await Promise.all([...Array.from({ length: concurrency }, bareCall), source.bytes(concurrency * 1024)]);
      const rounds = 16;
      const rates = await interleavedCallRates(
        [
          {
            name: "bare",
            loops: concurrency,
            work: async () => {
              await bareCall();
              return 1;
            },
          },
          {
            name: "large",
            loops: 1,
            work: async () => {
              await source.bytes(concurrency * 1024 * rounds);
              return concurrency * rounds;
            },
          },
          {
            name: "chunks",
            loops: concurrency,
            work: async () => {
              await source.bytes(1024);
              return 1;
            },
          },
        ],
        { turnMs, turns },
      );
      client.destroy();
      await source.close();
      const bare = rates.get("bare")?.callsPerSecond ?? Number.NaN;
      const large = rates.get("large")?.callsPerSecond ?? Number.NaN;
      const chunks = rates.get("chunks")?.callsPerSecond ?? Number.NaN;
      const bound = (concurrency * 1000) / LATENCY_MS;
      rows.push({
        concurrency,
        boundCallsPerSecond: Math.round(bound),
        sdkCallsPerSecond: Math.round(bare),
        kmsSourceCallsPerSecond: Math.round(large),
        kmsSourceMiBPerSecond: Number(((large * 1024) / 2 ** 20).toFixed(2)),
        ratioToSdk: Number((large / bare).toFixed(3)),
        ratioToBound: Number((large / bound).toFixed(3)),
        kmsSource1KiBCallsPerSecond: Math.round(chunks),
        ratioToSdk1KiB: Number((chunks / bare).toFixed(3)),
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
