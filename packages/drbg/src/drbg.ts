/**
 * The known-answer API both SP 800-90A mechanisms share, named after the specification's functions
 * (SP 800-90A Rev. 1 §9: Instantiate, Reseed, Generate, Uninstantiate). It is the deterministic core:
 * it takes entropy from its caller and never fetches any. `DrbgSource` is the RandomSource around it.
 */

export type DrbgMechanism = "CTR_DRBG AES-256 use df" | "HMAC_DRBG SHA-256";

export interface DrbgOptions {
  /**
   * Generate requests allowed between reseeds (SP 800-90A reseed_interval); past it, generate throws
   * `Exhausted` ("reseed required"). Default and maximum 2^48.
   */
  readonly reseedInterval?: number;
}

export interface Drbg {
  readonly mechanism: DrbgMechanism;
  /** True between instantiate and uninstantiate. */
  readonly instantiated: boolean;
  /** SP 800-90A reseed_counter: 1 after instantiate or reseed, plus one per generate request. */
  readonly reseedCounter: number;
  /**
   * §9.1: entropy input of at least 32 bytes, a nonce of at least 16, an optional personalization
   * string. Instantiating again replaces (and zeroes) the previous state.
   */
  instantiate(
    entropyInput: ArrayBufferView,
    nonce: ArrayBufferView,
    personalizationString?: ArrayBufferView,
  ): void;
  /** §9.2: mixes at least 32 bytes of fresh entropy input and optional additional input into the state. */
  reseed(entropyInput: ArrayBufferView, additionalInput?: ArrayBufferView): void;
  /** §9.3: a new Buffer of `byteLength` bytes (at most 65,536), with optional additional input. */
  generate(byteLength: number, additionalInput?: ArrayBufferView): Buffer;
  /** §9.3 into a caller's view (at most 65,536 bytes), for the allocation-free path. */
  generateInto(target: Uint8Array, additionalInput?: ArrayBufferView): void;
  /** §9.4: zeroes the internal state; generate and reseed then throw until instantiated again. */
  uninstantiate(): void;
}
