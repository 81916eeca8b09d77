/**
 * Reads `total` bytes from a source in blocks, handing each to `sink` and zeroing it afterwards, so
 * any length goes through a fixed amount of memory. Stops at the first failure (the source leaves
 * the failed block zero-filled) or when `signal` fires.
 */
import type { RandomSource } from "@rngkit/core";
import { BLOCK_BYTES } from "./byte-format.js";
import type { Progress } from "./progress.js";

export async function readInBlocks(
  source: RandomSource,
  total: number,
  sink: (block: Uint8Array) => Promise<void>,
  options: { readonly signal: AbortSignal | undefined; readonly progress: Progress },
): Promise<void> {
  let done = 0;
  const block = new Uint8Array(Math.min(BLOCK_BYTES, total));
  try {
    while (done < total) {
      const view = block.subarray(0, Math.min(BLOCK_BYTES, total - done));
      await source.fill(view, { signal: options.signal });
      await sink(view);
      view.fill(0);
      done += view.byteLength;
      options.progress.update(done);
    }
  } finally {
    block.fill(0);
  }
}

/** All of it in one Buffer (for the aws-shaped outputs, which print the bytes in one value). */
export async function readAll(
  source: RandomSource,
  total: number,
  options: { readonly signal: AbortSignal | undefined; readonly progress: Progress },
): Promise<Buffer> {
  const all = Buffer.alloc(total);
  let offset = 0;
  try {
    await readInBlocks(
      source,
      total,
      async (block) => {
        all.set(block, offset);
        offset += block.byteLength;
      },
      options,
    );
  } catch (error) {
    all.fill(0);
    throw error;
  }
  return all;
}
