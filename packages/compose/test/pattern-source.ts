/**
 * A sync source whose byte i (counting across calls) is `byteAt(i)`: stuck, repeating and biased sources
 * for the health tests, reproducible, with every call's length recorded.
 */
import { type SourceCapabilities, SyncRandomSourceBase } from "@rngkit/core";

export class PatternSource extends SyncRandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities = { maxBytesPerCall: 2 ** 31 - 1, sync: true, remote: false };
  readonly calls: number[] = [];
  #position = 0;

  constructor(
    name: string,
    private readonly byteAt: (index: number) => number,
  ) {
    super();
    this.name = name;
  }

  protected async fillBytes(view: Uint8Array): Promise<void> {
    this.fillBytesSync(view);
  }

  protected fillBytesSync(view: Uint8Array): void {
    this.calls.push(view.byteLength);
    for (let index = 0; index < view.byteLength; index++) view[index] = this.byteAt(this.#position++) & 0xff;
  }
}

/** Bytes of a keyed stream (deterministic, uniform-looking), for "good" data in patterns. */
export function goodByte(seed: number): (index: number) => number {
  return (index) => {
    let x = Math.imul(index ^ seed, 0x9e3779b1) ^ (index >>> 13);
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return (x ^ (x >>> 16)) & 0xff;
  };
}
