/**
 * A test attestation authority: a P-384 root CA that issues a fresh leaf (valid about 3 hours, like a Nitro
 * leaf) for every document it signs. Documents are real ES384 COSE_Sign1 structures that
 * `verifyAttestationDocument` accepts when given `rootCertificate` as a trusted root — and that nothing
 * trusting only the AWS root accepts. For tests and demos: its keys live in memory, never on disk.
 */
import { Buffer } from "node:buffer";
import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { type Clock, readClock } from "../clock.js";
import { invalidArgument } from "../errors.js";
import { issueCertificate } from "../x509/issue-certificate.js";
import { toPem } from "../x509/self-signed-tls-certificate.js";
import { encodeSignedDocument } from "./encode-document.js";

const HOUR_MS = 3_600_000;

export interface TestAttestationAuthorityOptions {
  /** The authority's notion of now: document timestamps and certificate validity start from it. */
  readonly clock?: Clock;
  /** module_id of the documents. Default "i-0123456789abcdef0-enc0123456789abcdef". */
  readonly moduleId?: string;
  /** Leaf validity. Default 3 hours. */
  readonly leafValidityMs?: number;
  /** Root common name. Default "rngkit test attestation root". */
  readonly rootCommonName?: string;
}

export interface AttestOptions {
  /** The enclave's public key: SPKI DER bytes or a KeyObject. KMS requires RSA ≥ 2048 bits. */
  readonly publicKey?: Uint8Array | KeyObject;
  readonly userData?: Uint8Array;
  readonly nonce?: Uint8Array;
  /** PCR values by index (48 bytes each for SHA-384). Default: PCRs 0..15, all zero. */
  readonly pcrs?: ReadonlyMap<number, Uint8Array> | Readonly<Record<number, Uint8Array>>;
  /** Default: the authority's clock. */
  readonly timestamp?: Date | number;
  /** Wrap in CBOR tag 18. Default false (the NSM emits untagged documents). */
  readonly tagged?: boolean;
  /** Encode the payload map with an indefinite length. Default false. */
  readonly indefiniteLengthMaps?: boolean;
}

export interface TestAttestationAuthority {
  /** The root certificate (DER) to trust, e.g. `trustedRoots: [authority.rootCertificate]`. */
  readonly rootCertificate: Buffer;
  readonly rootCertificatePem: string;
  /** Signs a new attestation document (COSE_Sign1 bytes). */
  attest(options?: AttestOptions): Buffer;
}

export function createTestAttestationAuthority(
  options: TestAttestationAuthorityOptions = {},
): TestAttestationAuthority {
  const rootKeys = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const rootName = [
    ["C", "US"],
    ["O", "rngkit"],
    ["CN", options.rootCommonName ?? "rngkit test attestation root"],
  ] as const;
  const created = readClock(options.clock);
  const rootCertificate = issueCertificate({
    subject: rootName,
    subjectPublicKey: rootKeys.publicKey,
    signingKey: rootKeys.privateKey,
    hash: "sha384",
    notBefore: new Date(created.getTime() - 24 * HOUR_MS),
    notAfter: new Date(created.getTime() + 30 * 365 * 24 * HOUR_MS),
    ca: true,
    pathLength: 0,
    keyUsage: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature,
  });
  const moduleId = options.moduleId ?? "i-0123456789abcdef0-enc0123456789abcdef";
  const leafValidityMs = options.leafValidityMs ?? 3 * HOUR_MS;

  function attest(attestOptions: AttestOptions = {}): Buffer {
    const now = readClock(options.clock);
    const timestamp = readTimestamp(attestOptions.timestamp, now);
    const leafKeys = generateKeyPairSync("ec", { namedCurve: "P-384" });
    const certificate = issueCertificate({
      subject: [
        ["C", "US"],
        ["O", "rngkit"],
        ["CN", `${moduleId}.test.nitro-enclaves`],
      ],
      issuer: { name: rootName, publicKey: rootKeys.publicKey },
      subjectPublicKey: leafKeys.publicKey,
      signingKey: rootKeys.privateKey,
      hash: "sha384",
      notBefore: new Date(timestamp - 60_000),
      notAfter: new Date(timestamp + leafValidityMs),
      ca: false,
      keyUsage: KeyUsageFlags.digitalSignature,
    });
    return encodeSignedDocument(
      {
        moduleId,
        timestamp,
        pcrs: readPcrs(attestOptions.pcrs),
        certificate,
        cabundle: [rootCertificate],
        publicKey: readPublicKey(attestOptions.publicKey),
        userData: attestOptions.userData,
        nonce: attestOptions.nonce,
      },
      leafKeys.privateKey,
      {
        tagged: attestOptions.tagged ?? false,
        indefiniteLengthMaps: attestOptions.indefiniteLengthMaps ?? false,
      },
    );
  }

  return {
    rootCertificate: Buffer.from(rootCertificate),
    rootCertificatePem: toPem(rootCertificate, "CERTIFICATE"),
    attest,
  };
}

function readTimestamp(value: Date | number | undefined, now: Date): number {
  const timestamp = value === undefined ? now.getTime() : value instanceof Date ? value.getTime() : value;
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0) {
    throw invalidArgument("attest: timestamp must be a positive integer of milliseconds or a Date");
  }
  return timestamp;
}

function readPublicKey(key: Uint8Array | KeyObject | undefined): Uint8Array | undefined {
  if (key === undefined) return undefined;
  if (key instanceof Uint8Array) return key;
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return publicKey.export({ type: "spki", format: "der" });
}

function readPcrs(pcrs: AttestOptions["pcrs"]): Map<number, Uint8Array> {
  if (pcrs === undefined) {
    return new Map(Array.from({ length: 16 }, (_, index) => [index, new Uint8Array(48)] as const));
  }
  const entries =
    pcrs instanceof Map
      ? [...pcrs]
      : Object.entries(pcrs).map(([key, value]) => [Number(key), value] as const);
  return new Map(entries);
}
