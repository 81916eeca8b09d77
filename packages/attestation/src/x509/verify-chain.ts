/**
 * The certificate chain of an attestation document: leaf = `certificate`, then `cabundle` reversed, ending at
 * the root (aws-nitro-enclaves-nsm-api docs/attestation_process.md §3.2.3). Checked as RFC 5280 §6.1 path
 * validation restricted to what Nitro uses, plus the rules of ../shared/facts/kms-and-nitro.md:
 * - the root is pinned by its full DER (a `cabundle[0]` is trusted only if it equals a configured root);
 * - every certificate is within its validity period at the verifier's clock;
 * - every certificate is signed with ecdsa-with-SHA384 and carries a P-384 key;
 * - each certificate is issued by the next (names match, signature verifies);
 * - every issuer is a CA (basicConstraints cA), allows keyCertSign if it states a keyUsage, and its path
 *   length constraint admits the CA certificates below it; the leaf is not a CA and, if it states a
 *   keyUsage, allows digitalSignature.
 */
import type { X509Certificate } from "node:crypto";
import { attestationFailed } from "../errors.js";
import { type CertificateFacts, KeyUsageFlags, readCertificate } from "./certificate-facts.js";
import { OID_ECDSA_WITH_SHA384 } from "./oids.js";

export interface VerifyChainOptions {
  /** Leaf first, root last. */
  readonly chain: readonly Buffer[];
  readonly trustedRoots: readonly Buffer[];
  readonly now: Date;
}

/** Returns the leaf certificate when the whole chain holds; throws AttestationFailed otherwise. */
export function verifyCertificateChain({ chain, trustedRoots, now }: VerifyChainOptions): X509Certificate {
  const rootDer = chain.at(-1);
  if (rootDer === undefined || !trustedRoots.some((root) => root.equals(rootDer))) {
    throw attestationFailed("untrusted-root", "the chain does not end at a trusted root certificate");
  }
  const facts = chain.map((der, index) => readCertificate(der, certificateName(index, chain.length)));
  facts.forEach((certificate, index) => {
    const name = certificateName(index, chain.length);
    checkAlgorithm(certificate, name);
    checkValidity(certificate, name, now);
    if (index === 0) checkLeaf(certificate, name);
    else checkIssuer(certificate, name, index - 1);
  });
  facts.forEach((certificate, index) => {
    checkIssuedBy(certificate, facts[index + 1] ?? certificate, certificateName(index, chain.length));
  });
  const leaf = facts[0];
  if (leaf === undefined) throw attestationFailed("certificate-chain", "the chain is empty");
  return leaf.x509;
}

function certificateName(index: number, length: number): string {
  if (index === 0) return "the leaf certificate";
  return index === length - 1 ? "the root certificate" : `intermediate certificate ${index}`;
}

function checkAlgorithm(certificate: CertificateFacts, name: string): void {
  if (certificate.signatureAlgorithm !== OID_ECDSA_WITH_SHA384) {
    throw attestationFailed("certificate-algorithm", `${name} is not signed with ecdsa-with-SHA384`);
  }
  const key = certificate.x509.publicKey;
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "secp384r1") {
    throw attestationFailed("certificate-algorithm", `${name} does not carry a P-384 key`);
  }
}

function checkValidity(certificate: CertificateFacts, name: string, now: Date): void {
  const time = now.getTime();
  if (time < certificate.notBefore.getTime()) {
    throw attestationFailed(
      "certificate-validity",
      `${name} is not valid before ${certificate.notBefore.toISOString()} (now ${now.toISOString()})`,
    );
  }
  if (time > certificate.notAfter.getTime()) {
    throw attestationFailed(
      "certificate-validity",
      `${name} expired at ${certificate.notAfter.toISOString()} (now ${now.toISOString()})`,
    );
  }
}

function checkLeaf(certificate: CertificateFacts, name: string): void {
  if (certificate.basicConstraints?.ca === true) {
    throw attestationFailed("certificate-ca", `${name} is a CA certificate`);
  }
  if (certificate.keyUsage !== undefined && (certificate.keyUsage & KeyUsageFlags.digitalSignature) === 0) {
    throw attestationFailed("certificate-key-usage", `${name} does not allow digitalSignature`);
  }
}

/** `casBelow`: how many CA certificates sit between this issuer and the leaf (RFC 5280 §4.2.1.9). */
function checkIssuer(certificate: CertificateFacts, name: string, casBelow: number): void {
  const constraints = certificate.basicConstraints;
  if (constraints?.ca !== true) throw attestationFailed("certificate-ca", `${name} is not a CA certificate`);
  if (constraints.pathLength !== undefined && casBelow > constraints.pathLength) {
    throw attestationFailed(
      "certificate-path-length",
      `${name} allows ${constraints.pathLength} CA certificates below it, the chain has ${casBelow}`,
    );
  }
  if (certificate.keyUsage !== undefined && (certificate.keyUsage & KeyUsageFlags.keyCertSign) === 0) {
    throw attestationFailed("certificate-key-usage", `${name} does not allow keyCertSign`);
  }
}

function checkIssuedBy(certificate: CertificateFacts, issuer: CertificateFacts, name: string): void {
  if (!certificate.x509.checkIssued(issuer.x509)) {
    throw attestationFailed(
      "certificate-chain",
      `${name} is not issued by the next certificate of the chain`,
    );
  }
  if (!certificate.x509.verify(issuer.x509.publicKey)) {
    throw attestationFailed("certificate-chain", `the signature on ${name} does not verify`);
  }
}
