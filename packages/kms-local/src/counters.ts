/**
 * Counters per operation, so a test can assert exactly how many calls a client made. Requests that never
 * named a known operation (bad content type, unknown target) are counted under "Unknown".
 */
export interface OperationCounters {
  requests: number;
  /** Request body bytes received. */
  requestBytes: number;
  /** Response body bytes sent. */
  responseBytes: number;
  /** Random bytes served (GenerateRandom), in Plaintext or CiphertextForRecipient. */
  randomBytes: number;
  /** Error responses by error type (`ThrottlingException`, ...), injected ones included. */
  errors: Record<string, number>;
  /** Connections reset by fault injection. */
  resets: number;
}

export type CountersSnapshot = Readonly<Record<string, Readonly<OperationCounters>>>;

export class Counters {
  #byOperation = new Map<string, OperationCounters>();

  of(operation: string): OperationCounters {
    let counters = this.#byOperation.get(operation);
    if (counters === undefined) {
      counters = { requests: 0, requestBytes: 0, responseBytes: 0, randomBytes: 0, errors: {}, resets: 0 };
      this.#byOperation.set(operation, counters);
    }
    return counters;
  }

  countError(operation: string, type: string): void {
    const errors = this.of(operation).errors;
    errors[type] = (errors[type] ?? 0) + 1;
  }

  /** A deep copy: later requests do not change it. */
  snapshot(): CountersSnapshot {
    const copy: Record<string, OperationCounters> = {};
    for (const [operation, counters] of this.#byOperation)
      copy[operation] = { ...counters, errors: { ...counters.errors } };
    return copy;
  }

  reset(): void {
    this.#byOperation = new Map();
  }
}

/** All-zero counters for an operation that was never called. */
export function emptyCounters(): OperationCounters {
  return { requests: 0, requestBytes: 0, responseBytes: 0, randomBytes: 0, errors: {}, resets: 0 };
}
