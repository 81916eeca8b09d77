/**
 * Fault injection per operation ("*" for every operation): a latency (fixed plus uniform jitter), an
 * error with a probability or a scripted sequence of outcomes, connection resets, and slow response
 * bodies. Decisions use the server's `random` function, so tests can make them deterministic.
 */
import { injectedError } from "../protocol/errors.js";
import type { KmsError } from "../protocol/kms-error.js";

/** An injected error: the exception's name and optionally its message and status code. */
export interface InjectedError {
  readonly type: string;
  readonly message?: string;
  readonly status?: number;
}

/** One scripted outcome: "ok", "reset", an error type name, or an InjectedError. */
export type FaultStep = "ok" | "reset" | string | InjectedError;

export interface FaultSpec {
  /** Answer with this error, with `probability` (default 1). */
  readonly error?: InjectedError & { readonly probability?: number };
  /** Outcomes for the next requests, one each; when exhausted, requests proceed (or repeat with `repeat`). */
  readonly sequence?: readonly FaultStep[];
  readonly repeat?: boolean;
  /** Added before answering. */
  readonly latency?: { readonly fixedMs?: number; readonly jitterMs?: number };
  /** Close the connection without an answer, with this probability. */
  readonly reset?: { readonly probability?: number };
  /** Send the response body in chunks of `chunkBytes` every `intervalMs`. */
  readonly slowBody?: { readonly chunkBytes?: number; readonly intervalMs?: number };
  /**
   * Break a successful answer's `Plaintext`: one byte short, one byte long, or left out. AWS never does
   * this; a broken proxy or a buggy double might, and a client must refuse it rather than serve it.
   */
  readonly tamper?: PlaintextTamper;
}

/** How `tamper` breaks a successful answer's Plaintext. */
export type PlaintextTamper = "short" | "long" | "missing";
const TAMPERS: readonly PlaintextTamper[] = ["short", "long", "missing"];

/** What to do with one request. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly reset: boolean;
  readonly error: KmsError | undefined;
  readonly slowBody: { readonly chunkBytes: number; readonly intervalMs: number } | undefined;
  readonly tamper: PlaintextTamper | undefined;
}

const NONE: FaultDecision = {
  delayMs: 0,
  reset: false,
  error: undefined,
  slowBody: undefined,
  tamper: undefined,
};

interface Entry {
  readonly spec: FaultSpec;
  position: number;
}

export class Faults {
  readonly #entries = new Map<string, Entry>();
  readonly #random: () => number;

  constructor(random: () => number) {
    this.#random = random;
  }

  /** Sets the faults of one operation (or "*"), replacing what it had. */
  set(operation: string, spec: FaultSpec): void {
    checkSpec(spec, operation);
    this.#entries.set(operation, { spec, position: 0 });
  }

  /** Removes the faults of one operation, or all. */
  clear(operation?: string): void {
    if (operation === undefined) this.#entries.clear();
    else this.#entries.delete(operation);
  }

  /** The specs in force. */
  list(): Readonly<Record<string, FaultSpec>> {
    return Object.fromEntries([...this.#entries].map(([operation, entry]) => [operation, entry.spec]));
  }

  decide(operation: string): FaultDecision {
    if (this.#entries.size === 0) return NONE;
    const entry = this.#entries.get(operation) ?? this.#entries.get("*");
    if (entry === undefined) return NONE;
    const { spec } = entry;
    const latency =
      spec.latency === undefined
        ? 0
        : (spec.latency.fixedMs ?? 0) + (spec.latency.jitterMs ?? 0) * this.#random();
    const slowBody =
      spec.slowBody === undefined
        ? undefined
        : { chunkBytes: spec.slowBody.chunkBytes ?? 16, intervalMs: spec.slowBody.intervalMs ?? 50 };
    let reset = spec.reset !== undefined && this.#random() < (spec.reset.probability ?? 1);
    let error: KmsError | undefined;
    const step = this.#nextStep(entry);
    if (step === "reset") reset = true;
    else if (step !== undefined && step !== "ok")
      error = typeof step === "string" ? injectedError(step) : toError(step);
    else if (
      step === undefined &&
      spec.error !== undefined &&
      this.#random() < (spec.error.probability ?? 1)
    ) {
      error = toError(spec.error);
    }
    return { delayMs: latency, reset, error, slowBody, tamper: spec.tamper };
  }

  #nextStep(entry: Entry): FaultStep | undefined {
    const sequence = entry.spec.sequence;
    if (sequence === undefined || sequence.length === 0) return undefined;
    if (entry.position >= sequence.length) {
      if (entry.spec.repeat !== true) return undefined;
      entry.position = 0;
    }
    const step = sequence[entry.position];
    entry.position += 1;
    return step;
  }
}

function toError(error: InjectedError): KmsError {
  return injectedError(error.type, error.message, error.status);
}

function checkSpec(spec: FaultSpec, operation: string): void {
  const name = `faults[${operation}]`;
  if (typeof spec !== "object" || spec === null) throw new TypeError(`${name} must be an object`);
  checkProbability(spec.error?.probability, `${name}.error.probability`);
  checkProbability(spec.reset?.probability, `${name}.reset.probability`);
  if (spec.error !== undefined) checkError(spec.error, `${name}.error`);
  for (const [index, step] of (spec.sequence ?? []).entries()) {
    if (typeof step === "string") {
      if (step.length === 0) throw new TypeError(`${name}.sequence[${index}] must not be empty`);
    } else checkError(step, `${name}.sequence[${index}]`);
  }
  checkNonNegative(spec.latency?.fixedMs, `${name}.latency.fixedMs`);
  checkNonNegative(spec.latency?.jitterMs, `${name}.latency.jitterMs`);
  checkNonNegative(spec.slowBody?.intervalMs, `${name}.slowBody.intervalMs`);
  if (spec.tamper !== undefined && !TAMPERS.includes(spec.tamper)) {
    throw new TypeError(`${name}.tamper must be one of ${TAMPERS.join(", ")}`);
  }
  if (
    spec.slowBody?.chunkBytes !== undefined &&
    !(Number.isSafeInteger(spec.slowBody.chunkBytes) && spec.slowBody.chunkBytes > 0)
  ) {
    throw new RangeError(`${name}.slowBody.chunkBytes must be a positive integer`);
  }
}

function checkError(error: InjectedError, name: string): void {
  if (
    typeof error !== "object" ||
    error === null ||
    typeof error.type !== "string" ||
    !/^[A-Za-z][A-Za-z0-9]*$/.test(error.type)
  ) {
    throw new TypeError(`${name}.type must be an exception name such as ThrottlingException`);
  }
  if (
    error.status !== undefined &&
    !(Number.isInteger(error.status) && error.status >= 400 && error.status <= 599)
  ) {
    throw new RangeError(`${name}.status must be an HTTP error status (400 to 599)`);
  }
}

function checkProbability(value: number | undefined, name: string): void {
  if (value !== undefined && !(typeof value === "number" && value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a number from 0 to 1`);
  }
}

function checkNonNegative(value: number | undefined, name: string): void {
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative number of milliseconds`);
  }
}
