/**
 * KMS events on node:diagnostics_channel. Sizes, timings, reasons and request ids only: never bytes,
 * never ciphertext, never credentials (DESIGN invariant 4).
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { RandomSourceErrorReason } from "@rngkit/core";

/** One HTTP attempt of a KMS operation. */
export interface KmsCallEvent {
  readonly source: string;
  readonly operation: string;
  /** Bytes asked for (GenerateRandom) or 0. */
  readonly byteLength: number;
  /** 1 for the first attempt of a call. */
  readonly attempt: number;
  readonly durationMs: number;
  /** Absent on success. */
  readonly error?: RandomSourceErrorReason;
  readonly requestId?: string;
}

/** A failed attempt that will be tried again. */
export interface KmsRetryEvent {
  readonly source: string;
  readonly operation: string;
  readonly attempt: number;
  readonly reason: RandomSourceErrorReason;
}

export const kmsChannels = {
  call: diagnosticsChannel.channel("rngkit:kms:call"),
  retry: diagnosticsChannel.channel("rngkit:kms:retry"),
  throttle: diagnosticsChannel.channel("rngkit:kms:throttle"),
} as const;
