/**
 * `--embedded`: @rngkit/kms-local started in this process, on 127.0.0.1 and a free port, with SigV4
 * checked as AWS does, so the bytes still go through the real SDK over HTTP. A `--custom-key-store-id`
 * shaped like an AWS id (cks- and 17 hex digits) exists there as a CONNECTED CloudHSM store. Loaded
 * only when asked for: other runs never import kms-local.
 */
import type { KmsLocal } from "@rngkit/kms-local";
import type { AttestationProvider } from "@rngkit/nitro";

export interface EmbeddedKms {
  readonly server: KmsLocal;
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** For `--source nitro`: a test attestation authority whose root the embedded endpoint trusts. */
  readonly attestationProvider: AttestationProvider | undefined;
}

const STORE_ID = /^cks-[0-9a-f]{17}$/;

export async function startEmbeddedKms(
  region: string | undefined,
  customKeyStoreId: string | undefined,
  forNitro = false,
): Promise<EmbeddedKms> {
  const { startKmsLocal } = await import("@rngkit/kms-local");
  const attestationProvider = forNitro
    ? new (await import("@rngkit/nitro")).TestAttestationProvider()
    : undefined;
  const server = await startKmsLocal({
    ...(region === undefined ? {} : { region }),
    customKeyStores:
      customKeyStoreId !== undefined && STORE_ID.test(customKeyStoreId)
        ? [{ id: customKeyStoreId, name: "rngkit-embedded" }]
        : [],
    ...(attestationProvider === undefined
      ? {}
      : { attestation: { trustedRoots: [attestationProvider.rootCertificate] } }),
  });
  return {
    server,
    endpoint: server.endpoint,
    region: server.region,
    credentials: {
      accessKeyId: server.credentials.accessKeyId,
      secretAccessKey: server.credentials.secretAccessKey,
    },
    attestationProvider,
  };
}
