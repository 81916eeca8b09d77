import { UNIFORM_DECRYPT_MESSAGE } from "@rngkit/attestation";

/** The uniform decryption error, as re-labelled by the source (`<name>: <message>`). */
export const UNIFORM_MESSAGE_PATTERN = new RegExp(
  `: ${UNIFORM_DECRYPT_MESSAGE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
);
