/** Number and table formatting for the Markdown report. */
import type { Cell, Table } from "../types.js";

/** 1234567 → "1,234,567"; 12.3456 → "12.35"; 0.012345 → "0.0123". */
export function number(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) || magnitude >= 100) return Math.round(value).toLocaleString("en-US");
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude === 0) return "0";
  return value.toPrecision(3);
}

export function ratio(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "—";
  return value >= 10
    ? `${value.toFixed(1)}×`
    : value >= 0.1
      ? `${value.toFixed(2)}×`
      : `${value.toPrecision(2)}×`;
}

export function bytes(size: number): string {
  if (size >= 1024 * 1024 && size % (1024 * 1024) === 0) return `${size / (1024 * 1024)} MiB`;
  if (size >= 1024 && size % 1024 === 0) return `${size / 1024} KiB`;
  return `${size} B`;
}

export function cell(value: Cell | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return number(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  return escapeCell(value);
}

/** Text safe inside a Markdown table cell. */
export function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function tableToMarkdown(table: Table): string {
  return markdownTable(
    table.columns.map(escapeCell),
    table.rows.map((row) => table.columns.map((column) => cell(row[column]))),
  );
}
