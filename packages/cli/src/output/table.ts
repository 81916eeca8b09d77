/**
 * `--output table`: the aws CLI's TableFormatter (awscli/formatter.py, Apache-2.0) building sections
 * from any JSON value: a dict's scalar keys become one row (or a key/value row when there is one),
 * lists of dicts become rows under sorted headers, nested values become indented sub-tables.
 */
import { isDict, isFalsy, isScalar, type Json, sortedKeys } from "./python-values.js";
import { MultiTable, type Styler } from "./table-render.js";

export function formatTable(title: string, value: Json, terminalWidth: number, styler: Styler): string {
  const table = new MultiTable(terminalWidth, styler);
  return buildTable(table, title, value, 0) ? table.render() : "";
}

function buildTable(
  table: MultiTable,
  title: string | undefined,
  current: Json,
  indentLevel: number,
): boolean {
  if (isFalsy(current)) return false;
  if (title !== undefined) table.newSection(title, indentLevel);
  if (Array.isArray(current)) {
    if (isDict(current[0])) subTableFromList(table, current, indentLevel, title);
    else {
      for (const item of current) {
        if (isScalar(item)) table.addRow([item]);
        else if (elementsOf(item).every(isScalar)) table.addRow(elementsOf(item));
        else buildTable(table, undefined, item, 0);
      }
    }
  }
  if (isDict(current)) subTableFromDict(table, current, indentLevel);
  return true;
}

/** What Python's iteration over a list or dict yields: its elements, or its keys. */
function elementsOf(value: Json): Json[] {
  return Array.isArray(value) ? value : Object.keys(value as object);
}

function subTableFromDict(table: MultiTable, current: Record<string, Json>, indentLevel: number): void {
  const [headers, more] = groupScalarKeys(current);
  if (headers.length === 1) {
    const key = headers[0] as string;
    table.addRow([key, current[key]]);
  } else if (headers.length > 0) {
    table.addRowHeader(headers);
    table.addRow(headers.map((key) => current[key]));
  }
  for (const key of more) buildTable(table, key, current[key] as Json, indentLevel + 1);
}

function subTableFromList(
  table: MultiTable,
  current: Json[],
  indentLevel: number,
  title: string | undefined,
): void {
  const headers = new Set<string>();
  const more = new Set<string>();
  for (const item of current) {
    const [itemHeaders, itemMore] = groupScalarKeys(item as Record<string, Json>);
    for (const key of itemHeaders) headers.add(key);
    for (const key of itemMore) more.add(key);
  }
  const headerList = sortedKeys(headers);
  const moreList = sortedKeys(more);
  table.addRowHeader(headerList);
  let first = true;
  for (const element of current) {
    const dict = element as Record<string, Json>;
    if (!first && moreList.length > 0) {
      table.newSection(title ?? "", indentLevel);
      table.addRowHeader(headerList);
    }
    first = false;
    table.addRow(headerList.map((key) => (Object.hasOwn(dict, key) ? dict[key] : "")));
    for (const key of moreList)
      if (Object.hasOwn(dict, key)) buildTable(table, key, dict[key] as Json, indentLevel + 1);
  }
}

function groupScalarKeys(current: Record<string, Json>): [string[], string[]] {
  const headers: string[] = [];
  const more: string[] = [];
  for (const [key, value] of Object.entries(current)) (isScalar(value) ? headers : more).push(key);
  return [sortedKeys(headers), sortedKeys(more)];
}
