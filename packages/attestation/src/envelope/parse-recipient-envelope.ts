/**
 * Reads CiphertextForRecipient without decrypting it: the CMS structure of RFC 5652 §3, §6.1, §6.2.1,
 * restricted to what KMS sends (facts file, CiphertextForRecipient):
 *
 *   ContentInfo { id-envelopedData, [0] EXPLICIT EnvelopedData v2 {
 *     recipientInfos SET OF exactly one KeyTransRecipientInfo v2 { rid [0] subjectKeyIdentifier,
 *       rsaesOaep(SHA-256, MGF1-SHA-256), encryptedKey },
 *     encryptedContentInfo { id-data, aes256-CBC(IV), [0] IMPLICIT encryptedContent, primitive or constructed } } }
 *
 * BER (indefinite lengths, constructed strings) and DER are both read. Anything else — another version,
 * algorithm, recipient type, originatorInfo, unprotectedAttrs, detached content, trailing bytes — is
 * refused with `DecryptFailed` naming what was found. The fields are public: nothing here needs the key.
 */
import type * as asn1js from "asn1js";
import { checkKeyEncryptionAlgorithm, readContentEncryptionAlgorithm } from "./algorithm-identifiers.js";
import {
  decodeBer,
  describe,
  explicit,
  isContext,
  octets,
  oid,
  sequence,
  set,
  smallInteger,
} from "./ber-reader.js";
import { decryptFailed } from "./decrypt-failed.js";
import { OID_DATA, OID_ENVELOPED_DATA } from "./oids.js";

/** KMS's CiphertextForRecipient is at most 6,144 bytes (service model); anything far larger is not one. */
export const MAX_ENVELOPE_BYTES = 64 * 1024;

const RECIPIENT_INFO_KINDS: Readonly<Record<number, string>> = {
  1: "KeyAgreeRecipientInfo [1]",
  2: "KEKRecipientInfo [2]",
  3: "PasswordRecipientInfo [3]",
  4: "OtherRecipientInfo [4]",
};

/** The public fields of an envelope, as `parseRecipientEnvelope` found them. */
export interface RecipientEnvelope {
  /** The rid: `[0] subjectKeyIdentifier`, which KMS sets to SHA-256 of the recipient's SPKI DER. */
  readonly recipientKeyIdentifier: Buffer;
  /** Always RSAES-OAEP with SHA-256 and MGF1-SHA-256 in an envelope that parsed. */
  readonly keyEncryptionAlgorithm: "RSAES_OAEP_SHA_256";
  /** The content-encryption key, encrypted to the recipient with RSAES-OAEP. */
  readonly encryptedKey: Buffer;
  /** Always AES-256-CBC in an envelope that parsed. */
  readonly contentEncryptionAlgorithm: "AES_256_CBC";
  readonly iv: Buffer;
  /** The AES-256-CBC ciphertext, segments joined. */
  readonly encryptedContent: Buffer;
  /** How encryptedContent was encoded: `a0` with OCTET STRING segments, or primitive `80`. */
  readonly contentEncoding: "constructed" | "primitive";
}

export function parseRecipientEnvelope(ciphertext: Uint8Array): RecipientEnvelope {
  if (!(ciphertext instanceof Uint8Array)) {
    throw decryptFailed("structure", "the ciphertext must be a Uint8Array");
  }
  if (ciphertext.byteLength === 0 || ciphertext.byteLength > MAX_ENVELOPE_BYTES) {
    throw decryptFailed(
      "structure",
      `the ciphertext must be 1 to ${MAX_ENVELOPE_BYTES} bytes, found ${ciphertext.byteLength}`,
    );
  }
  const [contentType, content] = sequence(decodeBer(ciphertext, "the ciphertext"), "ContentInfo", 2);
  const type = oid(contentType, "ContentInfo.contentType");
  if (type !== OID_ENVELOPED_DATA) {
    throw decryptFailed("structure", `ContentInfo.contentType must be id-envelopedData, found ${type}`);
  }
  return readEnvelopedData(explicit(content, 0, "ContentInfo.content"));
}

