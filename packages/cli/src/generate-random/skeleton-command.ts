/** `--generate-cli-skeleton [input|yaml-input|output]`: printed without sending anything. */

import { EXIT } from "../exit-codes.js";
import type { ResolvedIo } from "../io.js";
import { formatOutput } from "../output/format-output.js";
import { compileQuery } from "../output/query.js";
import type { GenerateRandomFlags } from "./flags.js";
import { sinkOf } from "./options-check.js";
import { buildRequest } from "./request-input.js";
import { inputSkeletonJson, OUTPUT_SAMPLE, YAML_INPUT_SKELETON } from "./skeleton.js";

export async function generateSkeleton(
  flags: GenerateRandomFlags,
  numberOfBytes: number | undefined,
  io: ResolvedIo,
): Promise<number> {
  const kind = flags.generateCliSkeleton === true ? "input" : flags.generateCliSkeleton;
  if (kind === "input") {
    await io.stdout(inputSkeletonJson());
    return EXIT.ok;
  }
  if (kind === "yaml-input") {
    await io.stdout(YAML_INPUT_SKELETON);
    return EXIT.ok;
  }
  // `output` checks the request as a real call would, then prints a sample response.
  await buildRequest(flags, numberOfBytes, io.cwd, io.env);
  const sink = sinkOf(flags, io.env);
  const query = flags.query === undefined ? undefined : compileQuery(flags.query);
  await io.stdout(
    formatOutput(
      { ...OUTPUT_SAMPLE },
      {
        output: sink.kind === "aws" ? sink.output : "json",
        query,
        color: flags.color ?? "auto",
        stdoutIsTTY: io.stdoutIsTTY,
        terminalWidth: io.stdoutColumns,
        title: "GenerateRandom",
      },
    ),
  );
  return EXIT.ok;
}
