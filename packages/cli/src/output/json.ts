/**
 * `--output json`: Python's `json.dump(indent=4, ensure_ascii=False)` and a newline, as the aws CLI
 * writes it; an empty object prints nothing (its JSONFormatter skips `{}`).
 */
import { isDict, type Json } from "./python-values.js";

export function formatJson(value: Json): string {
  if (isDict(value) && Object.keys(value).length === 0) return "";
  return `${JSON.stringify(value, null, 4)}\n`;
}
