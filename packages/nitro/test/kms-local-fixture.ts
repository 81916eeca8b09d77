/** A kms-local per test file that trusts a test attestation authority, and sources built against it. */
import { type KmsLocal, type KmsLocalOptions, startKmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll } from "vitest";
import { NitroRecipientSource, type NitroRecipientSourceOptions } from "../src/index.js";
import { TestAttestationProvider } from "../src/test-attestation-provider.js";

export interface NitroFixture {
  readonly server: KmsLocal;
  readonly provider: TestAttestationProvider;
  clientConfig(): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** A source on this kms-local with the fixture's provider; options override. */
  source(options?: Partial<NitroRecipientSourceOptions>): NitroRecipientSource;
}

export function useKmsLocal(options: KmsLocalOptions = {}): NitroFixture {
  const provider = new TestAttestationProvider();
  let server: KmsLocal | undefined;
  beforeAll(async () => {
    server = await startKmsLocal({ attestation: { trustedRoots: [provider.rootCertificate] }, ...options });
  });
  afterAll(async () => {
    await server?.close();
  });
  const live = () => {
    if (server === undefined) throw new Error("kms-local has not started");
    return server;
  };
  const clientConfig = () => {
    const { endpoint, region, credentials } = live();
    return { endpoint, region, credentials: { ...credentials } };
  };
  return {
    get server() {
      return live();
    },
    provider,
    clientConfig,
    source: (overrides = {}) =>
      new NitroRecipientSource({ clientConfig: clientConfig(), attestation: provider, ...overrides }),
  };
}
