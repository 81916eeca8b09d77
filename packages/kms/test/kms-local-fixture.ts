/** A kms-local per test file, with the stores the tests need, and sources built against it. */
import { type KmsLocal, type KmsLocalOptions, startKmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll } from "vitest";
import type { KmsSourceOptions } from "../src/kms-source-options.js";

export const STORES = {
  connected: "cks-00000000000000001",
  external: "cks-00000000000000002",
  disconnected: "cks-00000000000000003",
  failed: "cks-00000000000000004",
} as const;

export interface Fixture {
  readonly server: KmsLocal;
  /** Client config for a source's own client (rngkit sets maxAttempts 1). */
  clientConfig(): NonNullable<KmsSourceOptions["clientConfig"]>;
}

export function useKmsLocal(options: KmsLocalOptions = {}): Fixture {
  let server: KmsLocal | undefined;
  beforeAll(async () => {
    server = await startKmsLocal({
      customKeyStores: [
        { id: STORES.connected, name: "hsm-connected" },
        {
          id: STORES.external,
          name: "xks",
          type: "EXTERNAL_KEY_STORE",
          xksProxy: {
            uriEndpoint: "https://xks.example.com",
            uriPath: "/kms/xks/v1",
            connectivity: "PUBLIC_ENDPOINT",
            accessKeyId: "XKSACCESSKEYID0000000",
          },
        },
        { id: STORES.disconnected, name: "hsm-disconnected", connectionState: "DISCONNECTED" },
        {
          id: STORES.failed,
          name: "hsm-failed",
          connectionState: "FAILED",
          connectionErrorCode: "NETWORK_ERRORS",
        },
      ],
      ...options,
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  const live = () => {
    if (server === undefined) throw new Error("kms-local has not started");
    return server;
  };
  return {
    get server() {
      return live();
    },
    clientConfig: () => {
      const { endpoint, region, credentials } = live();
      return { endpoint, region, credentials: { ...credentials } };
    },
  };
}
