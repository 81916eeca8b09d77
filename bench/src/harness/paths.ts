/**
 * The source paths the suite compares with node:crypto, built the way an application composes them, against
 * one kms-local in a child process (so the server's CPU is not the benchmark's): a custom key store declared
 * CONNECTED for the CloudHSM path, a test attestation root trusted for the Nitro path, and quotas off (the
 * suite measures rngkit and the SDK, not the 10,000/s account quota).
 */
import type { RandomSource } from "@rngkit/core";
import { DrbgSource } from "@rngkit/drbg";
import { CloudHsmKeyStoreSource, KmsSource } from "@rngkit/kms";
import { type KmsLocalProcess, spawnKmsLocal } from "@rngkit/kms-local";
import { NodeCryptoSource } from "@rngkit/local";
import { NitroRecipientSource, TestAttestationProvider } from "@rngkit/nitro";
import { PoolSource } from "@rngkit/pool";

export const STORE_ID = "cks-0123456789abcdef0";

export interface Remote {
  readonly kms: KmsLocalProcess;
  readonly provider: TestAttestationProvider;
  /** GenerateRandom latency injected at kms-local, in ms (0: none). */
  readonly latencyMs: number;
  close(): Promise<void>;
}

/** kms-local in a child process, ready for every remote path. */
export async function startRemote(latencyMs = 0): Promise<Remote> {
  const provider = new TestAttestationProvider();
  const kms = await spawnKmsLocal({
    args: ["--custom-key-store", `bench:${STORE_ID}:CONNECTED`],
    trustRoots: [provider.rootCertificatePem],
    quotas: { accountRequestsPerSecond: null, customKeyStoreRequestsPerSecond: null },
    ...(latencyMs > 0 ? { faults: { GenerateRandom: { latency: { fixedMs: latencyMs } } } } : {}),
  });
  return { kms, provider, latencyMs, close: () => kms.close() };
}

export type PathId =
  | "local"
  | "pool(local)"
  | "kms"
  | "pool(kms)"
  | "cloudhsm"
  | "nitro"
  | "drbg(kms)"
  | "pool(drbg(kms))";

export interface SourcePath {
  readonly id: PathId;
  /** How an application composes it. */
  readonly composition: string;
  /** Every request waits for KMS (no buffer, no DRBG in front). */
  readonly remotePerRequest: boolean;
  /** Builds it, warmed (a pool filled, a DRBG seeded, a connection open, a Nitro key pair made). */
  make(): Promise<RandomSource>;
}

const POOLED: readonly PathId[] = ["pool(local)", "pool(kms)", "pool(drbg(kms))"];

export function isPooled(id: PathId): boolean {
  return POOLED.includes(id);
}

export function sourcePaths(remote: Remote): SourcePath[] {
  const clientConfig = remote.kms.clientConfig;
  const kms = () => new KmsSource({ clientConfig });
  const warm = async <T extends RandomSource>(source: T): Promise<T> => {
    if (source instanceof PoolSource || source instanceof DrbgSource) await source.ready();
    else await source.bytes(1024);
    return source;
  };
  return [
    {
      id: "local",
      composition: "new NodeCryptoSource()",
      remotePerRequest: false,
      make: () => warm(new NodeCryptoSource()),
    },
    {
      id: "pool(local)",
      composition: "new PoolSource(new NodeCryptoSource())",
      remotePerRequest: false,
      make: () => warm(new PoolSource(new NodeCryptoSource())),
    },
    {
      id: "kms",
      composition: "new KmsSource({ clientConfig })",
      remotePerRequest: true,
      make: () => warm(kms()),
    },
    {
      id: "pool(kms)",
      composition: "new PoolSource(new KmsSource({ clientConfig }))",
      remotePerRequest: false,
      make: () => warm(new PoolSource(kms())),
    },
    {
      id: "cloudhsm",
      composition: `new CloudHsmKeyStoreSource({ clientConfig, customKeyStoreId: "${STORE_ID}" })`,
      remotePerRequest: true,
      make: () => warm(new CloudHsmKeyStoreSource({ clientConfig, customKeyStoreId: STORE_ID })),
    },
    {
      id: "nitro",
      composition: "new NitroRecipientSource({ clientConfig, attestation: new TestAttestationProvider() })",
      remotePerRequest: true,
      make: () => warm(new NitroRecipientSource({ clientConfig, attestation: remote.provider })),
    },
    {
      id: "drbg(kms)",
      composition: "new DrbgSource(new KmsSource({ clientConfig }))",
      remotePerRequest: false,
      make: () => warm(new DrbgSource(kms())),
    },
    {
      id: "pool(drbg(kms))",
      composition: "new PoolSource(new DrbgSource(new KmsSource({ clientConfig })))",
      remotePerRequest: false,
      make: () => warm(new PoolSource(new DrbgSource(kms()))),
    },
  ];
}
