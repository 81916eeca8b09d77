/** The `rngkit` command line, built with commander. */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EXIT } from "./exit-codes.js";
import { generateRandom, type Io, MAX_BYTES, MIN_BYTES } from "./generate-random.js";

function parseNumberOfBytes(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, got "${value}"`);
  const bytes = Number(value);
  if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
    throw new InvalidArgumentError(`must be between ${MIN_BYTES} and ${MAX_BYTES}, got ${bytes}`);
  }
  return bytes;
}

/** Runs the command line and resolves with the process exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command("rngkit")
    .description(
      "Cryptographically secure random bytes from node:crypto, AWS KMS, CloudHSM and Nitro Enclaves",
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program
    .command("generate-random")
    .description("Print random bytes as aws kms generate-random does")
    .addOption(
      new Option("--number-of-bytes <n>", `how many bytes (${MIN_BYTES} to ${MAX_BYTES})`)
        .argParser(parseNumberOfBytes)
        .makeOptionMandatory(),
    )
    .action(async (options: { numberOfBytes: number }) => {
      exitCode = await generateRandom(options, io);
    });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return exitCode;
}
