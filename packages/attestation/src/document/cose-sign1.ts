/**
 * COSE_Sign1 (RFC 9052 §4.2): `[protected: bstr, unprotected: map, payload: bstr, signature: bstr]`, either
 * bare (as the Nitro Secure Module emits it) or wrapped in CBOR tag 18. The Sig_structure signed is
 * `["Signature1", protected, external_aad = h'', payload]` (RFC 9052 §4.4).
 */
import { Buffer } from "node:buffer";
import { encode } from "cbor2";
import { attestationFailed } from "../errors.js";
import { decodeCbor, isBytes, isTag, plainBytes } from "./cbor.js";

/** COSE algorithm ES384: ECDSA with SHA-384 on P-384 (RFC 9053 §2.1). */
export const COSE_ALG_ES384 = -35;
const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_CRIT = 2;

export interface CoseSign1 {
  /** Whether the document carried CBOR tag 18. */
  readonly tagged: boolean;
  /** The protected header exactly as signed. */
  readonly protectedHeader: Buffer;
  readonly algorithm: number;
  /** The payload exactly as signed. */
  readonly payload: Buffer;
  readonly signature: Buffer;
}

export function parseCoseSign1(bytes: Uint8Array): CoseSign1 {
  let outer: unknown;
  try {
    outer = decodeCbor(bytes);
  } catch (error) {
    throw attestationFailed("cose-structure", "the document is not well-formed CBOR", error);
  }
  let tagged = false;
  if (isTag(outer)) {
    if (Number(outer.tag) !== COSE_SIGN1_TAG) {
      throw attestationFailed("cose-structure", `expected COSE_Sign1 (tag 18), got tag ${String(outer.tag)}`);
    }
    tagged = true;
    outer = outer.contents;
  }
  if (!Array.isArray(outer) || outer.length !== 4) {
    throw attestationFailed("cose-structure", "expected a COSE_Sign1 array of 4 items");
  }
  const [protectedBytes, unprotected, payload, signature] = outer as unknown[];
  if (!isBytes(protectedBytes) || !(unprotected instanceof Map) || !isBytes(payload) || !isBytes(signature)) {
    throw attestationFailed("cose-structure", "COSE_Sign1 items have the wrong types");
  }
  const algorithm = readAlgorithm(protectedBytes);
  return {
    tagged,
    protectedHeader: Buffer.from(protectedBytes),
    algorithm,
    payload: Buffer.from(payload),
    signature: Buffer.from(signature),
  };
}

function readAlgorithm(protectedBytes: Uint8Array): number {
  let header: unknown;
  try {
    header = protectedBytes.length === 0 ? new Map() : decodeCbor(protectedBytes);
  } catch (error) {
    throw attestationFailed("cose-structure", "the protected header is not well-formed CBOR", error);
  }
  if (!(header instanceof Map))
    throw attestationFailed("cose-structure", "the protected header is not a map");
  if (header.has(HEADER_CRIT)) {
    throw attestationFailed(
      "cose-algorithm",
      "the protected header lists critical parameters, which are not supported",
    );
  }
  const alg = header.get(HEADER_ALG);
  if (alg !== COSE_ALG_ES384) {
    throw attestationFailed("cose-algorithm", `expected COSE algorithm -35 (ES384), got ${String(alg)}`);
  }
  return alg;
}

/** The bytes an ES384 COSE_Sign1 signature covers. */
export function sigStructure(protectedHeader: Uint8Array, payload: Uint8Array): Buffer {
  return Buffer.from(
    encode(["Signature1", plainBytes(protectedHeader), new Uint8Array(0), plainBytes(payload)]),
  );
}
