/**
 * `pnpm bench [--quick]`: runs every benchmark module of the repository as one suite and writes
 * results.json, report.md and the charts. A full run writes to docs/bench/ (the committed report); a quick
 * run (what CI runs, to prove the suite works; it asserts nothing about timings) writes to
 * bench/.results/quick/ unless --out says otherwise. The packages must be built (the root script does it).
 *
 *   node --import tsx src/main.ts [--quick] [--only <text>]... [--out <dir>] [--report-only <results.json>]
 *     --only          run only the modules whose path contains the text (repeatable)
 *     --report-only   draw the report again from a results.json, running nothing
 *     --wait-for-load start only once the 1-minute load average is at most this (polls for up to 15 minutes)
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { discover } from "./discover.js";
import { environment, load } from "./environment.js";
import { writeReport } from "./report/write-report.js";
import { runModule, stopCurrent } from "./runner.js";
import { evaluateTargets } from "./targets.js";
import type { ModuleResult, SuiteResult } from "./types.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: process.env.RNGKIT_BENCH_QUICK === "1" },
    only: { type: "string", multiple: true },
    out: { type: "string" },
    "report-only": { type: "string" },
    "wait-for-load": { type: "string" },
  },
});
const quick = values.quick === true;
const out = resolve(values.out ?? join(ROOT, quick ? "bench/.results/quick" : "docs/bench"));
const say = (text: string) => process.stderr.write(`${text}\n`);

if (values["report-only"] !== undefined) {
  const result = JSON.parse(readFileSync(values["report-only"], "utf8")) as SuiteResult;
  const files = await writeReport({ ...result, targets: evaluateTargets(result.modules) }, out);
  say(`rngkit bench: report drawn again: ${files.map((file) => relative(process.cwd(), file)).join(", ")}`);
  process.exit(0);
}

if (!existsSync(join(ROOT, "packages/kms-local/dist/bin.js"))) {
  say(
    "rngkit bench: the packages are not built: run `pnpm bench` from the repository root (it builds first)",
  );
  process.exit(1);
}

if (values["wait-for-load"] !== undefined) {
  const limit = Number(values["wait-for-load"]);
  const until = Date.now() + 15 * 60_000;
  while ((load()[0] ?? 0) > limit && Date.now() < until) {
    say(`rngkit bench: load average ${load().join(" / ")} > ${limit}; waiting`);
    await sleep(30_000);
  }
}

const modules = discover(ROOT).filter(
  (module) => values.only === undefined || values.only.some((text) => module.id.includes(text)),
);
if (modules.length === 0) {
  say("rngkit bench: no benchmark module matches");
  process.exit(1);
}

process.once("SIGINT", () => {
  stopCurrent();
  process.exit(130);
});

const loadAtStart = load();
const startedAt = new Date();
const started = performance.now();
say(
  `rngkit bench${quick ? " --quick" : ""}: ${modules.length} modules, load average ${loadAtStart.join(" / ")}`,
);
const results: ModuleResult[] = [];
for (const [index, module] of modules.entries()) {
  say(`[${index + 1}/${modules.length}] ${module.id}`);
  const result = await runModule(module, {
    quick,
    timeoutMs: (quick ? 3 : 20) * 60_000,
    log: (text) => process.stderr.write(text.replace(/^(?=.)/gm, "    ")),
  });
  say(
    `    ${result.ok ? "ok" : `FAILED: ${result.error}`} in ${(result.durationMs / 1000).toFixed(1)} s (load ${result.loadBefore} → ${result.loadAfter})`,
  );
  results.push(result);
}

const result: SuiteResult = {
  schema: 1,
  quick,
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  durationMs: Math.round(performance.now() - started),
  environment: { ...environment(ROOT, loadAtStart), loadAtEnd: load() },
  modules: results,
  targets: evaluateTargets(results),
};
const files = await writeReport(result, out);
for (const target of result.targets) {
  say(`  ${target.verdict.padEnd(9)} #${target.issue} ${target.target}: ${target.figure}`);
}
const failed = results.filter((module) => !module.ok);
say(
  `rngkit bench: ${results.length - failed.length}/${results.length} modules ran in ${(result.durationMs / 1000).toFixed(0)} s; wrote ${files.map((file) => relative(process.cwd(), file)).join(", ")}`,
);
if (quick) say("rngkit bench: quick mode: the figures prove the suite runs, nothing more");
process.exit(failed.length === 0 ? 0 : 1);
