/**
 * CBOR decoding with the options an attestation verifier needs (RFC 8949): maps stay Maps (PCR indexes are
 * integers), duplicate keys are refused, no tag gets a global decoder (COSE_Sign1's tag 18 comes back as a
 * Tag), and definite and indefinite lengths are both accepted, since genuine documents use either.
 */
import { type DecodeOptions, decode, Tag } from "cbor2";

const OPTIONS: DecodeOptions = {
  preferMap: true,
  rejectDuplicateKeys: true,
  ignoreGlobalTags: true,
  rejectUndefined: true,
  rejectSimple: true,
};

/** Decodes exactly one CBOR item; trailing bytes, truncation and any other malformation throw. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return decode(bytes, OPTIONS);
}

export function isTag(value: unknown): value is Tag {
  return value instanceof Tag;
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/**
 * A plain Uint8Array view of the same bytes. cbor2 encodes a Node Buffer as an object (its toJSON form), so
 * every byte string is passed through this before encoding.
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
