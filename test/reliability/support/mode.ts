/**
 * The suite's two modes. CI runs the bounded one (the default); `RNGKIT_RELIABILITY=long` runs the long
 * one that docs/reliability.md reports. Every figure a test uses comes from here, so the difference
 * between the two modes is in one place.
 */
export type ReliabilityMode = "bounded" | "long";

function readMode(): ReliabilityMode {
  const value = process.env.RNGKIT_RELIABILITY ?? "bounded";
  if (value !== "bounded" && value !== "long") {
    throw new Error(`RNGKIT_RELIABILITY must be "bounded" or "long", got ${JSON.stringify(value)}`);
  }
  return value;
}

export const MODE: ReliabilityMode = readMode();
const long = MODE === "long";

export const SETTINGS = Object.freeze({
  mode: MODE,
  /** Load: concurrent clients and how long they run (the figures: 1,000 clients, 10 s). */
  load: Object.freeze({ clients: 1_000, seconds: long ? 10 : 4 }),
  /** Statistics in vitest: bytes for ent per fast path and per KMS-bound path. */
  statistics: Object.freeze({
    entFastBytes: long ? 64 * 1024 * 1024 : 4 * 1024 * 1024,
    entKmsBytes: long ? 16 * 1024 * 1024 : 1024 * 1024,
    entNitroBytes: long ? 4 * 1024 * 1024 : 256 * 1024,
  }),
  /** Fleet test: processes and seconds (the script for the doc runs 50 processes). */
  fleet: Object.freeze({ processes: long ? 50 : 8, seconds: long ? 10 : 3 }),
});
