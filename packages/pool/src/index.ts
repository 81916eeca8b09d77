export {
  type PoolDiscardEvent,
  type PoolExhaustedEvent,
  type PoolPassThroughEvent,
  type PoolReadyEvent,
  type PoolRefillEvent,
  type PoolStallEvent,
  poolChannels,
} from "./events.js";
export type { PoolSourceOptions } from "./options.js";
export { PoolSource } from "./pool-source.js";
export type { PoolStats, PoolWaitStats } from "./stats.js";
