/**
 * The contract every rngkit source keeps (DESIGN.md, "The contract"). Sources are composed, not
 * configured: `new PoolSource(new KmsSource({ client }))`.
 */

export interface FillOptions {
  /** Aborting rejects the call with a RandomSourceError of reason `Aborted`, the signal's reason as `cause`. */
  readonly signal?: AbortSignal | undefined;
}

/** What a source can do, declared rather than guessed by callers. */
export interface SourceCapabilities {
  /** The most bytes one upstream call yields (1024 for KMS); `Infinity` when a call has no limit. */
  readonly maxBytesPerCall: number;
  /** Whether the source has `fillSync`. */
  readonly sync: boolean;
  /** Whether bytes come over the network, so calls cost a round trip and can be throttled. */
  readonly remote: boolean;
}

export interface RandomSource extends AsyncDisposable {
  /** Stable and safe to log, e.g. `pool(kms:us-east-1)`. */
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  /** True once `close()` has been called. */
  readonly closed: boolean;
  /**
   * Fills the whole view with fresh random bytes and resolves with the same view. On failure the view
   * is left zero-filled, never partly random, and the promise rejects with a RandomSourceError.
   */
  fill<T extends ArrayBufferView>(target: T, options?: FillOptions): Promise<T>;
  /** A new Buffer of `size` random bytes that owns its memory: `byteOffset` 0, `buffer.byteLength === size`. */
  bytes(size: number, options?: FillOptions): Promise<Buffer>;
  /**
   * Rejects calls in flight and all later ones with reason `Closed`, closes what the source owns
   * (composed upstreams, unless built with `ownsUpstream: false`) and leaves no timers. Idempotent.
   */
  close(): Promise<void>;
}

/** A source that can also serve synchronously (node:crypto, a pool from its buffer, a seeded DRBG). */
export interface SyncRandomSource extends RandomSource {
  /** Fills the whole view and returns it; throws a RandomSourceError (view zero-filled) when it cannot. */
  fillSync<T extends ArrayBufferView>(target: T): T;
}

export function isSyncRandomSource(source: RandomSource): source is SyncRandomSource {
  return typeof (source as Partial<SyncRandomSource>).fillSync === "function";
}

/** Options shared by sources that wrap another one. */
export interface ComposedSourceOptions {
  /** Whether `close()` also closes the upstream. Default true: a composing source owns what it wraps. */
  readonly ownsUpstream?: boolean;
}
