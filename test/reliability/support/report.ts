/**
 * Figures the suite gathers for docs/reliability.md and the issue note: each test file adds its counts
 * and writes them, when it ends, to `$TMPDIR/rngkit-reliability/<file>.json` (never into the repository).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MODE } from "./mode.js";

export class Figures {
  readonly #name: string;
  readonly #counts: Record<string, number> = {};
  readonly #notes: Record<string, unknown> = {};

  constructor(name: string) {
    this.#name = name;
  }

  add(key: string, amount = 1): void {
    this.#counts[key] = (this.#counts[key] ?? 0) + amount;
  }

  note(key: string, value: unknown): void {
    this.#notes[key] = value;
  }

  get counts(): Readonly<Record<string, number>> {
    return this.#counts;
  }

  write(): string {
    const directory = join(tmpdir(), "rngkit-reliability");
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${this.#name}.${MODE}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ at: new Date().toISOString(), mode: MODE, counts: this.#counts, ...this.#notes }, null, 2)}\n`,
    );
    return file;
  }
}
