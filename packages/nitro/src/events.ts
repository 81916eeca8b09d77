/**
 * Nitro events on node:diagnostics_channel: key pair rotations and refused responses. Ids, counts and
 * reasons only: never key material, ciphertext or bytes (DESIGN invariant 4).
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { RandomSourceErrorReason } from "@rngkit/core";

/** A new key pair replaced the previous one. */
export interface NitroRotateEvent {
  readonly source: string;
  /** A random id of the new key pair, unrelated to the key. */
  readonly keyPairId: string;
  /** 1 for the first key pair of the source. */
  readonly generation: number;
}

/** A CiphertextForRecipient was refused: a replay, an envelope that did not decrypt, a bad response. */
export interface NitroRefusedEvent {
  readonly source: string;
  readonly keyPairId: string;
  readonly reason: RandomSourceErrorReason;
}

export const nitroChannels = {
  rotate: diagnosticsChannel.channel("rngkit:nitro:rotate"),
  refused: diagnosticsChannel.channel("rngkit:nitro:refused"),
} as const;
