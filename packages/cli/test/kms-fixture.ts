/** One @rngkit/kms-local per test file, with the stores the CLI tests use, and env pointing at it. */
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { isolatedEnv } from "./run-cli.js";

export const STORES = {
  connected: "cks-0123456789abcdef0",
  disconnected: "cks-0123456789abcdef1",
  external: "cks-0123456789abcdef2",
  unknown: "cks-fffffffffffffffff",
} as const;

export function startTestKms(options: Parameters<typeof startKmsLocal>[0] = {}): Promise<KmsLocal> {
  return startKmsLocal({
    customKeyStores: [
      { id: STORES.connected, name: "cli-hsm" },
      { id: STORES.disconnected, name: "cli-hsm-off", connectionState: "DISCONNECTED" },
      {
        id: STORES.external,
        name: "cli-xks",
        type: "EXTERNAL_KEY_STORE",
        xksProxy: {
          uriEndpoint: "https://xks.example.com",
          uriPath: "/kms/xks/v1",
          connectivity: "PUBLIC_ENDPOINT",
          accessKeyId: "ABCDEFGHIJKLMNOPQRST",
        },
      },
    ],
    ...options,
  });
}

/** Credentials of the server in the environment, and the flags that point at it. */
export function kmsEnv(kms: KmsLocal, extra: Record<string, string | undefined> = {}) {
  return isolatedEnv({
    AWS_ACCESS_KEY_ID: kms.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: kms.credentials.secretAccessKey,
    ...extra,
  });
}

export function at(kms: KmsLocal): string[] {
  return ["--endpoint-url", kms.endpoint, "--region", kms.region];
}
