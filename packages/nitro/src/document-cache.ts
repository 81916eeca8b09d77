/**
 * Attestation documents, one per key pair, in lru-cache with a TTL below the document's leaf certificate
 * lifetime (Nitro leaves live about 3 hours; facts file): `min(documentTtlMs, notAfter − now − 60 s)`. A
 * document is checked to bind the key pair's public key before it is cached, so a provider that attests the
 * wrong key fails here, not at KMS. Concurrent callers for one key pair share one provider call. The cache
 * sets no timers (lru-cache's `ttlAutopurge` is off): nothing outlives `close()`.
 */
import { randomBytes, X509Certificate } from "node:crypto";
import { parseAttestationDocument } from "@rngkit/attestation";
import { abortable, RandomSourceError } from "@rngkit/core";
import { LRUCache } from "lru-cache";
import type { AttestationProvider } from "./attestation-provider.js";
import type { RecipientKeyPair } from "./recipient-key-pair.js";

/** Margin kept before the leaf certificate expires. */
export const LEAF_EXPIRY_MARGIN_MS = 60_000;

export interface DocumentCacheOptions {
  readonly provider: AttestationProvider;
  readonly ttlMs: number;
  readonly clock: () => number;
  readonly source: string;
  readonly userData: Uint8Array | undefined;
}

export class DocumentCache {
  readonly #options: DocumentCacheOptions;
  readonly #cache: LRUCache<string, Buffer>;
  readonly #pending = new Map<string, Promise<Buffer>>();
  #fetched = 0;

  constructor(options: DocumentCacheOptions) {
    this.#options = options;
    // Two entries: the current key pair's, and the previous one's while its last calls finish.
    this.#cache = new LRUCache<string, Buffer>({
      max: 2,
      ttlAutopurge: false,
      // 0: read the clock on every check rather than cache it behind a timer (lru-cache's default of 1 ms).
      ttlResolution: 0,
      perf: { now: options.clock },
    });
  }

  /** Documents obtained from the provider so far. */
  get fetched(): number {
    return this.#fetched;
  }

  async documentFor(keyPair: RecipientKeyPair, signal: AbortSignal): Promise<Buffer> {
    const cached = this.#cache.get(keyPair.id);
    if (cached !== undefined) return cached;
    let pending = this.#pending.get(keyPair.id);
    if (pending === undefined) {
      pending = this.#fetch(keyPair).finally(() => this.#pending.delete(keyPair.id));
      this.#pending.set(keyPair.id, pending);
    }
    return abortable(pending, signal);
  }

  forget(keyPair: RecipientKeyPair): void {
    this.#cache.delete(keyPair.id);
  }

  clear(): void {
    this.#cache.clear();
  }

  async #fetch(keyPair: RecipientKeyPair): Promise<Buffer> {
    const { provider, source, userData, clock } = this.#options;
    let document: Buffer;
    try {
      const bytes = await provider.attest({
        publicKey: keyPair.publicKeySpki,
        nonce: randomBytes(32),
        ...(userData === undefined ? {} : { userData }),
      });
      if (!(bytes instanceof Uint8Array)) throw new TypeError("the provider did not return bytes");
      document = Buffer.from(bytes);
    } catch (error) {
      if (RandomSourceError.is(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw attestationFailed(source, `the ${provider.name} attestation provider failed: ${message}`, error);
    }
    const ttl = this.#ttlOf(document, keyPair, clock());
    this.#fetched++;
    this.#cache.set(keyPair.id, document, { ttl });
    return document;
  }

  /** Checks the document binds this key pair and returns how long it may be used. */
  #ttlOf(document: Buffer, keyPair: RecipientKeyPair, now: number): number {
    const { source, ttlMs } = this.#options;
    let parsed: ReturnType<typeof parseAttestationDocument>["document"];
    try {
      parsed = parseAttestationDocument(document).document;
    } catch (error) {
      throw attestationFailed(source, "the attestation document does not parse", error);
    }
    if (parsed.publicKey === undefined || !parsed.publicKey.equals(keyPair.publicKeySpki)) {
      throw attestationFailed(source, "the attestation document does not bind this key pair's public key");
    }
    let notAfter: number;
    try {
      notAfter = Date.parse(new X509Certificate(parsed.certificate).validTo);
    } catch (error) {
      throw attestationFailed(source, "the attestation document's certificate does not parse", error);
    }
    const ttl = Math.min(ttlMs, notAfter - now - LEAF_EXPIRY_MARGIN_MS);
    if (!Number.isFinite(ttl) || ttl < 1_000) {
      throw attestationFailed(source, "the attestation document's certificate expires too soon to use");
    }
    return ttl;
  }
}

function attestationFailed(source: string, message: string, cause?: unknown): RandomSourceError {
  return new RandomSourceError("AttestationFailed", `${source}: ${message}`, {
    source,
    ...(cause === undefined ? {} : { cause }),
  });
}
