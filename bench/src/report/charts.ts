/**
 * The report's charts: Vega-Lite specs compiled to Vega and rendered to SVG headless in Node (no canvas, no
 * browser), from this run's results. Each function returns the spec, so tests can check the data without
 * rendering; `renderSvg` draws one.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

type Row = Record<string, unknown>;

const SIZE_LABEL =
  "datum.value >= 1048576 ? datum.value / 1048576 + ' MiB' : datum.value >= 1024 ? datum.value / 1024 + ' KiB' : datum.value + ' B'";

const base = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  background: "white",
  config: { font: "sans-serif", legend: { labelLimit: 260 }, axis: { labelFontSize: 11, titleFontSize: 12 } },
} as const;

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return `${svg}\n`;
}

/** MB/s of `bytes(n)` against request size, one line per path, node:crypto included. */
export function throughputBySizeSpec(rows: readonly Row[], sizes: readonly number[]): TopLevelSpec {
  return {
    ...base,
    title: {
      text: "Throughput against request size (await bytes(n); node:crypto: randomBytes(n))",
      fontSize: 14,
    },
    width: 640,
    height: 380,
    data: { values: rows.filter((row) => (row.mbPerSecond as number) > 0) as Row[] },
    mark: { type: "line", point: true, strokeWidth: 1.5 },
    encoding: {
      x: {
        field: "size",
        type: "quantitative",
        title: "request size",
        scale: { type: "log", base: 2 },
        axis: { values: [...sizes], labelExpr: SIZE_LABEL },
      },
      y: { field: "mbPerSecond", type: "quantitative", title: "MB/s (log)", scale: { type: "log" } },
      color: { field: "path", type: "nominal", title: "path" },
      strokeDash: {
        condition: { test: "indexof(['node:crypto', 'node:crypto async'], datum.path) >= 0", value: [6, 3] },
        value: [1, 0],
      },
    },
  } as TopLevelSpec;
}

/** Each path's ops/s as a multiple of crypto.randomBytes(n)'s, against request size. */
export function ratioBySizeSpec(rows: readonly Row[], sizes: readonly number[]): TopLevelSpec {
  return {
    ...base,
    title: { text: "Ops/s as a multiple of crypto.randomBytes(n), same run", fontSize: 14 },
    width: 640,
    height: 380,
    layer: [
      {
        data: {
          values: rows.filter(
            (row) => row.path !== "node:crypto" && (row.vsNodeCrypto as number) > 0,
          ) as Row[],
        },
        mark: { type: "line", point: true, strokeWidth: 1.5 },
        encoding: {
          x: {
            field: "size",
            type: "quantitative",
            title: "request size",
            scale: { type: "log", base: 2 },
            axis: { values: [...sizes], labelExpr: SIZE_LABEL },
          },
          y: {
            field: "vsNodeCrypto",
            type: "quantitative",
            title: "× crypto.randomBytes(n) (log)",
            scale: { type: "log" },
          },
          color: { field: "path", type: "nominal", title: "path" },
        },
      },
      {
        data: { values: [{ y: 1 }] },
        mark: { type: "rule", color: "black", strokeDash: [4, 4] },
        encoding: { y: { field: "y", type: "quantitative" } },
      },
    ],
  } as TopLevelSpec;
}

/** A load row's path, marked when its serving thread had a CPU of its own (the same path may run both ways). */
function pathLabel(row: Row): string {
  return row.isolated === true ? `${String(row.path)}, own CPU` : String(row.path);
}

/** p50 / p99 / p99.9 latency from the scheduled time against offered load, one colour per path. */
export function openLoopLatencySpec(rows: readonly Row[]): TopLevelSpec {
  const values = rows.flatMap((row) =>
    (
      [
        ["p50", row.p50Us],
        ["p99", row.p99Us],
        ["p99.9", row.p999Us],
      ] as const
    )
      .filter(([, value]) => typeof value === "number" && value > 0)
      .map(([percentile, value]) => ({
        path: pathLabel(row),
        percentile,
        offeredPerSecond: row.offeredPerSecond,
        latencyUs: value,
      })),
  );
  return {
    ...base,
    title: {
      text: "Open-loop latency (from scheduled time) against offered load, 32-byte requests",
      fontSize: 14,
    },
    data: { values },
    facet: { column: { field: "percentile", type: "ordinal", title: null, sort: ["p50", "p99", "p99.9"] } },
    resolve: { scale: { y: "shared" } },
    spec: {
      width: 250,
      height: 320,
      layer: [
        {
          mark: { type: "line", point: true, strokeWidth: 1.5 },
          encoding: {
            x: {
              field: "offeredPerSecond",
              type: "quantitative",
              title: "offered load, requests/s (log)",
              scale: { type: "log" },
            },
            y: {
              field: "latencyUs",
              type: "quantitative",
              title: "latency µs (log)",
              scale: { type: "log" },
            },
            color: { field: "path", type: "nominal", title: "path" },
          },
        },
        {
          mark: { type: "rule", color: "red", strokeDash: [2, 2] },
          encoding: { y: { datum: 100, type: "quantitative" } },
        },
      ],
    },
  } as TopLevelSpec;
}

