import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { RandomSourceError } from "@rngkit/core";
import { describe, expect, it } from "vitest";
import { fixture } from "../../test/fixtures.js";
import { buildRecipientEnvelope } from "./build-recipient-envelope.js";
import { decryptProblemOf } from "./decrypt-failed.js";
import { MAX_ENVELOPE_BYTES, parseRecipientEnvelope } from "./parse-recipient-envelope.js";

const expectedFields = JSON.parse(fixture("sdkc-cms-expected-fields.json").toString("utf8")) as Record<
  string,
  { encryptedKey: string; iv: string; encryptedContent: string }
>;
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });

/** The parse error for `bytes`: a DecryptFailed whose problem and message the test checks. */
function refusal(bytes: Uint8Array): RandomSourceError {
  try {
    parseRecipientEnvelope(bytes);
  } catch (error) {
    expect(RandomSourceError.is(error, "DecryptFailed"), String(error)).toBe(true);
    return error as RandomSourceError;
  }
  throw new Error("the envelope parsed");
}

/** `bytes` with the first occurrence of `find` (after `from`) replaced by `replace`. */
function patched(bytes: Buffer, find: string, replace: string, from = 0): Buffer {
  const needle = Buffer.from(find, "hex");
  const at = bytes.indexOf(needle, from);
  expect(at, `${find} not found`).toBeGreaterThanOrEqual(0);
  const copy = Buffer.from(bytes);
  Buffer.from(replace, "hex").copy(copy, at);
  return copy;
}

const OID = {
  sha256: "0609608648016503040201",
  aes256Cbc: "060960864801650304012a",
  rsaesOaep: "06092a864886f70d010107",
  mgf1: "06092a864886f70d010108",
  data: "06092a864886f70d010701",
} as const;

describe("parseRecipientEnvelope: known answers", () => {
  it.each(Object.entries(expectedFields))(
    "reads the aws-sdk-c vector %s to its expected fields",
    (name, fields) => {
      const envelope = parseRecipientEnvelope(fixture(name));
      expect(envelope.encryptedKey.toString("hex")).toBe(fields.encryptedKey);
      expect(envelope.iv.toString("hex")).toBe(fields.iv);
      expect(envelope.encryptedContent.toString("hex")).toBe(fields.encryptedContent);
      expect(envelope.contentEncoding).toBe(name.includes("primitive") ? "primitive" : "constructed");
      expect(envelope.keyEncryptionAlgorithm).toBe("RSAES_OAEP_SHA_256");
      expect(envelope.contentEncryptionAlgorithm).toBe("AES_256_CBC");
      expect(envelope.recipientKeyIdentifier.byteLength).toBe(32);
    },
  );

  it("reads the genuine KMS blob's rid as the SHA-256 of its key's SPKI", () => {
    const key = createPrivateKey(fixture("kms-ciphertext-for-recipient.key.pem"));
    const spki = createPublicKey(key).export({ type: "spki", format: "der" });
    const envelope = parseRecipientEnvelope(fixture("kms-ciphertext-for-recipient.ber"));
    expect(envelope.recipientKeyIdentifier.equals(createHash("sha256").update(spki).digest())).toBe(true);
    expect(envelope.encryptedKey.byteLength).toBe(256);
    expect(envelope.contentEncoding).toBe("constructed");
  });

  it("joins constructed content segments in order", () => {
    const plaintext = randomBytes(1000);
    const chunked = buildRecipientEnvelope({
      recipientPublicKey: rsa.publicKey,
      plaintext,
      contentChunkSize: 17,
    });
    const whole = parseRecipientEnvelope(chunked).encryptedContent;
    expect(whole.byteLength).toBe(1008);
    expect(parseRecipientEnvelope(chunked).contentEncoding).toBe("constructed");
  });
});

describe("parseRecipientEnvelope: refusals name what they found", () => {
  const genuine = fixture("kms-ciphertext-for-recipient.ber");

  it.each([
    [
      "rsaEncryption instead of rsaesOaep",
      OID.rsaesOaep,
      "06092a864886f70d010101",
      "algorithm",
      /rsaesOaep, found rsaEncryption/,
    ],
    [
      "SHA-512 as the OAEP hash",
      OID.sha256,
      "0609608648016503040203",
      "algorithm",
      /the OAEP hash must be sha256, found sha512/,
    ],
    [
      "aes128-CBC content",
      OID.aes256Cbc,
      "0609608648016503040102",
      "algorithm",
      /aes256-CBC, found aes128-CBC/,
    ],
    [
      "a content type other than id-data",
      OID.data,
      "06092a864886f70d010702",
      "structure",
      /id-data, found 1\.2\.840\.113549\.1\.7\.2/,
    ],
  ] as const)("refuses %s", (_name, find, replace, problem, message) => {
    const error = refusal(patched(genuine, find, replace));
    expect(decryptProblemOf(error)).toBe(problem);
    expect(error.message).toMatch(message);
  });

  it("refuses SHA-384 in MGF1", () => {
    const mgfAt = genuine.indexOf(Buffer.from(OID.mgf1, "hex"));
    const error = refusal(patched(genuine, OID.sha256, "0609608648016503040202", mgfAt));
    expect(decryptProblemOf(error)).toBe("algorithm");
    expect(error.message).toMatch(/the MGF1 hash must be sha256, found sha384/);
  });

  it.each([
    [
      "EnvelopedData version 0",
      (b: Buffer) => patched(b, "020102", "020100"),
      "version",
      /EnvelopedData.version must be 2, found 0/,
    ],
    [
      "KeyTransRecipientInfo version 0",
      (b: Buffer) => patched(b, "020102", "020100", 20),
      "version",
      /KeyTransRecipientInfo.version must be 2, found 0/,
    ],
    ["a truncated envelope", (b: Buffer) => b.subarray(0, 300), "structure", /not well-formed BER/],
    [
      "trailing bytes",
      (b: Buffer) => Buffer.concat([b, Buffer.from([0])]),
      "structure",
      /1 bytes after its end/,
    ],
    ["an empty input", () => Buffer.alloc(0), "structure", /1 to 65536 bytes, found 0/],
    ["an oversized input", () => Buffer.alloc(MAX_ENVELOPE_BYTES + 1), "structure", /found 65537/],
    [
      "a SignedData content type",
      (b: Buffer) => patched(b, "06092a864886f70d010703", "06092a864886f70d010702"),
      "structure",
      /id-envelopedData/,
    ],
    [
      "a rid tagged [1] instead of [0]",
      (b: Buffer) => patched(b, "8020", "8120"),
      "recipient",
      /\[0\] subjectKeyIdentifier .*found \[1\] \(primitive\)/,
    ],
    [
      "recipientInfos that is not a SET",
      (b: Buffer) => patched(b, "3182", "3082"),
      "structure",
      /recipientInfos must be a SET/,
    ],
  ] as const)("refuses %s", (_name, change, problem, message) => {
    const error = refusal(change(genuine));
    expect(decryptProblemOf(error)).toBe(problem);
    expect(error.message).toMatch(message);
  });

  it("refuses anything that is not bytes", () => {
    expect(decryptProblemOf(refusal("abc" as unknown as Uint8Array))).toBe("structure");
  });
});
