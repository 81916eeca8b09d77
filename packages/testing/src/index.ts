export { type CallLoop, type CallRate, callsDuring, interleavedCallRates } from "./calls-during.js";
export { collectEvents } from "./collect-events.js";
export { type ConformanceOptions, describeRandomSource, SIGNIFICANCE } from "./conformance.js";
export { CounterSource, type CounterSourceOptions, type PendingCounterCall } from "./counter-source.js";
export { DeterministicSource, type DeterministicSourceOptions } from "./deterministic-source.js";
export { driveOpenLoop, type OpenLoopOptions, type OpenLoopResult, type Percentiles } from "./open-loop.js";
export { rejectionOf } from "./rejection-of.js";
export { type ResourceLeak, ResourceWatch } from "./resource-watch.js";
export {
  type ScriptedCall,
  ScriptedSource,
  type ScriptedSourceOptions,
  type ScriptStep,
  step,
} from "./scripted-source.js";
export {
  byteFrequencyTest,
  type ChiSquareResult,
  findRepeatedWindow,
  regularizedGamma,
} from "./statistics.js";
