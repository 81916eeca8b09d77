/**
 * Every source path beside node:crypto in the same run, for request sizes from 16 B to 1 MiB: ops/s and
 * bytes/s of `await source.bytes(n)` against `crypto.randomBytes(n)`, measured right after it.
 *
 * - A sample is a burst of 4 KiB (or one request, when larger): 256 × 16 B, 128 × 32 B, ... 1 × 4 KiB and up.
 *   Paths that wait for KMS on every request (kms, cloudhsm, nitro, and a pool's pass-through above its
 *   16 KiB capacity) take one request per sample.
 * - A DRBG over KMS is given time, between samples, for a due reseed to land (`ready()`), as a server's
 *   event loop would; the reseed itself is one KMS call per 16 MiB, in the background.
 * - The event loop turns before every sample, outside the timed part, and a pool is given time to refill
 *   until it holds the next burst (as in packages/pool/bench/serve.bench.ts), so what is timed is serving,
 *   not refilling: a pool's sustained throughput is its upstream's, which the open-loop section shows.
 * - kms-local runs in a child process with no injected latency, so the remote rows show what rngkit, the
 *   SDK and kms-local cost in CPU (the best case for an unpooled remote path); latency is the KMS section's.
 *
 * Run: node --import tsx src/sections/throughput-by-size.bench.ts [--quick]   (after pnpm build)
 */
