/**
 * The account's custom key stores and their connection state machine, with AWS's rules (KMS API reference:
 * ConnectCustomKeyStore, DisconnectCustomKeyStore, DeleteCustomKeyStore, GenerateRandom):
 *
 * | operation  | allowed from                         | leads to                                       |
 * | ---------- | ------------------------------------ | ---------------------------------------------- |
 * | Connect    | DISCONNECTED; CONNECTED/CONNECTING (no-op) | CONNECTING, then CONNECTED or FAILED    |
 * | Disconnect | CONNECTED, CONNECTING, FAILED        | DISCONNECTING (if delayed), then DISCONNECTED  |
 * | Delete     | DISCONNECTED, and no keys            | removed                                        |
 * | GenerateRandom with CustomKeyStoreId | CONNECTED, AWS_CLOUDHSM only |                           |
 *
 * Any other combination is CustomKeyStoreInvalidStateException. Timers are unref'd and cleared on close().
 */
import { randomBytes } from "node:crypto";
import {
  cloudHsmClusterInUse,
  customKeyStoreHasKeys,
  customKeyStoreInvalidState,
  customKeyStoreNameInUse,
  customKeyStoreNotFound,
} from "../protocol/errors.js";
import {
  CONNECTION_ERROR_CODES,
  CONNECTION_STATES,
  type ConnectBehavior,
  type ConnectionErrorCode,
  type ConnectionState,
  CUSTOM_KEY_STORE_TYPES,
  type CustomKeyStore,
  type CustomKeyStoreDeclaration,
} from "./types.js";

interface StoreRecord {
  store: CustomKeyStore;
  connect: ConnectBehavior | undefined;
  disconnectDelayMs: number | undefined;
  timer: NodeJS.Timeout | undefined;
}

export interface KeyStoreRegistryOptions {
  readonly now: () => number;
  readonly connectDelayMs: number;
  readonly disconnectDelayMs: number;
}

const PLACEHOLDER_TRUST_ANCHOR =
  "-----BEGIN CERTIFICATE-----\nkms-local placeholder\n-----END CERTIFICATE-----";
const ID_PATTERN = /^cks-[0-9a-f]{17}$/;

export class KeyStoreRegistry {
  readonly #records = new Map<string, StoreRecord>();
  readonly #options: KeyStoreRegistryOptions;
  #closed = false;

  constructor(options: KeyStoreRegistryOptions) {
    this.#options = options;
  }

  list(): CustomKeyStore[] {
    return [...this.#records.values()].map((record) => record.store);
  }

  get(id: string): CustomKeyStore | undefined {
    return this.#records.get(id)?.store;
  }

  findByName(name: string): CustomKeyStore | undefined {
    return this.list().find((store) => store.name === name);
  }

  /** Adds a store as declared; throws TypeError/RangeError for a bad declaration. */
  add(declaration: CustomKeyStoreDeclaration): CustomKeyStore {
    const store = this.#fromDeclaration(declaration);
    if (this.#records.has(store.id)) throw new RangeError(`custom key store ${store.id} already exists`);
    if (this.findByName(store.name)) throw customKeyStoreNameInUse(store.name);
    if (
      store.cloudHsmClusterId !== undefined &&
      this.list().some((s) => s.cloudHsmClusterId === store.cloudHsmClusterId)
    ) {
      throw cloudHsmClusterInUse(store.cloudHsmClusterId);
    }
    this.#records.set(store.id, {
      store,
      connect: declaration.connect,
      disconnectDelayMs: declaration.disconnectDelayMs,
      timer: undefined,
    });
    return store;
  }

