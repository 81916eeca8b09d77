/**
 * The messages between a WorkerSource and its worker thread. Random bytes cross only in `filled`, as a
 * transferred ArrayBuffer (moved, not copied: the worker keeps no copy). Errors cross as their JSON form
 * (reason, message, retryable, source, details), never with a `cause`, which stays in the worker.
 */
import {
  RandomSourceError,
  type RandomSourceErrorDetails,
  type RandomSourceErrorReason,
  type SourceCapabilities,
} from "@rngkit/core";

/** What the worker is started with (`workerData`). */
export interface WorkerStart {
  /** The module to import, as a URL string. */
  readonly module: string;
  readonly exportName: string;
  readonly options: unknown;
}

export type ToWorker =
  | { readonly type: "fill"; readonly id: number; readonly byteLength: number }
  | { readonly type: "abort"; readonly id: number }
  | { readonly type: "close" };

export type FromWorker =
  | { readonly type: "ready"; readonly name: string; readonly capabilities: SourceCapabilities }
  | { readonly type: "startFailed"; readonly error: SerializedError }
  | { readonly type: "filled"; readonly id: number; readonly bytes: ArrayBuffer }
  | { readonly type: "failed"; readonly id: number; readonly error: SerializedError };

export interface SerializedError {
  readonly reason: RandomSourceErrorReason;
  readonly message: string;
  readonly retryable: boolean;
  readonly source: string;
  readonly details?: RandomSourceErrorDetails;
}

/** A RandomSourceError as it crosses the thread boundary; anything else becomes `Unavailable`. */
export function serializeError(error: unknown, source: string): SerializedError {
  if (RandomSourceError.is(error)) {
    return {
      reason: error.reason,
      message: error.message,
      retryable: error.retryable,
      source: error.source,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    reason: "Unavailable",
    message: `${source}: unexpected failure in the worker thread: ${message}`,
    retryable: false,
    source,
  };
}

/** The error again on this side; its `cause` is gone (it stayed in the worker, with the SDK's output). */
export function deserializeError(error: SerializedError): RandomSourceError {
  return new RandomSourceError(error.reason, error.message, {
    source: error.source,
    retryable: error.retryable,
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}
