/** `--cli-input-json` and `--cli-input-yaml`: the whole request from a document (or a file://). */
import { parse as parseYaml } from "yaml";
import { usageError } from "../cli-error.js";
import { asText, loadParamFile } from "./param-file.js";
import { pythonType } from "./python-types.js";

export interface CliInput {
  readonly flag: "--cli-input-json" | "--cli-input-yaml";
  readonly params: Record<string, unknown>;
}

export async function readCliInput(
  json: string | undefined,
  yaml: string | undefined,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CliInput | undefined> {
  if (json !== undefined && yaml !== undefined) {
    throw usageError(
      "--cli-input-yaml",
      "Only one --cli-input- parameter may be specified (--cli-input-json is given too).",
    );
  }
  if (json === undefined && yaml === undefined) return undefined;
  const flag = json === undefined ? "--cli-input-yaml" : "--cli-input-json";
  const text = asText(await loadParamFile(flag, (json ?? yaml) as string, cwd, env));
  let document: unknown;
  try {
    document = flag === "--cli-input-json" ? JSON.parse(text) : parseYaml(text, { version: "1.2" });
  } catch {
    throw usageError(flag, flag === "--cli-input-json" ? "Invalid JSON received." : "Invalid YAML received.");
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw usageError(flag, `Invalid type: expecting map, received ${pythonType(document)}`);
  }
  return { flag, params: document as Record<string, unknown> };
}
