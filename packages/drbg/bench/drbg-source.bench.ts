/**
 * DrbgSource beside node:crypto in the same run:
 * - 1 MiB requests: DrbgSource over NodeCryptoSource and over KmsSource on kms-local (bytes(), fill() and
 *   fillSync() into a reused view) against crypto.randomBytes(1 MiB). Target: at least 0.5x.
 * - 32-byte requests, timed as the pool's bench times them (bursts of 128 calls per sample): DrbgSource
 *   fillSync and bytes(), and PoolSource over DrbgSource (the "pooled" figure, target 8x
 *   crypto.randomBytes(32) for bytes(32)).
 * - Seed-source calls per GiB served at the default reseed policy: KMS GenerateRandom requests counted by
 *   kms-local, with fills that let the event loop turn (as a server's do) and in a tight loop that never
 *   yields (reseeds then land only at the hard limit). Target: at most 1,024.
 * Tasks turn the event loop outside the timed part (before every 1 MiB sample and every burst), as a
 * server's requests do, so background reseeds from an async seed source can land: a loop that never
 * yields gets Exhausted from fillSync after 64 MiB, by design. kms-local runs in a child process.
 * Run: pnpm build && pnpm --filter @rngkit/drbg bench   (add --quick for a short smoke run)
 */
import * as nodeCrypto from "node:crypto";
import { setImmediate as turn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import type { RandomSource } from "@rngkit/core";
import { DrbgSource } from "@rngkit/drbg";
import { KmsSource } from "@rngkit/kms";
import { type KmsLocalProcess, spawnKmsLocal } from "@rngkit/kms-local";
import { NodeCryptoSource } from "@rngkit/local";
import { PoolSource } from "@rngkit/pool";
import { Bench } from "tinybench";

export const title = "DrbgSource (CTR_DRBG AES-256) vs node:crypto";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const BURST = 128;

export interface Row {
  readonly name: string;
  /** Requests per second. */
  readonly opsPerSecond?: number;
  readonly mbPerSecond?: number;
  /** ops/s ÷ the baseline's ops/s, same run. */
  readonly ratio?: number;
  readonly baseline?: string;
  /** Seed-source calls per GiB served. */
  readonly callsPerGiB?: number;
}

interface Task {
  readonly name: string;
  readonly fn: () => unknown;
  /** Requests one call of `fn` makes. */
  readonly calls: number;
  readonly byteLength: number;
  readonly baseline?: string;
  /** Runs before each sample, untimed (after the event loop has turned). */
  readonly before?: () => Promise<void>;
}

async function measure(tasks: readonly Task[], quick: boolean): Promise<Row[]> {
  const bench = new Bench({ time: quick ? 100 : 1000, warmup: true, warmupTime: quick ? 20 : 200 });
  for (const task of tasks) {
    bench.add(task.name, task.fn, {
      beforeEach: async () => {
        await turn();
        await task.before?.();
      },
    });
  }
  await bench.run();
  const opsPerSecond = (name: string) => {
    const task = tasks.find((candidate) => candidate.name === name);
    const result = bench.getTask(name)?.result;
    if (result !== undefined && "error" in result && result.error !== undefined) throw result.error;
    return result !== undefined && "throughput" in result
      ? result.throughput.mean * (task?.calls ?? 1)
      : Number.NaN;
  };
  return tasks.map((task) => {
    const ops = opsPerSecond(task.name);
    const base = task.baseline === undefined ? undefined : opsPerSecond(task.baseline);
    return {
      name: task.name,
      opsPerSecond: Math.round(ops),
      ...(task.byteLength >= 1024 ? { mbPerSecond: Math.round((ops * task.byteLength) / 1e6) } : {}),
      ...(base === undefined ? {} : { ratio: Number((ops / base).toFixed(2)), baseline: task.baseline }),
    };
  });
}

/** Serves 1 GiB in 1 MiB fills and returns how many seed calls `countCalls` saw meanwhile. */
async function callsPerGiB(
  source: DrbgSource,
  countCalls: () => Promise<number>,
  yieldBetweenFills: boolean,
): Promise<number> {
  await source.ready();
  const before = await countCalls();
  const view = new Uint8Array(MiB);
  for (let served = 0; served < GiB; served += MiB) {
    await source.fill(view);
    if (yieldBetweenFills) await turn();
  }
  await source.ready(); // a reseed started by the last fills counts too
  const calls = (await countCalls()) - before;
  await source.close();
  return calls;
}

/** Counts a seed source's bytes() calls (DrbgSource seeds through bytes()). */
function counting(source: RandomSource): { source: RandomSource; calls: () => Promise<number> } {
  let calls = 0;
  const bytes = source.bytes.bind(source);
  source.bytes = (size, options) => {
    calls++;
    return bytes(size, options);
  };
  return { source, calls: async () => calls };
}

function burst(call: () => unknown): () => void {
  return () => {
    for (let i = 0; i < BURST; i++) call();
  };
}

function asyncBurst(call: () => Promise<unknown>): () => Promise<void> {
  return async () => {
    for (let i = 0; i < BURST; i++) await call();
  };
}

export async function run(quick = false): Promise<Row[]> {
  let kms: KmsLocalProcess | undefined;
  try {
    kms = await spawnKmsLocal();
  } catch (error) {
    console.warn(`kms-local unavailable (build it first), KMS rows skipped: ${(error as Error).message}`);
  }
  const kmsConfig = kms?.clientConfig;
  const overLocal = new DrbgSource(new NodeCryptoSource());
  const overKms =
    kmsConfig === undefined ? undefined : new DrbgSource(new KmsSource({ clientConfig: kmsConfig }));
  const small = overKms ?? overLocal;
  const seedName = overKms === undefined ? "NodeCryptoSource" : "KmsSource on kms-local";
  const pooled = new PoolSource(
    new DrbgSource(
      kmsConfig === undefined ? new NodeCryptoSource() : new KmsSource({ clientConfig: kmsConfig }),
    ),
  );
  await Promise.all([overLocal.ready(), overKms?.ready(), pooled.ready()]);
  const big = new Uint8Array(MiB);
  const view32 = new Uint8Array(32);

  try {
    const rows: Row[] = [];
    const node1M = "crypto.randomBytes(1 MiB)";
    const oneMiB = (label: string, source: DrbgSource): Task[] => [
      {
        name: `${label}.bytes(1 MiB)`,
        fn: () => source.bytes(MiB),
        calls: 1,
        byteLength: MiB,
        baseline: node1M,
      },
      {
        name: `${label}.fill(1 MiB view)`,
        fn: () => source.fill(big),
        calls: 1,
        byteLength: MiB,
        baseline: node1M,
      },
      {
        name: `${label}.fillSync(1 MiB view)`,
        fn: () => source.fillSync(big),
        calls: 1,
        byteLength: MiB,
        baseline: node1M,
      },
    ];
    rows.push(
      ...(await measure(
        [
          { name: node1M, fn: () => nodeCrypto.randomBytes(MiB), calls: 1, byteLength: MiB },
          {
            name: "crypto.randomFillSync(1 MiB view)",
            fn: () => nodeCrypto.randomFillSync(big),
            calls: 1,
            byteLength: MiB,
            baseline: node1M,
          },
          ...oneMiB("DrbgSource(NodeCryptoSource)", overLocal),
          ...(overKms === undefined ? [] : oneMiB("DrbgSource(KmsSource on kms-local)", overKms)),
        ],
        quick,
      )),
    );

    const node32 = "crypto.randomBytes(32)";
    const refilled = async () => {
      while (pooled.stats().level < BURST * 32) await turn();
    };
    rows.push(
      ...(await measure(
        [
          { name: node32, fn: burst(() => nodeCrypto.randomBytes(32)), calls: BURST, byteLength: 32 },
          {
            name: "crypto.randomFillSync(32-byte view)",
            fn: burst(() => nodeCrypto.randomFillSync(view32)),
            calls: BURST,
            byteLength: 32,
            baseline: node32,
          },
          {
            name: `DrbgSource(${seedName}).fillSync(32-byte view)`,
            fn: burst(() => small.fillSync(view32)),
            calls: BURST,
            byteLength: 32,
            baseline: node32,
          },
          {
            name: `DrbgSource(${seedName}): await bytes(32)`,
            fn: asyncBurst(() => small.bytes(32)),
            calls: BURST,
            byteLength: 32,
            baseline: node32,
          },
          {
            name: `PoolSource(DrbgSource(${seedName})): await bytes(32)`,
            fn: asyncBurst(() => pooled.bytes(32)),
            calls: BURST,
            byteLength: 32,
            baseline: node32,
            before: refilled,
          },
          {
            name: `PoolSource(DrbgSource(${seedName})).fillSync(32-byte view)`,
            fn: burst(() => pooled.fillSync(view32)),
            calls: BURST,
            byteLength: 32,
            baseline: node32,
            before: refilled,
          },
        ],
        quick,
      )),
    );

    for (const yieldBetweenFills of [true, false]) {
      const how = yieldBetweenFills ? "fills yield to the event loop" : "tight loop, never yields";
      const local = counting(new NodeCryptoSource());
      rows.push({
        name: `NodeCryptoSource seed calls per GiB, default policy (${how})`,
        callsPerGiB: await callsPerGiB(new DrbgSource(local.source), local.calls, yieldBetweenFills),
      });
      if (kms !== undefined && kmsConfig !== undefined) {
        rows.push({
          name: `KMS GenerateRandom calls per GiB, default policy (${how})`,
          callsPerGiB: await callsPerGiB(
            new DrbgSource(new KmsSource({ clientConfig: kmsConfig })),
            () => (kms as KmsLocalProcess).requests("GenerateRandom"),
            yieldBetweenFills,
          ),
        });
      }
    }
    return rows;
  } finally {
    await Promise.all([overLocal.close(), overKms?.close(), pooled.close()]);
    await kms?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version}, ${process.arch})`);
  console.table(rows);
}
