/**
 * Events on node:diagnostics_channel, which OpenTelemetry and loggers subscribe to. Messages carry
 * sizes, timings and reasons, never bytes (DESIGN invariant 4). Each package names its own channels
 * `rngkit:<package>:<event>`.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { RandomSourceErrorReason } from "./errors.js";

/** Published after every fill, fillSync or bytes call of a source built on RandomSourceBase. */
export interface FillEvent {
  readonly source: string;
  readonly byteLength: number;
  readonly sync: boolean;
  readonly durationMs: number;
  /** Absent on success. */
  readonly error?: RandomSourceErrorReason;
}

/** Published once when a source finishes closing. */
export interface CloseEvent {
  readonly source: string;
}

export const coreChannels = {
  fill: diagnosticsChannel.channel("rngkit:core:fill"),
  close: diagnosticsChannel.channel("rngkit:core:close"),
} as const;
