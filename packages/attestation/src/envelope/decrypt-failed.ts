/**
 * Errors of envelope decryption. Structural problems (shape, version, algorithm, recipient) name what was
 * found: they depend only on public bytes. Every failure that depends on the private key (the OAEP unwrap,
 * the content key's length, the CBC padding, the plaintext's length) gets the one message below and no
 * cause, so that nothing tells them apart: otherwise whoever relays the response could use the recipient
 * as a padding oracle (../shared/facts/kms-and-nitro.md, threat model; Bleichenbacher 1998, Vaudenay 2002).
 */
import { RandomSourceError } from "@rngkit/core";
import { ATTESTATION_SOURCE } from "../errors.js";

/** Which part of the envelope was refused, in `details.problem`. */
export type DecryptProblem = "structure" | "version" | "algorithm" | "recipient" | "decrypt";

/** The single message of every key-dependent failure. */
export const UNIFORM_DECRYPT_MESSAGE = `${ATTESTATION_SOURCE}: the envelope did not decrypt`;

export function decryptFailed(
  problem: Exclude<DecryptProblem, "decrypt">,
  message: string,
): RandomSourceError {
  return new RandomSourceError("DecryptFailed", `${ATTESTATION_SOURCE}: ${message}`, {
    source: ATTESTATION_SOURCE,
    details: { problem },
  });
}

/** The uniform failure: same message, same details, no cause, whatever went wrong. */
export function uniformDecryptFailure(): RandomSourceError {
  return new RandomSourceError("DecryptFailed", UNIFORM_DECRYPT_MESSAGE, {
    source: ATTESTATION_SOURCE,
    details: { problem: "decrypt" },
  });
}

/** The problem an envelope error names, if it is one. */
export function decryptProblemOf(error: unknown): DecryptProblem | undefined {
  if (!RandomSourceError.is(error, "DecryptFailed")) return undefined;
  const problem = error.details?.problem;
  return typeof problem === "string" ? (problem as DecryptProblem) : undefined;
}
