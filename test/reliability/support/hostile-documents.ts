/**
 * Attestation documents that must be refused, made from genuine test-authority documents by changing one
 * thing: the chain (cabundle names another authority's root), the algorithm (COSE alg ES256), the digest,
 * the signature, or the authority (expired leaf, untrusted root). Decoded and re-encoded with cbor2 as the
 * NSM encodes them, so only the intended field differs.
 */
import type { TestAttestationAuthority } from "@rngkit/attestation";
import type { AttestationProvider, AttestationRequest } from "@rngkit/nitro";
import { decode, encode } from "cbor2";
import { OTHER_AUTHORITY } from "./kms-local.js";

type Sign1 = [Uint8Array, Map<unknown, unknown>, Uint8Array, Uint8Array];

/**
 * cbor2 decodes byte strings to Node Buffers but encodes a Buffer as an object (its toJSON form), so every
 * byte string is turned back into a plain Uint8Array before encoding.
 */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return new Map([...value].map(([key, item]) => [key, plain(item)]));
  return value;
}

function open(document: Uint8Array): Sign1 {
  return decode(document, { preferMap: true }) as Sign1;
}

function close(sign1: Sign1): Buffer {
  return Buffer.from(encode(plain(sign1)));
}

function editPayload(document: Uint8Array, edit: (payload: Map<string, unknown>) => void): Buffer {
  const sign1 = open(document);
  const payload = decode(sign1[2], { preferMap: true }) as Map<string, unknown>;
  edit(payload);
  sign1[2] = encode(plain(payload));
  return close(sign1);
}

export const TAMPER = {
  /** cabundle names another (trusted) authority's root: the leaf does not chain to it. */
  brokenChain: (document: Uint8Array) =>
    editPayload(document, (payload) =>
      payload.set("cabundle", [new Uint8Array(OTHER_AUTHORITY.rootCertificate)]),
    ),
  /** COSE alg -7 (ES256) instead of -35 (ES384). */
  wrongAlgorithm: (document: Uint8Array) => {
    const sign1 = open(document);
    sign1[0] = encode(new Map([[1, -7]]));
    return close(sign1);
  },
  /** digest "SHA256" instead of "SHA384". */
  wrongDigest: (document: Uint8Array) => editPayload(document, (payload) => payload.set("digest", "SHA256")),
  /** One bit of the signature flipped. */
  badSignature: (document: Uint8Array) => {
    const sign1 = open(document);
    const signature = new Uint8Array(sign1[3]);
    signature[10] = (signature[10] as number) ^ 0x01;
    sign1[3] = signature;
    return close(sign1);
  },
} as const;

/** An AttestationProvider whose documents come from `authority`, then pass through `tamper`. */
export class HostileProvider implements AttestationProvider {
  readonly name = "hostile";
  readonly #authority: TestAttestationAuthority;
  readonly #tamper: (document: Uint8Array) => Uint8Array;

  constructor(authority: TestAttestationAuthority, tamper: (document: Uint8Array) => Uint8Array = (d) => d) {
    this.#authority = authority;
    this.#tamper = tamper;
  }

  async attest(request: AttestationRequest): Promise<Uint8Array> {
    return this.#tamper(
      this.#authority.attest({
        publicKey: request.publicKey,
        ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
      }),
    );
  }
}
