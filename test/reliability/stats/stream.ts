/**
 * Streams a path's bytes into a writable (a child's stdin): ent reads a fixed amount to EOF; dieharder
 * `-g 200` reads stdin for as long as its tests want, so it never rewinds a short file and its p-values
 * mean what they say. Stops at `limitBytes` or when the reader goes away (EPIPE), whichever is first.
 */
import type { Writable } from "node:stream";
import type { OpenPath } from "./paths.js";

const BLOCK_BYTES = 1 << 20;

export async function streamPath(path: OpenPath, out: Writable, limitBytes = Infinity): Promise<number> {
  let written = 0;
  let gone = false;
  const onGone = () => {
    gone = true;
  };
  out.on("error", onGone);
  out.on("close", onGone);
  try {
    while (!gone && written < limitBytes) {
      const block = new Uint8Array(Math.min(BLOCK_BYTES, limitBytes - written));
      await path.read(block);
      if (gone) break;
      written += block.byteLength;
      if (!out.write(block)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            out.off("drain", done);
            out.off("close", done);
            resolve();
          };
          out.on("drain", done);
          out.on("close", done);
        });
      }
    }
    if (!gone) out.end();
    return written;
  } finally {
    out.off("error", onGone);
    out.off("close", onGone);
  }
}
