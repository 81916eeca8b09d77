/**
 * GenerateRandom (KMS API reference): NumberOfBytes 1..1024 (required by the service though not by the
 * model), CustomKeyStoreId 1..64 (a CONNECTED AWS_CLOUDHSM store), Recipient {KeyEncryptionAlgorithm
 * RSAES_OAEP_SHA_256, AttestationDocument 1..262144 bytes}. Answers `Plaintext`, or with a Recipient
 * `CiphertextForRecipient` and no Plaintext. Bytes come from node:crypto and are zeroed once encoded.
 */
import { randomBytes } from "node:crypto";
import { Problems } from "../protocol/constraints.js";
import {
  customKeyStoreInvalidState,
  customKeyStoreNotFound,
  unsupportedOperation,
  validation,
  validationMessage,
} from "../protocol/errors.js";
import { blob, integer, string, structure } from "../protocol/shapes.js";
import type { Operation } from "./operation.js";

export const MAX_ATTESTATION_DOCUMENT_BYTES = 262_144;

export const generateRandom: Operation = {
  name: "GenerateRandom",
  action: "kms:GenerateRandom",
  members: {
    NumberOfBytes: integer,
    CustomKeyStoreId: string,
    Recipient: structure({ KeyEncryptionAlgorithm: string, AttestationDocument: blob }),
  },
  run(input, context) {
    const numberOfBytes = input.NumberOfBytes as number | undefined;
    const storeId = input.CustomKeyStoreId as string | undefined;
    const recipient = input.Recipient as
      | { KeyEncryptionAlgorithm?: string; AttestationDocument?: Buffer }
      | undefined;
    const problems = new Problems();
    problems.range("numberOfBytes", numberOfBytes, 1, 1024);
    problems.length("customKeyStoreId", storeId, 1, 64);
    problems.enumeration("recipient.keyEncryptionAlgorithm", recipient?.KeyEncryptionAlgorithm, [
      "RSAES_OAEP_SHA_256",
    ]);
    problems.length(
      "recipient.attestationDocument",
      recipient?.AttestationDocument,
      1,
      MAX_ATTESTATION_DOCUMENT_BYTES,
    );
    if (problems.list.length > 0) throw validation(problems.list);
    if (numberOfBytes === undefined) throw validationMessage("NumberOfBytes is required.");
    if (recipient !== undefined) {
      if (recipient.KeyEncryptionAlgorithm === undefined) {
        throw validationMessage("KeyEncryptionAlgorithm is required when Recipient is specified.");
      }
      if (recipient.AttestationDocument === undefined) {
        throw validationMessage("AttestationDocument is required when Recipient is specified.");
      }
    }
    if (storeId !== undefined) {
      const store = context.stores.get(storeId);
      if (store === undefined) throw customKeyStoreNotFound(storeId);
      if (store.type !== "AWS_CLOUDHSM") {
        throw unsupportedOperation(
          `GenerateRandom does not support custom key stores of type ${store.type}.`,
        );
      }
      if (store.connectionState !== "CONNECTED") {
        throw customKeyStoreInvalidState(
          `Custom key store ${storeId} is ${store.connectionState}. GenerateRandom requires a CONNECTED custom key store.`,
        );
      }
      context.takeStoreQuota(storeId);
    }
    const bytes = randomBytes(numberOfBytes);
    try {
      if (recipient?.AttestationDocument !== undefined) {
        const envelope = context.envelopeFor(recipient.AttestationDocument, bytes);
        context.countRandomBytes(numberOfBytes);
        return { CiphertextForRecipient: envelope.toString("base64") };
      }
      context.countRandomBytes(numberOfBytes);
      return { Plaintext: bytes.toString("base64") };
    } finally {
      bytes.fill(0);
    }
  },
};
