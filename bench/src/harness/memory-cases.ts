/** The memory section's cases (src/sections/memory-child.ts serves each one in a process of its own). */
export const MEMORY_CASES = {
  "node:crypto randomBytes(4096)": { request: 4096, uses: "none" },
  "pool(local) await bytes(4096)": { request: 4096, uses: "local" },
  "drbg(kms) await bytes(4096)": { request: 4096, uses: "kms" },
  "drbg(kms) await fill(1 MiB view)": { request: 1024 * 1024, uses: "kms" },
  "pool(drbg(kms)) await bytes(1024)": { request: 1024, uses: "kms" },
} as const;

export type MemoryCase = keyof typeof MEMORY_CASES;

export interface MemorySnapshot {
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
  readonly externalMiB: number;
  readonly arrayBuffersMiB: number;
}

export interface MemoryChildResult {
  readonly case: MemoryCase;
  readonly servedBytes: number;
  readonly requestBytes: number;
  readonly seconds: number;
  /** GenerateRandom requests kms-local received while the case served (null: no KMS in the path). */
  readonly kmsCalls: number | null;
  readonly start: MemorySnapshot;
  readonly peak: MemorySnapshot;
  readonly end: MemorySnapshot;
  readonly endAfterGc: MemorySnapshot;
  /** [bytes served, RSS MiB, heapUsed MiB] every total / 64 bytes. */
  readonly series: readonly (readonly [number, number, number])[];
}
