/**
 * SP 800-90A §9.3.1 with prediction resistance: before each generate request of at most 64 KiB, a
 * reseed with 32 bytes of fresh entropy from the live seed source. The entropy for a whole request is
 * fetched in one seed call; this cuts it up.
 */
import type { Drbg } from "./drbg.js";
import { MAX_BYTES_PER_REQUEST, MIN_ENTROPY_BYTES } from "./limits.js";

/** Seed bytes a request of `byteLength` needs: 32 per generate request. */
export function entropyFor(byteLength: number): number {
  return Math.max(1, Math.ceil(byteLength / MAX_BYTES_PER_REQUEST)) * MIN_ENTROPY_BYTES;
}

/** Fills `view`, reseeding from the next 32 bytes of `entropy` before each request; returns the request count. */
export function generateWithPredictionResistance(drbg: Drbg, view: Uint8Array, entropy: Uint8Array): number {
  let requests = 0;
  for (let offset = 0; offset < view.byteLength || requests === 0; offset += MAX_BYTES_PER_REQUEST) {
    const at = requests++ * MIN_ENTROPY_BYTES;
    drbg.reseed(entropy.subarray(at, at + MIN_ENTROPY_BYTES));
    drbg.generateInto(view.subarray(offset, Math.min(view.byteLength, offset + MAX_BYTES_PER_REQUEST)));
  }
  return requests;
}
