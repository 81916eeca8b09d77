export type { Clock } from "./clock.js";
export {
  type AttestationDocument,
  type ParsedAttestationDocument,
  parseAttestationDocument,
} from "./document/attestation-document.js";
export { COSE_ALG_ES384, type CoseSign1 } from "./document/cose-sign1.js";
export {
  type VerifiedAttestationDocument,
  type VerifyAttestationDocumentOptions,
  verifyAttestationDocument,
} from "./document/verify-attestation-document.js";
export {
  type BuildRecipientEnvelopeOptions,
  buildRecipientEnvelope,
} from "./envelope/build-recipient-envelope.js";
export {
  type DecryptProblem,
  decryptProblemOf,
  UNIFORM_DECRYPT_MESSAGE,
} from "./envelope/decrypt-failed.js";
export {
  type DecryptRecipientEnvelopeOptions,
  decryptCiphertextForRecipient,
  decryptRecipientEnvelope,
} from "./envelope/decrypt-recipient-envelope.js";
export {
  OID_AES256_CBC,
  OID_DATA,
  OID_ENVELOPED_DATA,
  OID_MGF1,
  OID_P_SPECIFIED,
  OID_RSAES_OAEP,
  OID_SHA256,
} from "./envelope/oids.js";
export {
  MAX_ENVELOPE_BYTES,
  parseRecipientEnvelope,
  type RecipientEnvelope,
} from "./envelope/parse-recipient-envelope.js";
export { recipientKeyIdentifier } from "./envelope/recipient-key-identifier.js";
export type { RecipientPrivateKey } from "./envelope/recipient-private-key.js";
export { ATTESTATION_SOURCE, type AttestationRule, attestationRuleOf } from "./errors.js";
export { AWS_NITRO_ENCLAVES_ROOT_G1_SHA256, awsNitroEnclavesRootG1 } from "./nitro-root.js";
export { MIN_RECIPIENT_MODULUS_BITS } from "./recipient-key.js";
export {
  type AttestOptions,
  createTestAttestationAuthority,
  type TestAttestationAuthority,
  type TestAttestationAuthorityOptions,
} from "./test-authority/test-attestation-authority.js";
export {
  createSelfSignedTlsCertificate,
  type SelfSignedTlsCertificate,
  type SelfSignedTlsCertificateOptions,
} from "./x509/self-signed-tls-certificate.js";
