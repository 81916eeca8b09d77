import { generateKeyPairSync } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { parseAttestationDocument } from "../document/attestation-document.js";
import { verifyAttestationDocument } from "../document/verify-attestation-document.js";
import { attestationRuleOf } from "../errors.js";
import { createTestAttestationAuthority } from "./test-attestation-authority.js";

const NOW = new Date("2031-05-01T12:00:00Z");
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });

function ruleOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return attestationRuleOf(error);
  }
  return "accepted";
}

describe("createTestAttestationAuthority", () => {
  const authority = createTestAttestationAuthority({ clock: NOW });
  const trust = { trustedRoots: [authority.rootCertificate], clock: NOW };

  it("signs documents that verify against its root, carrying the given fields", () => {
    const document = authority.attest({
      publicKey: rsa.publicKey,
      userData: Buffer.from("user"),
      nonce: Buffer.from("nonce"),
      pcrs: { 0: Buffer.alloc(48, 1), 8: Buffer.alloc(48, 8) },
    });
    const verified = verifyAttestationDocument(document, { ...trust, requireRecipientKey: true });
    expect(verified.document.userData?.toString()).toBe("user");
    expect(verified.document.nonce?.toString()).toBe("nonce");
    expect([...verified.document.pcrs.keys()]).toEqual([0, 8]);
    expect(verified.document.pcrs.get(8)?.equals(Buffer.alloc(48, 8))).toBe(true);
    expect(verified.document.timestamp).toBe(NOW.getTime());
    expect(verified.recipientPublicKey?.export({ type: "spki", format: "der" })).toEqual(
      rsa.publicKey.export({ type: "spki", format: "der" }),
    );
  });

  it("produces untagged definite documents by default, tagged or indefinite on request", () => {
    const plain = authority.attest();
    expect(plain[0]).toBe(0x84);
    expect(parseAttestationDocument(plain).cose.payload[0]).toBe(0xa9);
    const tagged = authority.attest({ tagged: true, indefiniteLengthMaps: true });
    expect(tagged[0]).toBe(0xd2);
    expect(parseAttestationDocument(tagged).cose.payload[0]).toBe(0xbf);
    expect(verifyAttestationDocument(tagged, trust).tagged).toBe(true);
  });

  it("accepts the public key as SPKI bytes, and the PEM root as a trusted root", () => {
    const spki = rsa.publicKey.export({ type: "spki", format: "der" });
    const document = authority.attest({ publicKey: spki });
    const verified = verifyAttestationDocument(document, {
      trustedRoots: [authority.rootCertificatePem],
      clock: NOW,
    });
    expect(verified.document.publicKey?.equals(spki)).toBe(true);
  });

  it("issues leaves that expire after 3 hours, like Nitro's", () => {
    const document = authority.attest();
    const later = new Date(NOW.getTime() + 3 * 3_600_000 + 1000);
    expect(ruleOf(() => verifyAttestationDocument(document, { ...trust, clock: later }))).toBe(
      "certificate-validity",
    );
  });

  it("is not trusted by a verifier that trusts only the AWS root", () => {
    expect(ruleOf(() => verifyAttestationDocument(authority.attest(), { clock: NOW }))).toBe(
      "untrusted-root",
    );
  });

  it("makes documents a recipient check refuses without an RSA key of 2048 bits", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const check = (document: Buffer) => () =>
      verifyAttestationDocument(document, { ...trust, requireRecipientKey: true });
    expect(ruleOf(check(authority.attest()))).toBe("public-key");
    expect(ruleOf(check(authority.attest({ publicKey: small.publicKey })))).toBe("public-key");
    expect(ruleOf(check(authority.attest({ publicKey: ec.publicKey })))).toBe("public-key");
    expect(ruleOf(check(authority.attest({ publicKey: Buffer.from("junk") })))).toBe("public-key");
    const demanding = () =>
      verifyAttestationDocument(authority.attest({ publicKey: rsa.publicKey }), {
        ...trust,
        requireRecipientKey: { minModulusBits: 3072 },
      });
    expect(ruleOf(demanding)).toBe("public-key");
  });

  it("follows its clock", () => {
    let now = NOW.getTime();
    const moving = createTestAttestationAuthority({ clock: () => now });
    now += 60_000;
    const { document } = parseAttestationDocument(moving.attest());
    expect(document.timestamp).toBe(NOW.getTime() + 60_000);
  });

  it("shows no key material when inspected or serialised", () => {
    const text = `${inspect(authority, { depth: 10, showHidden: true })}${JSON.stringify(authority)}`;
    expect(text).not.toMatch(/PRIVATE KEY|privateKey/);
  });
});
