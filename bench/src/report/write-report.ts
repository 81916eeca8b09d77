/** Writes results.json, the charts (SVG) and report.md into one directory. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { MODULES, rawOf } from "../targets.js";
import type { SuiteResult } from "../types.js";
import {
  kmsConcurrencySpec,
  memorySpec,
  openLoopLatencySpec,
  openLoopStallsSpec,
  ratioBySizeSpec,
  renderSvg,
  throughputBySizeSpec,
} from "./charts.js";
import { type ChartFiles, renderMarkdown } from "./markdown.js";

type Row = Record<string, unknown>;

/** The charts this result has data for, by report slot and file name. */
export function chartSpecs(
  result: SuiteResult,
): { slot: keyof ChartFiles; file: string; spec: TopLevelSpec }[] {
  const specs: { slot: keyof ChartFiles; file: string; spec: TopLevelSpec }[] = [];
  const sizes = rawOf(result.modules, MODULES.sizes) as { rows?: Row[]; sizes?: number[] } | undefined;
  if (sizes?.rows?.length) {
    specs.push({
      slot: "throughputBySize",
      file: "throughput-by-size.svg",
      spec: throughputBySizeSpec(sizes.rows, sizes.sizes ?? []),
    });
    specs.push({
      slot: "ratioBySize",
      file: "ratio-by-size.svg",
      spec: ratioBySizeSpec(sizes.rows, sizes.sizes ?? []),
    });
  }
  const openLoop = rawOf(result.modules, MODULES.openLoop) as { rows?: Row[] } | undefined;
  if (openLoop?.rows?.length) {
    specs.push({
      slot: "openLoopLatency",
      file: "open-loop-latency.svg",
      spec: openLoopLatencySpec(openLoop.rows),
    });
    specs.push({
      slot: "openLoopStalls",
      file: "open-loop-stalls.svg",
      spec: openLoopStallsSpec(openLoop.rows),
    });
  }
  const sweep = rawOf(result.modules, MODULES.kmsSweep) as { rows?: Row[] } | undefined;
  if (sweep?.rows?.length) {
    specs.push({ slot: "kmsConcurrency", file: "kms-concurrency.svg", spec: kmsConcurrencySpec(sweep.rows) });
  }
  const memory = rawOf(result.modules, MODULES.memory) as
    | { series?: { case: string; points: number[][] }[] }
    | undefined;
  if (memory?.series?.length) {
    specs.push({ slot: "memory", file: "memory.svg", spec: memorySpec(memory.series) });
  }
  return specs;
}

export async function writeReport(result: SuiteResult, directory: string): Promise<string[]> {
  mkdirSync(directory, { recursive: true });
  const written: string[] = [];
  const write = (file: string, text: string) => {
    writeFileSync(join(directory, file), text);
    written.push(join(directory, file));
  };
  write("results.json", `${JSON.stringify(result, null, 2)}\n`);
  const charts: Record<string, string> = {};
  for (const { slot, file, spec } of chartSpecs(result)) {
    write(file, await renderSvg(spec));
    charts[slot] = file;
  }
  write("report.md", renderMarkdown(result, charts as ChartFiles));
  return written;
}
