import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { describe, expect, it } from "vitest";
import { attestationRuleOf } from "../errors.js";
import { type DistinguishedName, issueCertificate } from "./issue-certificate.js";
import { verifyCertificateChain } from "./verify-chain.js";

const NOW = new Date("2030-01-01T00:00:00Z");
const DAY = 86_400_000;
const CA_USAGE = KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign;

interface Node {
  readonly name: DistinguishedName;
  readonly keys: { publicKey: KeyObject; privateKey: KeyObject };
  readonly der: Buffer;
}

interface Spec {
  readonly ca?: boolean;
  readonly pathLength?: number;
  readonly keyUsage?: number;
  readonly hash?: "sha256" | "sha384";
  readonly curve?: "P-384" | "P-256";
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Sign with this key instead of the issuer's. */
  readonly forgeWith?: KeyObject;
}

function issue(cn: string, issuer: Node | undefined, spec: Spec = {}): Node {
  const keys = generateKeyPairSync("ec", { namedCurve: spec.curve ?? "P-384" });
  const name: DistinguishedName = [["CN", cn]];
  const der = issueCertificate({
    subject: name,
    ...(issuer === undefined ? {} : { issuer: { name: issuer.name, publicKey: issuer.keys.publicKey } }),
    subjectPublicKey: keys.publicKey,
    signingKey: spec.forgeWith ?? issuer?.keys.privateKey ?? keys.privateKey,
    hash: spec.hash ?? "sha384",
    notBefore: spec.notBefore ?? new Date(NOW.getTime() - DAY),
    notAfter: spec.notAfter ?? new Date(NOW.getTime() + DAY),
    ca: spec.ca ?? true,
    ...(spec.pathLength === undefined ? {} : { pathLength: spec.pathLength }),
    keyUsage: spec.keyUsage ?? CA_USAGE,
  });
  return { name, keys, der };
}

const leafSpec: Spec = { ca: false, keyUsage: KeyUsageFlags.digitalSignature };

/** root → intermediate → leaf, with one certificate's spec overridden. */
function chain(overrides: { root?: Spec; intermediate?: Spec; leaf?: Spec } = {}): {
  chain: Buffer[];
  root: Buffer;
} {
  const root = issue("root", undefined, { pathLength: 1, ...overrides.root });
  const intermediate = issue("intermediate", root, { pathLength: 0, ...overrides.intermediate });
  const leaf = issue("leaf", intermediate, { ...leafSpec, ...overrides.leaf });
  return { chain: [leaf.der, intermediate.der, root.der], root: root.der };
}

function ruleOf(
  built: { chain: Buffer[]; root: Buffer },
  now = NOW,
  trustedRoots = [built.root],
): string | undefined {
  try {
    verifyCertificateChain({ chain: built.chain, trustedRoots, now });
  } catch (error) {
    return attestationRuleOf(error);
  }
  return "accepted";
}

describe("verifyCertificateChain", () => {
  it("accepts a well-formed chain and returns the leaf", () => {
    const built = chain();
    const leaf = verifyCertificateChain({ chain: built.chain, trustedRoots: [built.root], now: NOW });
    expect(leaf.subject).toBe("CN=leaf");
  });

  it("pins the root by its full DER, not by name", () => {
    const built = chain();
    const impostor = issue("root", undefined, { pathLength: 1 });
    expect(ruleOf(built, NOW, [impostor.der])).toBe("untrusted-root");
  });

  it("refuses a chain whose root is not the last certificate", () => {
    const built = chain();
    expect(ruleOf({ chain: built.chain.slice(0, 2), root: built.root })).toBe("untrusted-root");
  });

  it("refuses an expired intermediate and a not-yet-valid leaf", () => {
    expect(ruleOf(chain({ intermediate: { notAfter: new Date(NOW.getTime() - 1000) } }))).toBe(
      "certificate-validity",
    );
    expect(ruleOf(chain({ leaf: { notBefore: new Date(NOW.getTime() + 1000) } }))).toBe(
      "certificate-validity",
    );
  });

  it("refuses an intermediate that is not a CA", () => {
    expect(ruleOf(chain({ intermediate: { ca: false } }))).toBe("certificate-ca");
  });

  it("refuses a leaf that is a CA", () => {
    expect(ruleOf(chain({ leaf: { ca: true } }))).toBe("certificate-ca");
  });

  it("enforces path length constraints", () => {
    expect(ruleOf(chain({ root: { pathLength: 0 } }))).toBe("certificate-path-length");
    expect(ruleOf(chain({ root: { pathLength: 1 }, intermediate: { pathLength: 0 } }))).toBe("accepted");
  });

  it("enforces key usage", () => {
    expect(ruleOf(chain({ intermediate: { keyUsage: KeyUsageFlags.digitalSignature } }))).toBe(
      "certificate-key-usage",
    );
    expect(ruleOf(chain({ leaf: { keyUsage: KeyUsageFlags.keyAgreement } }))).toBe("certificate-key-usage");
  });

  it("requires ecdsa-with-SHA384 and P-384 keys", () => {
    expect(ruleOf(chain({ leaf: { hash: "sha256" } }))).toBe("certificate-algorithm");
    expect(ruleOf(chain({ leaf: { curve: "P-256" } }))).toBe("certificate-algorithm");
  });

  it("refuses a certificate signed by a key other than its issuer's", () => {
    const stranger = generateKeyPairSync("ec", { namedCurve: "P-384" });
    expect(ruleOf(chain({ leaf: { forgeWith: stranger.privateKey } }))).toBe("certificate-chain");
  });

  it("refuses certificates out of order", () => {
    const built = chain();
    const [leaf, intermediate, root] = built.chain as [Buffer, Buffer, Buffer];
    expect(ruleOf({ chain: [intermediate, leaf, root], root })).not.toBe("accepted");
  });

  it("refuses bytes that are not a certificate", () => {
    const built = chain();
    expect(
      ruleOf({ chain: [Buffer.from("not a certificate"), ...built.chain.slice(1)], root: built.root }),
    ).toBe("certificate-structure");
  });
});
