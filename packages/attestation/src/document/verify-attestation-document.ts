/**
 * Verifies a Nitro attestation document (aws-nitro-enclaves-nsm-api docs/attestation_process.md; the rules
 * of ../shared/facts/kms-and-nitro.md "Verifying an attestation document"):
 * 1. COSE_Sign1, tagged or not, protected header alg -35 (ES384), no critical headers;
 * 2. payload fields well-formed, `digest == "SHA384"`;
 * 3. the chain leaf → cabundle (reversed) → a root pinned by full DER, every certificate valid at the clock,
 *    ecdsa-with-SHA384 over P-384, CA flags, key usages and path lengths honoured;
 * 4. the ES384 signature over the Sig_structure verifies with the leaf key (raw r‖s, 96 bytes);
 * 5. for a recipient, `public_key` is an RSA SPKI of at least 2048 bits.
 */
import { Buffer } from "node:buffer";
import { type KeyObject, verify as verifySignature, type X509Certificate } from "node:crypto";
import { type Clock, readClock } from "../clock.js";
import { attestationFailed, invalidArgument } from "../errors.js";
import { awsNitroEnclavesRootG1 } from "../nitro-root.js";
import { readRecipientPublicKey } from "../recipient-key.js";
import { verifyCertificateChain } from "../x509/verify-chain.js";
import { type AttestationDocument, parseAttestationDocument } from "./attestation-document.js";
import { sigStructure } from "./cose-sign1.js";

const ES384_SIGNATURE_BYTES = 96;

export interface VerifyAttestationDocumentOptions {
  /**
   * Root certificates (DER bytes or PEM text) a chain may end at, each compared byte for byte with the
   * document's `cabundle[0]`. Default: the AWS Nitro Enclaves root G1 alone.
   */
  readonly trustedRoots?: readonly (Uint8Array | string)[];
  /** The time certificates must be valid at. Default: now. */
  readonly clock?: Clock;
  /**
   * Require `public_key` to be an RSA key a KMS Recipient can use (`true`: at least 2048 bits, or give the
   * minimum). Default false.
   */
  readonly requireRecipientKey?: boolean | { readonly minModulusBits: number };
}

export interface VerifiedAttestationDocument {
  readonly document: AttestationDocument;
  /** Whether the document carried CBOR tag 18. */
  readonly tagged: boolean;
  readonly leafCertificate: X509Certificate;
  /** The RSA key from `public_key`, when `requireRecipientKey` was set. */
  readonly recipientPublicKey: KeyObject | undefined;
}

export function verifyAttestationDocument(
  bytes: Uint8Array,
  options: VerifyAttestationDocumentOptions = {},
): VerifiedAttestationDocument {
  const trustedRoots = readTrustedRoots(options.trustedRoots);
  const now = readClock(options.clock);
  const { document, cose } = parseAttestationDocument(bytes);
  const chain = [document.certificate, ...[...document.cabundle].reverse()];
  const leafCertificate = verifyCertificateChain({ chain, trustedRoots, now });
  if (cose.signature.length !== ES384_SIGNATURE_BYTES) {
    throw attestationFailed("signature", `an ES384 signature is 96 bytes, got ${cose.signature.length}`);
  }
  const signed = verifySignature(
    "sha384",
    sigStructure(cose.protectedHeader, cose.payload),
    { key: leafCertificate.publicKey, dsaEncoding: "ieee-p1363" },
    cose.signature,
  );
  if (!signed) throw attestationFailed("signature", "the COSE_Sign1 signature does not verify");
  return {
    document,
    tagged: cose.tagged,
    leafCertificate,
    recipientPublicKey: readRecipientKey(document, options.requireRecipientKey),
  };
}

function readRecipientKey(
  document: AttestationDocument,
  requirement: VerifyAttestationDocumentOptions["requireRecipientKey"],
): KeyObject | undefined {
  if (requirement === undefined || requirement === false) return undefined;
  if (document.publicKey === undefined)
    throw attestationFailed("public-key", "the document has no public_key");
  const minBits = requirement === true ? undefined : requirement.minModulusBits;
  const result = readRecipientPublicKey(document.publicKey, minBits);
  if ("problem" in result) throw attestationFailed("public-key", result.problem);
  return result.key;
}

function readTrustedRoots(roots: VerifyAttestationDocumentOptions["trustedRoots"]): Buffer[] {
  if (roots === undefined) return [awsNitroEnclavesRootG1()];
  if (!Array.isArray(roots) || roots.length === 0) {
    throw invalidArgument("options.trustedRoots must be a non-empty array of DER bytes or PEM strings");
  }
  return roots.map((root, index) => {
    if (root instanceof Uint8Array) return Buffer.from(root);
    if (typeof root === "string") return pemToDer(root, index);
    throw invalidArgument(`options.trustedRoots[${index}] must be DER bytes or a PEM string`);
  });
}

function pemToDer(pem: string, index: number): Buffer {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (match?.[1] === undefined) {
    throw invalidArgument(`options.trustedRoots[${index}] is not a PEM certificate`);
  }
  return Buffer.from(match[1].replace(/\s+/g, ""), "base64");
}
