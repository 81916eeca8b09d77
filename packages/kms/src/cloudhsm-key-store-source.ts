/**
 * GenerateRandom inside an AWS CloudHSM key store: every call carries `CustomKeyStoreId`, so the bytes
 * come from the customer's HSM cluster. The store's state is cached (lru-cache, per client) so that a
 * missing, external or disconnected store fails fast, and a store that reconnects is picked up again
 * once its negative entry expires, with no restart.
 */
import type { GenerateRandomCommandInput } from "@aws-sdk/client-kms";
import { RandomSourceError, type RandomSourceErrorDetails } from "@rngkit/core";
import { sendDescribeCustomKeyStores } from "./generate-random-call.js";
import { type ConnectionState, isNegative, type KeyStoreStatus, statusCacheFor } from "./key-store-status.js";
import { KmsSource } from "./kms-source.js";
import type { KmsSourceOptions } from "./kms-source-options.js";

export interface CloudHsmKeyStoreSourceOptions extends KmsSourceOptions {
  /** The store's id, e.g. `cks-1234567890abcdef0` (1 to 64 characters). */
  readonly customKeyStoreId: string;
  /** Check the store with DescribeCustomKeyStores before the first GenerateRandom. Default false. */
  readonly preflight?: boolean;
  /** How long a CONNECTED state is trusted, for health(), in ms. Default 10,000. */
  readonly stateTtlMs?: number;
  /**
   * How long a store that cannot serve (not found, external, not CONNECTED) is refused without asking KMS,
   * in ms. Short, so that a reconnect is noticed quickly. Default 2,000.
   */
  readonly negativeTtlMs?: number;
}

export interface KeyStoreHealth {
  readonly customKeyStoreId: string;
  /** False unless the store is an AWS_CLOUDHSM store in state CONNECTED. */
  readonly healthy: boolean;
  readonly connectionState?: ConnectionState;
  readonly connectionErrorCode?: string;
  readonly customKeyStoreType?: string;
  /** When the store is unknown to KMS. */
  readonly notFound?: true;
}

function checkStoreId(id: unknown): string {
  if (typeof id !== "string" || id.length < 1 || id.length > 64) {
    const shown = typeof id === "string" ? `${id.length} characters` : typeof id;
    throw new RandomSourceError(
      "InvalidArgument",
      `cloudhsm: customKeyStoreId must be a string of 1 to 64 characters, got ${shown}`,
      { source: "cloudhsm" },
    );
  }
  return id;
}

function checkTtl(value: unknown, option: string, fallback: number, source: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new RandomSourceError(
      "InvalidArgument",
      `${source}: ${option} must be a positive integer, got ${String(value)}`,
      {
        source,
      },
    );
  }
  return value;
}

export class CloudHsmKeyStoreSource extends KmsSource {
  protected static override readonly kind: string = "cloudhsm";
  readonly customKeyStoreId: string;
  readonly #preflight: boolean;
  readonly #stateTtlMs: number;
  readonly #negativeTtlMs: number;
  #preflightDone: Promise<KeyStoreHealth> | undefined;
  #describing: Promise<KeyStoreStatus> | undefined;

  constructor(options: CloudHsmKeyStoreSourceOptions) {
    const customKeyStoreId = checkStoreId(options?.customKeyStoreId);
    super({ ...options, name: options.name ?? `cloudhsm:${customKeyStoreId}` });
    this.customKeyStoreId = customKeyStoreId;
    this.#preflight = options.preflight ?? false;
    this.#stateTtlMs = checkTtl(options.stateTtlMs, "stateTtlMs", 10_000, this.name);
    this.#negativeTtlMs = checkTtl(options.negativeTtlMs, "negativeTtlMs", 2_000, this.name);
  }

  /** Asks KMS for the store's state (DescribeCustomKeyStores), once per source; fails as a call would. */
  preflight(signal?: AbortSignal): Promise<KeyStoreHealth> {
    this.#preflightDone ??= this.health(signal)
      .then((health) => {
        if (!health.healthy)
          throw this.#refusal(this.#cache.get(this.customKeyStoreId) ?? { kind: "missing" });
        return health;
      })
      .catch((error: unknown) => {
        // Not remembered: the next call checks again, so a store that comes back is used.
        this.#preflightDone = undefined;
        throw error;
      });
    return this.#preflightDone;
  }

  /** The store's state, from the cache when fresh, else from DescribeCustomKeyStores. Never throws for a bad state. */
  async health(signal?: AbortSignal): Promise<KeyStoreHealth> {
    const status =
      this.#cache.get(this.customKeyStoreId) ?? (await this.#describe(signal ?? this.closeSignal));
    const base = { customKeyStoreId: this.customKeyStoreId, healthy: !isNegative(status) };
    if (status.kind === "missing") return { ...base, notFound: true };
    if (status.kind === "unsupported") return base;
    return {
      ...base,
      connectionState: status.connectionState,
      customKeyStoreType: status.customKeyStoreType,
      ...(status.connectionErrorCode === undefined
        ? {}
        : { connectionErrorCode: status.connectionErrorCode }),
    };
  }

