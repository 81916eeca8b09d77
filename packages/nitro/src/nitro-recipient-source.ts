/**
 * KMS GenerateRandom for an AWS Nitro Enclave: every call carries `Recipient { RSAES_OAEP_SHA_256,
 * AttestationDocument }`, KMS answers with the bytes encrypted to a key only this enclave holds
 * (CiphertextForRecipient, CMS EnvelopedData), and they are decrypted here. Chunking, concurrency,
 * retries and timeouts are KmsSource's (core's fillInChunks over @rngkit/kms's sendGenerateRandom).
 *
 * Defence against whoever relays the call (DESIGN invariant 6; facts file, threat model): the ciphertext is
 * not authenticated, so by default the bytes are mixed with the enclave's own entropy (entropy-mixer.ts),
 * an encrypted key already received under the current key pair is refused as a `Replay` (recorded before
 * decryption, failures included), and a response that carries Plaintext, lacks the ciphertext or does not
 * decrypt to exactly the requested length is never served.
 */
import type { GenerateRandomCommandInput } from "@aws-sdk/client-kms";
import {
  decryptRecipientEnvelope,
  parseRecipientEnvelope,
  type RecipientEnvelope,
} from "@rngkit/attestation";
import { RandomSourceError, type RandomSourceErrorReason, wrongLengthError } from "@rngkit/core";
import { KmsSource, sendGenerateRandom } from "@rngkit/kms";
import { DocumentCache } from "./document-cache.js";
import { mixWithLocalEntropy } from "./entropy-mixer.js";
import { type NitroRefusedEvent, nitroChannels } from "./events.js";
import { KeyPairRotation } from "./key-pair-rotation.js";
import {
  type NitroRecipientSourceOptions,
  type ResolvedNitroOptions,
  resolveNitroOptions,
} from "./nitro-recipient-source-options.js";
import type { RecipientKeyPair } from "./recipient-key-pair.js";

/** Counters safe to log. */
export interface NitroRecipientStats {
  readonly keyPairsGenerated: number;
  readonly attestationDocuments: number;
}

export class NitroRecipientSource extends KmsSource {
  protected static override readonly kind: string = "nitro";
  readonly #options: ResolvedNitroOptions;
  readonly #keyPairs: KeyPairRotation;
  readonly #documents: DocumentCache;

  constructor(options: NitroRecipientSourceOptions) {
    if (typeof options !== "object" || options === null) {
      throw new RandomSourceError("InvalidArgument", "nitro: options must be an object", { source: "nitro" });
    }
    // Checked before KmsSource builds a client, so a bad option leaves nothing to clean up.
    const checked = resolveNitroOptions(options, typeof options.name === "string" ? options.name : "nitro");
    super(options);
    this.#options = checked;
    this.#documents = new DocumentCache({
      provider: checked.attestation,
      ttlMs: checked.documentTtlMs,
      clock: checked.clock,
      source: this.name,
      userData: checked.userData,
    });
    this.#keyPairs = new KeyPairRotation(checked.budget, checked.clock, this.name, (retired) =>
      this.#documents.forget(retired),
    );
  }

  /** Whether KMS's bytes are mixed with the enclave's own entropy (the default). */
  get mixesLocalEntropy(): boolean {
    return this.#options.mix;
  }

  get stats(): NitroRecipientStats {
    return {
      keyPairsGenerated: this.#keyPairs.generated,
      attestationDocuments: this.#documents.fetched,
    };
  }

  /** One chunk: GenerateRandom with a Recipient, decrypted, checked and (by default) mixed. */
  protected override async generate(byteLength: number, signal: AbortSignal): Promise<Uint8Array> {
    const keyPair = await this.#keyPairs.acquire(byteLength, signal);
    const document = await this.#documents.documentFor(keyPair, signal);
    const input: GenerateRandomCommandInput = {
      NumberOfBytes: byteLength,
      Recipient: { KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256", AttestationDocument: document },
    };
    const output = await sendGenerateRandom(this.client, input, this.callOptions(signal));
    const { Plaintext: plaintext, CiphertextForRecipient: ciphertext } = output;
    if (plaintext !== undefined && plaintext.byteLength > 0) {
      plaintext.fill(0);
      throw this.#refuse(
        keyPair,
        "InvalidResponse",
        "GenerateRandom returned Plaintext although a Recipient was sent",
      );
    }
    if (!(ciphertext instanceof Uint8Array) || ciphertext.byteLength === 0) {
      throw this.#refuse(keyPair, "InvalidResponse", "GenerateRandom returned no CiphertextForRecipient");
    }
    const received = this.#open(keyPair, ciphertext, byteLength);
    if (!this.#options.mix) return received;
    try {
      return mixWithLocalEntropy(received);
    } finally {
      received.fill(0);
    }
  }

  /** Parse, refuse a replay, decrypt: exactly `byteLength` bytes or a RandomSourceError. */
  #open(keyPair: RecipientKeyPair, ciphertext: Uint8Array, byteLength: number): Buffer {
    let envelope: RecipientEnvelope;
    try {
      envelope = parseRecipientEnvelope(ciphertext);
    } catch (error) {
      throw this.#rethrow(keyPair, error);
    }
    // Recorded before decrypting, and kept when decryption fails: one try per encrypted key (no oracle).
    if (!keyPair.recordEncryptedKey(envelope.encryptedKey)) {
      throw this.#refuse(
        keyPair,
        "Replay",
        "CiphertextForRecipient repeats an encrypted key already received under this key pair",
      );
    }
    let plaintext: Buffer;
    try {
      plaintext = decryptRecipientEnvelope(envelope, keyPair.privateKey, { expectedLength: byteLength });
    } catch (error) {
      throw this.#rethrow(keyPair, error);
    }
    if (plaintext.byteLength !== byteLength) {
      plaintext.fill(0);
      throw wrongLengthError(this.name, byteLength, plaintext.byteLength);
    }
    return plaintext;
  }

  #refuse(keyPair: RecipientKeyPair, reason: RandomSourceErrorReason, message: string): RandomSourceError {
    this.#publishRefusal(keyPair, reason);
    return new RandomSourceError(reason, `${this.name}: ${message}; refused`, { source: this.name });
  }

  /** An @rngkit/attestation error, re-labelled with this source's name; its message names no secret. */
  #rethrow(keyPair: RecipientKeyPair, error: unknown): RandomSourceError {
    const reason = RandomSourceError.is(error) ? error.reason : "DecryptFailed";
    this.#publishRefusal(keyPair, reason);
    const message = error instanceof Error ? error.message : String(error);
    return new RandomSourceError(reason, `${this.name}: ${message}`, {
      source: this.name,
      cause: error,
      ...(RandomSourceError.is(error) && error.details !== undefined ? { details: error.details } : {}),
    });
  }

  #publishRefusal(keyPair: RecipientKeyPair, reason: RandomSourceErrorReason): void {
    if (!nitroChannels.refused.hasSubscribers) return;
    const event: NitroRefusedEvent = { source: this.name, keyPairId: keyPair.id, reason };
    nitroChannels.refused.publish(event);
  }

  protected override onClose(): void {
    super.onClose();
    this.#keyPairs.close();
    this.#documents.clear();
  }
}
