/** Custom key stores as the KMS API describes them (API reference: CustomKeyStoresListEntry). */

export const CONNECTION_STATES = [
  "CONNECTED",
  "CONNECTING",
  "FAILED",
  "DISCONNECTED",
  "DISCONNECTING",
] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export const CUSTOM_KEY_STORE_TYPES = ["AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"] as const;
export type CustomKeyStoreType = (typeof CUSTOM_KEY_STORE_TYPES)[number];

/** Why a connection FAILED (API reference: ConnectionErrorCodeType). */
export const CONNECTION_ERROR_CODES = [
  "INVALID_CREDENTIALS",
  "CLUSTER_NOT_FOUND",
  "NETWORK_ERRORS",
  "INTERNAL_ERROR",
  "INSUFFICIENT_CLOUDHSM_HSMS",
  "USER_LOCKED_OUT",
  "USER_NOT_FOUND",
  "USER_LOGGED_IN",
  "SUBNET_NOT_FOUND",
  "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
  "XKS_PROXY_ACCESS_DENIED",
  "XKS_PROXY_NOT_REACHABLE",
  "XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND",
  "XKS_PROXY_INVALID_RESPONSE",
  "XKS_PROXY_INVALID_CONFIGURATION",
  "XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION",
  "XKS_PROXY_TIMED_OUT",
  "XKS_PROXY_INVALID_TLS_CONFIGURATION",
] as const;
export type ConnectionErrorCode = (typeof CONNECTION_ERROR_CODES)[number];

/** What ConnectCustomKeyStore leads to: CONNECTING, then after `delayMs` the outcome. */
export interface ConnectBehavior {
  /** Default: the server's `connectDelayMs` (50 ms). */
  readonly delayMs?: number;
  /** "CONNECTED" (default) or the ConnectionErrorCode of a FAILED connection. */
  readonly outcome?: "CONNECTED" | ConnectionErrorCode;
}

export interface XksProxySettings {
  readonly uriEndpoint: string;
  readonly uriPath: string;
  readonly connectivity: "PUBLIC_ENDPOINT" | "VPC_ENDPOINT_SERVICE";
  readonly accessKeyId: string;
  readonly vpcEndpointServiceName?: string;
}

/** A custom key store declared at start-up or added through `stores.add`. */
export interface CustomKeyStoreDeclaration {
  /** Default: a new `cks-` + 17 hex digits. */
  readonly id?: string;
  readonly name: string;
  /** Default AWS_CLOUDHSM. */
  readonly type?: CustomKeyStoreType;
  /** Default CONNECTED. */
  readonly connectionState?: ConnectionState;
  /** Only with connectionState FAILED. Default INTERNAL_ERROR there. */
  readonly connectionErrorCode?: ConnectionErrorCode;
  readonly cloudHsmClusterId?: string;
  readonly trustAnchorCertificate?: string;
  /** How many KMS keys the store holds (DeleteCustomKeyStore refuses a store with keys). Default 0. */
  readonly keyCount?: number;
  readonly connect?: ConnectBehavior;
  /** How long DISCONNECTING lasts. Default: the server's `disconnectDelayMs` (0: straight to DISCONNECTED). */
  readonly disconnectDelayMs?: number;
  readonly creationDate?: Date;
  readonly xksProxy?: XksProxySettings;
}

/** A store as it is now. */
export interface CustomKeyStore {
  readonly id: string;
  readonly name: string;
  readonly type: CustomKeyStoreType;
  readonly connectionState: ConnectionState;
  readonly connectionErrorCode: ConnectionErrorCode | undefined;
  readonly cloudHsmClusterId: string | undefined;
  readonly trustAnchorCertificate: string | undefined;
  readonly keyCount: number;
  readonly creationDate: Date;
  readonly xksProxy: XksProxySettings | undefined;
}
