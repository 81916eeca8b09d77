/**
 * Checks of the flags that need no file, network or environment: combinations of extensions, numeric
 * global options, and the output options. Each error names its flag on the first line.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { usageError } from "../cli-error.js";
import type { ByteFormat, ColorMode, GenerateRandomFlags, OutputFormat } from "./flags.js";

/** Where the bytes go. */
export type Sink =
  | { readonly kind: "aws"; readonly output: OutputFormat; readonly color: ColorMode }
  | { readonly kind: "stdout"; readonly format: ByteFormat }
  | { readonly kind: "file"; readonly path: string; readonly format: ByteFormat };

export function sinkOf(flags: GenerateRandomFlags, env: Readonly<Record<string, string | undefined>>): Sink {
  if (flags.outfile !== undefined || flags.format !== undefined) {
    for (const key of ["output", "query"] as const) {
      if (flags[key] !== undefined) {
        throw usageError(
          `--${key}`,
          `not used with ${flags.outfile === undefined ? "--format" : "--outfile"}, which writes the bytes alone`,
        );
      }
    }
    if (flags.outfile !== undefined)
      return { kind: "file", path: flags.outfile, format: flags.format ?? "raw" };
    return { kind: "stdout", format: flags.format ?? "raw" };
  }
  const fromEnv = env.AWS_DEFAULT_OUTPUT;
  const output = flags.output ?? (isOutput(fromEnv) ? fromEnv : "json");
  return { kind: "aws", output, color: flags.color ?? "auto" };
}

function isOutput(value: string | undefined): value is OutputFormat {
  return (
    value === "json" || value === "text" || value === "table" || value === "yaml" || value === "yaml-stream"
  );
}

export function checkExtensions(flags: GenerateRandomFlags): void {
  if (flags.embedded) {
    for (const key of ["endpointUrl", "profile"] as const) {
      if (flags[key] !== undefined) {
        throw usageError(
          "--embedded",
          `cannot be combined with ${key === "endpointUrl" ? "--endpoint-url" : "--profile"}: it starts its own endpoint with its own credentials`,
        );
      }
    }
    if (flags.source === "local")
      throw usageError("--embedded", 'starts a KMS endpoint: it needs --source kms or cloudhsm, not "local"');
  }
}

/** `--cli-read-timeout`/`--cli-connect-timeout`: whole seconds as the aws CLI takes them; 0 means none. */
export function timeoutMs(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(value)) throw usageError(flag, `invalid int value: '${value}'`);
  const seconds = Number.parseInt(value, 10);
  return seconds === 0 ? 2_147_483_647 : seconds * 1000;
}

export async function readCaBundle(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<string | undefined> {
  const path = flag ?? env.AWS_CA_BUNDLE;
  if (path === undefined || path === "") return undefined;
  try {
    return await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    const name = flag === undefined ? "AWS_CA_BUNDLE" : "--ca-bundle";
    throw usageError(name, `cannot read ${path}: ${(error as { code?: string }).code ?? "error"}`);
  }
}
