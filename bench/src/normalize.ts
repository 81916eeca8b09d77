/**
 * The packages' scripts return different shapes (an array of rows; `{ rows, cpu }`; a report object). They
 * are normalised into tables: an array of objects is one table; an object's array-of-objects members are one
 * table each, named by the member; its plain-object members are one-row tables; its scalar members together
 * make one "summary" row. Nested values are written as JSON text.
 */
import type { Cell, Table } from "./types.js";

type Row = Record<string, Cell>;

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function table(name: string, objects: readonly Record<string, unknown>[]): Table {
  const columns: string[] = [];
  const rows: Row[] = objects.map((object) => {
    const row: Row = {};
    for (const [key, value] of Object.entries(object)) {
      if (!columns.includes(key)) columns.push(key);
      row[key] = cell(value);
    }
    return row;
  });
  return { name, columns, rows };
}

const isRowList = (value: unknown): value is Record<string, unknown>[] =>
  Array.isArray(value) && value.length > 0 && value.every(isPlainObject);

export function toTables(raw: unknown): Table[] {
  if (isRowList(raw)) return [table("", raw)];
  if (!isPlainObject(raw)) return raw === undefined ? [] : [table("", [{ value: raw }])];
  const tables: Table[] = [];
  const summary: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (isRowList(value)) tables.push(table(key, value));
    else if (isPlainObject(value) && Object.values(value).every((inner) => !isPlainObject(inner)))
      tables.push(table(key, [value]));
    else summary[key] = value;
  }
  if (Object.keys(summary).length > 0) tables.unshift(table("summary", [summary]));
  return tables;
}
