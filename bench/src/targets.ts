/**
 * The targets the issues set, read from this run's results. Where the suite's own sections and a package's
 * script both measure a target, both figures are shown and the target counts as met only if every figure
 * meets it (the strict reading). A target whose benchmark did not run or failed has no figure.
 */
import type { ModuleResult, TargetResult, Verdict } from "./types.js";

export const MODULES = {
  sizes: "bench/src/sections/throughput-by-size.bench.ts",
  openLoop: "bench/src/sections/open-loop.bench.ts",
  kmsSweep: "bench/src/sections/kms-concurrency.bench.ts",
  memory: "bench/src/sections/memory.bench.ts",
  poolServe: "packages/pool/bench/serve.bench.ts",
  poolCalls: "packages/pool/bench/upstream-calls.bench.ts",
  drbg: "packages/drbg/bench/drbg-source.bench.ts",
  kms: "packages/kms/bench/throughput.bench.ts",
  kmsLocal: "packages/kms-local/bench/generate-random.bench.ts",
  nitro: "packages/nitro/bench/throughput.bench.ts",
} as const;

type Row = Record<string, unknown>;

/** A module's raw result, if it ran and succeeded. */
export function rawOf(modules: readonly ModuleResult[], id: string): unknown {
  const found = modules.find((module) => module.id === id);
  return found?.ok ? found.raw : undefined;
}

function rowsOf(raw: unknown, member?: string): Row[] {
  const list = member === undefined ? raw : (raw as Record<string, unknown> | undefined)?.[member];
  return Array.isArray(list) ? (list as Row[]) : [];
}

const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

interface Figure {
  readonly value: number | undefined;
  readonly text: (value: number) => string;
  readonly from: string;
}

const times = (value: number) => `${value.toFixed(2)}×`;
const count = (value: number) => Math.round(value).toLocaleString("en-US");

function target(
  issue: number,
  area: string,
  description: string,
  meets: (value: number) => boolean,
  figures: readonly Figure[],
  note?: string,
): TargetResult {
  const present = figures.filter((figure) => figure.value !== undefined);
  const verdict: Verdict =
    present.length === 0
      ? "no figure"
      : present.every((figure) => meets(figure.value as number))
        ? "met"
        : "not met";
  return {
    issue,
    area,
    target: description,
    figure:
      present.length === 0
        ? "—"
        : present.map((figure) => `${figure.text(figure.value as number)} (${figure.from})`).join("; "),
    verdict,
    from: present.map((figure) => figure.from).join("; ") || "—",
    ...(note === undefined ? {} : { note }),
  };
}

