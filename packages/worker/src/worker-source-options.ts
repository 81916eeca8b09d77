/** WorkerSource's options, checked once where they enter (a message naming the option on each failure). */
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { ResourceLimits } from "node:worker_threads";
import { RandomSourceError } from "@rngkit/core";

export interface WorkerSourceOptions {
  /**
   * The module the worker imports to build its source: an absolute file URL or path, or a bare specifier
   * that this package can resolve. From an app, pass `import.meta.resolve("@rngkit/kms")` or a URL to a
   * module of your own.
   */
  readonly module: string | URL;
  /**
   * The export that makes the source: a RandomSource class (built with `new Class(options)`) or a
   * function `(options) => RandomSource | Promise<RandomSource>`. Default `"default"`.
   */
  readonly export?: string;
  /**
   * Handed to the class or function in the worker. It crosses threads by structured clone: plain data
   * only (a client config with region, endpoint and static credentials, not a KMSClient or a function).
   */
  readonly options?: unknown;
  /** The source's name; default `worker(<the inner source's name>)`. */
  readonly name?: string;
  /** How long the worker may take to build its source, in ms. Default 30,000. */
  readonly startTimeoutMs?: number;
  /** How long close() waits for the worker to close its source and end before terminating it, in ms. Default 10,000. */
  readonly closeTimeoutMs?: number;
  /** Passed to `new Worker()`: heap limits for the thread. */
  readonly resourceLimits?: ResourceLimits;
  /**
   * Node flags for the thread (`new Worker()`'s `execArgv`). Default: this process's flags, as Node does.
   * A test runner that resolves TypeScript sources by an export condition should drop that condition here,
   * so that the thread loads the built packages.
   */
  readonly execArgv?: readonly string[];
}

export interface ResolvedWorkerSourceOptions {
  readonly module: string;
  readonly exportName: string;
  readonly options: unknown;
  readonly name: string | undefined;
  readonly startTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly resourceLimits: ResourceLimits | undefined;
  readonly execArgv: readonly string[] | undefined;
}

const SOURCE = "worker";

function invalid(message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${SOURCE}: ${message}`, { source: SOURCE });
}

function positiveMs(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw invalid(`${name} must be a positive integer number of ms, got ${String(value)}`);
  }
  return value;
}

/**
 * The path of the first value structured clone refuses (a function, a class instance with one inside),
 * or undefined when all of it crosses. Named by path only: the clone error's own message quotes the
 * value's source text, which has no place in an error.
 */
function firstUncloneable(value: unknown, path: string, depth = 0): string | undefined {
  try {
    structuredClone(value);
    return undefined;
  } catch {
    if (depth < 8 && typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        const found = firstUncloneable(inner, `${path}.${key}`, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return path;
  }
}

function checkExecArgv(execArgv: readonly string[] | undefined): readonly string[] | undefined {
  if (execArgv === undefined) return undefined;
  if (!Array.isArray(execArgv) || execArgv.some((flag) => typeof flag !== "string")) {
    throw invalid("execArgv must be an array of strings");
  }
  return [...execArgv];
}

export function resolveWorkerSourceOptions(options: WorkerSourceOptions): ResolvedWorkerSourceOptions {
  if (typeof options !== "object" || options === null) throw invalid("options must be an object");
  const { module } = options;
  if (!(module instanceof URL) && (typeof module !== "string" || module.length === 0)) {
    throw invalid(`module must be a non-empty string or a URL, got ${typeof module}`);
  }
  const exportName = options.export ?? "default";
  if (typeof exportName !== "string" || exportName.length === 0) {
    throw invalid(`export must be a non-empty string, got ${typeof exportName}`);
  }
  if (options.name !== undefined && (typeof options.name !== "string" || options.name.length === 0)) {
    throw invalid("name must be a non-empty string");
  }
  const stuck = firstUncloneable(options.options, "options");
  if (stuck !== undefined) {
    throw invalid(
      `${stuck} cannot cross to the worker thread: options must be plain data (structured clone), not a function or a client`,
    );
  }
  return {
    module: module instanceof URL ? module.href : isAbsolute(module) ? pathToFileURL(module).href : module,
    exportName,
    options: options.options,
    name: options.name,
    startTimeoutMs: positiveMs(options.startTimeoutMs, "startTimeoutMs", 30_000),
    closeTimeoutMs: positiveMs(options.closeTimeoutMs, "closeTimeoutMs", 10_000),
    resourceLimits: options.resourceLimits,
    execArgv: checkExecArgv(options.execArgv),
  };
}
