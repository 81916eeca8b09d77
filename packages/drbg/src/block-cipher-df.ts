/**
 * Block_Cipher_df and BCC for AES-256 (SP 800-90A Rev. 1 §10.3.2 and §10.3.3), the derivation function
 * CTR_DRBG uses to condense entropy input, nonce, personalization and additional input into seedlen bits.
 * BCC is CBC-MAC with a zero IV, and the output loop is CBC encryption of zeros under IV = X, so both
 * run as one `aes-256-cbc` pass each on node:crypto instead of block-by-block.
 */
import { createCipheriv } from "node:crypto";

const BLOCK = 16;
/** seedlen for AES-256: keylen + outlen = 384 bits. */
export const SEED_BYTES = 48;
/** §10.3.2 step 8: K = leftmost keylen bits of 0x00010203...1F. */
const DF_KEY = Uint8Array.from({ length: 32 }, (_, index) => index);
const ZERO_IV = new Uint8Array(BLOCK);
const ZEROS = new Uint8Array(SEED_BYTES);

function cbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  return createCipheriv("aes-256-cbc", key, iv).setAutoPadding(false).update(data);
}

/**
 * Block_Cipher_df(input, 384): `parts` are concatenated as input_string without copying them twice.
 * The returned 48 bytes are secret seed material: the caller zeroes them after use.
 */
export function blockCipherDf(parts: readonly Uint8Array[]): Buffer {
  let inputLength = 0;
  for (const part of parts) inputLength += part.byteLength;
  // Step 4: S = L || N || input_string || 0x80, padded with zeros to a whole number of blocks; each BCC
  // input is IV || S with IV = i || 0^96 (steps 9.1-9.2), so one buffer holds the IV slot and S.
  const sLength = Math.ceil((8 + inputLength + 1) / BLOCK) * BLOCK;
  const block = Buffer.alloc(BLOCK + sLength);
  block.writeUInt32BE(inputLength, BLOCK);
  block.writeUInt32BE(SEED_BYTES, BLOCK + 4);
  let offset = BLOCK + 8;
  for (const part of parts) {
    block.set(part, offset);
    offset += part.byteLength;
  }
  block[offset] = 0x80;

  // Steps 9-10: temp = BCC(K, IV_0 || S) || BCC(K, IV_1 || S) || BCC(K, IV_2 || S), 48 bytes.
  const temp = Buffer.alloc(SEED_BYTES);
  for (let i = 0; i < SEED_BYTES / BLOCK; i++) {
    block.writeUInt32BE(i, 0);
    const macced = cbc(DF_KEY, ZERO_IV, block);
    macced.copy(temp, i * BLOCK, macced.byteLength - BLOCK);
    macced.fill(0);
  }
  block.fill(0);

  // Steps 11-15: K = temp[0..32), X = temp[32..48); X = Encrypt(K, X) three times, concatenated.
  const output = cbc(temp.subarray(0, 32), temp.subarray(32, SEED_BYTES), ZEROS);
  temp.fill(0);
  return output;
}