  /** ConnectCustomKeyStore. */
  connect(id: string): void {
    const record = this.#require(id);
    const state = record.store.connectionState;
    if (state === "CONNECTED" || state === "CONNECTING") return;
    if (state !== "DISCONNECTED") {
      throw customKeyStoreInvalidState(
        `Custom key store ${id} is ${state}. ConnectCustomKeyStore is not valid in the DISCONNECTING and FAILED states; to reconnect a FAILED custom key store, disconnect it first.`,
      );
    }
    this.#set(record, "CONNECTING", undefined);
    const behavior = record.connect ?? {};
    this.#schedule(record, behavior.delayMs ?? this.#options.connectDelayMs, () => {
      const outcome = behavior.outcome ?? "CONNECTED";
      if (outcome === "CONNECTED") this.#set(record, "CONNECTED", undefined);
      else this.#set(record, "FAILED", outcome);
    });
  }

  /** DisconnectCustomKeyStore. */
  disconnect(id: string): void {
    const record = this.#require(id);
    const state = record.store.connectionState;
    if (state === "DISCONNECTED" || state === "DISCONNECTING") {
      throw customKeyStoreInvalidState(
        `Custom key store ${id} is ${state}. DisconnectCustomKeyStore is not valid in the DISCONNECTED and DISCONNECTING states.`,
      );
    }
    this.#cancel(record);
    const delay = record.disconnectDelayMs ?? this.#options.disconnectDelayMs;
    if (delay <= 0) {
      this.#set(record, "DISCONNECTED", undefined);
      return;
    }
    this.#set(record, "DISCONNECTING", undefined);
    this.#schedule(record, delay, () => this.#set(record, "DISCONNECTED", undefined));
  }

  /** DeleteCustomKeyStore. */
  delete(id: string): void {
    const record = this.#require(id);
    const state = record.store.connectionState;
    if (state !== "DISCONNECTED") {
      throw customKeyStoreInvalidState(
        `Custom key store ${id} is ${state}. DeleteCustomKeyStore is valid only when the custom key store is DISCONNECTED.`,
      );
    }
    if (record.store.keyCount > 0) throw customKeyStoreHasKeys(id);
    this.#records.delete(id);
  }

  /** Puts a store in any state at once (for tests), cancelling a pending transition. */
  setState(id: string, state: ConnectionState, errorCode?: ConnectionErrorCode): CustomKeyStore {
    const record = this.#records.get(id);
    if (record === undefined) throw new RangeError(`no custom key store ${id}`);
    if (!CONNECTION_STATES.includes(state)) throw new RangeError(`unknown connection state ${String(state)}`);
    this.#cancel(record);
    this.#set(record, state, state === "FAILED" ? (errorCode ?? "INTERNAL_ERROR") : undefined);
    return record.store;
  }

  /** Changes what the next ConnectCustomKeyStore of a store leads to. */
  setConnectBehavior(id: string, behavior: ConnectBehavior): void {
    const record = this.#records.get(id);
    if (record === undefined) throw new RangeError(`no custom key store ${id}`);
    checkBehavior(behavior);
    record.connect = behavior;
  }

  close(): void {
    this.#closed = true;
    for (const record of this.#records.values()) this.#cancel(record);
  }

  #require(id: string): StoreRecord {
    const record = this.#records.get(id);
    if (record === undefined) throw customKeyStoreNotFound(id);
    return record;
  }

  #set(record: StoreRecord, state: ConnectionState, errorCode: ConnectionErrorCode | undefined): void {
    record.store = { ...record.store, connectionState: state, connectionErrorCode: errorCode };
  }

  #schedule(record: StoreRecord, delayMs: number, then: () => void): void {
    this.#cancel(record);
    if (this.#closed) return;
    record.timer = setTimeout(() => {
      record.timer = undefined;
      then();
    }, delayMs);
    record.timer.unref();
  }

  #cancel(record: StoreRecord): void {
    if (record.timer !== undefined) clearTimeout(record.timer);
    record.timer = undefined;
  }

  #fromDeclaration(declaration: CustomKeyStoreDeclaration): CustomKeyStore {
    if (typeof declaration !== "object" || declaration === null)
      throw new TypeError("a store declaration must be an object");
    const { name } = declaration;
    if (typeof name !== "string" || name.length < 1 || name.length > 256) {
      throw new TypeError("store.name must be a string of 1 to 256 characters");
    }
    const id = declaration.id ?? newStoreId();
    if (typeof id !== "string" || !ID_PATTERN.test(id)) {
      throw new RangeError(`store.id must look like cks- followed by 17 hex digits, got ${String(id)}`);
    }
    const type = declaration.type ?? "AWS_CLOUDHSM";
    if (!CUSTOM_KEY_STORE_TYPES.includes(type))
      throw new RangeError(`store.type must be one of ${CUSTOM_KEY_STORE_TYPES.join(", ")}`);
    const state = declaration.connectionState ?? "CONNECTED";
    if (!CONNECTION_STATES.includes(state))
      throw new RangeError(`store.connectionState must be one of ${CONNECTION_STATES.join(", ")}`);
    const errorCode = declaration.connectionErrorCode;
    if (errorCode !== undefined && (state !== "FAILED" || !CONNECTION_ERROR_CODES.includes(errorCode))) {
      throw new RangeError(
        "store.connectionErrorCode needs connectionState FAILED and a known ConnectionErrorCode",
      );
    }
    const keyCount = declaration.keyCount ?? 0;
    if (!Number.isSafeInteger(keyCount) || keyCount < 0)
      throw new RangeError("store.keyCount must be a non-negative integer");
    if (declaration.connect !== undefined) checkBehavior(declaration.connect);
    const isHsm = type === "AWS_CLOUDHSM";
    if (!isHsm && declaration.xksProxy === undefined)
      throw new TypeError("an EXTERNAL_KEY_STORE needs store.xksProxy");
    return {
      id,
      name,
      type,
      connectionState: state,
      connectionErrorCode: state === "FAILED" ? (errorCode ?? "INTERNAL_ERROR") : undefined,
      cloudHsmClusterId: isHsm ? (declaration.cloudHsmClusterId ?? newClusterId()) : undefined,
      trustAnchorCertificate: isHsm
        ? (declaration.trustAnchorCertificate ?? PLACEHOLDER_TRUST_ANCHOR)
        : undefined,
      keyCount,
      creationDate: declaration.creationDate ?? new Date(this.#options.now()),
      xksProxy: isHsm ? undefined : declaration.xksProxy,
    };
  }
}

function checkBehavior(behavior: ConnectBehavior): void {
  const { delayMs, outcome } = behavior;
  if (delayMs !== undefined && (!Number.isFinite(delayMs) || delayMs < 0)) {
    throw new RangeError("connect.delayMs must be a non-negative number");
  }
  if (outcome !== undefined && outcome !== "CONNECTED" && !CONNECTION_ERROR_CODES.includes(outcome)) {
    throw new RangeError(
      `connect.outcome must be CONNECTED or a ConnectionErrorCode, got ${String(outcome)}`,
    );
  }
}

export function newStoreId(): string {
  return `cks-${randomBytes(9).toString("hex").slice(0, 17)}`;
}

function newClusterId(): string {
  return `cluster-${randomBytes(6).toString("hex").slice(0, 11)}`;
}
