/**
 * DrbgSource events on node:diagnostics_channel: what triggered a (re)seed, how long it took and how
 * much had been served since the last one. Never bytes, never state (DESIGN invariant 4).
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { RandomSourceErrorReason } from "@rngkit/core";

/** Why a (re)seed ran. `first-use` and `ready` instantiate; the rest reseed. */
export type ReseedTrigger =
  | "first-use"
  | "ready"
  | "bytes"
  | "requests"
  | "time"
  | "retry"
  | "hard-limit"
  | "prediction-resistance"
  | "manual";

/** A successful instantiate or reseed. */
export interface DrbgReseedEvent {
  readonly source: string;
  /** The seed source's name. */
  readonly seedSource: string;
  /** True for the instantiate that first seeds the source. */
  readonly instantiate: boolean;
  readonly trigger: ReseedTrigger;
  readonly durationMs: number;
  /** Bytes and generate requests served since the previous seed. */
  readonly bytesSinceSeed: number;
  readonly requestsSinceSeed: number;
}

/** A failed instantiate or reseed; the source keeps serving until a hard limit, then fails closed. */
export interface DrbgReseedFailedEvent {
  readonly source: string;
  readonly seedSource: string;
  readonly instantiate: boolean;
  readonly trigger: ReseedTrigger;
  readonly durationMs: number;
  readonly error: RandomSourceErrorReason;
  /** When the next background attempt runs, or absent once the source is closed. */
  readonly retryInMs?: number;
}

/** fillSync refused to serve: the source is not seeded yet, or a hard limit passed without a reseed. */
export interface DrbgExhaustedEvent {
  readonly source: string;
  readonly why: "unseeded" | "hard-limit";
}

export const drbgChannels = {
  reseed: diagnosticsChannel.channel("rngkit:drbg:reseed"),
  reseedFailed: diagnosticsChannel.channel("rngkit:drbg:reseed-failed"),
  exhausted: diagnosticsChannel.channel("rngkit:drbg:exhausted"),
} as const;
