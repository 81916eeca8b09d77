/**
 * Slow, literal transcriptions of SP 800-90A Rev. 1 for tests: CTR_DRBG block by block with single-block
 * AES-256-ECB and a BigInt counter, BCC as the specification's XOR-then-encrypt loop, and HMAC_DRBG step
 * by step. They share no code with src/, expose their state (so tests can look for it where it must not
 * be), and give the expected output for inputs the CAVP files do not cover (odd lengths, long requests).
 */
import { createCipheriv, createHmac } from "node:crypto";

const encrypt = (key: Uint8Array, block: Uint8Array): Buffer =>
  createCipheriv("aes-256-ecb", key, null).setAutoPadding(false).update(block);

const xor = (a: Uint8Array, b: Uint8Array): Buffer =>
  Buffer.from(a.map((byte, index) => byte ^ (b[index] ?? 0)));

function increment(v: Buffer): Buffer {
  const next = (BigInt(`0x${v.toString("hex")}`) + 1n) % 2n ** 128n;
  return Buffer.from(next.toString(16).padStart(32, "0"), "hex");
}

function bcc(key: Uint8Array, data: Buffer): Buffer {
  let chaining: Buffer = Buffer.alloc(16);
  for (let at = 0; at < data.byteLength; at += 16)
    chaining = encrypt(key, xor(chaining, data.subarray(at, at + 16)));
  return chaining;
}

/** §10.3.2 Block_Cipher_df(input_string, 384). */
export function referenceDf(input: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(input.byteLength, 0);
  header.writeUInt32BE(48, 4);
  let s: Buffer = Buffer.concat([header, input, Buffer.from([0x80])]);
  while (s.byteLength % 16 !== 0) s = Buffer.concat([s, Buffer.alloc(1)]);
  const k = Buffer.from(Array.from({ length: 32 }, (_, index) => index));
  let temp: Buffer = Buffer.alloc(0);
  for (let i = 0; temp.byteLength < 48; i++) {
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(i, 0);
    temp = Buffer.concat([temp, bcc(k, Buffer.concat([iv, s]))]);
  }
  const key = temp.subarray(0, 32);
  let x: Buffer = temp.subarray(32, 48);
  let out: Buffer = Buffer.alloc(0);
  while (out.byteLength < 48) {
    x = encrypt(key, x);
    out = Buffer.concat([out, x]);
  }
  return out;
}

export class ReferenceCtrDrbg {
  key: Buffer = Buffer.alloc(32);
  v: Buffer = Buffer.alloc(16);

  #update(provided: Buffer): void {
    let temp: Buffer = Buffer.alloc(0);
    while (temp.byteLength < 48) {
      this.v = increment(this.v);
      temp = Buffer.concat([temp, encrypt(this.key, this.v)]);
    }
    temp = xor(temp, provided);
    this.key = temp.subarray(0, 32);
    this.v = temp.subarray(32, 48);
  }

  instantiate(entropy: Uint8Array, nonce: Uint8Array, personalization: Uint8Array = new Uint8Array()): void {
    const seed = referenceDf(Buffer.concat([entropy, nonce, personalization]));
    this.key = Buffer.alloc(32);
    this.v = Buffer.alloc(16);
    this.#update(seed);
  }

  reseed(entropy: Uint8Array, additional: Uint8Array = new Uint8Array()): void {
    this.#update(referenceDf(Buffer.concat([entropy, additional])));
  }

  generate(byteLength: number, additional: Uint8Array = new Uint8Array()): Buffer {
    let provided: Buffer = Buffer.alloc(48);
    if (additional.byteLength > 0) {
      provided = referenceDf(Buffer.from(additional));
      this.#update(provided);
    }
    let temp: Buffer = Buffer.alloc(0);
    while (temp.byteLength < byteLength) {
      this.v = increment(this.v);
      temp = Buffer.concat([temp, encrypt(this.key, this.v)]);
    }
    this.#update(provided);
    return temp.subarray(0, byteLength);
  }
}

export class ReferenceHmacDrbg {
  key: Buffer = Buffer.alloc(32);
  v: Buffer = Buffer.alloc(32, 1);

  #hmac(...parts: Uint8Array[]): Buffer {
    const hmac = createHmac("sha256", this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest();
  }

  #update(provided: Uint8Array | undefined): void {
    this.key = this.#hmac(this.v, Buffer.from([0]), provided ?? new Uint8Array());
    this.v = this.#hmac(this.v);
    if (provided === undefined) return;
    this.key = this.#hmac(this.v, Buffer.from([1]), provided);
    this.v = this.#hmac(this.v);
  }

  instantiate(entropy: Uint8Array, nonce: Uint8Array, personalization: Uint8Array = new Uint8Array()): void {
    this.key = Buffer.alloc(32);
    this.v = Buffer.alloc(32, 1);
    this.#update(Buffer.concat([entropy, nonce, personalization]));
  }

  reseed(entropy: Uint8Array, additional: Uint8Array = new Uint8Array()): void {
    this.#update(Buffer.concat([entropy, additional]));
  }

  generate(byteLength: number, additional: Uint8Array = new Uint8Array()): Buffer {
    const provided = additional.byteLength > 0 ? additional : undefined;
    if (provided !== undefined) this.#update(provided);
    let temp: Buffer = Buffer.alloc(0);
    while (temp.byteLength < byteLength) {
      this.v = this.#hmac(this.v);
      temp = Buffer.concat([temp, this.v]);
    }
    this.#update(provided);
    return temp.subarray(0, byteLength);
  }
}