import * as nodeCrypto from "node:crypto";
import { setImmediate as turn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { RandomSource } from "@rngkit/core";
import { DrbgSource } from "@rngkit/drbg";
import { PoolSource } from "@rngkit/pool";
import { type Measured, measure, type TaskSpec } from "../harness/measure.js";
import { type PathId, sourcePaths, startRemote } from "../harness/paths.js";

export const title = "Every source path beside node:crypto, request sizes 16 B to 1 MiB";

const randomBytesAsync = promisify(nodeCrypto.randomBytes);
const KiB = 1024;
const MiB = 1024 * KiB;
export const SIZES = [16, 32, 64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB] as const;
const QUICK_SIZES = [32, 4 * KiB, MiB] as const;
const BURST_BYTES = 4 * KiB;
/** In quick mode, paths that wait for KMS on every request stop here (1 MiB is 1,024 KMS calls). */
const QUICK_REMOTE_MAX = 4 * KiB;

export interface SizeRow {
  readonly path: PathId | "node:crypto" | "node:crypto async";
  readonly size: number;
  readonly opsPerSecond: number;
  readonly mbPerSecond: number;
  /** ops/s ÷ crypto.randomBytes(size) ops/s, measured just before. */
  readonly vsNodeCrypto: number;
  readonly callsPerSample: number;
  readonly samples: number;
  /** Relative margin of error of the mean sample time, in %. */
  readonly rme: number;
  /** A pool's stalls (requests that had to wait for the upstream) during the measurement. */
  readonly stalls: number | null;
  readonly composition: string;
}

function row(
  path: SizeRow["path"],
  size: number,
  measured: Measured,
  baseline: Measured,
  stalls: number | null,
  composition: string,
): SizeRow {
  return {
    path,
    size,
    opsPerSecond: Math.round(measured.opsPerSecond),
    mbPerSecond: Number((measured.bytesPerSecond / 1e6).toFixed(3)),
    vsNodeCrypto: Number((measured.opsPerSecond / baseline.opsPerSecond).toFixed(4)),
    callsPerSample: measured.callsPerSample,
    samples: measured.samples,
    rme: Number(measured.rme.toFixed(2)),
    stalls,
    composition,
  };
}

/**
 * Untimed: waits until the pool holds `need` bytes (at most its capacity). A pool refills only once its
 * level drops below low water, so one sitting between low water and `need` is first drawn down to one chunk
 * below low water (those bytes are thrown away); it then refills, a chunk at a time, to high water.
 */
async function topUp(pool: PoolSource, need: number): Promise<void> {
  const { level, lowWater, chunkSize, inFlight } = pool.stats();
  if (level < need && level >= lowWater && inFlight === 0) await pool.bytes(level - (lowWater - chunkSize));
  for (;;) {
    const now = pool.stats();
    const full = now.inFlight === 0 && now.level + now.chunkSize > now.highWater;
    if (now.level >= need || full) return;
    await turn();
  }
}

export interface FillRow {
  readonly name: string;
  readonly size: number;
  readonly opsPerSecond: number;
  readonly mbPerSecond: number;
  /** ops/s ÷ crypto.randomBytes(size) ops/s, measured in the same group. */
  readonly vsRandomBytes: number;
  /** ops/s ÷ crypto.randomFillSync(view of size) ops/s, measured in the same group. */
  readonly vsRandomFillSync: number;
  readonly samples: number;
  readonly rme: number;
}

/**
 * The forms the pool and DRBG targets name, into a caller's reused view: fillSync (32 B and 1 MiB) and
 * fill (1 MiB), beside crypto.randomBytes and crypto.randomFillSync of the same size.
 */
async function fillsAndSyncFills(
  sources: ReadonlyMap<PathId, RandomSource>,
  budgetMs: number,
): Promise<FillRow[]> {
  const rows: FillRow[] = [];
  for (const size of [32, MiB]) {
    const burst = Math.max(1, Math.floor(BURST_BYTES / size));
    const view = new Uint8Array(size);
    const tasks: TaskSpec[] = [
      {
        name: `crypto.randomBytes(${size})`,
        fn: () => {
          for (let i = 0; i < burst; i++) nodeCrypto.randomBytes(size);
        },
        async: false,
        calls: burst,
        bytesPerCall: size,
      },
      {
        name: `crypto.randomFillSync(${size}-byte view)`,
        fn: () => {
          for (let i = 0; i < burst; i++) nodeCrypto.randomFillSync(view);
        },
        async: false,
        calls: burst,
        bytesPerCall: size,
      },
    ];
    for (const id of ["local", "pool(local)", "drbg(kms)", "pool(drbg(kms))"] as const) {
      const source = sources.get(id) as RandomSource & { fillSync?: (view: Uint8Array) => Uint8Array };
      const fillSync = source.fillSync?.bind(source);
      const pool = source instanceof PoolSource ? source : undefined;
      // Untimed before each sample: a pool refills until it holds the burst; a DRBG over KMS lets a due
      // reseed land (its fillSync refuses to serve past the hard limit, 64 MiB, until one has: a tight
      // loop of 1 MiB fillSyncs gets there in tens of ms, faster than a KMS call returns on a busy machine).
      const drbg = source instanceof DrbgSource ? source : undefined;
      const before =
        pool !== undefined && size <= pool.stats().capacity
          ? () => topUp(pool, burst * size)
          : drbg !== undefined
            ? () => drbg.ready()
            : undefined;
      // A pool's fillSync serves from its buffer only: a request over its capacity is refused (Exhausted).
      if (fillSync !== undefined && (pool === undefined || size <= pool.stats().capacity)) {
        tasks.push({
          name: `${id} fillSync(${size}-byte view)`,
          fn: () => {
            for (let i = 0; i < burst; i++) fillSync(view);
          },
          async: false,
          calls: burst,
          bytesPerCall: size,
          ...(before === undefined ? {} : { before }),
        });
      }
      if (size === MiB) {
        tasks.push({
          name: `${id} await fill(${size}-byte view)`,
          fn: () => source.fill(view),
          async: true,
          calls: 1,
          bytesPerCall: size,
        });
      }
    }
    const measured: Measured[] = [];
    for (const task of tasks) measured.push(await measure(task, { budgetMs }));
    const [randomBytes, randomFillSync] = measured as [Measured, Measured, ...Measured[]];
    for (const m of measured) {
      rows.push({
        name: m.name,
        size,
        opsPerSecond: Math.round(m.opsPerSecond),
        mbPerSecond: Number((m.bytesPerSecond / 1e6).toFixed(3)),
        vsRandomBytes: Number((m.opsPerSecond / randomBytes.opsPerSecond).toFixed(4)),
        vsRandomFillSync: Number((m.opsPerSecond / randomFillSync.opsPerSecond).toFixed(4)),
        samples: m.samples,
        rme: Number(m.rme.toFixed(2)),
      });
    }
  }
  return rows;
}

export async function run(quick = false) {
  const budgetMs = quick ? 40 : 600;
  const sizes = quick ? QUICK_SIZES : SIZES;
  const remote = await startRemote(0);
  const paths = sourcePaths(remote);
  const sources = new Map<PathId, RandomSource>();
  const rows: SizeRow[] = [];
  const fillRows: FillRow[] = [];
  try {
    for (const path of paths) sources.set(path.id, await path.make());
    for (const size of sizes) {
      const burst = Math.max(1, Math.floor(BURST_BYTES / size));
      const baseline = await measure(
        {
          name: `crypto.randomBytes(${size})`,
          fn: () => {
            for (let i = 0; i < burst; i++) nodeCrypto.randomBytes(size);
          },
          async: false,
          calls: burst,
          bytesPerCall: size,
        },
        { budgetMs },
      );
      rows.push(row("node:crypto", size, baseline, baseline, null, "crypto.randomBytes(n)"));
      // The callback form: what an async source built on node:crypto can at best be (it crosses to libuv's pool).
      const asyncBaseline = await measure(
        {
          name: `crypto.randomBytes(${size}, callback)`,
          fn: async () => {
            for (let i = 0; i < burst; i++) await randomBytesAsync(size);
          },
          async: true,
          calls: burst,
          bytesPerCall: size,
        },
        { budgetMs },
      );
      rows.push(
        row(
          "node:crypto async",
          size,
          asyncBaseline,
          baseline,
          null,
          "await promisify(crypto.randomBytes)(n)",
        ),
      );
      for (const path of paths) {
        const source = sources.get(path.id) as RandomSource;
        const pool = source instanceof PoolSource ? source : undefined;
        const passThrough = pool !== undefined && size > pool.stats().capacity;
        const remotePerRequest = path.remotePerRequest || (passThrough && path.id === "pool(kms)");
        if (quick && remotePerRequest && size > QUICK_REMOTE_MAX) continue;
        const calls = remotePerRequest ? 1 : burst;
        const task: TaskSpec = {
          name: `${path.id} bytes(${size})`,
          fn:
            calls === 1
              ? () => source.bytes(size)
              : async () => {
                  for (let i = 0; i < calls; i++) await source.bytes(size);
                },
          async: true,
          calls,
          bytesPerCall: size,
          ...(pool !== undefined && !passThrough
            ? {
                before: () => topUp(pool, calls * size),
              }
            : source instanceof DrbgSource
              ? { before: () => source.ready() } // a due reseed lands outside the timed part
              : {}),
        };
        const stallsBefore = pool?.stats().stalls ?? 0;
        const measured = await measure(task, { budgetMs });
        const stalls = pool === undefined ? null : pool.stats().stalls - stallsBefore;
        rows.push(row(path.id, size, measured, baseline, stalls, path.composition));
      }
    }
    fillRows.push(...(await fillsAndSyncFills(sources, budgetMs)));
  } finally {
    await Promise.allSettled([...sources.values()].map((source) => source.close()));
    await remote.close();
  }
  return { kmsLatencyMs: 0, burstBytes: BURST_BYTES, sizes: [...sizes], rows, fillRows };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, fillRows } = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version})`);
  console.table(rows.map(({ composition: _, ...rest }) => rest));
  console.table(fillRows);
}
