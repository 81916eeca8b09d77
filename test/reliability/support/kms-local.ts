/**
 * kms-local as the reliability suite uses it: custom key stores for CloudHsmKeyStoreSource, a test
 * attestation authority's root trusted for NitroRecipientSource, fixed credentials (so a restarted server
 * on the same port accepts the clients of the first one), and no account quota unless a test sets one.
 */
import { createTestAttestationAuthority } from "@rngkit/attestation";
import { type KmsLocal, type KmsLocalOptions, startKmsLocal } from "@rngkit/kms-local";
import { TestAttestationProvider } from "@rngkit/nitro";

export const STORE_ID = "cks-0123456789abcdef0";
export const CREDENTIALS = Object.freeze({
  accessKeyId: "AKIARELIABILITY00001",
  secretAccessKey: "reliability-secret-access-key-0000000001",
});

const HOUR_MS = 3_600_000;

/** The suite's attestation authority: kms-local servers trust its root, Nitro sources attest with it. */
export const AUTHORITY = createTestAttestationAuthority({ rootCommonName: "reliability root" });
export const ATTESTATION = new TestAttestationProvider({ authority: AUTHORITY });
/** A second trusted authority, whose root a hostile document names in place of the first one's. */
export const OTHER_AUTHORITY = createTestAttestationAuthority({ rootCommonName: "reliability other root" });
/** A trusted authority whose leaves expired an hour ago: its clock is 4 hours behind, leaves live 3. */
export const EXPIRED_AUTHORITY = createTestAttestationAuthority({
  rootCommonName: "reliability expired-leaf root",
  clock: () => Date.now() - 4 * HOUR_MS,
});
/** An authority no server trusts. */
export const UNTRUSTED_AUTHORITY = createTestAttestationAuthority({
  rootCommonName: "reliability untrusted root",
});

export function kmsLocalOptions(overrides: KmsLocalOptions = {}): KmsLocalOptions {
  return {
    credentials: [{ ...CREDENTIALS }],
    customKeyStores: [{ id: STORE_ID, name: "reliability-hsm" }],
    attestation: {
      trustedRoots: [
        AUTHORITY.rootCertificate,
        OTHER_AUTHORITY.rootCertificate,
        EXPIRED_AUTHORITY.rootCertificate,
      ],
    },
    quotas: { accountRequestsPerSecond: null, customKeyStoreRequestsPerSecond: null },
    ...overrides,
  };
}

export function startReliabilityKms(overrides: KmsLocalOptions = {}): Promise<KmsLocal> {
  return startKmsLocal(kmsLocalOptions(overrides));
}

/** The client config of a source that talks to `server` (rngkit builds the client, SDK retries off). */
export function clientConfigFor(server: { endpoint: string; region: string }) {
  return { endpoint: server.endpoint, region: server.region, credentials: { ...CREDENTIALS } };
}
