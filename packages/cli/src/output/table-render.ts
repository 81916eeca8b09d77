/**
 * The table renderer of awscli/table.py (aws-cli 2, Apache-2.0), ported line for line so that
 * `--output table` draws the same characters: sections with a centred title, column headers, rows,
 * column widths scaled to the widest section, and single-row sections turned vertical when the table
 * is wider than the terminal.
 */
import { pythonStr } from "./python-values.js";
import { textWidth } from "./text-width.js";

export interface Styler {
  readonly title: (text: string) => string;
  readonly header: (text: string) => string;
  readonly row: (text: string) => string;
  readonly indentation: (text: string) => string;
}

export const PLAIN_STYLER: Styler = {
  title: (t) => t,
  header: (t) => t,
  row: (t) => t,
  indentation: (t) => t,
};

/** colorama's BRIGHT+BLUE for values and DIM+YELLOW for the indentation bars, as the aws CLI on a terminal. */
export const COLOR_STYLER: Styler = {
  title: (t) => t,
  header: (t) => t,
  row: (t) => `\u001b[1m\u001b[34m${t}\u001b[0m`,
  indentation: (t) => `\u001b[2m\u001b[33m${t}\u001b[0m`,
};

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

const pad = (count: number) => " ".repeat(Math.max(0, count));

export class Section {
  title = "";
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  #columns: number | undefined;
  #maxWidths: number[] = [];

  calculateColumnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.#maxWidths.map((width) => width + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const total = unscaled.reduce((sum, width) => sum + width, 0);
    const scale = maxWidth / total;
    const scaled = unscaled.map((width) => roundHalfEven(scale * width));
    let offBy = scaled.reduce((sum, width) => sum + width, 0) - maxWidth;
    while (offBy !== 0) {
      const order = scaled.map((_, index) => index);
      if (offBy < 0) order.reverse();
      for (const index of order) {
        if (offBy > 0) {
          scaled[index] = (scaled[index] as number) - 1;
          offBy -= 1;
        } else {
          scaled[index] = (scaled[index] as number) + 1;
          offBy += 1;
        }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, withBorder: boolean, outerPadding: number): number {
    let total = 0;
    for (const width of this.calculateColumnWidths()) total += width + padding;
    if (withBorder) total += 2;
    total += 2 * outerPadding;
    return Math.max(textWidth(this.title) + 2 + 2 * outerPadding, total);
  }

  addHeader(headers: string[]): void {
    this.#updateMaxWidths(headers);
    this.#columns ??= headers.length;
    this.headers = headers;
  }

  addRow(row: readonly unknown[]): void {
    this.#columns ??= row.length;
    if (row.length !== this.#columns) {
      throw new Error(`Row should have ${this.#columns} elements, instead it has ${row.length}`);
    }
    const formatted = row.map((element) => pythonStr(element));
    this.rows.push(formatted);
    this.#updateMaxWidths(formatted);
  }

  #updateMaxWidths(row: readonly string[]): void {
    if (this.#maxWidths.length === 0) this.#maxWidths = row.map(textWidth);
    else
      row.forEach((element, index) => {
        this.#maxWidths[index] = Math.max(textWidth(element), this.#maxWidths[index] ?? 0);
      });
  }
}

function centerText(
  text: string,
  length: number,
  leftEdge: string,
  rightEdge: string,
  textLength: number,
): string {
  const charStart = Math.floor(length / 2) - Math.floor(textLength / 2) - 1;
  const soFar = textWidth(leftEdge) + charStart + textLength;
  return `${leftEdge}${pad(charStart)}${text}${pad(length - textWidth(rightEdge) - soFar)}${rightEdge}`;
}

function alignLeft(
  text: string,
  length: number,
  leftEdge: string,
  rightEdge: string,
  textLength: number,
): string {
  const computed = textLength + 2 + textWidth(leftEdge) + textWidth(rightEdge);
  const padding = length - computed >= 0 ? 2 : 0;
  const soFar = leftEdge.length + padding + textLength;
  return `${leftEdge}${pad(padding)}${text}${pad(length - soFar - rightEdge.length)}${rightEdge}`;
}

function lineBreak(widths: readonly number[]): string {
  return `${widths.map((width, index) => (index === 0 ? `+${"-".repeat(Math.max(0, width - 2))}+` : `${"-".repeat(Math.max(0, width - 1))}+`)).join("")}\n`;
}

export class MultiTable {
  readonly sections: Section[] = [];
  #current: Section | undefined;

  constructor(
    readonly terminalWidth: number,
    readonly styler: Styler,
  ) {}

  addRowHeader(headers: string[]): void {
    this.#section().addHeader(headers);
  }

  addRow(row: readonly unknown[]): void {
    this.#section().addRow(row);
  }

  newSection(title: string, indentLevel = 0): void {
    this.#current = new Section();
    this.#current.title = title;
    this.#current.indentLevel = indentLevel;
    this.sections.push(this.#current);
  }

  render(): string {
    let maxWidth = this.#maxWidth();
    if (maxWidth > this.terminalWidth) {
      this.#convertToVertical();
      maxWidth = this.#maxWidth();
    }
    let out = `${"-".repeat(maxWidth)}\n`;
    for (const section of this.sections) out += this.#renderSection(section, maxWidth);
    return out;
  }

  #section(): Section {
    if (this.#current === undefined) throw new Error("no current section");
    return this.#current;
  }

  #maxWidth(): number {
    return Math.max(...this.sections.map((section) => section.totalWidth(4, true, section.indentLevel)));
  }

  #convertToVertical(): void {
    this.sections.forEach((section, index) => {
      if (section.rows.length !== 1 || section.headers.length === 0) return;
      const vertical = new Section();
      vertical.title = section.title;
      vertical.indentLevel = section.indentLevel;
      section.headers.forEach((header, column) => {
        vertical.addRow([header, section.rows[0]?.[column]]);
      });
      this.sections[index] = vertical;
    });
  }

  #renderSection(section: Section, tableWidth: number): string {
    const bar = this.styler.indentation("|").repeat(section.indentLevel);
    const lines: string[] = [];
    const maxWidth = tableWidth - section.indentLevel * 2;
    if (section.title) {
      lines.push(centerText(this.styler.title(section.title), maxWidth, "|", "|", textWidth(section.title)));
      if (section.headers.length === 0 && section.rows.length === 0)
        lines.push(`+${"-".repeat(maxWidth - 2)}+`);
    }
    if (section.headers.length > 0) {
      const widths = section.calculateColumnWidths(4, maxWidth);
      const titles = section.headers.map((header, index) =>
        centerText(
          this.styler.header(header),
          widths[index] as number,
          index === 0 ? "|" : "",
          "|",
          textWidth(header),
        ),
      );
      lines.push(lineBreak(widths).slice(0, -1), titles.join(""));
    }
    if (section.rows.length > 0) {
      const widths = section.calculateColumnWidths(4, maxWidth);
      if (widths.length > 0) {
        lines.push(lineBreak(widths).slice(0, -1));
        for (const row of section.rows) {
          const cells = widths.map((width, index) => {
            const element = row[index] ?? "";
            return alignLeft(
              this.styler.row(element),
              width,
              index === 0 ? "|" : "",
              "|",
              textWidth(element),
            );
          });
          lines.push(cells.join(""));
        }
        lines.push(lineBreak(widths).slice(0, -1));
      }
    }
    return lines.map((line) => `${bar}${line}${bar}\n`).join("");
  }
}
