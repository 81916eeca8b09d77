export { abortable } from "./abortable.js";
export {
  RANDOM_SOURCE_ERROR_REASONS,
  RandomSourceError,
  type RandomSourceErrorDetails,
  type RandomSourceErrorOptions,
  type RandomSourceErrorReason,
} from "./errors.js";
export { type CloseEvent, coreChannels, type FillEvent } from "./events.js";
export {
  abortedError,
  closedError,
  invalidArgumentError,
  toRandomSourceError,
  wrongLengthError,
} from "./failures.js";
export { type FetchChunk, type FillInChunksOptions, fillInChunks } from "./fill-in-chunks.js";
export {
  describeReceivedValue,
  domException,
  invalidArgTypeError,
  type NodeErrorCode,
  outOfRangeError,
} from "./node-errors.js";
export {
  type ComposedSourceOptions,
  type FillOptions,
  isSyncRandomSource,
  type RandomSource,
  type SourceCapabilities,
  type SyncRandomSource,
} from "./random-source.js";
export { RandomSourceBase, SyncRandomSourceBase } from "./random-source-base.js";
export {
  assertOffset,
  assertSize,
  bytesOf,
  checkByteLength,
  isAnyArrayBuffer,
  isArrayBufferView,
  MAX_RANDOM_BYTES,
  validateBoolean,
  validateFunction,
  validateNumber,
  validateObject,
} from "./validate.js";
