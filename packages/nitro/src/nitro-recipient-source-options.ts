/**
 * NitroRecipientSource's options: KmsSource's (client, retries, concurrency, timeout, name), plus the
 * attestation provider, the key pair budget, the document TTL and the mixing switch. Checked once, where
 * they enter, with messages that name the option.
 */

import { RandomSourceError } from "@rngkit/core";
import type { KmsSourceOptions } from "@rngkit/kms";
import type { AttestationProvider } from "./attestation-provider.js";
import type { KeyPairBudget } from "./recipient-key-pair.js";

export interface NitroRecipientSourceOptions extends KmsSourceOptions {
  /** Where attestation documents come from: `new NsmAttestationProvider()` in an enclave. Required. */
  readonly attestation: AttestationProvider;
  /**
   * Combine KMS's bytes with entropy the enclave makes (HKDF-SHA-256; see the README's threat model).
   * Default true. Set false only when the SDK's TLS session to KMS ends inside this enclave and you want
   * KMS's bytes unchanged: without mixing, whoever can answer in KMS's place chooses the output.
   */
  readonly mixWithLocalEntropy?: boolean;
  /** When the enclave key pair is replaced. */
  readonly keyPair?: {
    /** Age in ms. Default 3,600,000 (1 hour); at least 1,000. */
    readonly maxAgeMs?: number;
    /** Bytes requested under one key pair. Default 67,108,864 (64 MiB); at least 1,024. */
    readonly maxBytes?: number;
    /** GenerateRandom calls under one key pair (bounds the replay set). Default 65,536. */
    readonly maxCalls?: number;
  };
  /**
   * How long one attestation document is reused, in ms; always less than its leaf certificate's remaining
   * life minus a minute. Default 300,000 (5 minutes).
   */
  readonly documentTtlMs?: number;
  /** Bytes bound into each attestation document as `user_data` (at most 512). Default none. */
  readonly userData?: Uint8Array;
  /** Milliseconds since the epoch, for key pair age and document TTL. Default `Date.now`. */
  readonly clock?: () => number;
}

export interface ResolvedNitroOptions {
  readonly attestation: AttestationProvider;
  readonly mix: boolean;
  readonly budget: KeyPairBudget;
  readonly documentTtlMs: number;
  readonly userData: Uint8Array | undefined;
  readonly clock: () => number;
}

export const DEFAULT_KEY_PAIR_BUDGET: KeyPairBudget = Object.freeze({
  maxAgeMs: 3_600_000,
  maxBytes: 64 * 1024 * 1024,
  maxCalls: 65_536,
});
export const DEFAULT_DOCUMENT_TTL_MS = 300_000;

function invalid(source: string, message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${source}: ${message}`, { source });
}

function integerAtLeast(
  value: unknown,
  option: string,
  min: number,
  fallback: number,
  source: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw invalid(source, `${option} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

export function resolveNitroOptions(
  options: NitroRecipientSourceOptions,
  source: string,
): ResolvedNitroOptions {
  const provider = options.attestation as Partial<AttestationProvider> | undefined;
  if (typeof provider !== "object" || provider === null || typeof provider.attest !== "function") {
    throw invalid(source, "attestation must be an AttestationProvider (e.g. new NsmAttestationProvider())");
  }
  const mix = options.mixWithLocalEntropy ?? true;
  if (typeof mix !== "boolean")
    throw invalid(source, `mixWithLocalEntropy must be a boolean, got ${typeof mix}`);
  const keyPair = options.keyPair ?? {};
  if (typeof keyPair !== "object" || keyPair === null) throw invalid(source, "keyPair must be an object");
  const defaults = DEFAULT_KEY_PAIR_BUDGET;
  const budget: KeyPairBudget = Object.freeze({
    maxAgeMs: integerAtLeast(keyPair.maxAgeMs, "keyPair.maxAgeMs", 1_000, defaults.maxAgeMs, source),
    maxBytes: integerAtLeast(keyPair.maxBytes, "keyPair.maxBytes", 1_024, defaults.maxBytes, source),
    maxCalls: integerAtLeast(keyPair.maxCalls, "keyPair.maxCalls", 1, defaults.maxCalls, source),
  });
  const documentTtlMs = integerAtLeast(
    options.documentTtlMs,
    "documentTtlMs",
    1_000,
    DEFAULT_DOCUMENT_TTL_MS,
    source,
  );
  const userData = options.userData;
  if (userData !== undefined && (!(userData instanceof Uint8Array) || userData.byteLength > 512)) {
    throw invalid(source, "userData must be a Uint8Array of at most 512 bytes");
  }
  const clock = options.clock ?? Date.now;
  if (typeof clock !== "function") throw invalid(source, "clock must be a function returning milliseconds");
  return {
    attestation: options.attestation,
    mix,
    budget,
    documentTtlMs,
    userData: userData === undefined ? undefined : Buffer.from(userData),
    clock,
  };
}
