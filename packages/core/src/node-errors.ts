/**
 * Errors shaped exactly as node:crypto throws them: the same class, `code` and message, so that the
 * drop-in (@rngkit/crypto) is indistinguishable from node:crypto on bad arguments. The message
 * formats follow Node's lib/internal/errors.js (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE and
 * determineSpecificType); the differential tests in @rngkit/crypto compare them with Node 20 and 24.
 */
import { inspect } from "node:util";

/** Type names that ERR_INVALID_ARG_TYPE prints as "of type x" (Node's kTypes). */
const PRIMITIVE_TYPE_NAMES = new Set([
  "string",
  "function",
  "number",
  "object",
  "Function",
  "Object",
  "boolean",
  "bigint",
  "symbol",
]);
const CLASS_NAME = /^([A-Z][a-z0-9]*)+$/;

export type NodeErrorCode = "ERR_INVALID_ARG_TYPE" | "ERR_OUT_OF_RANGE";

/**
 * Node's own error classes: a subclass of the built-in whose `constructor` still reads TypeError or
 * RangeError, whose prototype prints `TypeError [CODE]: message`, and whose instances carry `code` as
 * their one enumerable property. The stack is headed the same way, as Node heads it outside test
 * runners that replace Error.prepareStackTrace.
 */
class NodeTypeError extends TypeError {
  declare code: NodeErrorCode;
  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

class NodeRangeError extends RangeError {
  declare code: NodeErrorCode;
  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

Object.defineProperty(NodeTypeError.prototype, "constructor", {
  value: TypeError,
  writable: true,
  configurable: true,
});
Object.defineProperty(NodeRangeError.prototype, "constructor", {
  value: RangeError,
  writable: true,
  configurable: true,
});

function withCode<E extends NodeTypeError | NodeRangeError, C extends NodeErrorCode>(
  error: E,
  code: C,
): E & { code: C } {
  Object.defineProperty(error, "name", { value: `${error.name} [${code}]`, configurable: true });
  void error.stack;
  delete (error as { name?: string }).name;
  error.code = code;
  return error as E & { code: C };
}

/** How Node describes a received value after "Received" (lib/internal/errors.js determineSpecificType). */
export function describeReceivedValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  switch (typeof value) {
    case "bigint":
      return `type bigint (${value}n)`;
    case "number":
      if (value === 0) return Object.is(value, -0) ? "type number (-0)" : "type number (0)";
      return `type number (${value})`;
    case "boolean":
      return `type boolean (${value})`;
    case "symbol":
      return `type symbol (${String(value)})`;
    case "function":
      return `function ${value.name}`;
    case "object": {
      const maker = (value as { constructor?: { name?: unknown } }).constructor;
      if (maker && "name" in maker) return `an instance of ${String(maker.name)}`;
      return inspect(value, { depth: -1 });
    }
    case "string": {
      const shown = value.length > 28 ? `${value.slice(0, 25)}...` : value;
      return shown.includes("'") ? `type string (${JSON.stringify(shown)})` : `type string ('${shown}')`;
    }
    default:
      return `type ${typeof value} (${inspect(value, { colors: false })})`;
  }
}

function joinAlternatives(words: string[], prefix: string): string {
  if (words.length > 2) {
    const last = words.pop();
    return `${prefix}${words.join(", ")}, or ${last}`;
  }
  if (words.length === 2) return `${prefix}${words[0]} or ${words[1]}`;
  return `${prefix}${words[0]}`;
}

/** Node's ERR_INVALID_ARG_TYPE: `The "name" argument must be of type number. Received ...`. */
export function invalidArgTypeError(
  name: string,
  expected: string | readonly string[],
  actual: unknown,
): TypeError & { code: "ERR_INVALID_ARG_TYPE" } {
  const types: string[] = [];
  const instances: string[] = [];
  const other: string[] = [];
  for (const entry of typeof expected === "string" ? [expected] : expected) {
    if (PRIMITIVE_TYPE_NAMES.has(entry)) types.push(entry.toLowerCase());
    else if (CLASS_NAME.test(entry)) instances.push(entry);
    else other.push(entry);
  }
  const objectAt = types.indexOf("object");
  if (instances.length > 0 && objectAt !== -1) {
    types.splice(objectAt, 1);
    instances.push("Object");
  }

  let message = name.endsWith(" argument")
    ? `The ${name} must be `
    : `The "${name}" ${name.includes(".") ? "property" : "argument"} must be `;
  const parts: string[] = [];
  if (types.length > 0) parts.push(joinAlternatives(types, types.length > 1 ? "one of type " : "of type "));
  if (instances.length > 0) parts.push(joinAlternatives(instances, "an instance of "));
  if (other.length > 0) {
    if (other.length > 1) parts.push(joinAlternatives(other, "one of "));
    else parts.push(`${other[0]?.toLowerCase() !== other[0] ? "an " : ""}${other[0]}`);
  }
  message += `${parts.join(" or ")}. Received ${describeReceivedValue(actual)}`;
  return withCode(new NodeTypeError(message), "ERR_INVALID_ARG_TYPE");
}

/** Node's addNumericalSeparator: 1099511627776 → 1_099_511_627_776. */
function withNumericSeparators(digits: string): string {
  let grouped = "";
  let end = digits.length;
  const start = digits.startsWith("-") ? 1 : 0;
  for (; end >= start + 4; end -= 3) grouped = `_${digits.slice(end - 3, end)}${grouped}`;
  return `${digits.slice(0, end)}${grouped}`;
}

/** Node's ERR_OUT_OF_RANGE: `The value of "name" is out of range. It must be <range>. Received <value>`. */
export function outOfRangeError(
  name: string,
  range: string,
  received: unknown,
): RangeError & { code: "ERR_OUT_OF_RANGE" } {
  let shown: string;
  if (Number.isInteger(received) && Math.abs(received as number) > 2 ** 32) {
    shown = withNumericSeparators(String(received));
  } else if (typeof received === "bigint") {
    const big = received > 2n ** 32n || received < -(2n ** 32n);
    shown = `${big ? withNumericSeparators(String(received)) : String(received)}n`;
  } else {
    shown = inspect(received);
  }
  const message = `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`;
  return withCode(new NodeRangeError(message), "ERR_OUT_OF_RANGE");
}

/** The DOMException that Web Crypto's getRandomValues throws (TypeMismatchError 17, QuotaExceededError 22). */
export function domException(
  message: string,
  name: "TypeMismatchError" | "QuotaExceededError",
): DOMException {
  return new DOMException(message, name);
}
