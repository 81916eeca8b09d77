/**
 * Issues an X.509 v3 certificate (RFC 5280 §4.1) with ECDSA, built with @peculiar/asn1-x509 and signed with
 * node:crypto. Used by the test attestation authority (P-384, ecdsa-with-SHA384, like the Nitro PKI) and by
 * the self-signed TLS certificate helper (P-256).
 */
import { createHash, type KeyObject, randomBytes, sign } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  GeneralName,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  KeyIdentifier,
  KeyUsage,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import { OID_ECDSA_WITH_SHA256, OID_ECDSA_WITH_SHA384 } from "./oids.js";

/** Attribute type OIDs of the names used here (RFC 5280 Appendix A). */
const NAME_ATTRIBUTES = { C: "2.5.4.6", O: "2.5.4.10", OU: "2.5.4.11", CN: "2.5.4.3" } as const;

/** A distinguished name as ordered attribute pairs, e.g. `[["C", "US"], ["CN", "root"]]`. */
export type DistinguishedName = readonly (readonly [keyof typeof NAME_ATTRIBUTES, string])[];

export interface IssueCertificateOptions {
  readonly subject: DistinguishedName;
  /** Absent for a self-signed certificate. */
  readonly issuer?: { readonly name: DistinguishedName; readonly publicKey: KeyObject };
  readonly subjectPublicKey: KeyObject;
  /** The issuer's private key (the subject's own for a self-signed certificate). */
  readonly signingKey: KeyObject;
  readonly hash: "sha256" | "sha384";
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly ca: boolean;
  readonly pathLength?: number;
  /** KeyUsageFlags bits from @peculiar/asn1-x509. */
  readonly keyUsage: number;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

/** Returns the certificate's DER. */
export function issueCertificate(options: IssueCertificateOptions): Buffer {
  const signatureAlgorithm = new AlgorithmIdentifier({
    algorithm: options.hash === "sha384" ? OID_ECDSA_WITH_SHA384 : OID_ECDSA_WITH_SHA256,
  });
  const issuerKey = options.issuer?.publicKey ?? options.subjectPublicKey;
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(),
    signature: signatureAlgorithm,
    issuer: toName(options.issuer?.name ?? options.subject),
    validity: new Validity({ notBefore: options.notBefore, notAfter: options.notAfter }),
    subject: toName(options.subject),
    subjectPublicKeyInfo: AsnConvert.parse(spkiOf(options.subjectPublicKey), SubjectPublicKeyInfo),
    extensions: new Extensions(extensionsOf(options, issuerKey)),
  });
  const tbs = Buffer.from(AsnConvert.serialize(tbsCertificate));
  const signature = sign(options.hash, tbs, { key: options.signingKey, dsaEncoding: "der" });
  const certificate = new Certificate({
    tbsCertificate,
    signatureAlgorithm,
    signatureValue: toArrayBuffer(signature),
  });
  return Buffer.from(AsnConvert.serialize(certificate));
}

function extensionsOf(options: IssueCertificateOptions, issuerKey: KeyObject): Extension[] {
  const basic = new BasicConstraints({
    cA: options.ca,
    ...(options.pathLength === undefined ? {} : { pathLenConstraint: options.pathLength }),
  });
  const extensions = [
    extension(id_ce_basicConstraints, true, basic),
    extension(id_ce_keyUsage, true, new KeyUsage(options.keyUsage)),
    extension(
      id_ce_subjectKeyIdentifier,
      false,
      new SubjectKeyIdentifier(keyIdentifier(options.subjectPublicKey)),
    ),
    extension(
      id_ce_authorityKeyIdentifier,
      false,
      new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdentifier(issuerKey)) }),
    ),
  ];
  const names = [
    ...(options.dnsNames ?? []).map((dNSName) => new GeneralName({ dNSName })),
    ...(options.ipAddresses ?? []).map((iPAddress) => new GeneralName({ iPAddress })),
  ];
  if (names.length > 0)
    extensions.push(extension(id_ce_subjectAltName, false, new SubjectAlternativeName(names)));
  return extensions;
}

function extension(extnID: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function toName(name: DistinguishedName): Name {
  return new Name(
    name.map(
      ([type, value]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({
            type: NAME_ATTRIBUTES[type],
            value: new AttributeValue(type === "C" ? { printableString: value } : { utf8String: value }),
          }),
        ]),
    ),
  );
}

function spkiOf(key: KeyObject): Buffer {
  return key.export({ type: "spki", format: "der" });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (here of the whole SPKI, also allowed). */
function keyIdentifier(key: KeyObject): ArrayBuffer {
  return toArrayBuffer(createHash("sha1").update(spkiOf(key)).digest());
}

/** A positive 16-byte serial number (RFC 5280 §4.1.2.2). */
function serialNumber(): ArrayBuffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  return toArrayBuffer(serial);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}
