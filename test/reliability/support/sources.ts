/**
 * The source stacks the suite exercises, built the way a user builds them: each provider with its own
 * client over real HTTP to kms-local, and pools composed over them.
 */

import type { RandomSource } from "@rngkit/core";
import { CloudHsmKeyStoreSource, KmsSource, type RetryPolicy } from "@rngkit/kms";
import { NitroRecipientSource } from "@rngkit/nitro";
import { PoolSource, type PoolSourceOptions } from "@rngkit/pool";
import { ATTESTATION, clientConfigFor, STORE_ID } from "./kms-local.js";

export type ProviderKind = "kms" | "cloudhsm" | "nitro";
export const PROVIDERS: readonly ProviderKind[] = ["kms", "cloudhsm", "nitro"];

export interface ProviderOptions {
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}

export function provider(
  kind: ProviderKind,
  server: { endpoint: string; region: string },
  options: ProviderOptions = {},
): KmsSource {
  const common = {
    clientConfig: clientConfigFor(server),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  };
  if (kind === "kms") return new KmsSource(common);
  if (kind === "cloudhsm") {
    // A short negative TTL: a store refused once is asked about again soon, so recovery is observable.
    return new CloudHsmKeyStoreSource({ ...common, customKeyStoreId: STORE_ID, negativeTtlMs: 1 });
  }
  return new NitroRecipientSource({ ...common, attestation: ATTESTATION });
}

export function pooled(upstream: RandomSource, options: PoolSourceOptions = {}): PoolSource {
  return new PoolSource(upstream, options);
}
