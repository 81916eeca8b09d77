/**
 * The pool's events on node:diagnostics_channel, `rngkit:pool:<event>`, for OpenTelemetry and loggers.
 * They carry sizes, levels, timings and reasons, never bytes (DESIGN invariant 4). The pool builds an
 * event only when its channel has subscribers, and never publishes per hit: hits are counted in
 * `stats()`, and @rngkit/core's `rngkit:core:fill` reports every call to whoever subscribes to it.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { RandomSourceErrorReason } from "@rngkit/core";

/** One refill call to the upstream settled. */
export interface PoolRefillEvent {
  readonly source: string;
  readonly byteLength: number;
  readonly durationMs: number;
  /** The level after the chunk went in (or not, on failure). */
  readonly level: number;
  /** Absent on success. */
  readonly error?: RandomSourceErrorReason;
}

/** A request that had to wait for bytes settled. */
export interface PoolStallEvent {
  readonly source: string;
  readonly byteLength: number;
  readonly waitMs: number;
  /** Absent when it was served. */
  readonly error?: RandomSourceErrorReason;
}

/** fillSync found too few buffered bytes. */
export interface PoolExhaustedEvent {
  readonly source: string;
  readonly byteLength: number;
  readonly level: number;
  /** The sync fallback's name when one served the request instead. */
  readonly fallback?: string;
}

/** Buffered bytes were zeroed unserved. */
export interface PoolDiscardEvent {
  readonly source: string;
  readonly byteLength: number;
  readonly why: "expired" | "discard" | "close";
}

/** The buffer reached low water for the first time. */
export interface PoolReadyEvent {
  readonly source: string;
  readonly level: number;
  /** Since the pool was built. */
  readonly durationMs: number;
}

/** A request larger than the capacity went straight upstream, and settled. */
export interface PoolPassThroughEvent {
  readonly source: string;
  readonly byteLength: number;
  readonly durationMs: number;
  /** Absent on success. */
  readonly error?: RandomSourceErrorReason;
}

export const poolChannels = {
  refill: diagnosticsChannel.channel("rngkit:pool:refill"),
  stall: diagnosticsChannel.channel("rngkit:pool:stall"),
  exhausted: diagnosticsChannel.channel("rngkit:pool:exhausted"),
  discard: diagnosticsChannel.channel("rngkit:pool:discard"),
  ready: diagnosticsChannel.channel("rngkit:pool:ready"),
  passThrough: diagnosticsChannel.channel("rngkit:pool:pass-through"),
} as const;
