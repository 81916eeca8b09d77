/**
 * An AttestationProvider over @rngkit/attestation's test authority, for tests and demos outside an enclave.
 * Its documents are real ES384 COSE_Sign1 structures, but signed by a root only you trust: real KMS refuses
 * them, and @rngkit/kms-local accepts them once given `rootCertificate` as a trusted root.
 */
import {
  type AttestOptions,
  createTestAttestationAuthority,
  type TestAttestationAuthority,
  type TestAttestationAuthorityOptions,
} from "@rngkit/attestation";
import type { AttestationProvider, AttestationRequest } from "./attestation-provider.js";

export interface TestAttestationProviderOptions extends TestAttestationAuthorityOptions {
  /** An authority to sign with; default a new one (its keys live in memory only). */
  readonly authority?: TestAttestationAuthority;
  /** PCRs of every document. Default PCR0–15, all zero. */
  readonly pcrs?: AttestOptions["pcrs"];
}

export class TestAttestationProvider implements AttestationProvider {
  readonly name = "test";
  readonly #authority: TestAttestationAuthority;
  readonly #pcrs: AttestOptions["pcrs"];
  #issued = 0;

  constructor(options: TestAttestationProviderOptions = {}) {
    const { authority, pcrs, ...authorityOptions } = options;
    this.#authority = authority ?? createTestAttestationAuthority(authorityOptions);
    this.#pcrs = pcrs;
  }

  /** The root to trust, e.g. `startKmsLocal({ attestation: { trustedRoots: [provider.rootCertificate] } })`. */
  get rootCertificate(): Buffer {
    return this.#authority.rootCertificate;
  }

  /** How many documents it has signed. */
  get documentsIssued(): number {
    return this.#issued;
  }

  get rootCertificatePem(): string {
    return this.#authority.rootCertificatePem;
  }

  async attest(
    request: AttestationRequest,
    options?: { readonly signal?: AbortSignal },
  ): Promise<Uint8Array> {
    options?.signal?.throwIfAborted();
    this.#issued++;
    return this.#authority.attest({
      publicKey: request.publicKey,
      ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
      ...(request.userData === undefined ? {} : { userData: request.userData }),
      ...(this.#pcrs === undefined ? {} : { pcrs: this.#pcrs }),
    });
  }
}
