/**
 * What rngkit knows about a custom key store, cached per KMS client in lru-cache so that sources
 * sharing a client share what they learn, and a misconfigured app fails fast instead of sending
 * request after request that KMS will refuse.
 */
import type { KMSClient } from "@aws-sdk/client-kms";
import { LRUCache } from "lru-cache";

/** AWS's ConnectionState values (KMS API reference, CustomKeyStoresListEntry). */
export type ConnectionState = "CONNECTED" | "CONNECTING" | "DISCONNECTED" | "DISCONNECTING" | "FAILED";

export type KeyStoreStatus =
  | {
      readonly kind: "found";
      readonly customKeyStoreType: string;
      readonly connectionState: ConnectionState;
      readonly connectionErrorCode?: string;
    }
  | { readonly kind: "missing" }
  /** Reported by GenerateRandom before any describe: the store is there but cannot generate (e.g. external). */
  | { readonly kind: "unsupported" };

const caches = new WeakMap<KMSClient, LRUCache<string, KeyStoreStatus>>();

/** The status cache of one KMS client: at most 1,000 stores, each entry with its own TTL. */
export function statusCacheFor(client: KMSClient): LRUCache<string, KeyStoreStatus> {
  let cache = caches.get(client);
  if (cache === undefined) {
    cache = new LRUCache<string, KeyStoreStatus>({ max: 1000, ttlAutopurge: false });
    caches.set(client, cache);
  }
  return cache;
}

/** A status under which GenerateRandom cannot succeed, so a call can fail without asking KMS. */
export function isNegative(status: KeyStoreStatus): boolean {
  return (
    status.kind !== "found" ||
    status.customKeyStoreType !== "AWS_CLOUDHSM" ||
    status.connectionState !== "CONNECTED"
  );
}
