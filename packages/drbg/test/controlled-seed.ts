/**
 * A remote-like seed source for DrbgSource tests: async only, deterministic bytes (a DeterministicSource
 * stream, consumed in call order, so a test can replay exactly what the DRBG was seeded with), every
 * call recorded, and calls that can be held until released or made to fail.
 */
import {
  RandomSourceBase,
  RandomSourceError,
  type RandomSourceErrorReason,
  type SourceCapabilities,
} from "@rngkit/core";
import { DeterministicSource } from "@rngkit/testing";

export class ControlledSeed extends RandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities = { maxBytesPerCall: 1024, sync: false, remote: true };
  /** The byte length of every call, in order, failed ones included. */
  readonly calls: number[] = [];
  readonly #stream: DeterministicSource;
  readonly #failures: RandomSourceErrorReason[] = [];
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;

  constructor(seed: string, name = "controlled") {
    super();
    this.name = name;
    this.#stream = new DeterministicSource({ seed });
  }

  /** The next calls fail with these reasons, one each, without consuming the stream. */
  failNext(...reasons: RandomSourceErrorReason[]): void {
    this.#failures.push(...reasons);
  }

  /** Calls from now on wait until release(). */
  hold(): void {
    this.#gate ??= new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  protected async fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    this.calls.push(view.byteLength);
    if (this.#gate !== undefined) {
      const gate = this.#gate;
      await new Promise<void>((resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        void gate.then(resolve);
      });
    }
    const reason = this.#failures.shift();
    if (reason !== undefined) {
      throw new RandomSourceError(reason, `${this.name}: scripted ${reason}`, { source: this.name });
    }
    this.#stream.fillSync(view);
  }

  protected override async onClose(): Promise<void> {
    this.release();
    await this.#stream.close();
  }
}

/** The same byte stream as `new ControlledSeed(seed)`, read synchronously, to replay its seeds. */
export function replaySeed(seed: string): (byteLength: number) => Buffer {
  const stream = new DeterministicSource({ seed });
  return (byteLength) => stream.fillSync(Buffer.alloc(byteLength));
}
