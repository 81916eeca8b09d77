/**
 * A self-signed P-256 certificate for a local TLS server (kms-local's HTTPS mode). Clients trust it by
 * passing `certificatePem` as their CA. Not for production use.
 */
import { generateKeyPairSync } from "node:crypto";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { type Clock, readClock } from "../clock.js";
import { issueCertificate } from "./issue-certificate.js";

export interface SelfSignedTlsCertificateOptions {
  readonly commonName?: string;
  /** Default ["localhost"]. */
  readonly dnsNames?: readonly string[];
  /** Default ["127.0.0.1", "::1"]. */
  readonly ipAddresses?: readonly string[];
  /** Default 1 day. */
  readonly validityMs?: number;
  readonly clock?: Clock;
}

export interface SelfSignedTlsCertificate {
  readonly certificatePem: string;
  /** The private key; hand it to the TLS server only. */
  readonly privateKeyPem: string;
}

export function createSelfSignedTlsCertificate(
  options: SelfSignedTlsCertificateOptions = {},
): SelfSignedTlsCertificate {
  const now = readClock(options.clock);
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const der = issueCertificate({
    subject: [["CN", options.commonName ?? "kms-local"]],
    subjectPublicKey: publicKey,
    signingKey: privateKey,
    hash: "sha256",
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + (options.validityMs ?? 86_400_000)),
    ca: false,
    keyUsage: KeyUsageFlags.digitalSignature | KeyUsageFlags.keyAgreement,
    dnsNames: options.dnsNames ?? ["localhost"],
    ipAddresses: options.ipAddresses ?? ["127.0.0.1", "::1"],
  });
  return {
    certificatePem: toPem(der, "CERTIFICATE"),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

export function toPem(der: Uint8Array, label: string): string {
  const body = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
