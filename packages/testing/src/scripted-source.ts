/**
 * A source whose upstream calls follow a script: serve, fail, delay, hang or answer with the wrong
 * length. Requests are chunked through @rngkit/core's fillInChunks exactly as a remote source's are,
 * so a script exercises the same failure handling the real providers rely on.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import {
  fillInChunks,
  RandomSourceBase,
  RandomSourceError,
  type RandomSourceErrorReason,
  type SourceCapabilities,
} from "@rngkit/core";

/** One upstream call's fate. */
export type ScriptStep =
  | { readonly kind: "serve" }
  | { readonly kind: "fail"; readonly reason: RandomSourceErrorReason; readonly retryable?: boolean }
  | { readonly kind: "throw"; readonly error: unknown }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "wrongLength"; readonly byteLength: number }
  | { readonly kind: "hang" };

/** Shorthands for script steps. */
export const step = {
  serve: (): ScriptStep => ({ kind: "serve" }),
  fail: (reason: RandomSourceErrorReason, retryable?: boolean): ScriptStep =>
    retryable === undefined ? { kind: "fail", reason } : { kind: "fail", reason, retryable },
  throw: (error: unknown): ScriptStep => ({ kind: "throw", error }),
  delay: (ms: number): ScriptStep => ({ kind: "delay", ms }),
  wrongLength: (byteLength: number): ScriptStep => ({ kind: "wrongLength", byteLength }),
  hang: (): ScriptStep => ({ kind: "hang" }),
} as const;

export interface ScriptedSourceOptions {
  /** Steps consumed one per upstream call, in call order. */
  readonly script?: readonly ScriptStep[];
  /** What calls do once the script has run out. Default: serve. */
  readonly afterScript?: ScriptStep;
  /** Per-call maximum, as KMS's 1024. Default 1024. */
  readonly maxBytesPerCall?: number;
  /** Upstream calls in flight per request. Default 1. */
  readonly concurrency?: number;
  readonly name?: string;
}

export interface ScriptedCall {
  readonly byteLength: number;
  readonly step: ScriptStep["kind"];
}

export class ScriptedSource extends RandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  /** Every upstream call made so far, in order. */
  readonly calls: ScriptedCall[] = [];
  readonly #script: ScriptStep[];
  readonly #afterScript: ScriptStep;
  readonly #concurrency: number;

  constructor(options: ScriptedSourceOptions = {}) {
    super();
    this.name = options.name ?? "scripted";
    this.#script = [...(options.script ?? [])];
    this.#afterScript = options.afterScript ?? step.serve();
    this.#concurrency = options.concurrency ?? 1;
    this.capabilities = Object.freeze({
      maxBytesPerCall: options.maxBytesPerCall ?? 1024,
      sync: false,
      remote: true,
    });
  }

  /** Appends steps to the script while the source runs. */
  push(...steps: ScriptStep[]): void {
    this.#script.push(...steps);
  }

  protected fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    return fillInChunks(view, (byteLength, callSignal) => this.#call(byteLength, callSignal), {
      source: this.name,
      maxBytesPerCall: this.capabilities.maxBytesPerCall,
      concurrency: this.#concurrency,
      signal,
    });
  }

  async #call(byteLength: number, signal: AbortSignal): Promise<Uint8Array> {
    const next = this.#script.shift() ?? this.#afterScript;
    this.calls.push({ byteLength, step: next.kind });
    switch (next.kind) {
      case "serve":
        return randomBytes(byteLength);
      case "fail":
        throw new RandomSourceError(next.reason, `${this.name}: scripted ${next.reason}`, {
          source: this.name,
          ...(next.retryable === undefined ? {} : { retryable: next.retryable }),
        });
      case "throw":
        throw next.error;
      case "delay":
        await delay(next.ms, undefined, { signal });
        return randomBytes(byteLength);
      case "wrongLength":
        return randomBytes(next.byteLength);
      case "hang":
        return new Promise((_, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
    }
  }
}