export function evaluateTargets(modules: readonly ModuleResult[]): TargetResult[] {
  const sizes = rawOf(modules, MODULES.sizes);
  const sizeRows = rowsOf(sizes, "rows");
  const fillRows = rowsOf(sizes, "fillRows");
  const sizeRatio = (path: string, size: number) =>
    num(sizeRows.find((row) => row.path === path && row.size === size)?.vsNodeCrypto);
  const fillRatio = (name: string) => num(fillRows.find((row) => row.name === name)?.vsRandomBytes);
  const serve = rowsOf(rawOf(modules, MODULES.poolServe));
  const serveRatio = (name: string) => num(serve.find((row) => row.name === name)?.vsRandomBytes);
  const drbg = rowsOf(rawOf(modules, MODULES.drbg));
  const drbgRow = (name: string) => drbg.find((row) => row.name === name);
  const openLoop = rawOf(modules, MODULES.openLoop) as { rows?: Row[]; targetFraction?: number } | undefined;
  const atTarget = rowsOf(openLoop, "rows").filter(
    (row) => row.fractionOfUpstream === (openLoop?.targetFraction ?? 0.8),
  );
  const poolAtTarget = atTarget.find((row) => row.path === "pool(kms)");
  const workerAtTarget = atTarget.find((row) => row.path === "pool(worker(kms))");
  const driverAtTarget = atTarget.find(
    (row) => row.path === "driver alone (no source)" && row.isolated !== true,
  );
  const isolatedDriver = atTarget.find(
    (row) => row.path === "driver alone (no source)" && row.isolated === true,
  );
  const ownCpu = (row: Row | undefined) => (row?.isolated === true ? ", serving thread on its own CPU" : "");
  const withTraffic = atTarget.find((row) => row.path === "driver alone + the same KMS traffic");
  const sweep = rawOf(modules, MODULES.kmsSweep) as { rows?: Row[]; callsPerMiB?: Row[] } | undefined;
  const kmsRows = rowsOf(rawOf(modules, MODULES.kms));
  const poolCalls = rowsOf(rawOf(modules, MODULES.poolCalls));
  const kmsLocal = rawOf(modules, MODULES.kmsLocal) as Row | undefined;
  const memoryRows = rowsOf(rawOf(modules, MODULES.memory), "rows");

  const suite = "suite, same run";
  const targets: TargetResult[] = [
    target(
      6,
      "pool",
      "async `bytes(32)` ≥ 8× `crypto.randomBytes(32)` ops/s (warm buffer, 4 KiB bursts)",
      (v) => v >= 8,
      [
        { value: sizeRatio("pool(local)", 32), text: times, from: `${suite}: throughput-by-size` },
        {
          value: serveRatio("pool: await bytes(32)"),
          text: times,
          from: "pool serve.bench (median of 5 rounds)",
        },
      ],
    ),
    target(6, "pool", "`fillSync` into a 32-byte view ≥ 15× `crypto.randomBytes(32)` ops/s", (v) => v >= 15, [
      {
        value: fillRatio("pool(local) fillSync(32-byte view)"),
        text: times,
        from: `${suite}: throughput-by-size`,
      },
      {
        value: serveRatio("pool: fillSync(32-byte view)"),
        text: times,
        from: "pool serve.bench (median of 5 rounds)",
      },
    ]),
    target(
      6,
      "pool",
      "no stalls after warm-up at 80 % of upstream throughput, PoolSource over KmsSource, 10 ms latency, open loop",
      (v) => v === 0,
      [poolAtTarget, workerAtTarget]
        .filter((row) => row !== undefined)
        .map((row) => ({
          value: num(row.stalls),
          text: (v: number) => `${count(v)} stalls in ${count(num(row.requests) ?? 0)} requests`,
          from: `${suite}: open-loop, ${String(row.path)}${ownCpu(row)}`,
        })),
    ),
    target(
      6,
      "pool",
      "p99 wait < 100 µs at the same point (latency from each request's scheduled time), KMS client in a worker thread",
      (v) => v < 100,
      [
        {
          value: num(workerAtTarget?.p99Us),
          text: (v) => `p99 ${count(v)} µs`,
          from: `${suite}: open-loop, pool(worker(kms))${ownCpu(workerAtTarget)}`,
        },
      ],
      [
        poolAtTarget === undefined
          ? undefined
          : `with the SDK on the serving thread, pool(kms): p99 ${count(num(poolAtTarget.p99Us) ?? 0)} µs (p90 ${count(num(poolAtTarget.p90Us) ?? 0)} µs)`,
        isolatedDriver === undefined
          ? undefined
          : `the driver alone on its own CPU: p99 ${count(num(isolatedDriver.p99Us) ?? 0)} µs`,
        driverAtTarget === undefined
          ? undefined
          : `the driver alone, CPU shared: p99 ${count(num(driverAtTarget.p99Us) ?? 0)} µs`,
        withTraffic === undefined
          ? undefined
          : `the driver alone while KmsSource makes the same upstream calls on its thread: p99 ${count(num(withTraffic.p99Us) ?? 0)} µs`,
      ]
        .filter((part) => part !== undefined)
        .join("; ") || undefined,
    ),
    target(
      6,
      "pool",
      "exactly 1,024 upstream calls per MiB served with 1024-byte chunks",
      (v) => Math.abs(v - 1024) < 0.01,
      [
        {
          value: num(sweep?.callsPerMiB?.[0]?.netCallsPerMiB),
          text: (v) => `${v.toFixed(2)} GenerateRandom calls/MiB counted at kms-local`,
          from: `${suite}: kms-concurrency`,
        },
        ...poolCalls.map((row) => ({
          value: num(row.netCallsPerMiB),
          text: (v: number) => `${v.toFixed(2)} (${String(row.scenario)})`,
          from: "pool upstream-calls.bench",
        })),
      ],
    ),
    target(
      9,
      "drbg",
      "DrbgSource over KmsSource: 1 MiB `fill`s ≥ 0.5× `crypto.randomBytes(1 MiB)` throughput",
      (v) => v >= 0.5,
      [
        {
          value: fillRatio("drbg(kms) await fill(1048576-byte view)"),
          text: times,
          from: `${suite}: throughput-by-size`,
        },
        {
          value: num(drbgRow("DrbgSource(KmsSource on kms-local).fill(1 MiB view)")?.ratio),
          text: times,
          from: "drbg drbg-source.bench",
        },
      ],
      [
        `bytes(1 MiB): ${fmtOptional(sizeRatio("drbg(kms)", 1024 * 1024))} (suite), ${fmtOptional(num(drbgRow("DrbgSource(KmsSource on kms-local).bytes(1 MiB)")?.ratio))} (drbg bench)`,
        `fillSync(1 MiB view): ${fmtOptional(fillRatio("drbg(kms) fillSync(1048576-byte view)"))} (suite), ${fmtOptional(num(drbgRow("DrbgSource(KmsSource on kms-local).fillSync(1 MiB view)")?.ratio))} (drbg bench)`,
      ].join("; "),
    ),
    target(
      9,
      "drbg",
      "pooled (PoolSource over DrbgSource over KmsSource) async `bytes(32)` ≥ 8× `crypto.randomBytes(32)`",
      (v) => v >= 8,
      [
        { value: sizeRatio("pool(drbg(kms))", 32), text: times, from: `${suite}: throughput-by-size` },
        {
          value: num(drbgRow("PoolSource(DrbgSource(KmsSource on kms-local)): await bytes(32)")?.ratio),
          text: times,
          from: "drbg drbg-source.bench",
        },
      ],
    ),
    target(
      9,
      "drbg",
      "≤ 1,024 KMS calls per GiB served at the default reseed policy (a plain pool: 1,048,576)",
      (v) => v <= 1024,
      [
        ...memoryRows
          .filter((row) => typeof row.kmsCallsPerGiB === "number")
          .map((row) => ({
            value: num(row.kmsCallsPerGiB),
            text: (v: number) => `${count(v)} (${String(row.case)})`,
            from: `${suite}: memory, counted at kms-local`,
          })),
        {
          value: num(
            drbgRow("KMS GenerateRandom calls per GiB, default policy (fills yield to the event loop)")
              ?.callsPerGiB,
          ),
          text: (v) => `${count(v)} (fills yield to the event loop)`,
          from: "drbg drbg-source.bench, counted at kms-local",
        },
        {
          value: num(
            drbgRow("KMS GenerateRandom calls per GiB, default policy (tight loop, never yields)")
              ?.callsPerGiB,
          ),
          text: (v) => `${count(v)} (tight loop)`,
          from: "drbg drbg-source.bench, counted at kms-local",
        },
      ],
    ),
  ];
  for (const concurrency of [1, 4, 16, 64]) {
    const sweepRow = rowsOf(sweep, "rows").find(
      (row) => row.latencyMs === 10 && row.concurrency === concurrency && row.client === "KmsSource",
    );
    const kmsRow = kmsRows.find((row) => row.concurrency === concurrency);
    targets.push(
      target(
        4,
        "kms",
        `KmsSource within 10 % of a bare SDK loop, concurrency ${concurrency}, 10 ms latency (ratio ≥ 0.90)`,
        (v) => v >= 0.9,
        [
          { value: num(sweepRow?.ratioToSdk), text: (v) => v.toFixed(3), from: `${suite}: kms-concurrency` },
          { value: num(kmsRow?.ratioToSdk), text: (v) => v.toFixed(3), from: "kms throughput.bench" },
          {
            value: num(kmsRow?.ratioToSdk1KiB),
            text: (v) => v.toFixed(3),
            from: "kms throughput.bench, 1 KiB requests",
          },
        ],
        sweepRow === undefined
          ? undefined
          : `KmsSource ${count(num(sweepRow.callsPerSecond) ?? 0)} calls/s, bound ${count(num(sweepRow.boundCallsPerSecond) ?? 0)}`,
      ),
    );
  }
  targets.push(
    target(
      3,
      "kms-local",
      "≥ 5,000 GenerateRandom requests/s with SigV4 verification, separate load generator",
      (v) => v >= 5000,
      [
        {
          value: num(kmsLocal?.requestsPerSecond),
          text: (v) => `${count(v)} req/s`,
          from: `kms-local generate-random.bench (${String(kmsLocal?.benchmark ?? "").includes("wrk") ? "wrk" : "autocannon"})`,
        },
      ],
      kmsLocal === undefined
        ? undefined
        : `${count(num(kmsLocal.requests) ?? 0)} requests, ${count(num(kmsLocal.distinctSignatures) ?? 0)} distinct signatures, ${count(num(kmsLocal.non2xxOrErrors) ?? 0)} errors`,
    ),
  );
  return targets;
}

function fmtOptional(value: number | undefined): string {
  return value === undefined ? "—" : times(value);
}
