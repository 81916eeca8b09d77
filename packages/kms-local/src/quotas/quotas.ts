/**
 * Request-rate quotas answered with ThrottlingException, as KMS applies them (AWS KMS Developer Guide,
 * "Request quotas"): the account's shared cryptographic-operations quota (10,000/s by default; GenerateRandom
 * counts against it) and the per-custom-key-store quota (1,800/s, for GenerateRandom with CustomKeyStoreId).
 * `null` turns a quota off. Changing a quota starts its buckets afresh.
 */
import { TokenBucket } from "./token-bucket.js";

export interface QuotaSettings {
  /** Requests per second for the account's cryptographic operations. Default 10,000; null: unlimited. */
  readonly accountRequestsPerSecond?: number | null;
  /** Requests per second per custom key store. Default 1,800; null: unlimited. */
  readonly customKeyStoreRequestsPerSecond?: number | null;
  /** Bucket size in seconds of rate. Default 1. */
  readonly burstSeconds?: number;
}

export interface QuotaLimits {
  readonly accountRequestsPerSecond: number | null;
  readonly customKeyStoreRequestsPerSecond: number | null;
  readonly burstSeconds: number;
}

export const DEFAULT_QUOTAS: QuotaLimits = {
  accountRequestsPerSecond: 10_000,
  customKeyStoreRequestsPerSecond: 1_800,
  burstSeconds: 1,
};

export class Quotas {
  #limits: QuotaLimits = DEFAULT_QUOTAS;
  #account: TokenBucket | undefined;
  readonly #stores = new Map<string, TokenBucket>();
  readonly #now: () => number;

  constructor(now: () => number, settings: QuotaSettings = {}) {
    this.#now = now;
    this.set(settings);
  }

  get limits(): QuotaLimits {
    return this.#limits;
  }

  /** Merges new settings into the current ones. */
  set(settings: QuotaSettings): QuotaLimits {
    const next = {
      accountRequestsPerSecond: readRate(
        settings.accountRequestsPerSecond,
        this.#limits.accountRequestsPerSecond,
        "accountRequestsPerSecond",
      ),
      customKeyStoreRequestsPerSecond: readRate(
        settings.customKeyStoreRequestsPerSecond,
        this.#limits.customKeyStoreRequestsPerSecond,
        "customKeyStoreRequestsPerSecond",
      ),
      burstSeconds: settings.burstSeconds ?? this.#limits.burstSeconds,
    };
    if (!Number.isFinite(next.burstSeconds) || next.burstSeconds <= 0) {
      throw new RangeError("quotas.burstSeconds must be a positive number");
    }
    this.#limits = next;
    this.#account = undefined;
    this.#stores.clear();
    return next;
  }

  /** False when the account's quota is spent. */
  takeAccount(): boolean {
    const rate = this.#limits.accountRequestsPerSecond;
    if (rate === null) return true;
    this.#account ??= this.#bucket(rate);
    return this.#account.take(this.#now());
  }

  /** False when the store's quota is spent. */
  takeStore(storeId: string): boolean {
    const rate = this.#limits.customKeyStoreRequestsPerSecond;
    if (rate === null) return true;
    let bucket = this.#stores.get(storeId);
    if (bucket === undefined) {
      bucket = this.#bucket(rate);
      this.#stores.set(storeId, bucket);
    }
    return bucket.take(this.#now());
  }

  #bucket(rate: number): TokenBucket {
    return new TokenBucket(rate, Math.max(1, rate * this.#limits.burstSeconds), this.#now());
  }
}

function readRate(value: number | null | undefined, current: number | null, name: string): number | null {
  if (value === undefined) return current;
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`quotas.${name} must be a positive number or null, got ${String(value)}`);
  }
  return value;
}
