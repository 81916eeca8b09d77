/** The shapes the suite writes to results.json and reads back to draw the report. */

export type Cell = string | number | boolean | null;

/** One table of a module's results, with the columns in the order they first appear. */
export interface Table {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

/** What one benchmark module (a package's script, or one of the suite's own sections) produced. */
export interface ModuleResult {
  /** The module's path relative to the repository root, e.g. `packages/pool/bench/serve.bench.ts`. */
  readonly id: string;
  /** `@rngkit/<folder>` for a package's script, `suite` for the suite's own sections. */
  readonly owner: string;
  readonly title: string;
  /** `module`: its exported `run(quick)` was called; `script`: it was run as a program and its JSON read. */
  readonly kind: "module" | "script";
  readonly ok: boolean;
  readonly error?: string;
  readonly durationMs: number;
  /** 1-minute load average just before and just after the module ran. */
  readonly loadBefore: number;
  readonly loadAfter: number;
  /** What run() returned (or the script printed), as JSON. */
  readonly raw: unknown;
  readonly tables: readonly Table[];
}

export interface Environment {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly commit: string | null;
  /** Uncommitted changes in the work tree when the run started. */
  readonly dirty: boolean | null;
  /** os.loadavg() at the start of the run: 1, 5 and 15 minutes. */
  readonly loadAtStart: readonly number[];
  /** Other processes using at least 5 % CPU when the run began (command, nice, %CPU). */
  readonly busiestAtStart?: readonly string[];
  readonly loadAtEnd: readonly number[];
}

export type Verdict = "met" | "not met" | "no figure";

/** One target from an issue, with the figure this run measured and whether it meets it. */
export interface TargetResult {
  readonly issue: number;
  readonly area: string;
  readonly target: string;
  readonly figure: string;
  readonly verdict: Verdict;
  /** Which benchmark the figure comes from. */
  readonly from: string;
  readonly note?: string;
}

export interface SuiteResult {
  readonly schema: 1;
  readonly quick: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly environment: Environment;
  readonly modules: readonly ModuleResult[];
  readonly targets: readonly TargetResult[];
}
