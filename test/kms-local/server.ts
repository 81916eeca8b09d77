/** The kms-local server every interop test talks to, and the JS SDK's view of the same requests. */
import { GenerateRandomCommand, KMSClient, type KMSServiceException } from "@aws-sdk/client-kms";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";

export const STORES = {
  connected: "cks-0123456789abcdef0",
  disconnected: "cks-0123456789abcdef1",
  external: "cks-0123456789abcdef2",
  unknown: "cks-fffffffffffffffff",
} as const;

export function startInteropServer(): Promise<KmsLocal> {
  return startKmsLocal({
    customKeyStores: [
      { id: STORES.connected, name: "interop-hsm" },
      { id: STORES.disconnected, name: "interop-hsm-off", connectionState: "DISCONNECTED" },
      {
        id: STORES.external,
        name: "interop-xks",
        type: "EXTERNAL_KEY_STORE",
        xksProxy: {
          uriEndpoint: "https://xks.example.com",
          uriPath: "/kms/xks/v1",
          connectivity: "PUBLIC_ENDPOINT",
          accessKeyId: "ABCDEFGHIJKLMNOPQRST",
        },
      },
    ],
  });
}

/** What the JS SDK reports for a GenerateRandom call: the reference the CLI and boto3 are compared with. */
export async function sdkOutcome(
  server: KmsLocal,
  input: { NumberOfBytes?: number; CustomKeyStoreId?: string },
  credentials: { accessKeyId: string; secretAccessKey: string } = server.credentials,
): Promise<{ code: string; message: string } | { bytes: number }> {
  const kms = new KMSClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    maxAttempts: 1,
  });
  try {
    const { Plaintext } = await kms.send(new GenerateRandomCommand(input));
    return { bytes: Plaintext?.length ?? 0 };
  } catch (error) {
    const failure = error as KMSServiceException;
    return { code: failure.name, message: failure.message };
  } finally {
    kms.destroy();
  }
}
