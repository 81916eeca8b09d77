/**
 * Builds CiphertextForRecipient exactly as AWS KMS does (aws-nitro-enclaves-sdk-c source/cms.c and the
 * genuine KMS output in test/fixtures): a BER ContentInfo with indefinite lengths wrapping
 *
 *   EnvelopedData v2 {
 *     recipientInfos: { KeyTransRecipientInfo v2 { rid [0] SHA-256(SPKI),
 *       keyEncryptionAlgorithm rsaesOaep { [0] sha256 NULL, [1] mgf1 { sha256 NULL } },
 *       encryptedKey RSAES-OAEP(CEK) } },
 *     encryptedContentInfo { id-data, aes256-CBC with a 16-byte IV,
 *       [0] the AES-256-CBC ciphertext (PKCS#7 padding) as constructed OCTET STRING chunks, or primitive } }
 *
 * Lengths are indefinite exactly where KMS uses them (ContentInfo, [0], EnvelopedData,
 * EncryptedContentInfo, constructed content) and definite elsewhere. The content-encryption key is random
 * per envelope and zeroed after use.
 */
import { Buffer } from "node:buffer";
import {
  constants,
  createCipheriv,
  createPublicKey,
  type KeyObject,
  publicEncrypt,
  randomBytes,
} from "node:crypto";
import * as asn1js from "asn1js";
import { invalidArgument } from "../errors.js";
import { readRecipientPublicKey } from "../recipient-key.js";
import {
  OID_AES256_CBC,
  OID_DATA,
  OID_ENVELOPED_DATA,
  OID_MGF1,
  OID_RSAES_OAEP,
  OID_SHA256,
} from "./oids.js";
import { recipientKeyIdentifier } from "./recipient-key-identifier.js";

const CONTEXT = 3;

export interface BuildRecipientEnvelopeOptions {
  /** The recipient's RSA public key (≥ 2048 bits): a KeyObject or SPKI DER bytes. */
  readonly recipientPublicKey: KeyObject | Uint8Array;
  /** The bytes to encrypt (KMS: the random bytes, 1..1024). Not kept. */
  readonly plaintext: Uint8Array;
  /**
   * How encryptedContent is encoded: "constructed" (`a0 80`, OCTET STRING chunks, what KMS returns today) or
   * "primitive" (`80`, seen in older KMS responses). Default "constructed".
   */
  readonly contentEncoding?: "constructed" | "primitive";
  /** Largest chunk of constructed content, in bytes. Default: the whole ciphertext in one chunk, as KMS does. */
  readonly contentChunkSize?: number;
}

export function buildRecipientEnvelope(options: BuildRecipientEnvelopeOptions): Buffer {
  const recipientKey = readKey(options.recipientPublicKey);
  const plaintext = options.plaintext;
  if (!(plaintext instanceof Uint8Array)) throw invalidArgument("plaintext must be a Uint8Array");
  const chunkSize = options.contentChunkSize;
  if (chunkSize !== undefined && (!Number.isSafeInteger(chunkSize) || chunkSize < 1)) {
    throw invalidArgument(`contentChunkSize must be a positive integer, got ${String(chunkSize)}`);
  }
  const encoding = options.contentEncoding ?? "constructed";
  if (encoding !== "constructed" && encoding !== "primitive") {
    throw invalidArgument(`contentEncoding must be "constructed" or "primitive", got ${String(encoding)}`);
  }
  const contentKey = randomBytes(32);
  const iv = randomBytes(16);
  try {
    const cipher = createCipheriv("aes-256-cbc", contentKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const encryptedKey = publicEncrypt(
      { key: recipientKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      contentKey,
    );
    const envelope = contentInfo(
      keyTransRecipientInfo(recipientKeyIdentifier(recipientKey), encryptedKey),
      encryptedContentInfo(iv, ciphertext, encoding, chunkSize ?? Math.max(ciphertext.length, 1)),
    );
    return Buffer.from(envelope.toBER());
  } finally {
    contentKey.fill(0);
  }
}

function readKey(key: KeyObject | Uint8Array): KeyObject {
  if (key instanceof Uint8Array) {
    const result = readRecipientPublicKey(key);
    if ("problem" in result) throw invalidArgument(`recipientPublicKey: ${result.problem}`);
    return result.key;
  }
  if (typeof key !== "object" || key === null || typeof (key as KeyObject).export !== "function") {
    throw invalidArgument("recipientPublicKey must be a KeyObject or SPKI DER bytes");
  }
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  const result = readRecipientPublicKey(publicKey.export({ type: "spki", format: "der" }));
  if ("problem" in result) throw invalidArgument(`recipientPublicKey: ${result.problem}`);
  return result.key;
}

function contentInfo(recipientInfo: asn1js.Sequence, encrypted: asn1js.Sequence): asn1js.Sequence {
  const envelopedData = indefiniteSequence([
    new asn1js.Integer({ value: 2 }),
    new asn1js.Set({ value: [recipientInfo] }),
    encrypted,
  ]);
  return indefiniteSequence([
    new asn1js.ObjectIdentifier({ value: OID_ENVELOPED_DATA }),
    new asn1js.Constructed({
      idBlock: { tagClass: CONTEXT, tagNumber: 0 },
      lenBlock: { isIndefiniteForm: true },
      value: [envelopedData],
    }),
  ]);
}

function keyTransRecipientInfo(subjectKeyIdentifier: Buffer, encryptedKey: Buffer): asn1js.Sequence {
  const sha256 = () =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_SHA256 }), new asn1js.Null()] });
  const oaepParameters = new asn1js.Sequence({
    value: [
      new asn1js.Constructed({ idBlock: { tagClass: CONTEXT, tagNumber: 0 }, value: [sha256()] }),
      new asn1js.Constructed({
        idBlock: { tagClass: CONTEXT, tagNumber: 1 },
        value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_MGF1 }), sha256()] })],
      }),
    ],
  });
  return new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 2 }),
      new asn1js.Primitive({ idBlock: { tagClass: CONTEXT, tagNumber: 0 }, valueHex: subjectKeyIdentifier }),
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: OID_RSAES_OAEP }), oaepParameters],
      }),
      new asn1js.OctetString({ valueHex: encryptedKey }),
    ],
  });
}

function encryptedContentInfo(
  iv: Buffer,
  ciphertext: Buffer,
  encoding: "constructed" | "primitive",
  chunkSize: number,
): asn1js.Sequence {
  const algorithm = new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: OID_AES256_CBC }), new asn1js.OctetString({ valueHex: iv })],
  });
  const content =
    encoding === "primitive"
      ? new asn1js.Primitive({ idBlock: { tagClass: CONTEXT, tagNumber: 0 }, valueHex: ciphertext })
      : new asn1js.Constructed({
          idBlock: { tagClass: CONTEXT, tagNumber: 0 },
          lenBlock: { isIndefiniteForm: true },
          value: chunks(ciphertext, chunkSize).map((chunk) => new asn1js.OctetString({ valueHex: chunk })),
        });
  return indefiniteSequence([new asn1js.ObjectIdentifier({ value: OID_DATA }), algorithm, content]);
}

function chunks(bytes: Buffer, size: number): Buffer[] {
  const result: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size)
    result.push(bytes.subarray(offset, offset + size));
  return result;
}

function indefiniteSequence(value: asn1js.AsnType[]): asn1js.Sequence {
  return new asn1js.Sequence({ lenBlock: { isIndefiniteForm: true }, value });
}
