/**
 * Runs the `rngkit` executable as a user would: packages/cli/src/bin.ts in its own Node process (tsx,
 * workspace packages from their sources), so its stdout, stderr and exit code are the process's own.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunResult } from "../kms-local/peers.js";

const CLI_DIRECTORY = fileURLToPath(new URL("../../packages/cli/", import.meta.url));
const NODE_ARGS = ["--conditions=@rngkit/source", "--import", "tsx", "src/bin.ts"];

export function rngkit(args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  // Without the test's SDK warning switch: bin.ts must set it itself before the SDK loads.
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...own } = env;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, ...args],
      { cwd: CLI_DIRECTORY, env: own, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : (error as { code?: unknown }).code;
        if (typeof code === "number") resolve({ code, stdout, stderr });
        else reject(error);
      },
    );
  });
}
