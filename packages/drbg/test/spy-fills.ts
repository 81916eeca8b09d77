/**
 * Records what every Uint8Array.prototype.fill call overwrote while `run` executes, so a test can show
 * that memory which held a key, V or unserved output was zeroed, rather than merely dropped.
 */
import { vi } from "vitest";

export interface FillRecord {
  /** A copy of the array's contents just before the fill. */
  readonly before: Uint8Array;
  /** The array itself, as it is after the fill. */
  readonly target: Uint8Array;
}

export function recordFills(run: () => unknown): FillRecord[] {
  const { records, restore } = startRecording();
  try {
    run();
  } finally {
    restore();
  }
  return records;
}

/** recordFills for async work (a source's close()). */
export async function recordFillsAsync(run: () => Promise<unknown>): Promise<FillRecord[]> {
  const { records, restore } = startRecording();
  try {
    await run();
  } finally {
    restore();
  }
  return records;
}

function startRecording(): { records: FillRecord[]; restore: () => void } {
  const records: FillRecord[] = [];
  const original = Uint8Array.prototype.fill;
  const spy = vi.spyOn(Uint8Array.prototype, "fill").mockImplementation(function (
    this: Uint8Array,
    ...args: Parameters<Uint8Array["fill"]>
  ) {
    records.push({ before: Uint8Array.prototype.slice.call(this), target: this });
    return original.apply(this, args);
  });
  return { records, restore: () => spy.mockRestore() };
}

/** Whether some fill overwrote an array that held `secret` at its start, leaving that array all zeros. */
export function zeroedArrayThatHeld(records: readonly FillRecord[], secret: Uint8Array): boolean {
  const hex = Buffer.from(secret).toString("hex");
  return records.some(
    ({ before, target }) =>
      Buffer.from(before).toString("hex").startsWith(hex) && target.every((byte) => byte === 0),
  );
}
