/**
 * Answers GenerateRandom's Recipient as KMS does: verify the attestation document (ES384 COSE_Sign1,
 * certificate chain to a trusted root at the server's clock, RSA public_key of at least 2048 bits; see
 * @rngkit/attestation), then encrypt the bytes to its `public_key` in KMS's CMS envelope. An invalid
 * document is a ValidationException naming the failed check (rngkit wording; AWS's is unrecorded).
 */
import type { KeyObject } from "node:crypto";
import { attestationRuleOf, buildRecipientEnvelope, verifyAttestationDocument } from "@rngkit/attestation";
import { RandomSourceError } from "@rngkit/core";
import { validationMessage } from "../protocol/errors.js";

export interface RecipientResponderOptions {
  readonly trustedRoots: () => readonly Buffer[];
  readonly now: () => number;
}

export function recipientResponder(
  options: RecipientResponderOptions,
): (document: Buffer, plaintext: Buffer) => Buffer {
  return (document, plaintext) => {
    let recipientPublicKey: KeyObject | undefined;
    try {
      recipientPublicKey = verifyAttestationDocument(document, {
        trustedRoots: options.trustedRoots(),
        clock: options.now,
        requireRecipientKey: true,
      }).recipientPublicKey;
    } catch (error) {
      const rule = attestationRuleOf(error);
      const detail = RandomSourceError.is(error) ? error.message.replace(/^attestation: /, "") : "unreadable";
      throw validationMessage(`The attestation document is not valid (${rule ?? "unknown"}): ${detail}`);
    }
    if (recipientPublicKey === undefined)
      throw validationMessage("The attestation document has no public key.");
    return buildRecipientEnvelope({ recipientPublicKey, plaintext });
  };
}
