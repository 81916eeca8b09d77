import { createHash } from "node:crypto";
import { RandomSourceError } from "@rngkit/core";
import { describe, expect, it } from "vitest";
import {
  AWS_NITRO_ENCLAVES_ROOT_G1_SHA256,
  attestationRuleOf,
  awsNitroEnclavesRootG1,
  createTestAttestationAuthority,
  parseAttestationDocument,
  verifyAttestationDocument,
} from "../src/index.js";
import { fixture, realDocuments } from "./fixtures.js";

function ruleOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(RandomSourceError.is(error, "AttestationFailed")).toBe(true);
    return attestationRuleOf(error);
  }
  throw new Error("expected the verification to fail");
}

describe("the embedded AWS Nitro root G1", () => {
  it("is the fixture's DER, byte for byte, with the pinned SHA-256", () => {
    const root = awsNitroEnclavesRootG1();
    expect(root.equals(fixture("aws-nitro-enclaves-root-g1.der"))).toBe(true);
    expect(createHash("sha256").update(root).digest("hex")).toBe(AWS_NITRO_ENCLAVES_ROOT_G1_SHA256);
    expect(AWS_NITRO_ENCLAVES_ROOT_G1_SHA256).toBe(
      "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b",
    );
  });

  it("hands out a copy that callers cannot use to alter the pin", () => {
    awsNitroEnclavesRootG1().fill(0);
    expect(createHash("sha256").update(awsNitroEnclavesRootG1()).digest("hex")).toBe(
      AWS_NITRO_ENCLAVES_ROOT_G1_SHA256,
    );
  });
});

describe.each(realDocuments)("genuine document $name", (doc) => {
  it("verifies at its own timestamp against the AWS root", () => {
    const verified = verifyAttestationDocument(doc.bytes, { clock: doc.timestamp });
    expect(verified.tagged).toBe(false);
    expect(verified.document.moduleId).toBe(doc.moduleId);
    expect(verified.document.timestamp).toBe(doc.timestamp.getTime());
    expect(verified.document.digest).toBe("SHA384");
    expect(verified.document.pcrs.size).toBe(16);
    expect(verified.document.cabundle[0]?.equals(awsNitroEnclavesRootG1())).toBe(true);
    expect(verified.recipientPublicKey).toBeUndefined();
  });

  it("verifies up to the leaf's last second and fails one second after", () => {
    expect(() => verifyAttestationDocument(doc.bytes, { clock: doc.leafNotAfter })).not.toThrow();
    const later = new Date(doc.leafNotAfter.getTime() + 1000);
    expect(ruleOf(() => verifyAttestationDocument(doc.bytes, { clock: later }))).toBe("certificate-validity");
  });

  it("fails with today's clock (its leaf expired long ago)", () => {
    expect(ruleOf(() => verifyAttestationDocument(doc.bytes))).toBe("certificate-validity");
  });

  it("fails before the leaf was issued", () => {
    const before = new Date(doc.timestamp.getTime() - 3_600_000);
    expect(ruleOf(() => verifyAttestationDocument(doc.bytes, { clock: before }))).toBe(
      "certificate-validity",
    );
  });

  it("fails with any single signature byte changed", () => {
    const { cose } = parseAttestationDocument(doc.bytes);
    const offset = doc.bytes.length - cose.signature.length;
    expect(doc.bytes.subarray(offset).equals(cose.signature)).toBe(true);
    for (let index = 0; index < cose.signature.length; index++) {
      const tampered = Buffer.from(doc.bytes);
      tampered[offset + index] = (tampered[offset + index] ?? 0) ^ 0x01;
      expect(
        ruleOf(() => verifyAttestationDocument(tampered, { clock: doc.timestamp })),
        `byte ${index}`,
      ).toBe("signature");
    }
  });

  it("fails with a payload byte changed (the module_id)", () => {
    const tampered = Buffer.from(doc.bytes);
    const at = tampered.indexOf(Buffer.from(doc.moduleId));
    tampered[at] = "j".charCodeAt(0);
    expect(ruleOf(() => verifyAttestationDocument(tampered, { clock: doc.timestamp }))).toBe("signature");
  });

  it("verifies when wrapped in COSE_Sign1 tag 18", () => {
    const tagged = Buffer.concat([Buffer.of(0xd2), doc.bytes]);
    expect(verifyAttestationDocument(tagged, { clock: doc.timestamp }).tagged).toBe(true);
  });

  it("fails when only another root is trusted", () => {
    const other = createTestAttestationAuthority();
    const run = () =>
      verifyAttestationDocument(doc.bytes, { clock: doc.timestamp, trustedRoots: [other.rootCertificate] });
    expect(ruleOf(run)).toBe("untrusted-root");
  });

  it("is not a usable KMS recipient document (no RSA public_key)", () => {
    const run = () =>
      verifyAttestationDocument(doc.bytes, { clock: doc.timestamp, requireRecipientKey: true });
    expect(ruleOf(run)).toBe("public-key");
  });
});

describe("document a and document b", () => {
  it("differ in payload map encoding: definite (a) and indefinite (b)", () => {
    const [a, b] = realDocuments.map((doc) => parseAttestationDocument(doc.bytes).cose.payload);
    expect(a?.[0]).toBe(0xa9); // map(9)
    expect(b?.[0]).toBe(0xbf); // map(*)
  });
});
