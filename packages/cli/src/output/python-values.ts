/** Python's view of JSON values, which the aws CLI's formatters print with str() and test with truthiness. */
export { pythonStr } from "../generate-random/python-types.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isDict(value: unknown): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isScalar(value: unknown): boolean {
  return !Array.isArray(value) && !isDict(value);
}

/** Python's `not value`: None, False, 0, "", [] and {} are false. */
export function isFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isDict(value)) return Object.keys(value).length === 0;
  return false;
}

/** Python's sorted() of strings: by code point. */
export function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
