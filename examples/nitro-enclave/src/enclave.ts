/**
 * What runs inside the enclave: a NitroRecipientSource whose key pair never leaves this process, attested
 * by a provider (NsmAttestationProvider in a real enclave; the test authority here), pooled for small
 * requests. In production the SDK inside the enclave talks TLS to KMS (through the vsock proxy), so the
 * parent instance cannot choose the bytes; see @rngkit/nitro's threat model.
 */
import { type AttestationProvider, NitroRecipientSource } from "@rngkit/nitro";
import { PoolSource } from "@rngkit/pool";

export interface EnclaveKms {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function enclaveSource(kms: EnclaveKms, attestation: AttestationProvider) {
  const recipient = new NitroRecipientSource({
    clientConfig: { endpoint: kms.endpoint, region: kms.region, credentials: { ...kms.credentials } },
    attestation,
  });
  return { recipient, pooled: new PoolSource(recipient, { capacity: 4096 }) };
}
