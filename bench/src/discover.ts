/**
 * Finds the suite's benchmark modules: every `packages/<name>/bench/*.bench.ts` (the packages' own scripts),
 * then the suite's sections, `bench/src/sections/*.bench.ts`. A module that exports `run(quick)` is imported and
 * run; a module without one is a program, run as it is and its JSON output read.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface BenchModule {
  /** Relative to the repository root, with forward slashes. */
  readonly id: string;
  readonly path: string;
  /** `@rngkit/<folder>`, or `suite` for the suite's sections. */
  readonly owner: string;
  readonly kind: "module" | "script";
  /** The directory to run it in: its package's. */
  readonly cwd: string;
}

const EXPORTS_RUN =
  /export\s+(async\s+)?function\s+run\s*\(|export\s+(const|let|var)\s+run\s*=|export\s*\{[^}]*\brun\b[^}]*\}/;

function benchFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith(".bench.ts"))
    .sort()
    .map((name) => join(directory, name));
}

function moduleAt(root: string, path: string, owner: string, cwd: string): BenchModule {
  return {
    id: relative(root, path).split("\\").join("/"),
    path,
    owner,
    kind: EXPORTS_RUN.test(readFileSync(path, "utf8")) ? "module" : "script",
    cwd,
  };
}

export function discover(root: string): BenchModule[] {
  const found: BenchModule[] = [];
  const packagesDirectory = join(root, "packages");
  const packages = existsSync(packagesDirectory) ? readdirSync(packagesDirectory).sort() : [];
  for (const name of packages) {
    const directory = join(packagesDirectory, name);
    const manifest = join(directory, "package.json");
    if (!existsSync(manifest)) continue;
    const owner = (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name ?? name;
    for (const path of benchFiles(join(directory, "bench")))
      found.push(moduleAt(root, path, owner, directory));
  }
  const suite = join(root, "bench");
  for (const path of benchFiles(join(suite, "src", "sections")))
    found.push(moduleAt(root, path, "suite", suite));
  return found;
}
