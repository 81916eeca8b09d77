/**
 * Markdown tables for docs/reliability.md from a run-stats.ts JSON-lines file: ent per path (the last
 * entry of each path), dieharder per path and run (PASSED / WEAK / FAILED counts), and every WEAK line with
 * how its `-Y 1` re-run resolved it.
 *
 *   node --import tsx test/reliability/stats/report.ts reliability-stats.jsonl
 */
import { readFileSync } from "node:fs";

interface Line {
  readonly test: string;
  readonly ntup: number;
  readonly psamples: number;
  readonly pValue: number;
  readonly assessment: string;
}
interface Entry {
  readonly path: string;
  readonly tool: "ent" | "dieharder" | "dieharder-resolve";
  readonly seconds: number;
  readonly result?: Record<string, number>;
  readonly problems?: string[];
  readonly args?: string[];
  readonly lines?: Line[];
  readonly bytesFed?: number;
  readonly resolves?: { test: string; ntup: number };
}

const file = process.argv[2];
if (file === undefined) throw new Error("usage: report.ts <run-stats output .jsonl>");
const entries = readFileSync(file, "utf8")
  .split("\n")
  .filter((row) => row.trim() !== "")
  .map((row) => JSON.parse(row) as Entry);

const fixed = (value: number, digits: number) =>
  value < 0 ? `−${(-value).toFixed(digits)}` : value.toFixed(digits);
const out: string[] = [];

out.push(
  "| path | bytes | entropy (bits/byte) | chi-square (P) | mean | Monte Carlo π | serial correlation | verdict |",
);
out.push("| --- | ---: | --- | --- | --- | --- | --- | --- |");
const ent = new Map<string, Entry>();
for (const entry of entries) if (entry.tool === "ent") ent.set(entry.path, entry);
for (const [path, entry] of ent) {
  const r = entry.result as Record<string, number>;
  out.push(
    `| ${path} | ${(r.bytes as number) / 1024 / 1024} MiB | ${r.entropy} | ${fixed(r.chiSquare as number, 1)} (${fixed(r.chiSquareP as number, 3)}) | ${fixed(r.mean as number, 4)} | ${fixed(r.monteCarloPi as number, 6)} | ${fixed(r.serialCorrelation as number, 6)} | ${entry.problems?.length ? entry.problems.join("; ") : "pass"} |`,
  );
}
out.push("");
out.push("| path | dieharder | result lines | PASSED | WEAK | FAILED | bytes fed | minutes |");
out.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
const weak: string[] = [];
for (const entry of entries) {
  if (entry.tool !== "dieharder") continue;
  const lines = entry.lines ?? [];
  const count = (assessment: string) => lines.filter((line) => line.assessment === assessment).length;
  const tests = (entry.args ?? []).slice(2).join(" ");
  const names = tests === "-a" ? "full battery (`-a`)" : `\`${tests}\` ${lines[0]?.test ?? ""}`;
  out.push(
    `| ${entry.path} | ${names} | ${lines.length} | ${count("PASSED")} | ${count("WEAK")} | ${count("FAILED")} | ${((entry.bytesFed ?? 0) / 1e9).toFixed(1)} GB | ${(entry.seconds / 60).toFixed(0)} |`,
  );
  for (const line of lines) {
    if (line.assessment === "PASSED") continue;
    const resolved = entries.find(
      (other) =>
        other.tool === "dieharder-resolve" &&
        other.path === entry.path &&
        other.resolves?.test === line.test &&
        other.resolves.ntup === line.ntup,
    );
    const after = resolved?.lines?.find((l) => l.test === line.test) ?? resolved?.lines?.[0];
    weak.push(
      `| ${entry.path} | ${line.test} | ${line.ntup} | ${line.pValue} | ${line.assessment} | ${
        after === undefined
          ? "not re-run"
          : `${after.assessment} (p = ${after.pValue}, ${after.psamples} psamples)`
      } |`,
    );
  }
}
out.push("");
out.push("| path | test | ntup | p | verdict | re-run with `-Y 1` (resolve ambiguity) |");
out.push("| --- | --- | ---: | --- | --- | --- |");
out.push(...weak);
console.log(out.join("\n"));
