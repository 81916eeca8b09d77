/**
 * `rngkit bench [--quick]`: for now, each package's own `bench` script (packages/<name>/package.json),
 * one after another, through `pnpm run bench`; `--quick` is passed on to each script (and set as
 * RNGKIT_BENCH_QUICK=1 for scripts that chain several commands). The benchmark suite will replace this
 * delegation.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
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

/** The packages with a `bench` script, in name order. */
export async function benchPackages(root: string): Promise<string[]> {
  const names = (await readdir(join(root, "packages"), { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const found: string[] = [];
  for (const name of names) {
    const manifest = await readFile(join(root, "packages", name, "package.json"), "utf8").catch(
      () => undefined,
    );
    if (manifest === undefined) continue;
    const scripts = (JSON.parse(manifest) as { scripts?: Record<string, string> }).scripts;
    if (typeof scripts?.bench === "string") found.push(name);
  }
  return found;
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
  const packages = await benchPackages(root);
  for (const name of packages) {
    io.stderr(`rngkit bench: ${name}${options.quick ? " (--quick)" : ""}\n`);
    const code = await runScript(
      join(root, "packages", name),
      options.quick ? ["--quick"] : [],
      io,
      options.quick,
    );
    if (code !== 0) {
      io.stderr(`rngkit: bench: the bench script of packages/${name} failed (exit ${code})\n`);
      return code === EXIT.interrupted ? EXIT.interrupted : EXIT.failure;
    }
  }
  io.stderr(`rngkit bench: ${packages.length} packages done\n`);
  return EXIT.ok;
}
