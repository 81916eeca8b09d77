/**
 * Compose events on node:diagnostics_channel: failovers, switches and health-test findings, with names,
 * reasons and counts only. Never bytes, and never the repeated sample value a health test saw
 * (DESIGN invariant 4).
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { RandomSourceErrorReason } from "@rngkit/core";
import type { HealthTestName } from "./health-tests.js";

/** A FallbackSource call moved on from an upstream that failed with a retryable error. */
export interface FallbackEvent {
  readonly source: string;
  /** The upstream that failed. */
  readonly from: string;
  /** The upstream tried next. */
  readonly to: string;
  readonly error: RandomSourceErrorReason;
}

/** The upstream serving a FallbackSource's calls changed (a failover, or the preferred one back). */
export interface SwitchEvent {
  readonly source: string;
  readonly from: string;
  readonly to: string;
}

/** A continuous health test (SP 800-90B §4.4) fired on upstream bytes. */
export interface HealthEvent {
  readonly source: string;
  readonly upstream: string;
  /** `intermittent`: that data was discarded; `permanent`: the source latched HealthTestFailed. */
  readonly level: "intermittent" | "permanent";
  readonly test: HealthTestName;
  /** The count that reached the cutoff, and the cutoff. */
  readonly count: number;
  readonly cutoff: number;
  /** True during the start-up test (SP 800-90B §4.3). */
  readonly startup: boolean;
}

/** reset() cleared a latched HealthTestedSource. */
export interface HealthResetEvent {
  readonly source: string;
}

export const composeChannels = {
  fallback: diagnosticsChannel.channel("rngkit:compose:fallback"),
  switch: diagnosticsChannel.channel("rngkit:compose:switch"),
  health: diagnosticsChannel.channel("rngkit:compose:health"),
  healthReset: diagnosticsChannel.channel("rngkit:compose:health-reset"),
} as const;
