/**
 * `rngkit bench [--quick]`: the repository's benchmark suite, i.e. the workspace root's `bench` script
 * (`pnpm run bench`), which builds the packages and runs bench/ (every package's benchmark script and the
 * suite's own sections, one suite, one report). A full run writes docs/bench/; `--quick` is passed on
 * (and set as RNGKIT_BENCH_QUICK=1) for the short smoke run CI makes.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { EXIT } from "./exit-codes.js";
import type { ResolvedIo } from "./io.js";

/** The directory holding pnpm-workspace.yaml, from `cwd` upwards. */
export function findWorkspaceRoot(cwd: string): string | undefined {
  for (let directory = cwd; ; directory = dirname(directory)) {
    if (existsSync(join(directory, "pnpm-workspace.yaml"))) return directory;
    if (dirname(directory) === directory) return undefined;
  }
}

/** Whether the workspace root's package.json has a `bench` script (the suite). */
export async function hasBenchSuite(root: string): Promise<boolean> {
  const manifest = await readFile(join(root, "package.json"), "utf8").catch(() => undefined);
  if (manifest === undefined) return false;
  const scripts = (JSON.parse(manifest) as { scripts?: Record<string, string> }).scripts;
  return typeof scripts?.bench === "string";
}

function runScript(
  directory: string,
  args: readonly string[],
  io: ResolvedIo,
  quick: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["run", "bench", ...args], {
      cwd: directory,
      env: { ...io.env, ...(quick ? { RNGKIT_BENCH_QUICK: "1" } : {}) } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => void io.stdout(chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => io.stderr(chunk.toString("utf8")));
    const onAbort = () => child.kill("SIGINT");
    io.signal?.addEventListener("abort", onAbort, { once: true });
    child.once("error", reject);
    child.once("close", (code) => {
      io.signal?.removeEventListener("abort", onAbort);
      resolve(code ?? EXIT.failure);
    });
  });
}

export async function runBench(options: { readonly quick: boolean }, io: ResolvedIo): Promise<number> {
  const root = findWorkspaceRoot(io.cwd);
  if (root === undefined) {
    io.stderr(`rngkit: bench: runs inside the rngkit repository (no pnpm-workspace.yaml above ${io.cwd})\n`);
    return EXIT.usage;
  }
  if (!(await hasBenchSuite(root))) {
    io.stderr(`rngkit: bench: the workspace at ${root} has no bench script (the benchmark suite)\n`);
    return EXIT.usage;
  }
  io.stderr(`rngkit bench: the benchmark suite in ${root}${options.quick ? " (--quick)" : ""}\n`);
  const code = await runScript(root, options.quick ? ["--quick"] : [], io, options.quick);
  if (code !== 0) {
    io.stderr(`rngkit: bench: the benchmark suite failed (exit ${code})\n`);
    return code === EXIT.interrupted ? EXIT.interrupted : EXIT.failure;
  }
  return EXIT.ok;
}
