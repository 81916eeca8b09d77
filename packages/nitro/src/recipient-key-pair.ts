/**
 * One enclave key pair: RSA-2048 (e = 65537, as kmstool-enclave uses), made in memory with node:crypto,
 * never exported, logged or inspected. It carries its budget (age, bytes, calls) and the digests of the
 * encrypted keys received under it, so that a replayed CiphertextForRecipient is refused.
 *
 * Memory: one 32-byte digest per GenerateRandom response that reached decryption, and the number of
 * calls under one key pair is capped by `maxCalls` (calls are reserved before they are sent), so the set
 * holds at most `maxCalls` entries; it is dropped with the key pair when it rotates. A ciphertext
 * replayed after rotation is for the old key, and its rid no longer matches: refused as well.
 */
import { createHash, generateKeyPair, type KeyObject, randomUUID } from "node:crypto";
import { inspect, promisify } from "node:util";

const generateRsa = promisify(generateKeyPair);

export interface KeyPairBudget {
  /** A key pair older than this (ms) is replaced before its next call. */
  readonly maxAgeMs: number;
  /** Bytes requested under one key pair before it is replaced. */
  readonly maxBytes: number;
  /** GenerateRandom calls under one key pair before it is replaced; bounds the replay set. */
  readonly maxCalls: number;
}

export class RecipientKeyPair {
  /** Random, for cache keys and events; says nothing about the key. */
  readonly id: string;
  /** DER SubjectPublicKeyInfo: public, goes into the attestation document. */
  readonly publicKeySpki: Buffer;
  readonly createdAt: number;
  readonly #privateKey: KeyObject;
  readonly #seen = new Set<string>();
  #bytes = 0;
  #calls = 0;
  #retired = false;

  private constructor(privateKey: KeyObject, publicKeySpki: Buffer, createdAt: number) {
    this.id = randomUUID();
    this.#privateKey = privateKey;
    this.publicKeySpki = publicKeySpki;
    this.createdAt = createdAt;
  }

  /** Its age counts from when it is ready, read from `clock` after generation. */
  static async generate(clock: () => number): Promise<RecipientKeyPair> {
    const { privateKey, publicKey } = await generateRsa("rsa", {
      modulusLength: 2048,
      publicExponent: 0x10001,
    });
    return new RecipientKeyPair(privateKey, publicKey.export({ type: "spki", format: "der" }), clock());
  }

  /** The private key, for decryption only. */
  get privateKey(): KeyObject {
    return this.#privateKey;
  }

  get retired(): boolean {
    return this.#retired;
  }

  /** Counts one call of `byteLength` bytes against the budget, or returns false when it would exceed it. */
  reserve(byteLength: number, now: number, budget: KeyPairBudget): boolean {
    if (this.#retired) return false;
    if (
      now - this.createdAt >= budget.maxAgeMs ||
      this.#calls + 1 > budget.maxCalls ||
      this.#bytes + byteLength > budget.maxBytes
    ) {
      this.#retired = true;
      return false;
    }
    this.#calls++;
    this.#bytes += byteLength;
    return true;
  }

  /**
   * Records an encrypted key before it is decrypted. False when it was seen before under this key pair
   * (a replay); decryptions that then fail stay recorded, so a modified copy cannot be probed twice.
   */
  recordEncryptedKey(encryptedKey: Uint8Array): boolean {
    const digest = createHash("sha256").update(encryptedKey).digest("base64");
    if (this.#seen.has(digest)) return false;
    this.#seen.add(digest);
    return true;
  }

  /** Replay entries held: at most the calls made under this key pair. */
  get recordedCount(): number {
    return this.#seen.size;
  }

  retire(): void {
    this.#retired = true;
  }

  [inspect.custom](): string {
    return `RecipientKeyPair { id: ${JSON.stringify(this.id)}, retired: ${this.#retired} }`;
  }

  toJSON(): { id: string; retired: boolean } {
    return { id: this.id, retired: this.#retired };
  }
}
