/**
 * The GenerateRandom request as the aws CLI builds it: `--cli-input-json`/`--cli-input-yaml` first,
 * explicit parameters over them, then botocore's client-side checks (types, unknown members, minimum
 * values and lengths; maximums are left to the service, as the aws CLI leaves them). Each problem is
 * reported under the flag its value came from.
 */
import type { GenerateRandomCommandInput } from "@aws-sdk/client-kms";
import { CliError, usageError } from "../cli-error.js";
import { EXIT } from "../exit-codes.js";
import { readCliInput } from "./cli-input.js";
import type { BinaryFormat, GenerateRandomFlags } from "./flags.js";
import { asText, loadParamFile } from "./param-file.js";
import { pythonStr, pythonType } from "./python-types.js";
import { parseRecipient } from "./recipient.js";

export interface GenerateRandomRequest {
  readonly input: GenerateRandomCommandInput;
  /** Which flag each member came from, for messages. */
  readonly origins: Readonly<Record<string, string>>;
}

const MEMBERS = ["NumberOfBytes", "CustomKeyStoreId", "Recipient"] as const;
const RECIPIENT_MEMBERS = ["KeyEncryptionAlgorithm", "AttestationDocument"] as const;

/** Python's int(): optional sign, digits, surrounding whitespace. */
const INTEGER = /^\s*[+-]?\d+\s*$/;

/** `--number-of-bytes` as the aws CLI converts it: a non-integer is exit 255 (its int() fails). */
export async function parseNumberOfBytesFlag(
  value: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const text = asText(await loadParamFile("--number-of-bytes", value, cwd, env));
  if (!INTEGER.test(text)) {
    throw usageError("--number-of-bytes", `expected an integer, got ${JSON.stringify(text)}`, EXIT.failure);
  }
  return Number.parseInt(text, 10);
}

export async function buildRequest(
  flags: GenerateRandomFlags,
  numberOfBytes: number | undefined,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<GenerateRandomRequest> {
  const cliInput = await readCliInput(flags.cliInputJson, flags.cliInputYaml, cwd, env);
  const params: Record<string, unknown> = { ...cliInput?.params };
  const origins: Record<string, string> = {};
  for (const key of Object.keys(params)) origins[key] = cliInput?.flag ?? "--cli-input-json";
  if (numberOfBytes !== undefined) {
    params.NumberOfBytes = numberOfBytes;
    origins.NumberOfBytes = "--number-of-bytes";
  }
  if (flags.customKeyStoreId !== undefined) {
    params.CustomKeyStoreId = asText(
      await loadParamFile("--custom-key-store-id", flags.customKeyStoreId, cwd, env),
    );
    origins.CustomKeyStoreId = "--custom-key-store-id";
  }
  if (flags.recipient !== undefined) {
    params.Recipient = await parseRecipient(
      await loadParamFile("--recipient", flags.recipient, cwd, env),
      cwd,
      env,
    );
    origins.Recipient = "--recipient";
  }
  const problems = validate(params, origins, flags.cliBinaryFormat ?? "base64");
  if (problems.length > 0) {
    const lines = problems.map((problem) => `rngkit: ${problem.flag}: ${problem.text}`);
    throw new CliError(
      EXIT.usage,
      `${lines.join("\n")}\nRun "rngkit generate-random --help" for its options.\n`,
    );
  }
  return { input: params as GenerateRandomCommandInput, origins };
}

interface Problem {
  readonly flag: string;
  readonly text: string;
}

/** botocore's ParamValidator for GenerateRandomRequest; decodes blobs in place. */
function validate(
  params: Record<string, unknown>,
  origins: Record<string, string>,
  binary: BinaryFormat,
): Problem[] {
  const problems: Problem[] = [];
  const report = (member: string, text: string) =>
    problems.push({ flag: origins[member] ?? "--cli-input-json", text });
  for (const key of Object.keys(params)) {
    if (!(MEMBERS as readonly string[]).includes(key)) {
      report(key, `Unknown parameter in input: "${key}", must be one of: ${MEMBERS.join(", ")}`);
    }
  }
  const bytes = params.NumberOfBytes;
  if (bytes !== undefined) {
    if (typeof bytes !== "number" || !Number.isInteger(bytes)) {
      report("NumberOfBytes", invalidType("NumberOfBytes", bytes, "<class 'int'>"));
    } else if (bytes < 1) {
      report(
        "NumberOfBytes",
        `Invalid value for parameter NumberOfBytes, value: ${bytes}, valid min value: 1`,
      );
    }
  }
  const store = params.CustomKeyStoreId;
  if (store !== undefined) {
    if (typeof store !== "string")
      report("CustomKeyStoreId", invalidType("CustomKeyStoreId", store, "<class 'str'>"));
    else if (store.length < 1) {
      report(
        "CustomKeyStoreId",
        "Invalid length for parameter CustomKeyStoreId, value: 0, valid min length: 1",
      );
    }
  }
  if (params.Recipient !== undefined) {
    for (const text of validateRecipient(params, binary)) report("Recipient", text);
  }
  return problems;
}

function validateRecipient(params: Record<string, unknown>, binary: BinaryFormat): string[] {
  const recipient = params.Recipient;
  if (
    typeof recipient !== "object" ||
    recipient === null ||
    Array.isArray(recipient) ||
    recipient instanceof Uint8Array
  ) {
    return [invalidType("Recipient", recipient, "<class 'dict'>")];
  }
  const problems: string[] = [];
  const fields = { ...(recipient as Record<string, unknown>) };
  for (const key of Object.keys(fields)) {
    if (!(RECIPIENT_MEMBERS as readonly string[]).includes(key)) {
      problems.push(
        `Unknown parameter in Recipient: "${key}", must be one of: ${RECIPIENT_MEMBERS.join(", ")}`,
      );
    }
  }
  const algorithm = fields.KeyEncryptionAlgorithm;
  if (algorithm !== undefined && typeof algorithm !== "string") {
    problems.push(invalidType("Recipient.KeyEncryptionAlgorithm", algorithm, "<class 'str'>"));
  }
  const document = fields.AttestationDocument;
  if (document !== undefined) {
    const decoded = decodeBlob(document, binary);
    if (typeof decoded === "string") problems.push(decoded);
    else if (decoded.byteLength < 1) {
      problems.push(
        "Invalid length for parameter Recipient.AttestationDocument, value: 0, valid min length: 1",
      );
    } else fields.AttestationDocument = decoded;
  }
  params.Recipient = fields;
  return problems;
}

/** A blob member: bytes as given, or a string decoded as --cli-binary-format says; a string on error. */
function decodeBlob(value: unknown, binary: BinaryFormat): Uint8Array | string {
  if (value instanceof Uint8Array) return value;
  if (typeof value !== "string") {
    return invalidType(
      "Recipient.AttestationDocument",
      value,
      "<class 'bytes'>, <class 'bytearray'>, file-like object",
    );
  }
  if (binary === "raw-in-base64-out") return Buffer.from(value, "utf8");
  const compact = value.replace(/[^A-Za-z0-9+/=]/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0)
    return `Invalid base64: "${value}"`;
  return Buffer.from(compact, "base64");
}

function invalidType(name: string, value: unknown, valid: string): string {
  return `Invalid type for parameter ${name}, value: ${pythonStr(value)}, type: ${pythonType(value)}, valid types: ${valid}`;
}
