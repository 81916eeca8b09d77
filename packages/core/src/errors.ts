/**
 * The one error type every rngkit source throws. Callers branch on `reason`, retry layers on
 * `retryable`; `source` names the source that failed (its `name`), `cause` keeps the underlying error.
 *
 * Invariant 4 of DESIGN.md: no random bytes ever reach a message, a `cause`, `util.inspect` or JSON
 * output, so a cause is never an SDK response that holds `Plaintext`.
 */

/** Every reason a source can fail for. */
export const RANDOM_SOURCE_ERROR_REASONS = [
  "Throttled",
  "Unavailable",
  "Timeout",
  "AccessDenied",
  "KeyStoreNotFound",
  "KeyStoreInvalidState",
  "Unsupported",
  "InvalidArgument",
  "InvalidResponse",
  "AttestationFailed",
  "DecryptFailed",
  "Replay",
  "HealthTestFailed",
  "Exhausted",
  "Aborted",
  "Closed",
] as const;

export type RandomSourceErrorReason = (typeof RANDOM_SOURCE_ERROR_REASONS)[number];

/** Reasons that a later attempt may cure; the rest fail the same way every time. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<RandomSourceErrorReason> = new Set<RandomSourceErrorReason>([
  "Throttled",
  "Unavailable",
  "Timeout",
  "Exhausted",
]);

/** Extra facts about a failure that are safe to log (e.g. a key store's `ConnectionState`). */
export type RandomSourceErrorDetails = Readonly<Record<string, string | number | boolean>>;

export interface RandomSourceErrorOptions {
  /** The `name` of the source that failed. */
  readonly source: string;
  /** Overrides the reason's default (Throttled, Unavailable, Timeout and Exhausted are retryable). */
  readonly retryable?: boolean;
  readonly cause?: unknown;
  readonly details?: RandomSourceErrorDetails;
}

/** `Symbol.for` so that two copies of @rngkit/core in one process recognise each other's errors. */
const MARKER: unique symbol = Symbol.for("rngkit.RandomSourceError") as never;

export class RandomSourceError extends Error {
  override readonly name = "RandomSourceError";
  readonly reason: RandomSourceErrorReason;
  readonly retryable: boolean;
  readonly source: string;
  readonly details: RandomSourceErrorDetails | undefined;
  declare readonly [MARKER]: true;

  constructor(reason: RandomSourceErrorReason, message: string, options: RandomSourceErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.source = options.source;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(reason);
    this.details = options.details === undefined ? undefined : Object.freeze({ ...options.details });
    Object.defineProperty(this, MARKER, { value: true });
  }

  /**
   * True for a RandomSourceError from any copy of @rngkit/core, optionally of one of the given reasons.
   * Prefer it to `instanceof`, which fails across duplicate package copies.
   */
  static is(value: unknown, ...reasons: readonly RandomSourceErrorReason[]): value is RandomSourceError {
    if (typeof value !== "object" || value === null || (value as { [MARKER]?: unknown })[MARKER] !== true) {
      return false;
    }
    return reasons.length === 0 || reasons.includes((value as RandomSourceError).reason);
  }

  /** What a logger may print: everything but `cause`, whose own JSON form this package does not control. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      reason: this.reason,
      message: this.message,
      source: this.source,
      retryable: this.retryable,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}
