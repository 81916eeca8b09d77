/**
 * Encodes an attestation document the way the Nitro Secure Module does (aws-nitro-enclaves-nsm-api
 * docs/attestation_process.md): the payload map with text keys in NSM order, signed as an ES384 COSE_Sign1
 * whose protected header is `{1: -35}` and unprotected header is empty. The payload map is definite by
 * default; `indefiniteLengthMaps` writes it with an indefinite length (both occur in genuine documents).
 */
import { Buffer } from "node:buffer";
import { type KeyObject, sign } from "node:crypto";
import { encode, Tag } from "cbor2";
import { plainBytes } from "../document/cbor.js";
import { COSE_ALG_ES384, sigStructure } from "../document/cose-sign1.js";

export interface DocumentFields {
  readonly moduleId: string;
  readonly timestamp: number;
  readonly pcrs: ReadonlyMap<number, Uint8Array>;
  readonly certificate: Uint8Array;
  readonly cabundle: readonly Uint8Array[];
  readonly publicKey: Uint8Array | undefined;
  readonly userData: Uint8Array | undefined;
  readonly nonce: Uint8Array | undefined;
}

export interface EncodeOptions {
  readonly tagged: boolean;
  readonly indefiniteLengthMaps: boolean;
}

export function encodeSignedDocument(
  fields: DocumentFields,
  signingKey: KeyObject,
  options: EncodeOptions,
): Buffer {
  const payload = encodePayload(fields, options.indefiniteLengthMaps);
  const protectedHeader = encode(new Map([[1, COSE_ALG_ES384]]));
  const signature = sign("sha384", sigStructure(protectedHeader, payload), {
    key: signingKey,
    dsaEncoding: "ieee-p1363",
  });
  const sign1 = [protectedHeader, new Map(), plainBytes(payload), plainBytes(signature)];
  return Buffer.from(encode(options.tagged ? new Tag(18, sign1) : sign1));
}

function encodePayload(fields: DocumentFields, indefinite: boolean): Uint8Array {
  const entries: [string, unknown][] = [
    ["module_id", fields.moduleId],
    ["digest", "SHA384"],
    ["timestamp", fields.timestamp],
    [
      "pcrs",
      new Map([...fields.pcrs].sort(([a], [b]) => a - b).map(([index, pcr]) => [index, plainBytes(pcr)])),
    ],
    ["certificate", plainBytes(fields.certificate)],
    ["cabundle", fields.cabundle.map(plainBytes)],
    ["public_key", optional(fields.publicKey)],
    ["user_data", optional(fields.userData)],
    ["nonce", optional(fields.nonce)],
  ];
  if (!indefinite) return encode(new Map(entries));
  // 0xbf … 0xff: a map of indefinite length (RFC 8949 §3.2.2), each key and value encoded as usual.
  const parts = [
    Uint8Array.of(0xbf),
    ...entries.flatMap(([key, value]) => [encode(key), encode(value)]),
    Uint8Array.of(0xff),
  ];
  return Buffer.concat(parts);
}

function optional(bytes: Uint8Array | undefined): Uint8Array | null {
  return bytes === undefined ? null : plainBytes(bytes);
}
