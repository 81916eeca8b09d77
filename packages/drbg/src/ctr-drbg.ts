/**
 * CTR_DRBG with AES-256 and the derivation function (SP 800-90A Rev. 1 §10.2.1), ctr_len = blocklen,
 * on node:crypto's AES. Generate is AES-CTR keystream under the working Key from V + 1, and the Update
 * that follows (§10.2.1.2) is the next three keystream blocks, so one `aes-256-ctr` pass produces the
 * output and the next state together: one cipher and one allocation per request, none per block.
 */
import { createCipheriv } from "node:crypto";
import { inspect } from "node:util";
import { blockCipherDf, SEED_BYTES } from "./block-cipher-df.js";
import { checkRequestLength, checkTarget, optionalInput, requiredInput } from "./check-input.js";
import { increment128 } from "./counter.js";
import type { Drbg, DrbgMechanism, DrbgOptions } from "./drbg.js";
import { checkReseedInterval, notInstantiatedError, reseedRequiredError } from "./drbg-errors.js";
import { MAX_BYTES_PER_REQUEST, MIN_ENTROPY_BYTES, MIN_NONCE_BYTES } from "./limits.js";

const NAME = "ctr-drbg";
const BLOCK = 16;
const KEY_BYTES = 32;
/** Plaintext for the keystream: never written, only read by cipher.update. */
const ZEROS = new Uint8Array(MAX_BYTES_PER_REQUEST + SEED_BYTES);

export class CtrDrbg implements Drbg {
  readonly mechanism: DrbgMechanism = "CTR_DRBG AES-256 use df";
  readonly #reseedInterval: number;
  readonly #key = new Uint8Array(KEY_BYTES);
  readonly #v = new Uint8Array(BLOCK);
  /** Scratch for V + 1, the IV of each keystream pass. */
  readonly #iv = new Uint8Array(BLOCK);
  #reseedCounter = 0;
  #instantiated = false;

  constructor(options: DrbgOptions = {}) {
    this.#reseedInterval = checkReseedInterval(options.reseedInterval);
  }

  get instantiated(): boolean {
    return this.#instantiated;
  }

  get reseedCounter(): number {
    return this.#reseedCounter;
  }

  /** §10.2.1.3.2: seed_material = df(entropy_input || nonce || personalization_string); Key = 0, V = 0; Update. */
  instantiate(
    entropyInput: ArrayBufferView,
    nonce: ArrayBufferView,
    personalizationString?: ArrayBufferView,
  ): void {
    const seedMaterial = blockCipherDf([
      requiredInput(entropyInput, "entropyInput", MIN_ENTROPY_BYTES),
      requiredInput(nonce, "nonce", MIN_NONCE_BYTES),
      optionalInput(personalizationString, "personalizationString"),
    ]);
    this.#key.fill(0);
    this.#v.fill(0);
    this.#update(seedMaterial);
    seedMaterial.fill(0);
    this.#reseedCounter = 1;
    this.#instantiated = true;
  }

  /** §10.2.1.4.2: seed_material = df(entropy_input || additional_input); Update; reseed_counter = 1. */
  reseed(entropyInput: ArrayBufferView, additionalInput?: ArrayBufferView): void {
    const entropy = requiredInput(entropyInput, "entropyInput", MIN_ENTROPY_BYTES);
    const additional = optionalInput(additionalInput, "additionalInput");
    if (!this.#instantiated) throw notInstantiatedError(NAME);
    const seedMaterial = blockCipherDf([entropy, additional]);
    this.#update(seedMaterial);
    seedMaterial.fill(0);
    this.#reseedCounter = 1;
  }

  generate(byteLength: number, additionalInput?: ArrayBufferView): Buffer {
    const output = Buffer.allocUnsafeSlow(checkRequestLength(byteLength));
    try {
      this.generateInto(output, additionalInput);
    } catch (error) {
      output.fill(0);
      throw error;
    }
    return output;
  }

  /** §10.2.1.5.2, with the step-4 loop and the step-6 Update as one keystream pass. */
  generateInto(target: Uint8Array, additionalInput?: ArrayBufferView): void {
    checkTarget(target);
    const additional = optionalInput(additionalInput, "additionalInput");
    if (!this.#instantiated) throw notInstantiatedError(NAME);
    // Step 1: past reseed_interval the caller must reseed first.
    if (this.#reseedCounter > this.#reseedInterval) throw reseedRequiredError(NAME, this.#reseedInterval);
    // Step 2: additional input is condensed by the df and mixed in before generating; Null skips both.
    const provided = additional.byteLength === 0 ? undefined : blockCipherDf([additional]);
    if (provided !== undefined) this.#update(provided);
    // Steps 3-5: Encrypt(Key, V + 1) ... Encrypt(Key, V + n); step 6's Update continues at V + n + 1.
    const outputBytes = Math.ceil(target.byteLength / BLOCK) * BLOCK;
    const stream = this.#keystream(outputBytes + SEED_BYTES);
    target.set(stream.subarray(0, target.byteLength));
    this.#takeState(stream, outputBytes, provided);
    stream.fill(0);
    provided?.fill(0);
    // Step 7.
    this.#reseedCounter++;
  }

  /** §9.4: the state is zeroed, not just dropped. */
  uninstantiate(): void {
    this.#key.fill(0);
    this.#v.fill(0);
    this.#iv.fill(0);
    this.#reseedCounter = 0;
    this.#instantiated = false;
  }

  /** §10.2.1.2 CTR_DRBG_Update(provided_data, Key, V). */
  #update(provided: Uint8Array): void {
    const stream = this.#keystream(SEED_BYTES);
    this.#takeState(stream, 0, provided);
    stream.fill(0);
  }

  /** `byteLength` bytes of AES-256-CTR keystream under Key from counter V + 1. */
  #keystream(byteLength: number): Buffer {
    increment128(this.#v, this.#iv);
    const cipher = createCipheriv("aes-256-ctr", this.#key, this.#iv);
    this.#iv.fill(0);
    return cipher.update(ZEROS.subarray(0, byteLength));
  }

  /** Key || V = stream[at .. at + 48) XOR provided_data (Null: XOR nothing). */
  #takeState(stream: Buffer, at: number, provided: Uint8Array | undefined): void {
    if (provided !== undefined) {
      for (let index = 0; index < SEED_BYTES; index++) {
        stream[at + index] = (stream[at + index] as number) ^ (provided[index] as number);
      }
    }
    this.#key.set(stream.subarray(at, at + KEY_BYTES));
    this.#v.set(stream.subarray(at + KEY_BYTES, at + SEED_BYTES));
  }

  /** The state is never shown: only what is safe to log. */
  [inspect.custom](): string {
    return `CtrDrbg { mechanism: ${JSON.stringify(this.mechanism)}, instantiated: ${this.#instantiated} }`;
  }

  toJSON(): { mechanism: DrbgMechanism; instantiated: boolean } {
    return { mechanism: this.mechanism, instantiated: this.#instantiated };
  }
}
