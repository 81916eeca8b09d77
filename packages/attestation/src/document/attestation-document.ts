/**
 * The payload of a Nitro attestation document, with the field rules of aws-nitro-enclaves-nsm-api
 * docs/attestation_process.md §3.2: module_id non-empty text; digest "SHA384"; timestamp in ms; pcrs 1..32
 * entries, index 0..31, values of 32, 48 or 64 bytes; certificate and each cabundle entry 1..1024 bytes,
 * cabundle non-empty (root first); public_key 1..1024 bytes, user_data and nonce 0..512 bytes, each
 * optional (absent or CBOR null).
 */
import { Buffer } from "node:buffer";
import { attestationFailed } from "../errors.js";
import { decodeCbor, isBytes } from "./cbor.js";
import { type CoseSign1, parseCoseSign1 } from "./cose-sign1.js";

export interface AttestationDocument {
  readonly moduleId: string;
  /** Always "SHA384" in a document that parsed. */
  readonly digest: "SHA384";
  /** When the NSM made the document, in milliseconds since the Unix epoch (UTC). */
  readonly timestamp: number;
  /** Platform configuration registers by index. */
  readonly pcrs: ReadonlyMap<number, Buffer>;
  /** The leaf certificate (DER) whose key signed the document. */
  readonly certificate: Buffer;
  /** The issuing chain, root first (DER). */
  readonly cabundle: readonly Buffer[];
  readonly publicKey: Buffer | undefined;
  readonly userData: Buffer | undefined;
  readonly nonce: Buffer | undefined;
}

export interface ParsedAttestationDocument {
  readonly document: AttestationDocument;
  readonly cose: CoseSign1;
}

/**
 * Parses a COSE_Sign1 attestation document and checks its structure. Verifies nothing cryptographic: use
 * `verifyAttestationDocument` before trusting any field.
 */
export function parseAttestationDocument(bytes: Uint8Array): ParsedAttestationDocument {
  if (!(bytes instanceof Uint8Array))
    throw attestationFailed("cose-structure", "the document must be a Uint8Array");
  const cose = parseCoseSign1(bytes);
  let payload: unknown;
  try {
    payload = decodeCbor(cose.payload);
  } catch (error) {
    throw attestationFailed("payload-structure", "the payload is not well-formed CBOR", error);
  }
  if (!(payload instanceof Map)) throw attestationFailed("payload-structure", "the payload is not a map");
  return { cose, document: readPayload(payload) };
}

function readPayload(map: Map<unknown, unknown>): AttestationDocument {
  const moduleId = map.get("module_id");
  if (typeof moduleId !== "string" || moduleId.length === 0) {
    throw attestationFailed("payload-structure", "module_id must be a non-empty text string");
  }
  const digest = map.get("digest");
  if (digest !== "SHA384")
    throw attestationFailed("digest", `digest must be "SHA384", got ${JSON.stringify(digest)}`);
  return {
    moduleId,
    digest,
    timestamp: readTimestamp(map.get("timestamp")),
    pcrs: readPcrs(map.get("pcrs")),
    certificate: readBytes(map.get("certificate"), "certificate", 1, 1024),
    cabundle: readCabundle(map.get("cabundle")),
    publicKey: readOptionalBytes(map, "public_key", 1, 1024),
    userData: readOptionalBytes(map, "user_data", 0, 512),
    nonce: readOptionalBytes(map, "nonce", 0, 512),
  };
}

function readTimestamp(value: unknown): number {
  const timestamp = typeof value === "bigint" ? Number(value) : value;
  if (typeof timestamp !== "number" || !Number.isSafeInteger(timestamp) || timestamp <= 0) {
    throw attestationFailed("payload-structure", "timestamp must be a positive integer (milliseconds)");
  }
  return timestamp;
}

function readPcrs(value: unknown): ReadonlyMap<number, Buffer> {
  if (!(value instanceof Map) || value.size < 1 || value.size > 32) {
    throw attestationFailed("payload-structure", "pcrs must be a map of 1 to 32 entries");
  }
  const pcrs = new Map<number, Buffer>();
  for (const [key, pcr] of value) {
    const index = typeof key === "bigint" ? Number(key) : key;
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index > 31) {
      throw attestationFailed("payload-structure", "pcrs keys must be integers 0 to 31");
    }
    if (!isBytes(pcr) || ![32, 48, 64].includes(pcr.length)) {
      throw attestationFailed("payload-structure", `pcrs[${index}] must be 32, 48 or 64 bytes`);
    }
    pcrs.set(index, Buffer.from(pcr));
  }
  return pcrs;
}

function readCabundle(value: unknown): readonly Buffer[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw attestationFailed("payload-structure", "cabundle must be a non-empty array");
  }
  return value.map((entry, index) => readBytes(entry, `cabundle[${index}]`, 1, 1024));
}

function readBytes(value: unknown, name: string, min: number, max: number): Buffer {
  if (!isBytes(value) || value.length < min || value.length > max) {
    throw attestationFailed("payload-structure", `${name} must be a byte string of ${min} to ${max} bytes`);
  }
  return Buffer.from(value);
}

function readOptionalBytes(
  map: Map<unknown, unknown>,
  key: string,
  min: number,
  max: number,
): Buffer | undefined {
  const value = map.get(key);
  return value === undefined || value === null ? undefined : readBytes(value, key, min, max);
}
