/**
 * `--output yaml` and `yaml-stream`: the aws CLI dumps with ruamel.yaml's safe dumper in block style,
 * keys sorted, and prints a scalar as JSON. The `yaml` package is set to write the same: YAML 1.2,
 * sorted keys, sequences not indented under their key, single quotes where quoting is needed.
 */
import { stringify } from "yaml";
import { isDict, isScalar, type Json } from "./python-values.js";

const OPTIONS = {
  version: "1.2",
  sortMapEntries: true,
  indentSeq: false,
  singleQuote: true,
  blockQuote: false,
  lineWidth: 80,
} as const;

function dump(value: Json): string {
  if (isScalar(value)) return `${JSON.stringify(value)}\n`;
  return stringify(value, OPTIONS);
}

export function formatYaml(value: Json): string {
  if (isDict(value) && Object.keys(value).length === 0) return "";
  return dump(value);
}

/** yaml-stream: each response as a one-element list (GenerateRandom has one response). */
export function formatYamlStream(value: Json): string {
  if (isDict(value) && Object.keys(value).length === 0) return "";
  return dump([value]);
}
