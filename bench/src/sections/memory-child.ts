/**
 * One case of the memory section, in a process of its own (so that nothing else the suite did is in its
 * heap): serves `total` bytes through one source path and prints one JSON line with RSS and heap at the
 * start (after warm-up and a GC), their peaks while serving, and at the end (before and after a GC), plus a
 * coarse series of samples taken every `total / 64` bytes. Run with --expose-gc.
 *
 *   node --expose-gc --import tsx src/sections/memory-child.ts <case> <total bytes>
 */
import * as nodeCrypto from "node:crypto";
import type { RandomSource } from "@rngkit/core";
import { DrbgSource } from "@rngkit/drbg";
import { KmsSource } from "@rngkit/kms";
import { NodeCryptoSource } from "@rngkit/local";
import { PoolSource } from "@rngkit/pool";
import {
  MEMORY_CASES,
  type MemoryCase,
  type MemoryChildResult,
  type MemorySnapshot,
} from "../harness/memory-cases.js";
import { type Remote, startRemote } from "../harness/paths.js";

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function snapshot(): MemorySnapshot {
  const usage = process.memoryUsage();
  return {
    rssMiB: mib(usage.rss),
    heapUsedMiB: mib(usage.heapUsed),
    heapTotalMiB: mib(usage.heapTotal),
    externalMiB: mib(usage.external),
    arrayBuffersMiB: mib(usage.arrayBuffers),
  };
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error("run with --expose-gc");
  collect();
  collect();
}

async function serve(
  name: MemoryCase,
  total: number,
  remote: Remote | undefined,
): Promise<MemoryChildResult> {
  const { request } = MEMORY_CASES[name];
  const kms = () => new KmsSource({ clientConfig: (remote as Remote).kms.clientConfig });
  let source: RandomSource | undefined;
  let drbg: DrbgSource | undefined;
  const view = new Uint8Array(request);
  let next: () => unknown;
  switch (name) {
    case "node:crypto randomBytes(4096)":
      next = () => nodeCrypto.randomBytes(request);
      break;
    case "pool(local) await bytes(4096)": {
      const pool = new PoolSource(new NodeCryptoSource());
      await pool.ready();
      source = pool;
      next = () => pool.bytes(request);
      break;
    }
    case "drbg(kms) await bytes(4096)": {
      const seeded = new DrbgSource(kms());
      await seeded.ready();
      source = drbg = seeded;
      next = () => seeded.bytes(request);
      break;
    }
    case "drbg(kms) await fill(1 MiB view)": {
      const seeded = new DrbgSource(kms());
      await seeded.ready();
      source = drbg = seeded;
      next = () => seeded.fill(view);
      break;
    }
    case "pool(drbg(kms)) await bytes(1024)": {
      drbg = new DrbgSource(kms());
      const pool = new PoolSource(drbg);
      await pool.ready();
      source = pool;
      next = () => pool.bytes(request);
      break;
    }
  }
  // Warm-up: 1 % of the total, then a clean start.
  for (let served = 0; served < total / 100; served += request) await next();
  gc();
  const kmsCallsBefore = remote === undefined ? 0 : await remote.kms.requests("GenerateRandom");
  const start = snapshot();
  const peak = { ...start };
  const series: [number, number, number][] = [];
  const every = total / 64;
  let mark = every;
  const started = performance.now();
  for (let served = 0; served < total; ) {
    await next();
    served += request;
    if (served >= mark) {
      mark += every;
      const now = snapshot();
      for (const key of Object.keys(peak) as (keyof MemorySnapshot)[])
        peak[key] = Math.max(peak[key], now[key]);
      series.push([served, now.rssMiB, now.heapUsedMiB]);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const end = snapshot();
  await drbg?.ready(); // a reseed the last requests started counts too
  const kmsCalls =
    remote === undefined ? null : (await remote.kms.requests("GenerateRandom")) - kmsCallsBefore;
  await source?.close();
  gc();
  return {
    case: name,
    servedBytes: total,
    requestBytes: request,
    seconds: Number(seconds.toFixed(3)),
    kmsCalls,
    start,
    peak,
    end,
    endAfterGc: snapshot(),
    series,
  };
}

const [name, totalText] = process.argv.slice(2);
if (name === undefined || !(name in MEMORY_CASES)) {
  console.error(`usage: memory-child.ts <${Object.keys(MEMORY_CASES).join(" | ")}> <total bytes>`);
  process.exit(2);
}
const remote = MEMORY_CASES[name as MemoryCase].uses === "kms" ? await startRemote(0) : undefined;
try {
  const result = await serve(name as MemoryCase, Number(totalText ?? 2 ** 30), remote);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await remote?.close();
}
