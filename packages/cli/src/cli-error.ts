/**
 * An error the command reports and exits with. `message` is printed as it stands: rngkit's own
 * checks start it with the flag at fault (`rngkit: --number-of-bytes: ...`); errors the service
 * answered are printed exactly as the aws CLI prints them.
 */
import { EXIT, type ExitCode } from "./exit-codes.js";

export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** The hint printed under a usage error. */
export function usageHint(command: string): string {
  return `Run "rngkit ${command} --help" for its options.`;
}

/** A bad flag or value: the first line names the flag, the second says where help is. */
export function usageError(
  flag: string,
  problem: string,
  exitCode: ExitCode = EXIT.usage,
  command = "generate-random",
): CliError {
  return new CliError(exitCode, `rngkit: ${flag}: ${problem}\n${usageHint(command)}\n`);
}
