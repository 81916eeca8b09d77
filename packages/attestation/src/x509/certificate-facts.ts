/**
 * What the chain check needs from one certificate, read once: node:crypto's X509Certificate for names,
 * keys and signatures; @peculiar/asn1-x509 for what node does not expose (validity as dates, the
 * signature algorithm, basicConstraints' path length, keyUsage bits).
 */
import { X509Certificate } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  BasicConstraints,
  Certificate,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  KeyUsage,
  KeyUsageFlags,
} from "@peculiar/asn1-x509";
import { attestationFailed } from "../errors.js";

export interface CertificateFacts {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly signatureAlgorithm: string;
  /** undefined when the certificate has no basicConstraints extension. */
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | undefined } | undefined;
  /** undefined when the certificate has no keyUsage extension. */
  readonly keyUsage: number | undefined;
}

export { KeyUsageFlags };

export function readCertificate(der: Buffer, name: string): CertificateFacts {
  try {
    const x509 = new X509Certificate(der);
    const parsed = AsnConvert.parse(der, Certificate);
    const tbs = parsed.tbsCertificate;
    if (tbs.signature.algorithm !== parsed.signatureAlgorithm.algorithm) {
      throw new Error("the inner and outer signature algorithms differ");
    }
    let basicConstraints: CertificateFacts["basicConstraints"];
    let keyUsage: number | undefined;
    for (const extension of tbs.extensions ?? []) {
      if (extension.extnID === id_ce_basicConstraints) {
        const value = AsnConvert.parse(extension.extnValue, BasicConstraints);
        basicConstraints = { ca: value.cA, pathLength: value.pathLenConstraint };
      } else if (extension.extnID === id_ce_keyUsage) {
        keyUsage = AsnConvert.parse(extension.extnValue, KeyUsage).toNumber();
      }
    }
    return {
      der,
      x509,
      notBefore: tbs.validity.notBefore.getTime(),
      notAfter: tbs.validity.notAfter.getTime(),
      signatureAlgorithm: tbs.signature.algorithm,
      basicConstraints,
      keyUsage,
    };
  } catch (error) {
    throw attestationFailed("certificate-structure", `${name} is not a well-formed X.509 certificate`, error);
  }
}
