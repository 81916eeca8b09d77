/**
 * Reading a JSON request body into an operation's input the way the Coral framework does on AWS (as
 * recorded by dynalite, validations/index.js): unknown members and nulls are dropped, numbers are
 * truncated to integers, and a member of the wrong JSON type fails the whole request with a
 * SerializationException whose message names the Java type involved. Blobs are base64 and must be
 * canonical. Echoed values are cut at 64 characters.
 */
import { Buffer } from "node:buffer";
import { serialization } from "./errors.js";

export type Shape =
  | { readonly kind: "integer" }
  | { readonly kind: "string" }
  | { readonly kind: "blob" }
  | { readonly kind: "boolean" }
  | { readonly kind: "structure"; readonly members: Members };

export type Members = Readonly<Record<string, Shape>>;

export const integer: Shape = { kind: "integer" };
export const string: Shape = { kind: "string" };
export const blob: Shape = { kind: "blob" };
export const boolean: Shape = { kind: "boolean" };
export const structure = (members: Members): Shape => ({ kind: "structure", members });

/** The input of an operation, with blobs decoded to Buffers. */
export type Input = Record<string, unknown>;

/** `body` is the parsed JSON document of the request. */
export function readInput(body: unknown, members: Members): Input {
  if (Array.isArray(body)) throw serialization("Start of list found where not expected");
  if (typeof body !== "object" || body === null) throw serialization();
  return readStructure(body as Record<string, unknown>, members);
}

function readStructure(value: Record<string, unknown>, members: Members): Input {
  const input: Input = {};
  for (const [name, shape] of Object.entries(members)) {
    if (!Object.hasOwn(value, name)) continue;
    const member = value[name];
    if (member === null || member === undefined) continue;
    input[name] = readMember(member, shape);
  }
  return input;
}

function readMember(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) throw serialization("Start of list found where not expected");
  switch (shape.kind) {
    case "integer":
      return readInteger(value);
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "object")
        throw serialization("Start of structure or map found where not expected.");
      throw serialization(`class ${javaClass(value)} can not be converted to an String`);
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "object")
        throw serialization("Start of structure or map found where not expected.");
      if (typeof value === "string")
        throw serialization(`'${echo(value.toUpperCase())}' can not be converted to an Boolean`);
      throw serialization(`class ${javaClass(value)} can not be converted to an Boolean`);
    case "blob":
      return readBlob(value);
    case "structure":
      if (typeof value !== "object") throw serialization("Expected null");
      return readStructure(value as Record<string, unknown>, shape.members);
  }
}

function readInteger(value: unknown): number {
  if (typeof value === "object") throw serialization("Start of structure or map found where not expected.");
  if (typeof value !== "number")
    throw serialization(`class ${javaClass(value)} can not be converted to an Integer`);
  const truncated = Math.trunc(value);
  if (!Number.isFinite(truncated) || truncated < -(2 ** 31) || truncated > 2 ** 31 - 1) {
    throw serialization(`Numeric value (${echo(String(value))}) out of range of int`);
  }
  return truncated;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function readBlob(value: unknown): Buffer {
  if (typeof value === "object") throw serialization("Start of structure or map found where not expected.");
  if (typeof value !== "string")
    throw serialization(`class ${javaClass(value)} can not be converted to a Blob`);
  const prefix = `'${echo(value)}' can not be converted to a Blob`;
  if (value.length % 4 !== 0) {
    throw serialization(
      `${prefix}: Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`,
    );
  }
  if (!BASE64.test(value)) {
    const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(value)?.[0]?.[0] ?? "=";
    throw serialization(`${prefix}: Invalid Base64 character: '${bad}'`);
  }
  const bytes = Buffer.from(value, "base64");
  if (bytes.toString("base64") !== value) {
    throw serialization(`${prefix}: Invalid last non-pad Base64 character dectected`);
  }
  return bytes;
}

/** The Java class Jackson would have read a JSON value as. */
function javaClass(value: unknown): string {
  if (typeof value === "boolean") return "java.lang.Boolean";
  if (typeof value === "string") return "java.lang.String";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return "java.lang.Double";
    if (value >= -32768 && value <= 32767) return "java.lang.Short";
    return value >= -(2 ** 31) && value <= 2 ** 31 - 1 ? "java.lang.Integer" : "java.lang.Long";
  }
  return "java.lang.Object";
}

function echo(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}...` : value;
}
