export { CtrDrbg } from "./ctr-drbg.js";
export type { Drbg, DrbgMechanism, DrbgOptions } from "./drbg.js";
export { DrbgSource } from "./drbg-source.js";
export {
  DRBG_SOURCE_DEFAULTS,
  type DrbgSourceMechanism,
  type DrbgSourceOptions,
} from "./drbg-source-options.js";
export {
  type DrbgExhaustedEvent,
  type DrbgReseedEvent,
  type DrbgReseedFailedEvent,
  drbgChannels,
  type ReseedTrigger,
} from "./events.js";
export { HmacDrbg } from "./hmac-drbg.js";
export {
  MAX_BYTES_PER_REQUEST,
  MAX_INPUT_BYTES,
  MAX_RESEED_INTERVAL,
  MIN_ENTROPY_BYTES,
  MIN_NONCE_BYTES,
  SECURITY_STRENGTH_BYTES,
} from "./limits.js";
