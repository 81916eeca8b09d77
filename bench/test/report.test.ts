import { describe, expect, it } from "vitest";
import { renderSvg, throughputBySizeSpec } from "../src/report/charts.js";
import { bytes, number, ratio } from "../src/report/format.js";
import { renderMarkdown } from "../src/report/markdown.js";
import { chartSpecs } from "../src/report/write-report.js";
import { jsonFromOutput } from "../src/runner.js";
import { evaluateTargets } from "../src/targets.js";
import { suiteResult } from "./fixtures.js";

const result = { ...suiteResult, targets: evaluateTargets(suiteResult.modules) };

describe("the report", () => {
  const markdown = renderMarkdown(result, { throughputBySize: "throughput-by-size.svg" });

  it("states the machine, the commit and the load", () => {
    expect(markdown).toContain("Node v20.20.2 on linux x64, 2 × Test CPU, 24 GiB; commit `0123456789ab`");
    expect(markdown).toContain("at the start 0.4 / 0.5 / 0.6");
  });

  it("lists every target with its verdict", () => {
    for (const target of result.targets) expect(markdown).toContain(target.target);
    expect(markdown).toMatch(/\| #6 pool \| async `bytes\(32\)` ≥ 8× .*\| \*\*met\*\* \|/);
  });

  it("shows every path beside node:crypto, with ratios", () => {
    expect(markdown).toContain("![Throughput against request size](throughput-by-size.svg)");
    expect(markdown).toMatch(/\| `pool\(local\)` \| 9\.50× \| — \|/);
    expect(markdown).toContain("| path | 32 B | 1 MiB |");
  });

  it("names a module that failed", () => {
    expect(markdown).toContain("failed: exited with 1");
  });
});

describe("the charts", () => {
  it("has a chart for each section that has data", () => {
    expect(chartSpecs(result).map((chart) => chart.file)).toEqual([
      "throughput-by-size.svg",
      "ratio-by-size.svg",
      "open-loop-latency.svg",
      "open-loop-stalls.svg",
      "kms-concurrency.svg",
    ]);
  });

  it("renders SVG headless with vega", async () => {
    const svg = await renderSvg(
      throughputBySizeSpec(
        [
          { path: "node:crypto", size: 32, mbPerSecond: 15 },
          { path: "pool(local)", size: 32, mbPerSecond: 140 },
        ],
        [32],
      ),
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("pool(local)");
  });
});

describe("formatting", () => {
  it("formats numbers, ratios and sizes", () => {
    expect(number(1234567.8)).toBe("1,234,568");
    expect(number(12.345)).toBe("12.35");
    expect(ratio(8.123)).toBe("8.12×");
    expect(ratio(23.45)).toBe("23.4×");
    expect(bytes(16)).toBe("16 B");
    expect(bytes(16384)).toBe("16 KiB");
    expect(bytes(1048576)).toBe("1 MiB");
  });

  it("reads the JSON document a program printed after other lines", () => {
    expect(jsonFromOutput('building...\n{\n  "requestsPerSecond": 5000\n}\n')).toEqual({
      requestsPerSecond: 5000,
    });
  });
});
