/**
 * `fillSync` for a composing source that can serve synchronously only when all its upstreams can.
 * The contract says a source has `fillSync` exactly when it declares `sync` (`isSyncRandomSource` looks
 * for the method), so these sources extend RandomSourceBase and attach this function as an own property
 * when, and only when, every upstream is sync. It keeps SyncRandomSourceBase.fillSync's rules: argument
 * check, Closed after close(), the view zeroed on failure, the core fill event.
 */
import {
  bytesOf,
  closedError,
  coreChannels,
  invalidArgTypeError,
  invalidArgumentError,
  type RandomSource,
  toRandomSourceError,
} from "@rngkit/core";

export type FillSync = <T extends ArrayBufferView>(target: T) => T;

export function syncFill(
  source: Pick<RandomSource, "name" | "closed">,
  fillBytesSync: (view: Uint8Array) => void,
  publish: (byteLength: number, started: number, error: unknown) => void,
): FillSync {
  return <T extends ArrayBufferView>(target: T): T => {
    if (!ArrayBuffer.isView(target)) {
      throw invalidArgumentError(source.name, invalidArgTypeError("target", "ArrayBufferView", target));
    }
    const view = bytesOf(target);
    const started = coreChannels.fill.hasSubscribers ? performance.now() : 0;
    let error: unknown;
    if (source.closed) error = closedError(source.name);
    else if (view.byteLength > 0) {
      try {
        fillBytesSync(view);
      } catch (caught) {
        error = toRandomSourceError(caught, source.name, undefined);
      }
    }
    if (error !== undefined) view.fill(0);
    if (started !== 0) publish(view.byteLength, started, error);
    if (error !== undefined) throw error;
    return target;
  };
}

/** Whether every upstream serves synchronously (has fillSync and declares it). */
export function allSync(upstreams: readonly RandomSource[]): boolean {
  return upstreams.every(
    (upstream) =>
      upstream.capabilities.sync && typeof (upstream as { fillSync?: unknown }).fillSync === "function",
  );
}
