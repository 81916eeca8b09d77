/**
 * `rngkit kms-local [kms-local flags]`: @rngkit/kms-local's own command line (its flags, its help, its
 * printed connection details, via the functions its bin uses), run in the foreground until the
 * interrupt signal (Ctrl-C or SIGTERM), then closed: exit 0.
 */
import { EXIT } from "./exit-codes.js";
import type { ResolvedIo } from "./io.js";

export async function runKmsLocalCommand(argv: readonly string[], io: ResolvedIo): Promise<number> {
  const { describeKmsLocal, KMS_LOCAL_HELP, parseKmsLocalArgs, startKmsLocal } = await import(
    "@rngkit/kms-local"
  );
  let parsed: ReturnType<typeof parseKmsLocalArgs>;
  try {
    parsed = parseKmsLocalArgs(argv);
  } catch (error) {
    io.stderr(
      `rngkit: kms-local: ${(error as Error).message}\nRun "rngkit kms-local --help" for its options.\n`,
    );
    return EXIT.usage;
  }
  if (parsed.help) {
    await io.stdout(`${KMS_LOCAL_HELP.replace("Usage: kms-local", "Usage: rngkit kms-local")}\n`);
    return EXIT.ok;
  }
  let server: Awaited<ReturnType<typeof startKmsLocal>>;
  try {
    server = await startKmsLocal(parsed.options);
  } catch (error) {
    io.stderr(`rngkit: kms-local: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
  try {
    await io.stdout(describeKmsLocal(server, parsed.json));
    await stopped(io.signal);
  } finally {
    await server.close();
  }
  return EXIT.ok;
}

/** Resolves when the signal fires; without one (never in the bin) it never does. */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener("abort", () => resolve(), { once: true });
  });
}
