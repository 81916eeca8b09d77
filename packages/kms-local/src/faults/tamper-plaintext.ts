/**
 * The `tamper` fault: a successful answer whose `Plaintext` is one byte short, one byte long, or missing.
 * Answers without a Plaintext (a Recipient's CiphertextForRecipient, other operations) pass unchanged.
 */
import { randomBytes } from "node:crypto";
import type { PlaintextTamper } from "./faults.js";

export function tamperPlaintext(result: object, tamper: PlaintextTamper): object {
  const plaintext = (result as { Plaintext?: unknown }).Plaintext;
  if (typeof plaintext !== "string") return result;
  if (tamper === "missing") {
    const { Plaintext: _dropped, ...rest } = result as { Plaintext: string };
    return rest;
  }
  const bytes = Buffer.from(plaintext, "base64");
  const changed = tamper === "short" ? bytes.subarray(0, -1) : Buffer.concat([bytes, randomBytes(1)]);
  const encoded = changed.toString("base64");
  bytes.fill(0);
  changed.fill(0);
  return { ...result, Plaintext: encoded };
}
