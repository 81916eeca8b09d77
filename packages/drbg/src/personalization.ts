/**
 * The default personalization string (SP 800-90A Rev. 1 §8.7.1): not secret, it makes each instance's
 * seed input distinct even if two instances were ever handed the same entropy (a replayed seed, a
 * cloned VM), from the process id, a per-process instance counter and the high-resolution time.
 */
const LABEL = Buffer.from("rngkit/drbg DrbgSource\0", "latin1");
let instances = 0;

export function defaultPersonalization(): Uint8Array {
  const out = Buffer.alloc(LABEL.byteLength + 4 + 8 + 8 + 8);
  let at = LABEL.copy(out, 0);
  at = out.writeUInt32BE(process.pid >>> 0, at);
  at = out.writeBigUInt64BE(BigInt(++instances), at);
  at = out.writeBigUInt64BE(process.hrtime.bigint(), at);
  out.writeDoubleBE(Date.now(), at);
  return out;
}