function readEnvelopedData(node: asn1js.AsnType): RecipientEnvelope {
  const fields = sequence(node, "EnvelopedData", 3, 5);
  const [version, recipientInfos, encryptedContentInfo] = fields;
  if (recipientInfos !== undefined && isContext(recipientInfos, 0)) {
    throw decryptFailed("structure", "EnvelopedData has originatorInfo, which KMS never sends");
  }
  if (fields.length > 3) {
    throw decryptFailed(
      "structure",
      "EnvelopedData has unprotectedAttrs or more fields, which KMS never sends",
    );
  }
  const envelopedVersion = smallInteger(version, "EnvelopedData.version");
  if (envelopedVersion !== 2) {
    throw decryptFailed("version", `EnvelopedData.version must be 2, found ${envelopedVersion}`);
  }
  const recipients = set(recipientInfos, "EnvelopedData.recipientInfos");
  if (recipients.length !== 1) {
    throw decryptFailed(
      "structure",
      `recipientInfos must hold exactly one recipient, found ${recipients.length}`,
    );
  }
  const recipient = readKeyTransRecipientInfo(recipients[0] as asn1js.AsnType);
  const content = readEncryptedContentInfo(encryptedContentInfo);
  return { ...recipient, ...content };
}

function readKeyTransRecipientInfo(
  node: asn1js.AsnType,
): Pick<RecipientEnvelope, "recipientKeyIdentifier" | "keyEncryptionAlgorithm" | "encryptedKey"> {
  const kind = node.idBlock.tagClass === 3 ? RECIPIENT_INFO_KINDS[node.idBlock.tagNumber] : undefined;
  if (kind !== undefined) {
    throw decryptFailed("structure", `the recipient must be a KeyTransRecipientInfo, found ${kind}`);
  }
  const [version, rid, algorithm, encryptedKey] = sequence(node, "KeyTransRecipientInfo", 4);
  if (rid === undefined || !isContext(rid, 0)) {
    const found = rid === undefined ? "nothing" : describe(rid);
    throw decryptFailed(
      "recipient",
      `the rid must be [0] subjectKeyIdentifier (KMS names the key by the SHA-256 of its SPKI), found ${found}`,
    );
  }
  const ktriVersion = smallInteger(version, "KeyTransRecipientInfo.version");
  if (ktriVersion !== 2) {
    throw decryptFailed("version", `KeyTransRecipientInfo.version must be 2, found ${ktriVersion}`);
  }
  checkKeyEncryptionAlgorithm(algorithm);
  return {
    recipientKeyIdentifier: octets(rid, "the rid", 0).bytes,
    keyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
    encryptedKey: octets(encryptedKey, "encryptedKey").bytes,
  };
}

function readEncryptedContentInfo(
  node: asn1js.AsnType | undefined,
): Pick<RecipientEnvelope, "contentEncryptionAlgorithm" | "iv" | "encryptedContent" | "contentEncoding"> {
  const fields = sequence(node, "EncryptedContentInfo", 2, 3);
  const [contentType, algorithm, content] = fields;
  const type = oid(contentType, "EncryptedContentInfo.contentType");
  if (type !== OID_DATA) {
    throw decryptFailed("structure", `EncryptedContentInfo.contentType must be id-data, found ${type}`);
  }
  const iv = readContentEncryptionAlgorithm(algorithm);
  if (content === undefined) {
    throw decryptFailed("structure", "encryptedContent is absent (detached content is not supported)");
  }
  if (!isContext(content, 0)) {
    throw decryptFailed("structure", `encryptedContent must be [0] IMPLICIT, found ${describe(content)}`);
  }
  const { bytes, constructed } = octets(content, "encryptedContent", 0);
  return {
    contentEncryptionAlgorithm: "AES_256_CBC",
    iv,
    encryptedContent: bytes,
    contentEncoding: constructed ? "constructed" : "primitive",
  };
}
