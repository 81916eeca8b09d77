/**
 * Where the enclave's attestation document comes from: the NSM in a real enclave
 * (`NsmAttestationProvider`), a test authority in tests and demos (`TestAttestationProvider`), or your own.
 * KMS encrypts GenerateRandom's bytes to the `public_key` the document binds (facts file, "Nitro
 * attestation document").
 */

/** What the source asks a provider to attest. */
export interface AttestationRequest {
  /** The recipient key: DER SubjectPublicKeyInfo of an RSA key (RSA-2048 here, as kmstool uses). */
  readonly publicKey: Uint8Array;
  /** A fresh random nonce per document (up to 512 bytes in a Nitro document). */
  readonly nonce?: Uint8Array;
  /** Caller-chosen bytes to bind into the document (up to 512 bytes). */
  readonly userData?: Uint8Array;
}

export interface AttestationProvider {
  /** Safe to log, e.g. "nsm" or "test". */
  readonly name: string;
  /**
   * A signed attestation document (COSE_Sign1 bytes) whose `public_key` is `request.publicKey`. May reject
   * with a RandomSourceError; any other error is reported as `AttestationFailed`.
   */
  attest(request: AttestationRequest, options?: { readonly signal?: AbortSignal }): Promise<Uint8Array>;
}
