/**
 * Every verification failure is a RandomSourceError with reason `AttestationFailed` and a `rule` in its
 * details naming the check that failed (see the README's table), so callers and kms-local can branch on
 * it without parsing messages. Messages name the rule and the offending field, never key material.
 */
import { RandomSourceError } from "@rngkit/core";

/** The `source` of errors raised by this package. */
export const ATTESTATION_SOURCE = "attestation";

/** Which check of an attestation document failed. */
export type AttestationRule =
  | "cose-structure"
  | "cose-algorithm"
  | "payload-structure"
  | "digest"
  | "certificate-structure"
  | "certificate-algorithm"
  | "certificate-validity"
  | "certificate-ca"
  | "certificate-path-length"
  | "certificate-key-usage"
  | "certificate-chain"
  | "untrusted-root"
  | "signature"
  | "public-key";

export function attestationFailed(
  rule: AttestationRule,
  message: string,
  cause?: unknown,
): RandomSourceError {
  return new RandomSourceError("AttestationFailed", `${ATTESTATION_SOURCE}: ${message}`, {
    source: ATTESTATION_SOURCE,
    details: { rule },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The rule a RandomSourceError from this package names, if any. */
export function attestationRuleOf(error: unknown): AttestationRule | undefined {
  if (!RandomSourceError.is(error, "AttestationFailed")) return undefined;
  const rule = error.details?.rule;
  return typeof rule === "string" ? (rule as AttestationRule) : undefined;
}

export function invalidArgument(message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${ATTESTATION_SOURCE}: ${message}`, {
    source: ATTESTATION_SOURCE,
  });
}
