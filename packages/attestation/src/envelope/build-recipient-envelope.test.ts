import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { fixture } from "../../test/fixtures.js";
import { buildRecipientEnvelope } from "./build-recipient-envelope.js";
import { recipientKeyIdentifier } from "./recipient-key-identifier.js";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });

/** Offsets of the fields that differ between two envelopes: rid, encryptedKey, IV, encrypted content. */
const RANDOM_FIELDS = [
  [33, 65],
  [131, 387],
  [415, 431],
  [435, 483],
] as const;

function masked(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  for (const [start, end] of RANDOM_FIELDS) copy.fill(0, start, end);
  return copy;
}

function parse(bytes: Buffer): asn1js.AsnType {
  const { offset, result } = asn1js.fromBER(bytes);
  expect(offset).toBe(bytes.length);
  return result;
}

/** Walks the BER tree to encryptedContentInfo's children. */
function encryptedContentInfo(bytes: Buffer): asn1js.AsnType[] {
  const root = parse(bytes) as asn1js.Sequence;
  const explicit = root.valueBlock.value[1] as asn1js.Constructed;
  const envelopedData = explicit.valueBlock.value[0] as asn1js.Sequence;
  return (envelopedData.valueBlock.value[2] as asn1js.Sequence).valueBlock.value;
}

describe("buildRecipientEnvelope", () => {
  it("matches a genuine KMS CiphertextForRecipient byte for byte outside its random fields", () => {
    const genuine = fixture("kms-ciphertext-for-recipient.ber");
    const built = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext: randomBytes(32) });
    expect(built.length).toBe(genuine.length);
    expect(masked(built).equals(masked(genuine))).toBe(true);
  });

  it("names the recipient by the SHA-256 of its SPKI DER", () => {
    const built = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext: randomBytes(32) });
    const spki = rsa.publicKey.export({ type: "spki", format: "der" });
    const expected = createHash("sha256").update(spki).digest();
    expect(built.subarray(33, 65).equals(expected)).toBe(true);
    expect(recipientKeyIdentifier(spki).equals(expected)).toBe(true);
    expect(recipientKeyIdentifier(rsa.privateKey).equals(expected)).toBe(true);
  });

  it("uses a fresh content key and IV every time", () => {
    const plaintext = randomBytes(32);
    const a = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext });
    const b = buildRecipientEnvelope({ recipientPublicKey: rsa.publicKey, plaintext });
    expect(a.subarray(131, 387).equals(b.subarray(131, 387))).toBe(false);
    expect(a.subarray(415, 431).equals(b.subarray(415, 431))).toBe(false);
    expect(a.subarray(435, 483).equals(b.subarray(435, 483))).toBe(false);
  });

  it("splits constructed content into chunks of the requested size", () => {
    const built = buildRecipientEnvelope({
      recipientPublicKey: rsa.publicKey,
      plaintext: randomBytes(1024),
      contentChunkSize: 400,
    });
    const content = encryptedContentInfo(built)[2] as asn1js.Constructed;
    expect(content.lenBlock.isIndefiniteForm).toBe(true);
    expect(
      content.valueBlock.value.map((chunk) => (chunk as asn1js.OctetString).valueBlock.valueHexView.length),
    ).toEqual([400, 400, 240]);
  });

  it("writes primitive [0] content on request", () => {
    const built = buildRecipientEnvelope({
      recipientPublicKey: rsa.publicKey,
      plaintext: randomBytes(16),
      contentEncoding: "primitive",
    });
    const content = encryptedContentInfo(built)[2] as asn1js.Primitive;
    expect(content.idBlock.isConstructed).toBe(false);
    expect(content.valueBlock.valueHexView.length).toBe(32);
  });

  it("accepts the key as SPKI bytes or as a private key object", () => {
    const spki = rsa.publicKey.export({ type: "spki", format: "der" });
    expect(
      buildRecipientEnvelope({ recipientPublicKey: spki, plaintext: Buffer.alloc(1) }).length,
    ).toBeGreaterThan(400);
    expect(
      buildRecipientEnvelope({ recipientPublicKey: rsa.privateKey, plaintext: Buffer.alloc(1) }).length,
    ).toBeGreaterThan(400);
  });

  it.each([
    [
      "an RSA key of 1024 bits",
      () => generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey,
      /at least 2048/,
    ],
    ["an EC key", () => generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey, /must be an RSA key/],
    ["bytes that are no SPKI", () => Buffer.from("junk"), /not a DER SubjectPublicKeyInfo/],
  ])("refuses %s", (_name, key, message) => {
    expect(() => buildRecipientEnvelope({ recipientPublicKey: key(), plaintext: Buffer.alloc(1) })).toThrow(
      message,
    );
  });

  it("refuses bad options, naming them", () => {
    const base = { recipientPublicKey: rsa.publicKey, plaintext: Buffer.alloc(1) };
    expect(() => buildRecipientEnvelope({ ...base, contentChunkSize: 0 })).toThrow(/contentChunkSize/);
    expect(() => buildRecipientEnvelope({ ...base, contentEncoding: "definite" as never })).toThrow(
      /contentEncoding/,
    );
    expect(() => buildRecipientEnvelope({ ...base, plaintext: "abc" as never })).toThrow(/plaintext/);
  });
});
