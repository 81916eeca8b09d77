/**
 * Interop: envelopes made independently by `openssl cms -encrypt` (RSA-OAEP SHA-256 via -keyopt, -keyid,
 * AES-256-CBC, DER and streamed BER) decrypt with decryptCiphertextForRecipient. OpenSSL's -keyid writes the
 * certificate's subjectKeyIdentifier, SHA-1 of the key by default, so the certificate here carries
 * subjectKeyIdentifier = SHA-256 of its SPKI, the identifier KMS uses.
 */
import { execFileSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RandomSourceError } from "@rngkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { decryptCiphertextForRecipient, decryptProblemOf, parseRecipientEnvelope } from "../src/index.js";

const directory = mkdtempSync(join(tmpdir(), "rngkit-cms-decrypt-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const path = (name: string) => join(directory, name);

function openssl(...args: string[]): Buffer {
  return execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });
}

openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path("key.pem"));
const privateKey = createPrivateKey(readFileSync(path("key.pem")));
const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
const skiSha256 = createHash("sha256")
  .update(spki)
  .digest("hex")
  .replace(/(..)(?!$)/g, "$1:");
const certificate = (name: string, extra: string[]) =>
  openssl(
    "req",
    "-new",
    "-x509",
    "-key",
    path("key.pem"),
    "-subj",
    "/CN=enclave",
    "-days",
    "1",
    ...extra,
    "-out",
    path(name),
  );
certificate("cert-sha256-ski.pem", ["-addext", `subjectKeyIdentifier=${skiSha256}`]);
certificate("cert-default-ski.pem", []);

const OAEP_SHA256 = [
  "-keyopt",
  "rsa_padding_mode:oaep",
  "-keyopt",
  "rsa_oaep_md:sha256",
  "-keyopt",
  "rsa_mgf1_md:sha256",
];

function encrypt(
  plaintext: Buffer,
  options: { cert?: string; stream?: boolean; args?: string[] } = {},
): Buffer {
  const name = `in-${randomBytes(4).toString("hex")}`;
  writeFileSync(path(name), plaintext);
  return openssl(
    "cms",
    "-encrypt",
    "-binary",
    "-in",
    path(name),
    "-recip",
    path(options.cert ?? "cert-sha256-ski.pem"),
    ...(options.args ?? ["-keyid", "-aes-256-cbc", ...OAEP_SHA256]),
    ...(options.stream ? ["-stream"] : []),
    "-outform",
    "DER",
  );
}

function refusal(envelope: Buffer): RandomSourceError {
  try {
    decryptCiphertextForRecipient(envelope, privateKey);
  } catch (error) {
    expect(RandomSourceError.is(error, "DecryptFailed"), String(error)).toBe(true);
    return error as RandomSourceError;
  }
  throw new Error("the envelope decrypted");
}

describe("decrypting what openssl cms -encrypt makes", () => {
  it("is given a certificate whose subjectKeyIdentifier is the SHA-256 of its SPKI", () => {
    const text = openssl(
      "x509",
      "-in",
      path("cert-sha256-ski.pem"),
      "-noout",
      "-ext",
      "subjectKeyIdentifier",
    );
    expect(text.toString("utf8").toLowerCase()).toContain(skiSha256);
  });

  it.each([
    ["DER (definite lengths)", 32, false],
    ["DER, 1 byte", 1, false],
    ["DER, 1024 bytes", 1024, false],
    ["streamed BER (indefinite lengths, content in chunks)", 32, true],
    ["streamed BER, 1024 bytes", 1024, true],
    ["streamed BER, 16 bytes (a whole block of padding)", 16, true],
  ] as const)("decrypts %s", (_name, size, stream) => {
    const plaintext = randomBytes(size);
    const envelope = encrypt(plaintext, { stream });
    expect(parseRecipientEnvelope(envelope).contentEncoding).toBe(stream ? "constructed" : "primitive");
    const decrypted = decryptCiphertextForRecipient(envelope, privateKey, { expectedLength: size });
    expect(decrypted.equals(plaintext)).toBe(true);
  });

  it("refuses a recipient named by OpenSSL's default SHA-1 subjectKeyIdentifier", () => {
    const error = refusal(encrypt(randomBytes(32), { cert: "cert-default-ski.pem" }));
    expect(decryptProblemOf(error)).toBe("recipient");
  });

  it("refuses PKCS#1 v1.5 key transport, naming it", () => {
    const error = refusal(encrypt(randomBytes(32), { args: ["-keyid", "-aes-256-cbc"] }));
    expect(decryptProblemOf(error)).toBe("algorithm");
    expect(error.message).toMatch(/rsaEncryption/);
  });

  it("refuses OAEP with its SHA-1 defaults", () => {
    const error = refusal(
      encrypt(randomBytes(32), { args: ["-keyid", "-aes-256-cbc", "-keyopt", "rsa_padding_mode:oaep"] }),
    );
    expect(decryptProblemOf(error)).toBe("algorithm");
    expect(error.message).toMatch(/SHA-1/);
  });

  it("refuses AES-128-CBC content, naming it", () => {
    const error = refusal(encrypt(randomBytes(32), { args: ["-keyid", "-aes-128-cbc", ...OAEP_SHA256] }));
    expect(error.message).toMatch(/aes128-CBC/);
  });

  it("refuses a recipient named by issuer and serial number (no -keyid)", () => {
    const error = refusal(encrypt(randomBytes(32), { args: ["-aes-256-cbc", ...OAEP_SHA256] }));
    expect(decryptProblemOf(error)).toBe("version");
    expect(error.message).toMatch(/EnvelopedData.version must be 2, found 0/);
  });
});
