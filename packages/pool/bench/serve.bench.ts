/**
 * What serving from a warm pool costs, beside node:crypto in the same run. Each sample is a burst of
 * 4 KiB in 32-byte requests (128 calls, each awaited when async); between bursts the event loop turns
 * until the buffer holds a burst again, so the refill is never what is timed (issue 6). Ratios are
 * per-call ops/s against `crypto.randomBytes(32)`, and against `crypto.randomFillSync` into a 32-byte
 * view for the sync path. Targets: async `bytes(32)` >= 8x, `fillSync` into a 32-byte view >= 15x.
 * Five rounds of every task, medians reported (one round with --quick).
 *
 * Run: node --import tsx bench/serve.bench.ts   (add --quick for a short smoke run)
 */
import * as nodeCrypto from "node:crypto";
import { setImmediate as turn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { NodeCryptoSource } from "@rngkit/local";
import { PoolSource } from "@rngkit/pool";
import { Bench } from "tinybench";

export const title = "@rngkit/pool serving 32-byte requests from a warm buffer vs node:crypto";

const REQUEST = 32;
const BURST_BYTES = 4096;
const CALLS = BURST_BYTES / REQUEST;

export interface ServeRow {
  readonly name: string;
  /** Calls per second (bursts per second × calls per burst), the median over the rounds. */
  readonly opsPerSecond: number;
  /** Against crypto.randomBytes(32) in the same round; the median over the rounds. */
  readonly vsRandomBytes: number;
  /** Against crypto.randomFillSync into a 32-byte view. */
  readonly vsRandomFillSync: number;
}

/** The middle value (the upper one of the two middle values for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Runs every task for `time` ms in each of `rounds` rounds and keeps the median: on a shared, noisy
 * machine a drift in load then shifts baseline and pool alike rather than one of them.
 */
export async function run(quick = false): Promise<ServeRow[]> {
  const rounds = quick ? 1 : 5;
  const pool = new PoolSource(new NodeCryptoSource());
  await pool.ready();
  const view = new Uint8Array(REQUEST);
  /** Turns the event loop until the buffer can serve a whole burst (refills land between bursts). */
  const refilled = async () => {
    while (pool.stats().level < BURST_BYTES) await turn();
  };
  const tasks: [string, () => unknown, boolean][] = [
    [
      "crypto.randomBytes(32)",
      () => {
        for (let i = 0; i < CALLS; i++) nodeCrypto.randomBytes(REQUEST);
      },
      false,
    ],
    [
      "crypto.randomFillSync(32-byte view)",
      () => {
        for (let i = 0; i < CALLS; i++) nodeCrypto.randomFillSync(view);
      },
      false,
    ],
    [
      "pool: await bytes(32)",
      async () => {
        for (let i = 0; i < CALLS; i++) await pool.bytes(REQUEST);
      },
      true,
    ],
    [
      "pool: await fill(32-byte view)",
      async () => {
        for (let i = 0; i < CALLS; i++) await pool.fill(view);
      },
      true,
    ],
    [
      "pool: fillSync(32-byte view)",
      () => {
        for (let i = 0; i < CALLS; i++) pool.fillSync(view);
      },
      true,
    ],
  ];

  const perRound: Map<string, number>[] = [];
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: quick ? 100 : 400, warmup: true });
    for (const [name, fn, fromPool] of tasks) {
      // `async` stated, so that tinybench does not call the task once outside its hooks to find out.
      const async = fn.constructor.name === "AsyncFunction";
      bench.add(name, fn, fromPool ? { async, beforeEach: refilled } : { async });
    }
    await bench.run();
    const ops = new Map<string, number>();
    for (const task of bench.tasks) {
      const result = task.result;
      ops.set(task.name, "throughput" in result ? result.throughput.mean * CALLS : Number.NaN);
    }
    perRound.push(ops);
  }
  const stalls = pool.stats().stalls + pool.stats().exhausted;
  await pool.close();
  if (stalls > 0) throw new Error(`the buffer ran dry ${stalls} times: the figures would time refills`);

  return tasks.map(([name]) => ({
    name,
    opsPerSecond: Math.round(median(perRound.map((ops) => ops.get(name) as number))),
    vsRandomBytes: median(
      perRound.map((ops) => (ops.get(name) as number) / (ops.get("crypto.randomBytes(32)") as number)),
    ),
    vsRandomFillSync: median(
      perRound.map(
        (ops) => (ops.get(name) as number) / (ops.get("crypto.randomFillSync(32-byte view)") as number),
      ),
    ),
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version}, ${process.arch})`);
  console.table(
    rows.map((row) => ({
      ...row,
      vsRandomBytes: `${row.vsRandomBytes.toFixed(1)}x`,
      vsRandomFillSync: `${row.vsRandomFillSync.toFixed(1)}x`,
    })),
  );
}
