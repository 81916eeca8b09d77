/**
 * Kept only for packages/nitro/bench/throughput.bench.ts, which imports `startKmsLocalProcess` from here:
 * new code uses `spawnKmsLocal()` from @rngkit/kms-local, which this wraps (`stop()` is its `close()`).
 */
import { type KmsLocalProcess as SpawnedKmsLocal, spawnKmsLocal } from "@rngkit/kms-local";

export interface KmsLocalProcess extends SpawnedKmsLocal {
  stop(): Promise<void>;
}

export async function startKmsLocalProcess(args: readonly string[] = []): Promise<KmsLocalProcess> {
  const server = await spawnKmsLocal({ args });
  return { ...server, stop: server.close };
}
