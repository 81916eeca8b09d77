/**
 * `--output text`, ported from awscli/text.py (aws-cli 2, Apache-2.0): scalars alone, lists
 * tab-separated, dicts as rows of their scalar values (sorted by key), nested values under their
 * upper-cased key.
 */
import { isDict, type Json, pythonStr, sortedKeys } from "./python-values.js";

export function formatText(value: Json): string {
  const lines: string[] = [];
  formatItem(value, lines, undefined, undefined);
  return lines.join("");
}

function formatItem(
  item: Json,
  out: string[],
  identifier: string | undefined,
  scalarKeys: string[] | undefined,
): void {
  if (isDict(item)) formatDict(item, out, identifier, scalarKeys);
  else if (Array.isArray(item)) formatList(item, out, identifier);
  else out.push(`${pythonStr(item)}\n`);
}

function formatList(item: Json[], out: string[], identifier: string | undefined): void {
  if (item.length === 0) return;
  if (item.some(isDict)) {
    const keys = allScalarKeys(item);
    for (const element of item) formatItem(element, out, identifier, keys);
  } else if (item.some(Array.isArray)) {
    const scalars = item.filter((element) => !Array.isArray(element) && !isDict(element));
    const others = item.filter((element) => Array.isArray(element) || isDict(element));
    if (scalars.length > 0) formatScalarList(scalars, out, identifier);
    for (const other of others) formatItem(other, out, identifier, undefined);
  } else {
    formatScalarList(item, out, identifier);
  }
}

function formatScalarList(elements: Json[], out: string[], identifier: string | undefined): void {
  if (identifier !== undefined) {
    for (const element of elements) out.push(`${identifier.toUpperCase()}\t${pythonStr(element)}\n`);
  } else {
    out.push(`${elements.map(pythonStr).join("\t")}\n`);
  }
}

function formatDict(
  item: Record<string, Json>,
  out: string[],
  identifier: string | undefined,
  scalarKeys: string[] | undefined,
): void {
  const scalars: string[] = [];
  const nonScalars: [string, Json][] = [];
  if (scalarKeys === undefined) {
    for (const key of sortedKeys(Object.keys(item))) {
      const value = item[key] as Json;
      if (Array.isArray(value) || isDict(value)) nonScalars.push([key, value]);
      else scalars.push(pythonStr(value));
    }
  } else {
    for (const key of scalarKeys) scalars.push(Object.hasOwn(item, key) ? pythonStr(item[key] as Json) : "");
    for (const key of sortedKeys(Object.keys(item).filter((key) => !scalarKeys.includes(key)))) {
      nonScalars.push([key, item[key] as Json]);
    }
  }
  if (scalars.length > 0) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join("\t")}\n`);
  }
  for (const [key, value] of nonScalars) formatItem(value, out, key, undefined);
}

function allScalarKeys(list: Json[]): string[] {
  const keys = new Set<string>();
  for (const element of list) {
    if (!isDict(element)) continue;
    for (const [key, value] of Object.entries(element))
      if (!Array.isArray(value) && !isDict(value)) keys.add(key);
  }
  return sortedKeys(keys);
}
