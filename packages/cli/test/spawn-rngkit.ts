/**
 * The `rngkit` executable as a user runs it: src/bin.ts in its own Node process (through tsx, with
 * workspace packages resolved to their sources), so stderr is exactly what the process prints.
 */
import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIRECTORY = fileURLToPath(new URL("..", import.meta.url));
const ARGS = ["--conditions=@rngkit/source", "--import", "tsx", "src/bin.ts"];

export function spawnRngkit(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...ARGS, ...args], { cwd: PACKAGE_DIRECTORY, env, stdio: "pipe" });
}

/**
 * The built executable (dist/bin.js, which `pnpm test` builds first), for what the sources cannot run:
 * a worker thread on Node 20 gets no TypeScript loader.
 */
export const BUILT = ["dist/bin.js"] as const;

export function runRngkit(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  entry: readonly string[] = ARGS,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...entry, ...args],
      { cwd: PACKAGE_DIRECTORY, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : (error as { code?: unknown }).code;
        if (typeof code !== "number") reject(error);
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

/** PATH and HOME only: no AWS variables, and no SDK warning switch (bin.ts must set it itself). */
export function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: "true", ...extra };
}
