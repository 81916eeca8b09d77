/**
 * `--format raw|hex|base64`: the bytes alone. Encoded block by block so any length streams; blocks
 * are a multiple of 3 bytes, so their base64 texts join into the base64 of the whole. The text
 * formats end with a newline; raw adds nothing.
 */
import type { ByteFormat } from "./flags.js";

/** 768 KiB: a multiple of 3 (base64) and of 1024 (KMS's largest call). */
export const BLOCK_BYTES = 3 * 256 * 1024;

export function encodeBlock(block: Uint8Array, format: ByteFormat): string | Uint8Array {
  if (format === "raw") return block;
  const buffer = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  return buffer.toString(format);
}

export function trailer(format: ByteFormat): string {
  return format === "raw" ? "" : "\n";
}
