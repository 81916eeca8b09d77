/**
 * Every path the statistical tests read from, by name. Fast paths serve at memory or AES speed and get
 * dieharder's full battery in the long run; KMS-bound paths make one GenerateRandom call per 1024 bytes
 * and get a documented subset. KMS-bound paths talk to a kms-local in this process, over real HTTP.
 */
import type { RandomSource } from "@rngkit/core";
import { DrbgSource } from "@rngkit/drbg";
import type { KmsLocal } from "@rngkit/kms-local";
import { NodeCryptoSource } from "@rngkit/local";
import { PoolSource } from "@rngkit/pool";
import { startReliabilityKms } from "../support/kms-local.js";
import { provider } from "../support/sources.js";

export const FAST_PATHS = ["local", "ctr-drbg", "hmac-drbg", "pool(local)", "pool(ctr-drbg(kms))"] as const;
export const KMS_PATHS = ["kms", "cloudhsm", "nitro", "pool(kms)"] as const;
export type PathName = (typeof FAST_PATHS)[number] | (typeof KMS_PATHS)[number];
export const ALL_PATHS: readonly PathName[] = [...FAST_PATHS, ...KMS_PATHS];

export function isPathName(name: string): name is PathName {
  return (ALL_PATHS as readonly string[]).includes(name);
}

export interface OpenPath {
  readonly name: PathName;
  readonly source: RandomSource;
  /** Fills `block` from the source: pools through many requests of random sizes, others in one call. */
  read(block: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Request sizes 1 to 4096, from a small xorshift generator (the sizes need not be secret). */
function sizes(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return 1 + (state % 4096);
  };
}

export async function openPath(name: PathName): Promise<OpenPath> {
  let server: KmsLocal | undefined;
  const kms = async () => {
    server ??= await startReliabilityKms();
    return server;
  };
  let source: RandomSource;
  switch (name) {
    case "local":
      source = new NodeCryptoSource();
      break;
    case "ctr-drbg":
      source = new DrbgSource(new NodeCryptoSource());
      break;
    case "hmac-drbg":
      source = new DrbgSource(new NodeCryptoSource(), { mechanism: "hmac-drbg" });
      break;
    case "pool(local)":
      // 64 KiB chunks in a 1 MiB ring: the ring, its wrap-around and partial chunks are exercised by the
      // 1-4096-byte requests as with the defaults, fast enough (hundreds of MB/s) for the full battery.
      source = new PoolSource(new NodeCryptoSource(), { chunkSize: 65_536, capacity: 1 << 20 });
      break;
    case "pool(ctr-drbg(kms))":
      source = new PoolSource(new DrbgSource(provider("kms", await kms())), {
        chunkSize: 65_536,
        capacity: 1 << 20,
      });
      break;
    case "kms":
    case "cloudhsm":
    case "nitro":
      source = provider(name, await kms(), { concurrency: 16 });
      break;
    case "pool(kms)":
      source = new PoolSource(provider("kms", await kms()), { maxInFlight: 16, capacity: 64 * 1024 });
      break;
  }
  const pool = source instanceof PoolSource;
  const nextSize = sizes(0x5eed ^ name.length);
  return {
    name,
    source,
    async read(block) {
      if (!pool) {
        await source.fill(block);
        return;
      }
      // Concurrent requests of random sizes, as an application makes them, each into its own slice.
      const pending: Promise<unknown>[] = [];
      for (let offset = 0; offset < block.byteLength; ) {
        const size = Math.min(nextSize(), block.byteLength - offset);
        pending.push(source.fill(block.subarray(offset, offset + size)));
        offset += size;
        if (pending.length >= 256) await Promise.all(pending.splice(0));
      }
      await Promise.all(pending);
    },
    async close() {
      await source.close();
      await server?.close();
    },
  };
}
