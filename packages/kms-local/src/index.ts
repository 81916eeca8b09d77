export { ADMIN_PREFIX } from "./admin/admin-handler.js";
export { type KmsLocalCredentialOptions, LocalCredentials } from "./auth/credentials.js";
export { MAX_SKEW_MS } from "./auth/verify-signature.js";
export { describeKmsLocal, KMS_LOCAL_HELP, type KmsLocalCommandLine, parseKmsLocalArgs } from "./cli.js";
export type { CountersSnapshot, OperationCounters } from "./counters.js";
export type { FaultSpec, FaultStep, InjectedError, PlaintextTamper } from "./faults/faults.js";
export { OPERATION_NAMES, type OperationName } from "./operations/operation.js";
export type { KmsLocalOptions } from "./options.js";
export { DEFAULT_QUOTAS, type QuotaLimits, type QuotaSettings } from "./quotas/quotas.js";
export { type KmsLocalProcess, type SpawnKmsLocalOptions, spawnKmsLocal } from "./spawn-kms-local.js";
export { type KmsLocal, startKmsLocal } from "./start-kms-local.js";
export {
  CONNECTION_ERROR_CODES,
  CONNECTION_STATES,
  type ConnectBehavior,
  type ConnectionErrorCode,
  type ConnectionState,
  CUSTOM_KEY_STORE_TYPES,
  type CustomKeyStore,
  type CustomKeyStoreDeclaration,
  type CustomKeyStoreType,
  type XksProxySettings,
} from "./stores/types.js";
