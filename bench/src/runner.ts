/**
 * Runs each benchmark module in a process of its own, one at a time (the machine has two cores, and
 * kms-local takes one of them when a module starts it), and collects what it returned.
 * - A module with `run(quick)`: `node --import tsx src/run-module.ts <module>`, which writes its result to a file.
 * - A script (no `run` export, e.g. packages/kms-local/bench/generate-random.bench.ts): run as a program,
 *   its JSON output read from stdout. In quick mode it gets `--quick`, RNGKIT_BENCH_QUICK=1 and, where the
 *   script reads its size from the environment, the smallest settings it accepts (QUICK_SCRIPT_ENV).
 * Each process gets its own process group, so a timeout or Ctrl-C also stops what it started (kms-local).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchModule } from "./discover.js";
import { load } from "./environment.js";
import { toTables } from "./normalize.js";
import type { ModuleResult } from "./types.js";

const RUN_MODULE = fileURLToPath(new URL("./run-module.ts", import.meta.url));

/** Environment for scripts that take their size from it, in quick mode. */
export const QUICK_SCRIPT_ENV: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // 10,000 is the least it accepts; autocannon sends exactly that many, where wrk always runs 10 s.
  "packages/kms-local/bench/generate-random.bench.ts": { REQUESTS: "10000", LOADGEN: "autocannon" },
};

export interface RunOptions {
  readonly quick: boolean;
  readonly timeoutMs: number;
  /** Where a child's output goes (the suite's stdout is kept for its own summary). */
  readonly log: (text: string) => void;
}

let current: ChildProcess | undefined;

/** Stops the module running now, and what it started (its process group). */
export function stopCurrent(): void {
  if (current?.pid !== undefined) {
    try {
      process.kill(-current.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

function exec(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: RunOptions,
): Promise<{ code: number | null; signal: string | null; stdout: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    current = child;
    let stdout = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => options.log(chunk.toString("utf8")));
    const timer = setTimeout(() => {
      timedOut = true;
      stopCurrent();
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code, signal, stdout, timedOut });
    });
  });
}

/** The JSON document a script printed: from its first line that opens an object to the end. */
export function jsonFromOutput(stdout: string): unknown {
  const lines = stdout.split("\n");
  const first = lines.findIndex((line) => line.startsWith("{"));
  if (first < 0) throw new Error("it printed no JSON object");
  return JSON.parse(lines.slice(first).join("\n"));
}

export async function runModule(module: BenchModule, options: RunOptions): Promise<ModuleResult> {
  const loadBefore = load()[0] ?? 0;
  const started = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...(options.quick ? { RNGKIT_BENCH_QUICK: "1", ...QUICK_SCRIPT_ENV[module.id] } : {}),
  };
  const quickArgs = options.quick ? ["--quick"] : [];
  const directory = mkdtempSync(join(tmpdir(), "rngkit-bench-"));
  let title = module.id;
  let raw: unknown;
  let error: string | undefined;
  try {
    if (module.kind === "module") {
      const resultFile = join(directory, "result.json");
      const outcome = await exec(
        ["--import", "tsx", RUN_MODULE, module.path, "--result", resultFile, ...quickArgs],
        module.cwd,
        env,
        options,
      );
      if (outcome.stdout.trim() !== "") options.log(outcome.stdout);
      if (outcome.timedOut) throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)} s`);
      if (outcome.code !== 0) throw new Error(`exited with ${outcome.signal ?? outcome.code}`);
      const written = JSON.parse(readFileSync(resultFile, "utf8")) as { title?: string; raw: unknown };
      title = written.title ?? title;
      raw = written.raw;
    } else {
      const outcome = await exec(["--import", "tsx", module.path, ...quickArgs], module.cwd, env, options);
      if (outcome.timedOut) throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)} s`);
      raw = jsonFromOutput(outcome.stdout);
      const named = (raw as { benchmark?: unknown }).benchmark;
      if (typeof named === "string") title = named;
      if (outcome.code !== 0) throw new Error(`exited with ${outcome.signal ?? outcome.code}`);
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return {
    id: module.id,
    owner: module.owner,
    title,
    kind: module.kind,
    ok: error === undefined,
    ...(error === undefined ? {} : { error }),
    durationMs: Math.round(performance.now() - started),
    loadBefore,
    loadAfter: load()[0] ?? 0,
    raw: raw ?? null,
    tables: toTables(raw),
  };
}
