/**
 * CTR_DRBG's V as a 128-bit big-endian counter (SP 800-90A Rev. 1 §10.2.1, ctr_len = blocklen), the
 * same carry rule as OpenSSL's CTR mode, so that `aes-256-ctr` from IV = V + 1 yields exactly the blocks
 * Encrypt(Key, V + 1), Encrypt(Key, V + 2), ... that the specification's loop produces.
 */

/** Writes (v + 1) mod 2^128 into `out` (which may be `v` itself). */
export function increment128(v: Uint8Array, out: Uint8Array): Uint8Array {
  let carry = 1;
  for (let index = 15; index >= 0; index--) {
    const sum = (v[index] as number) + carry;
    out[index] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}
