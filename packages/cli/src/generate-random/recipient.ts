/**
 * `--recipient`: JSON when it starts with `{`, the aws CLI's shorthand otherwise
 * (`KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument=<base64>`), or either from a
 * `file://`; in shorthand, `AttestationDocument@=fileb://doc.cbor` reads the document's bytes.
 */
import { usageError } from "../cli-error.js";
import { loadParamFile } from "./param-file.js";
import { FileReference, parseShorthand, ShorthandSyntaxError, type ShorthandValue } from "./shorthand.js";

const FLAG = "--recipient";

/** The structure as given: strings stay strings (blob decoding happens with the other parameters). */
export async function parseRecipient(
  value: string | Buffer,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<unknown> {
  const text = typeof value === "string" ? value : value.toString("utf8");
  if (text.trim() === "") throw usageError(FLAG, "expected a value (shorthand or JSON)");
  if (text.trimStart().startsWith("{")) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw usageError(FLAG, `Invalid JSON: ${(error as Error).message}\nJSON received: ${text}`);
    }
  }
  let parsed: Record<string, ShorthandValue>;
  try {
    parsed = parseShorthand(text);
  } catch (error) {
    if (error instanceof ShorthandSyntaxError) throw usageError(FLAG, error.message);
    throw error;
  }
  return resolveFiles(parsed, cwd, env);
}

async function resolveFiles(
  value: ShorthandValue,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<unknown> {
  if (value instanceof FileReference) {
    if (!/^fileb?:\/\//.test(value.path)) {
      throw usageError(FLAG, `@= needs a file://path or fileb://path, got ${JSON.stringify(value.path)}`);
    }
    return loadParamFile(FLAG, value.path, cwd, env);
  }
  if (Array.isArray(value)) return Promise.all(value.map((inner) => resolveFiles(inner, cwd, env)));
  if (typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, inner]) => [key, await resolveFiles(inner, cwd, env)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}
