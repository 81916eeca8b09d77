/**
 * The two algorithms KMS uses in CiphertextForRecipient, and nothing else (facts file; aws-nitro-enclaves-
 * sdk-c source/cms.c): RSAES-OAEP with SHA-256 and MGF1-SHA-256 and the empty label (RFC 8017 §A.2.1,
 * RFC 4055 §4.1), and AES-256-CBC with a 16-byte IV (RFC 3565 §4.1). Parameters of SHA-256 may be absent or
 * NULL (RFC 5754 §2: absent is preferred, NULL must be accepted); OpenSSL omits them, KMS sends NULL.
 */
import type * as asn1js from "asn1js";
import { describe, explicit, isContext, isNull, octets, oid, sequence } from "./ber-reader.js";
import { decryptFailed } from "./decrypt-failed.js";
import { OID_AES256_CBC, OID_MGF1, OID_P_SPECIFIED, OID_RSAES_OAEP, OID_SHA256 } from "./oids.js";

const NAMES: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.1": "rsaEncryption (PKCS#1 v1.5)",
  [OID_RSAES_OAEP]: "rsaesOaep",
  [OID_SHA256]: "sha256",
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
  [OID_MGF1]: "mgf1",
  [OID_AES256_CBC]: "aes256-CBC",
  "2.16.840.1.101.3.4.1.2": "aes128-CBC",
  "2.16.840.1.101.3.4.1.22": "aes192-CBC",
  "2.16.840.1.101.3.4.1.46": "aes256-GCM",
  "1.2.840.113549.3.7": "des-ede3-cbc",
};

function named(identifier: string): string {
  const name = NAMES[identifier];
  return name === undefined ? identifier : `${name} (${identifier})`;
}

function algorithm(node: asn1js.AsnType | undefined, what: string): [string, asn1js.AsnType | undefined] {
  const [identifier, parameters] = sequence(node, what, 1, 2);
  return [oid(identifier, `${what}.algorithm`), parameters];
}

/** SHA-256 with absent or NULL parameters. */
function sha256(node: asn1js.AsnType | undefined, what: string): void {
  const [identifier, parameters] = algorithm(node, what);
  if (identifier !== OID_SHA256) {
    throw decryptFailed("algorithm", `${what} must be sha256, found ${named(identifier)}`);
  }
  if (parameters !== undefined && !isNull(parameters)) {
    throw decryptFailed(
      "algorithm",
      `${what} parameters must be absent or NULL, found ${describe(parameters)}`,
    );
  }
}

/** keyEncryptionAlgorithm: rsaesOaep { [0] sha256, [1] mgf1 { sha256 }, [2] absent or pSpecified '' }. */
export function checkKeyEncryptionAlgorithm(node: asn1js.AsnType | undefined): void {
  const what = "keyEncryptionAlgorithm";
  const [identifier, parameters] = algorithm(node, what);
  if (identifier !== OID_RSAES_OAEP) {
    throw decryptFailed("algorithm", `${what} must be rsaesOaep, found ${named(identifier)}`);
  }
  // Absent fields take RFC 8017's defaults (SHA-1, MGF1-SHA-1), which KMS never uses: both must be given.
  if (parameters === undefined) {
    throw decryptFailed(
      "algorithm",
      "RSAES-OAEP-params are absent (their defaults are SHA-1 and MGF1-SHA-1)",
    );
  }
  const [hash, mask, label] = sequence(parameters, "RSAES-OAEP-params", 0, 3);
  if (hash === undefined || !isContext(hash, 0)) {
    const found = hash === undefined ? "nothing" : describe(hash);
    throw decryptFailed(
      "algorithm",
      `RSAES-OAEP-params must state hashAlgorithm [0] (the default is SHA-1), found ${found}`,
    );
  }
  sha256(explicit(hash, 0, "RSAES-OAEP-params.hashAlgorithm"), "the OAEP hash");
  if (mask === undefined || !isContext(mask, 1)) {
    const found = mask === undefined ? "nothing" : describe(mask);
    throw decryptFailed(
      "algorithm",
      `RSAES-OAEP-params must state maskGenAlgorithm [1] (the default is MGF1-SHA-1), found ${found}`,
    );
  }
  const [mgf, mgfHash] = algorithm(
    explicit(mask, 1, "RSAES-OAEP-params.maskGenAlgorithm"),
    "maskGenAlgorithm",
  );
  if (mgf !== OID_MGF1)
    throw decryptFailed("algorithm", `maskGenAlgorithm must be mgf1, found ${named(mgf)}`);
  sha256(mgfHash, "the MGF1 hash");
  if (label !== undefined) checkEmptyLabel(label);
}

function checkEmptyLabel(node: asn1js.AsnType): void {
  if (!isContext(node, 2)) {
    throw decryptFailed("structure", `RSAES-OAEP-params has an unexpected ${describe(node)}`);
  }
  const [source, value] = algorithm(
    explicit(node, 2, "RSAES-OAEP-params.pSourceAlgorithm"),
    "pSourceAlgorithm",
  );
  if (source !== OID_P_SPECIFIED) {
    throw decryptFailed("algorithm", `pSourceAlgorithm must be id-pSpecified, found ${named(source)}`);
  }
  if (octets(value, "the OAEP label").bytes.byteLength !== 0) {
    throw decryptFailed("algorithm", "the OAEP label must be empty");
  }
}

/** contentEncryptionAlgorithm: aes256-CBC with a 16-byte IV. Returns the IV. */
export function readContentEncryptionAlgorithm(node: asn1js.AsnType | undefined): Buffer {
  const what = "contentEncryptionAlgorithm";
  const [identifier, parameters] = algorithm(node, what);
  if (identifier !== OID_AES256_CBC) {
    throw decryptFailed("algorithm", `${what} must be aes256-CBC, found ${named(identifier)}`);
  }
  const iv = octets(parameters, "the AES-CBC IV").bytes;
  if (iv.byteLength !== 16) {
    throw decryptFailed("algorithm", `the AES-CBC IV must be 16 bytes, found ${iv.byteLength}`);
  }
  return iv;
}
