/**
 * How botocore names a value's type and prints a value in its parameter-validation messages
 * (`value: 4, type: <class 'str'>`), so rngkit's client-side checks read as the aws CLI's do.
 */

export function pythonType(value: unknown): string {
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (typeof value === "boolean") return "<class 'bool'>";
  if (typeof value === "number") return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (typeof value === "string") return "<class 'str'>";
  if (value instanceof Uint8Array) return "<class 'bytes'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return "<class 'dict'>";
}

/** Python's str() of a JSON value, as botocore interpolates it. */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : pythonFloat(value);
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return `b'<${value.byteLength} bytes>'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value as object)
    .map(([key, inner]) => `${pythonRepr(key)}: ${pythonRepr(inner)}`)
    .join(", ")}}`;
}

function pythonRepr(value: unknown): string {
  return typeof value === "string"
    ? `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`
    : pythonStr(value);
}

function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return String(value);
}
