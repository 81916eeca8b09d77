/**
 * The aws CLI's parameter files: a parameter value `file://path` is replaced by the file's text,
 * `fileb://path` by its bytes (paths relative to the working directory, `~` for home).
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { usageError } from "../cli-error.js";

const PREFIXES = { "file://": "text", "fileb://": "bytes" } as const;

function pathOf(rest: string, cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const expanded = rest.startsWith("~") ? `${env.HOME ?? homedir()}${rest.slice(1)}` : rest;
  return resolve(cwd, expanded);
}

/** The value as given, or the file it names: text for `file://`, a Buffer for `fileb://`. */
export async function loadParamFile(
  flag: string,
  value: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | Buffer> {
  for (const [prefix, kind] of Object.entries(PREFIXES)) {
    if (!value.startsWith(prefix)) continue;
    const path = pathOf(value.slice(prefix.length), cwd, env);
    try {
      const bytes = await readFile(path);
      return kind === "text" ? bytes.toString("utf8") : bytes;
    } catch (error) {
      const code = (error as { code?: string }).code ?? "error";
      throw usageError(flag, `Unable to load paramfile ${value}: ${describeFsError(code)}`);
    }
  }
  return value;
}

function describeFsError(code: string): string {
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return code;
  }
}

/** Text for a parameter that cannot take bytes (`fileb://` gives its bytes as UTF-8 text). */
export function asText(value: string | Buffer): string {
  return typeof value === "string" ? value : value.toString("utf8");
}
