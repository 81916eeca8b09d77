/** A small, made-up set of module results in the shapes the suite's sections and the packages' scripts return. */
import { toTables } from "../src/normalize.js";
import { MODULES } from "../src/targets.js";
import type { ModuleResult, SuiteResult } from "../src/types.js";

export function moduleResult(id: string, raw: unknown, ok = true): ModuleResult {
  return {
    id,
    owner: id.startsWith("bench/") ? "suite" : `@rngkit/${id.split("/")[1]}`,
    title: `title of ${id}`,
    kind: "module",
    ok,
    ...(ok ? {} : { error: "exited with 1" }),
    durationMs: 1234,
    loadBefore: 0.5,
    loadAfter: 0.7,
    raw: ok ? raw : null,
    tables: ok ? toTables(raw) : [],
  };
}

const sizeRow = (path: string, size: number, vsNodeCrypto: number) => ({
  path,
  size,
  opsPerSecond: 1000 * vsNodeCrypto,
  mbPerSecond: (1000 * vsNodeCrypto * size) / 1e6,
  vsNodeCrypto,
  callsPerSample: 1,
  samples: 10,
  rme: 1,
  stalls: null,
  composition: `composition of ${path}`,
});

export const modules: ModuleResult[] = [
  moduleResult(MODULES.sizes, {
    kmsLatencyMs: 0,
    burstBytes: 4096,
    sizes: [32, 1048576],
    rows: [
      sizeRow("node:crypto", 32, 1),
      sizeRow("pool(local)", 32, 9.5),
      sizeRow("pool(drbg(kms))", 32, 7.5),
      sizeRow("kms", 32, 0.002),
      sizeRow("node:crypto", 1048576, 1),
      sizeRow("drbg(kms)", 1048576, 0.7),
    ],
    fillRows: [
      { name: "pool(local) fillSync(32-byte view)", size: 32, vsRandomBytes: 20, vsRandomFillSync: 17 },
      {
        name: "drbg(kms) await fill(1048576-byte view)",
        size: 1048576,
        vsRandomBytes: 0.8,
        vsRandomFillSync: 0.3,
      },
    ],
  }),
  moduleResult(MODULES.openLoop, {
    targetFraction: 0.8,
    upstreamBytesPerSecond: 400_000,
    rows: [
      {
        path: "pool(kms)",
        fractionOfUpstream: 0.8,
        offeredPerSecond: 10_000,
        requests: 50_000,
        stalls: 0,
        stallPercent: 0,
        p50Us: 3,
        p99Us: 250,
        p999Us: 900,
      },
      {
        path: "pool(worker(kms))",
        fractionOfUpstream: 0.8,
        offeredPerSecond: 9_500,
        requests: 47_500,
        stalls: 2,
        stallPercent: 0.004,
        p50Us: 3,
        p99Us: 15,
        p999Us: 600,
        isolated: true,
      },
      {
        path: "driver alone (no source)",
        fractionOfUpstream: 0.8,
        offeredPerSecond: 10_000,
        requests: 50_000,
        stalls: null,
        stallPercent: null,
        p50Us: 2,
        p99Us: 40,
        p999Us: 90,
      },
      {
        path: "driver alone (no source)",
        fractionOfUpstream: 0.8,
        offeredPerSecond: 9_500,
        requests: 47_500,
        stalls: null,
        stallPercent: null,
        p50Us: 2,
        p99Us: 11,
        p999Us: 90,
        isolated: true,
      },
    ],
  }),
  moduleResult(MODULES.kmsSweep, {
    targetLatencyMs: 10,
    rows: [1, 4, 16, 64].flatMap((concurrency) => [
      {
        latencyMs: 10,
        concurrency,
        client: "bare SDK",
        callsPerSecond: 80 * concurrency,
        boundCallsPerSecond: 100 * concurrency,
        ratioToSdk: null,
      },
      {
        latencyMs: 10,
        concurrency,
        client: "KmsSource",
        callsPerSecond: 78 * concurrency,
        boundCallsPerSecond: 100 * concurrency,
        ratioToSdk: concurrency === 64 ? 0.85 : 0.975,
      },
    ]),
    callsPerMiB: [{ scenario: "PoolSource(KmsSource) on kms-local, 32-byte requests", netCallsPerMiB: 1024 }],
  }),
  moduleResult(MODULES.poolServe, [
    { name: "pool: await bytes(32)", opsPerSecond: 4_000_000, vsRandomBytes: 8.8, vsRandomFillSync: 7 },
    {
      name: "pool: fillSync(32-byte view)",
      opsPerSecond: 9_000_000,
      vsRandomBytes: 14,
      vsRandomFillSync: 12,
    },
  ]),
  moduleResult(MODULES.drbg, [
    {
      name: "KMS GenerateRandom calls per GiB, default policy (fills yield to the event loop)",
      callsPerGiB: 60,
    },
    { name: "KMS GenerateRandom calls per GiB, default policy (tight loop, never yields)", callsPerGiB: 16 },
  ]),
  moduleResult(MODULES.kmsLocal, {}, false),
];

export const suiteResult: SuiteResult = {
  schema: 1,
  quick: false,
  startedAt: "2026-11-23T12:00:00.000Z",
  finishedAt: "2026-11-23T12:10:00.000Z",
  durationMs: 600_000,
  environment: {
    node: "v20.20.2",
    platform: "linux",
    arch: "x64",
    cpus: 2,
    cpuModel: "Test CPU",
    memoryGiB: 24,
    commit: "0123456789abcdef0123456789abcdef01234567",
    dirty: false,
    loadAtStart: [0.4, 0.5, 0.6],
    loadAtEnd: [1.1, 0.9, 0.7],
  },
  modules,
  targets: [],
};
