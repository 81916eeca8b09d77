/** Runs `runCli` in this process with an isolated environment and captures what it prints. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Io } from "../src/io.js";
import { runCli } from "../src/program.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

/** A HOME with empty AWS config files, no instance metadata, and the given variables. */
export function isolatedEnv(
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const home = mkdtempSync(join(tmpdir(), "rngkit-cli-"));
  writeFileSync(join(home, "config"), "[default]\n");
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

export async function run(argv: readonly string[], io: Partial<Io> = {}): Promise<CliResult> {
  const chunks: Buffer[] = [];
  let stderr = "";
  const code = await runCli(argv, {
    env: isolatedEnv(),
    ...io,
    stdout: (chunk) => {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
      return io.stdout?.(chunk);
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  const stdoutBytes = Buffer.concat(chunks);
  return { code, stdout: stdoutBytes.toString("utf8"), stdoutBytes, stderr };
}

/** The first line of stderr (a usage error names its flag there). */
export function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
