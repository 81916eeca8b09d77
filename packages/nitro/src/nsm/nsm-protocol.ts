/**
 * The NSM's request and response, CBOR as serde encodes aws-nitro-enclaves-nsm-api's `Request` and
 * `Response` enums (src/api/mod.rs): externally tagged, struct fields as a text-keyed map in declaration
 * order, `None` as null, byte buffers as byte strings.
 *
 *   request   {"Attestation": {"user_data": bytes / null, "nonce": bytes / null, "public_key": bytes / null}}
 *   response  {"Attestation": {"document": bytes}}   or   {"Error": "<ErrorCode>"}
 */
import { RandomSourceError } from "@rngkit/core";
import { decode, encode } from "cbor2";

/** NSM_REQUEST_MAX_SIZE of the NSM driver (src/driver/mod.rs). */
export const NSM_REQUEST_MAX_BYTES = 0x1000;
/** NSM_RESPONSE_MAX_SIZE of the NSM driver. */
export const NSM_RESPONSE_MAX_BYTES = 0x3000;

export interface NsmAttestationRequest {
  readonly userData?: Uint8Array | undefined;
  readonly nonce?: Uint8Array | undefined;
  readonly publicKey?: Uint8Array | undefined;
}

/** A plain Uint8Array: cbor2 would encode a Node Buffer as an object. */
function bytesOrNull(value: Uint8Array | undefined): Uint8Array | null {
  return value === undefined ? null : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

export function encodeAttestationRequest(request: NsmAttestationRequest): Uint8Array {
  const fields = new Map<string, Uint8Array | null>([
    ["user_data", bytesOrNull(request.userData)],
    ["nonce", bytesOrNull(request.nonce)],
    ["public_key", bytesOrNull(request.publicKey)],
  ]);
  const encoded = encode(new Map([["Attestation", fields]]));
  if (encoded.byteLength > NSM_REQUEST_MAX_BYTES) {
    throw nsmError(
      `the request is ${encoded.byteLength} bytes, more than the NSM's ${NSM_REQUEST_MAX_BYTES}`,
    );
  }
  return encoded;
}

/** The document of an Attestation response; an Error response or anything else throws `AttestationFailed`. */
export function decodeAttestationResponse(response: Uint8Array): Buffer {
  let decoded: unknown;
  try {
    decoded = decode(response, { preferMap: true, rejectDuplicateKeys: true });
  } catch (error) {
    throw nsmError("the NSM response is not well-formed CBOR", error);
  }
  if (!(decoded instanceof Map) || decoded.size !== 1)
    throw nsmError("the NSM response is not a one-entry map");
  const [[variant, body]] = [...decoded] as [[unknown, unknown]];
  if (variant === "Error") {
    const code = typeof body === "string" ? body : "an unreadable code";
    throw nsmError(`the NSM answered Error ${code}`, undefined, code);
  }
  if (variant !== "Attestation") throw nsmError(`the NSM answered ${String(variant)}, not Attestation`);
  const document = body instanceof Map ? body.get("document") : undefined;
  if (!(document instanceof Uint8Array) || document.byteLength === 0) {
    throw nsmError("the NSM's Attestation response has no document");
  }
  return Buffer.from(document);
}

export function nsmError(message: string, cause?: unknown, nsmErrorCode?: string): RandomSourceError {
  return new RandomSourceError("AttestationFailed", `nsm: ${message}`, {
    source: "nsm",
    ...(cause === undefined ? {} : { cause }),
    ...(nsmErrorCode === undefined ? {} : { details: { nsmErrorCode } }),
  });
}
