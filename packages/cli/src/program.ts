/**
 * The `rngkit` command line, built with commander: `generate-random` (aws-compatible, with rngkit's
 * extensions), `kms-local` and `bench`. Usage errors name the flag on their first line and exit 252,
 * as the aws CLI's do.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { runBench } from "./bench-command.js";
import { usageHint } from "./cli-error.js";
import { EXIT } from "./exit-codes.js";
import { defineGenerateRandom } from "./generate-random/command.js";
import type { GenerateRandomFlags } from "./generate-random/flags.js";
import { runGenerateRandom } from "./generate-random/run.js";
import { type Io, type ResolvedIo, resolveIo } from "./io.js";
import { runKmsLocalCommand } from "./kms-local-command.js";

function version(): string {
  const manifest = readFileSync(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(manifest) as { version: string }).version;
}

/** commander's `error: ...` becomes `rngkit: ...`, followed by where to find help. */
function configure(command: Command, io: ResolvedIo, name: string): Command {
  return command.exitOverride().configureOutput({
    writeOut: (text) => void io.stdout(text),
    writeErr: io.stderr,
    outputError: (text, write) => write(`${text.replace(/^error: /, "rngkit: ")}${usageHint(name)}\n`),
  });
}

function buildProgram(io: ResolvedIo, setExitCode: (code: number) => void): Command {
  const program = configure(new Command("rngkit"), io, "<command>")
    .description("Cryptographically secure random bytes from node:crypto, AWS KMS and CloudHSM key stores")
    .version(version(), "--version", "print rngkit's version")
    .showSuggestionAfterError(true);

  const generate = configure(program.command("generate-random"), io, "generate-random");
  defineGenerateRandom(generate).action(async (unexpected: string[], flags: GenerateRandomFlags) => {
    setExitCode(await runGenerateRandom(flags, unexpected, io));
  });

  configure(program.command("kms-local"), io, "kms-local")
    .description("Run @rngkit/kms-local in the foreground until Ctrl-C (its flags: rngkit kms-local --help)")
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument("[flags...]")
    .action(async (flags: string[]) => {
      setExitCode(await runKmsLocalCommand(flags, io));
    });

  configure(program.command("bench"), io, "bench")
    .description(
      "Run the benchmark suite (bench/): every source path beside node:crypto, report in docs/bench",
    )
    .option("--quick", "a short smoke run that proves the suite works (its figures mean nothing)")
    .action(async (options: { quick?: boolean }) => {
      setExitCode(await runBench({ quick: options.quick === true }, io));
    });
  return program;
}

/** Runs the command line and resolves with the process exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const resolved = resolveIo(io);
  let exitCode: number = EXIT.ok;
  const program = buildProgram(resolved, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const shown = ["commander.helpDisplayed", "commander.version"].includes(error.code);
    return shown ? EXIT.ok : EXIT.usage;
  }
  return exitCode;
}