  protected override requestFor(byteLength: number): GenerateRandomCommandInput {
    return { NumberOfBytes: byteLength, CustomKeyStoreId: this.customKeyStoreId };
  }

  protected override async generate(byteLength: number, signal: AbortSignal): Promise<Uint8Array> {
    if (this.#preflight) await this.preflight(signal);
    const cached = this.#cache.get(this.customKeyStoreId);
    if (cached !== undefined && isNegative(cached)) throw this.#refusal(cached, true);
    try {
      return await super.generate(byteLength, signal);
    } catch (error) {
      throw await this.#learnFrom(error, signal);
    }
  }

  get #cache() {
    return statusCacheFor(this.client);
  }

  /** Records what a failed GenerateRandom says about the store, and returns the error to throw. */
  async #learnFrom(error: unknown, signal: AbortSignal): Promise<unknown> {
    if (RandomSourceError.is(error, "KeyStoreNotFound")) {
      this.#remember({ kind: "missing" });
    } else if (RandomSourceError.is(error, "Unsupported")) {
      this.#remember({ kind: "unsupported" });
    } else if (RandomSourceError.is(error, "KeyStoreInvalidState")) {
      const status = await this.#describe(signal).catch(() => undefined);
      if (status !== undefined) {
        return new RandomSourceError(error.reason, error.message, {
          source: this.name,
          cause: error.cause,
          details: { ...error.details, ...this.#detailsOf(status) },
        });
      }
    }
    return error;
  }

  #remember(status: KeyStoreStatus): void {
    this.#cache.set(this.customKeyStoreId, status, {
      ttl: isNegative(status) ? this.#negativeTtlMs : this.#stateTtlMs,
    });
  }

  /** One DescribeCustomKeyStores at a time per source; concurrent callers share it. */
  #describe(signal: AbortSignal): Promise<KeyStoreStatus> {
    this.#describing ??= sendDescribeCustomKeyStores(
      this.client,
      { CustomKeyStoreId: this.customKeyStoreId },
      this.callOptions(signal),
    )
      .then((output): KeyStoreStatus => {
        const entry = output.CustomKeyStores?.find(
          (store) => store.CustomKeyStoreId === this.customKeyStoreId,
        );
        if (entry === undefined) return { kind: "missing" };
        return {
          kind: "found",
          customKeyStoreType: entry.CustomKeyStoreType ?? "AWS_CLOUDHSM",
          connectionState: (entry.ConnectionState ?? "DISCONNECTED") as ConnectionState,
          ...(entry.ConnectionErrorCode === undefined
            ? {}
            : { connectionErrorCode: entry.ConnectionErrorCode }),
        };
      })
      .catch((error: unknown): KeyStoreStatus => {
        if (RandomSourceError.is(error, "KeyStoreNotFound")) return { kind: "missing" };
        throw error;
      })
      .then((status) => {
        this.#remember(status);
        return status;
      })
      .finally(() => {
        this.#describing = undefined;
      });
    return this.#describing;
  }

  #detailsOf(status: KeyStoreStatus): RandomSourceErrorDetails {
    if (status.kind !== "found") return { customKeyStoreId: this.customKeyStoreId };
    return {
      customKeyStoreId: this.customKeyStoreId,
      customKeyStoreType: status.customKeyStoreType,
      connectionState: status.connectionState,
      ...(status.connectionErrorCode === undefined
        ? {}
        : { connectionErrorCode: status.connectionErrorCode }),
    };
  }

  /** The error a call gets when the store cannot serve; `cached` says it was refused without asking KMS. */
  #refusal(status: KeyStoreStatus, cached = false): RandomSourceError {
    const id = this.customKeyStoreId;
    const suffix = cached
      ? ` (known from a KMS answer within the last ${this.#negativeTtlMs} ms; not asked again yet)`
      : "";
    const details = this.#detailsOf(status);
    if (status.kind === "missing") {
      return new RandomSourceError(
        "KeyStoreNotFound",
        `${this.name}: custom key store ${id} does not exist${suffix}`,
        {
          source: this.name,
          details,
        },
      );
    }
    if (status.kind === "unsupported" || status.customKeyStoreType !== "AWS_CLOUDHSM") {
      return new RandomSourceError(
        "Unsupported",
        `${this.name}: custom key store ${id} cannot generate random bytes (GenerateRandom supports only AWS_CLOUDHSM stores)${suffix}`,
        { source: this.name, details },
      );
    }
    const code = status.connectionErrorCode === undefined ? "" : `, ${status.connectionErrorCode}`;
    return new RandomSourceError(
      "KeyStoreInvalidState",
      `${this.name}: custom key store ${id} is ${status.connectionState}${code}, not CONNECTED${suffix}`,
      { source: this.name, details },
    );
  }
}