/** Stalls (requests that waited for the upstream) as a share of requests, against offered load. */
export function openLoopStallsSpec(rows: readonly Row[]): TopLevelSpec {
  return {
    ...base,
    title: { text: "Pool stalls after warm-up against offered load", fontSize: 14 },
    width: 640,
    height: 300,
    data: {
      values: rows
        .filter((row) => typeof row.stallPercent === "number")
        .map((row) => ({ ...row, path: pathLabel(row) })),
    },
    mark: { type: "line", point: true, strokeWidth: 1.5 },
    encoding: {
      x: {
        field: "offeredPerSecond",
        type: "quantitative",
        title: "offered load, requests/s (log)",
        scale: { type: "log" },
      },
      y: { field: "stallPercent", type: "quantitative", title: "stalled requests, % of requests" },
      color: { field: "path", type: "nominal", title: "path" },
      tooltip: [{ field: "fractionOfUpstream", title: "fraction of upstream" }],
    },
  } as TopLevelSpec;
}

/** calls/s against concurrency, one panel per injected latency, beside the bound concurrency × 1000 / latency. */
export function kmsConcurrencySpec(rows: readonly Row[]): TopLevelSpec {
  const bounds = new Map<string, Row>();
  for (const row of rows) {
    bounds.set(`${row.latencyMs}/${row.concurrency}`, {
      latencyMs: row.latencyMs,
      concurrency: row.concurrency,
      client: "bound: concurrency × 1024 B / RTT",
      callsPerSecond: row.boundCallsPerSecond,
    });
  }
  return {
    ...base,
    title: {
      text: "GenerateRandom calls/s (1024 B each) against concurrency, by injected latency",
      fontSize: 14,
    },
    data: { values: [...rows, ...bounds.values()] as Row[] },
    transform: [{ calculate: "datum.latencyMs + ' ms latency'", as: "latency" }],
    facet: { column: { field: "latency", type: "ordinal", title: null, sort: { field: "latencyMs" } } },
    spec: {
      width: 220,
      height: 300,
      mark: { type: "line", point: true, strokeWidth: 1.5 },
      encoding: {
        x: {
          field: "concurrency",
          type: "quantitative",
          scale: { type: "log", base: 2 },
          axis: { values: [1, 4, 16, 64] },
        },
        y: { field: "callsPerSecond", type: "quantitative", title: "calls/s (log)", scale: { type: "log" } },
        color: { field: "client", type: "nominal", title: null },
        strokeDash: {
          condition: { test: "indexof(datum.client, 'bound') === 0", value: [4, 4] },
          value: [1, 0],
        },
      },
    },
  } as TopLevelSpec;
}

/** RSS while serving 1 GiB, per case (each in its own process). */
export function memorySpec(
  series: readonly { case: string; points: readonly (readonly number[])[] }[],
): TopLevelSpec {
  const values = series.flatMap((entry) =>
    entry.points.map(([served, rss, heap]) => ({
      case: entry.case,
      servedMiB: (served ?? 0) / 2 ** 20,
      rss,
      heap,
    })),
  );
  return {
    ...base,
    title: { text: "RSS while serving, each case in its own process", fontSize: 14 },
    width: 640,
    height: 300,
    data: { values },
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "servedMiB", type: "quantitative", title: "MiB served" },
      y: { field: "rss", type: "quantitative", title: "RSS MiB", scale: { zero: false } },
      color: { field: "case", type: "nominal", title: null },
    },
  } as TopLevelSpec;
}
