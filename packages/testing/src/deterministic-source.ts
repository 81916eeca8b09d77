/**
 * A seeded, reproducible source FOR TESTS ONLY. It is NOT random: anyone who knows the seed knows every
 * byte. Its stream is the AES-256-CTR keystream under SHA-256("rngkit DeterministicSource\0" || seed)
 * with a zero IV, so the same seed always yields the same bytes, in order, across calls and processes,
 * while the bytes still look uniform to statistical tests.
 */
import { type Cipher, createCipheriv, createHash } from "node:crypto";
import { type SourceCapabilities, SyncRandomSourceBase } from "@rngkit/core";

export interface DeterministicSourceOptions {
  /** Any string, number or bytes; equal seeds give equal streams. */
  readonly seed: string | number | Uint8Array;
  /** Defaults to `deterministic(INSECURE)`. */
  readonly name?: string;
}

const CAPABILITIES: SourceCapabilities = Object.freeze({
  maxBytesPerCall: Number.POSITIVE_INFINITY,
  sync: true,
  remote: false,
});
const ZEROS = new Uint8Array(64 * 1024);

function keyFor(seed: DeterministicSourceOptions["seed"]): Buffer {
  const hash = createHash("sha256").update("rngkit DeterministicSource\0");
  if (typeof seed === "number") hash.update(`number:${seed}`);
  else if (typeof seed === "string") hash.update(`string:${seed}`);
  else hash.update("bytes:").update(seed);
  return hash.digest();
}

export class DeterministicSource extends SyncRandomSourceBase {
  readonly name: string;
  readonly capabilities = CAPABILITIES;
  readonly #keystream: Cipher;

  constructor(options: DeterministicSourceOptions) {
    super();
    this.name = options.name ?? "deterministic(INSECURE)";
    this.#keystream = createCipheriv("aes-256-ctr", keyFor(options.seed), Buffer.alloc(16));
  }

  protected async fillBytes(view: Uint8Array): Promise<void> {
    this.fillBytesSync(view);
  }

  protected fillBytesSync(view: Uint8Array): void {
    for (let offset = 0; offset < view.byteLength; offset += ZEROS.byteLength) {
      const length = Math.min(ZEROS.byteLength, view.byteLength - offset);
      view.set(this.#keystream.update(ZEROS.subarray(0, length)), offset);
    }
  }
}
