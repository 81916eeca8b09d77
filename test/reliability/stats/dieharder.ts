/**
 * dieharder (Debian package dieharder) fed as a stream on stdin: `dieharder -g 200` reads raw bytes from
 * stdin for as long as its tests ask, so it never rewinds a short file (which would make its p-values
 * meaningless). Each result line is PASSED, WEAK or FAILED by dieharder's own thresholds: WEAK when
 * p < 0.005 or p > 0.995 (1 % of lines from a perfect source: about one per full battery), FAILED when
 * p < 1e-6 or p > 1 - 1e-6 (2e-6 per line). FAILED fails the check; WEAK is allowed and reported.
 */
import { spawn } from "node:child_process";
import type { OpenPath } from "./paths.js";
import { streamPath } from "./stream.js";

export type Assessment = "PASSED" | "WEAK" | "FAILED";

export interface DieharderLine {
  readonly test: string;
  readonly ntup: number;
  readonly tsamples: number;
  readonly psamples: number;
  readonly pValue: number;
  readonly assessment: Assessment;
}

export interface DieharderRun {
  readonly args: readonly string[];
  readonly lines: readonly DieharderLine[];
  /** Bytes written to dieharder's stdin (an upper bound on what it read: pipes buffer ahead). */
  readonly bytesFed: number;
  readonly seconds: number;
}

const LINE = /^\s*([a-z0-9_]+)\|\s*(\d+)\|\s*(\d+)\|\s*(\d+)\|\s*([0-9.eE+-]+)\|\s*(PASSED|WEAK|FAILED)\s*$/;

export function parseDieharder(output: string): DieharderLine[] {
  const lines: DieharderLine[] = [];
  for (const row of output.split("\n")) {
    const match = LINE.exec(row);
    if (match === null) continue;
    lines.push({
      test: match[1] as string,
      ntup: Number(match[2]),
      tsamples: Number(match[3]),
      psamples: Number(match[4]),
      pValue: Number(match[5]),
      assessment: match[6] as Assessment,
    });
  }
  return lines;
}

/**
 * Runs `dieharder -g 200 <args>` with `path` streamed on stdin until dieharder exits. `-d N` runs one
 * test, `-a` the full battery. Throws when dieharder fails to run or prints no result line.
 */
export async function runDieharder(path: OpenPath, args: readonly string[]): Promise<DieharderRun> {
  const started = performance.now();
  const fullArgs = ["-g", "200", ...args];
  const child = spawn("dieharder", fullArgs, { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code ?? -1));
  });
  const [bytesFed, code] = await Promise.all([streamPath(path, child.stdin), exited]);
  const lines = parseDieharder(stdout);
  if (code !== 0 || lines.length === 0) {
    throw new Error(`dieharder ${fullArgs.join(" ")} exited ${code} with ${lines.length} results: ${stderr}`);
  }
  return { args: fullArgs, lines, bytesFed, seconds: (performance.now() - started) / 1000 };
}
