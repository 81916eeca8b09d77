/**
 * `rngkit generate-random`: the whole command once commander has parsed the flags. aws mode (no
 * extension flag) sends what `aws kms generate-random` sends and prints what it prints; the
 * extensions read from rngkit's source stack. Errors are printed here, once, with their exit code.
 */
import { CliError, usageError } from "../cli-error.js";
import { EXIT } from "../exit-codes.js";
import type { ResolvedIo } from "../io.js";
import { compileQuery } from "../output/query.js";
import { createDebug } from "./debug.js";
import { execute } from "./execute.js";
import type { GenerateRandomFlags } from "./flags.js";
import { checkExtensions, sinkOf } from "./options-check.js";
import { makePlan } from "./plan.js";
import { parseNumberOfBytesFlag } from "./request-input.js";
import { endpointForMessages, toServiceError } from "./service-error.js";
import { generateSkeleton } from "./skeleton-command.js";

export async function runGenerateRandom(
  flags: GenerateRandomFlags,
  unexpected: readonly string[],
  io: ResolvedIo,
): Promise<number> {
  const debug = createDebug(flags.debug === true, io.stderr);
  try {
    const [first] = unexpected;
    if (first !== undefined) throw usageError(first, "unknown argument (generate-random takes options only)");
    const numberOfBytes =
      flags.numberOfBytes === undefined
        ? undefined
        : await parseNumberOfBytesFlag(flags.numberOfBytes, io.cwd, io.env);
    if (flags.generateCliSkeleton !== undefined) return await generateSkeleton(flags, numberOfBytes, io);
    checkExtensions(flags);
    const sink = sinkOf(flags, io.env);
    const query = flags.query === undefined ? undefined : compileQuery(flags.query);
    const plan = await makePlan(flags, numberOfBytes, sink, io, debug);
    debug.log(
      `mode: ${plan.mode === "request" ? "one GenerateRandom request as given (aws CLI compatible)" : "rngkit source stack"}; source ${plan.config.source}${plan.config.pool ? " with pool" : ""}; output ${sink.kind === "aws" ? sink.output : `${sink.format} to ${sink.kind === "file" ? sink.path : "stdout"}`}`,
    );
    let outcome: Awaited<ReturnType<typeof execute>>;
    try {
      outcome = await execute(plan, query, io, debug, flags.progress);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw toServiceError(error, endpointForMessages(plan.config.endpoint, plan.region));
    }
    const size = plan.request.input.NumberOfBytes;
    const embedded = plan.embedded === undefined ? "" : " (@rngkit/kms-local, embedded in this process)";
    const report = `${size === undefined ? "" : `${size} bytes: `}${outcome.path.join(" → ")}${embedded}`;
    debug.log(`done: ${report}`);
    if (flags.showPath) io.stderr(`rngkit: ${report}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.stderr(error.message);
    return error.exitCode;
  }
}
