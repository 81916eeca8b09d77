export {
  composeChannels,
  type FallbackEvent,
  type HealthEvent,
  type HealthResetEvent,
  type SwitchEvent,
} from "./events.js";
export { DEFAULT_COOLDOWN_MS, FallbackSource, type FallbackSourceOptions } from "./fallback-source.js";
export { HealthTestedSource, type HealthTestedSourceOptions } from "./health-tested-source.js";
export {
  APT_WINDOW,
  ContinuousHealthTests,
  type HealthCutoffs,
  type HealthFinding,
  type HealthTestName,
  INTERMITTENT_CUTOFFS,
  PERMANENT_CUTOFFS,
} from "./health-tests.js";
export { MixSource, type MixSourceOptions } from "./mix-source.js";
export type { FillSync } from "./sync-fill.js";
