/**
 * HMAC_DRBG with SHA-256 (SP 800-90A Rev. 1 §10.1.2) on node:crypto's HMAC. Every output block is one
 * HMAC call, so it runs far slower than CtrDrbg (tens of MB/s against GB/s); it is here for deployments
 * whose policy names HMAC_DRBG, and as the second mechanism the known-answer tests pin down.
 */
import { createHmac } from "node:crypto";
import { inspect } from "node:util";
import { checkRequestLength, checkTarget, optionalInput, requiredInput } from "./check-input.js";
import type { Drbg, DrbgMechanism, DrbgOptions } from "./drbg.js";
import { checkReseedInterval, notInstantiatedError, reseedRequiredError } from "./drbg-errors.js";
import { MIN_ENTROPY_BYTES, MIN_NONCE_BYTES } from "./limits.js";

const NAME = "hmac-drbg";
const OUT_BYTES = 32;
const ZERO_BYTE = new Uint8Array([0x00]);
const ONE_BYTE = new Uint8Array([0x01]);

export class HmacDrbg implements Drbg {
  readonly mechanism: DrbgMechanism = "HMAC_DRBG SHA-256";
  readonly #reseedInterval: number;
  readonly #key = new Uint8Array(OUT_BYTES);
  readonly #v = new Uint8Array(OUT_BYTES);
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

  /** §10.1.2.3: Key = 0x00..., V = 0x01...; Update(entropy_input || nonce || personalization_string). */
  instantiate(
    entropyInput: ArrayBufferView,
    nonce: ArrayBufferView,
    personalizationString?: ArrayBufferView,
  ): void {
    const parts = [
      requiredInput(entropyInput, "entropyInput", MIN_ENTROPY_BYTES),
      requiredInput(nonce, "nonce", MIN_NONCE_BYTES),
      optionalInput(personalizationString, "personalizationString"),
    ];
    this.#key.fill(0x00);
    this.#v.fill(0x01);
    this.#update(parts);
    this.#reseedCounter = 1;
    this.#instantiated = true;
  }

  /** §10.1.2.4: Update(entropy_input || additional_input); reseed_counter = 1. */
  reseed(entropyInput: ArrayBufferView, additionalInput?: ArrayBufferView): void {
    const parts = [
      requiredInput(entropyInput, "entropyInput", MIN_ENTROPY_BYTES),
      optionalInput(additionalInput, "additionalInput"),
    ];
    if (!this.#instantiated) throw notInstantiatedError(NAME);
    this.#update(parts);
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

  /** §10.1.2.5. */
  generateInto(target: Uint8Array, additionalInput?: ArrayBufferView): void {
    checkTarget(target);
    const additional = optionalInput(additionalInput, "additionalInput");
    if (!this.#instantiated) throw notInstantiatedError(NAME);
    if (this.#reseedCounter > this.#reseedInterval) throw reseedRequiredError(NAME, this.#reseedInterval);
    const provided = additional.byteLength === 0 ? [] : [additional];
    if (provided.length > 0) this.#update(provided);
    for (let offset = 0; offset < target.byteLength; offset += OUT_BYTES) {
      this.#hmacInto(this.#v, [this.#v]);
      target.set(this.#v.subarray(0, Math.min(OUT_BYTES, target.byteLength - offset)), offset);
    }
    this.#update(provided);
    this.#reseedCounter++;
  }

  uninstantiate(): void {
    this.#key.fill(0);
    this.#v.fill(0);
    this.#reseedCounter = 0;
    this.#instantiated = false;
  }

  /** §10.1.2.2 HMAC_DRBG_Update; `provided` empty is Null, which stops after the first round. */
  #update(provided: readonly Uint8Array[]): void {
    this.#hmacInto(this.#key, [this.#v, ZERO_BYTE, ...provided]);
    this.#hmacInto(this.#v, [this.#v]);
    if (provided.every((part) => part.byteLength === 0)) return;
    this.#hmacInto(this.#key, [this.#v, ONE_BYTE, ...provided]);
    this.#hmacInto(this.#v, [this.#v]);
  }

  /** out = HMAC(Key, parts...), zeroing node's digest buffer after copying it. */
  #hmacInto(out: Uint8Array, parts: readonly Uint8Array[]): void {
    const hmac = createHmac("sha256", this.#key);
    for (const part of parts) hmac.update(part);
    const digest = hmac.digest();
    out.set(digest);
    digest.fill(0);
  }

  /** The state is never shown: only what is safe to log. */
  [inspect.custom](): string {
    return `HmacDrbg { mechanism: ${JSON.stringify(this.mechanism)}, instantiated: ${this.#instantiated} }`;
  }

  toJSON(): { mechanism: DrbgMechanism; instantiated: boolean } {
    return { mechanism: this.mechanism, instantiated: this.#instantiated };
  }
}
