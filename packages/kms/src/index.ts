export {
  CloudHsmKeyStoreSource,
  type CloudHsmKeyStoreSourceOptions,
  type KeyStoreHealth,
} from "./cloudhsm-key-store-source.js";
export { type KmsCallEvent, type KmsRetryEvent, kmsChannels } from "./events.js";
export {
  type KmsCallOptions,
  sendDescribeCustomKeyStores,
  sendGenerateRandom,
} from "./generate-random-call.js";
export type { ConnectionState } from "./key-store-status.js";
export { KmsSource } from "./kms-source.js";
export { KMS_MAX_BYTES_PER_CALL, type KmsSourceOptions } from "./kms-source-options.js";
export { isClockSkewError, mapKmsError } from "./map-kms-error.js";
export {
  DEFAULT_RETRY_POLICY,
  type ResolvedRetryPolicy,
  type RetryPolicy,
  resolveRetryPolicy,
} from "./retry-policy.js";
