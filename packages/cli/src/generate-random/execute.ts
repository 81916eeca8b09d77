/**
 * Runs a plan: reads the bytes through the source stack @rngkit/config builds (createSource, whose
 * `path` says where they came from) or, for a request the stack cannot express in aws mode, sends it
 * as given through @rngkit/kms's call layer; then writes them where the sink says. Every source,
 * client and embedded endpoint is closed on the way out, success or not, and buffers are zeroed.
 */
import type { GenerateRandomCommandOutput } from "@aws-sdk/client-kms";
import { createSource } from "@rngkit/config";
import { resolveRetryPolicy, sendGenerateRandom } from "@rngkit/kms";
import type { ResolvedIo } from "../io.js";
import { formatOutput } from "../output/format-output.js";
import type { Json } from "../output/python-values.js";
import type { Query } from "../output/query.js";
import { encodeBlock, trailer } from "./byte-format.js";
import type { Debug } from "./debug.js";
import { buildKmsClient } from "./kms-client.js";
import { AtomicFile } from "./outfile.js";
import type { Plan } from "./plan.js";
import { createProgress, type Progress } from "./progress.js";
import { readAll, readInBlocks } from "./read-bytes.js";

export interface Outcome {
  /** Where the bytes came from, outermost first (createSource's path, or the request sent). */
  readonly path: readonly string[];
}

export async function execute(
  plan: Plan,
  query: Query | undefined,
  io: ResolvedIo,
  debug: Debug,
  showProgress: boolean,
): Promise<Outcome> {
  const stopWatching = debug.watchKmsCalls();
  try {
    return plan.mode === "request"
      ? await sendAsGiven(plan, query, io)
      : await readFromStack(plan, query, io, showProgress);
  } finally {
    stopWatching();
    await plan.embedded?.server.close();
  }
}

async function readFromStack(
  plan: Plan,
  query: Query | undefined,
  io: ResolvedIo,
  showProgress: boolean,
): Promise<Outcome> {
  const total = plan.request.input.NumberOfBytes as number;
  const attestationProvider = plan.embedded?.attestationProvider;
  const { source, path } = await createSource(plan.config, {
    ...(plan.clientConfig === undefined ? {} : { kmsClientConfig: plan.clientConfig }),
    ...(attestationProvider === undefined ? {} : { attestationProvider }),
  });
  const progress = createProgress(io.stderr, total, {
    enabled: showProgress,
    isTTY: io.stderrIsTTY,
    columns: io.stderrColumns,
  });
  try {
    const { sink } = plan;
    if (sink.kind === "aws") {
      const bytes = await readAll(source, total, { signal: io.signal, progress });
      progress.finish();
      try {
        await io.stdout(format(plan, { Plaintext: bytes.toString("base64") }, query, io));
      } finally {
        bytes.fill(0);
      }
    } else if (sink.kind === "file") {
      await writeFile(sink.path, sink.format, total, source, io, progress);
    } else {
      await writeStdout(sink.format, total, source, io, progress);
    }
    return { path: sink.kind === "file" ? [...path, `written to ${sink.path}`] : path };
  } catch (error) {
    progress.clear();
    throw error;
  } finally {
    await source.close();
  }
}

async function writeFile(
  path: string,
  byteFormat: "raw" | "hex" | "base64",
  total: number,
  source: Parameters<typeof readInBlocks>[0],
  io: ResolvedIo,
  progress: Progress,
): Promise<void> {
  const file = await AtomicFile.create(path, io.cwd);
  try {
    await readInBlocks(source, total, (block) => file.write(encodeBlock(block, byteFormat)), {
      signal: io.signal,
      progress,
    });
    await file.write(trailer(byteFormat));
    io.signal?.throwIfAborted();
    await file.commit();
    progress.finish();
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/** Up to 64 MiB is printed only once complete (nothing on failure); more is streamed as it comes. */
async function writeStdout(
  byteFormat: "raw" | "hex" | "base64",
  total: number,
  source: Parameters<typeof readInBlocks>[0],
  io: ResolvedIo,
  progress: Progress,
): Promise<void> {
  if (total <= 64 * 1024 * 1024) {
    const bytes = await readAll(source, total, { signal: io.signal, progress });
    progress.finish();
    try {
      await io.stdout(encodeBlock(bytes, byteFormat));
      await io.stdout(trailer(byteFormat));
    } finally {
      bytes.fill(0);
    }
    return;
  }
  await readInBlocks(source, total, async (block) => io.stdout(encodeBlock(block, byteFormat)), {
    signal: io.signal,
    progress,
  });
  await io.stdout(trailer(byteFormat));
  progress.finish();
}

/** aws mode, for what the stack cannot express (no size, over 1024, a Recipient): one request as given. */
async function sendAsGiven(plan: Plan, query: Query | undefined, io: ResolvedIo): Promise<Outcome> {
  const region = plan.region as string;
  const name = `kms:${region}`;
  const client = buildKmsClient(plan.clientConfig ?? {}, region, plan.config.endpoint);
  let output: GenerateRandomCommandOutput | undefined;
  try {
    output = await sendGenerateRandom(client, plan.request.input, {
      source: name,
      retry: resolveRetryPolicy(
        plan.config.maxAttempts === undefined ? undefined : { maxAttempts: plan.config.maxAttempts },
        name,
      ),
      timeoutMs: plan.config.timeoutMs ?? 5_000,
      signal: io.signal,
    });
    const response: Record<string, Json> = {};
    if (output.Plaintext !== undefined) response.Plaintext = Buffer.from(output.Plaintext).toString("base64");
    if (output.CiphertextForRecipient !== undefined) {
      response.CiphertextForRecipient = Buffer.from(output.CiphertextForRecipient).toString("base64");
    }
    await io.stdout(format(plan, response, query, io));
  } finally {
    output?.Plaintext?.fill(0);
    client.destroy();
  }
  const at = plan.config.endpoint === undefined ? "" : ` at ${plan.config.endpoint}`;
  return { path: [`GenerateRandom request as given, sent to ${name}${at}`] };
}

function format(plan: Plan, response: Json, query: Query | undefined, io: ResolvedIo): string {
  if (plan.sink.kind !== "aws") throw new Error("not an aws-shaped output");
  return formatOutput(response, {
    output: plan.sink.output,
    query,
    color: plan.sink.color,
    stdoutIsTTY: io.stdoutIsTTY,
    terminalWidth: io.stdoutColumns,
    title: "GenerateRandom",
  });
}
