/**
 * The recipient's RSA private key, as a node:crypto KeyObject or PEM, with the identifier KMS names it by
 * (SHA-256 of its public key's SPKI DER). Problems are `InvalidArgument` and never quote the key.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { invalidArgument } from "../errors.js";
import { recipientKeyIdentifier } from "./recipient-key-identifier.js";

export type RecipientPrivateKey = KeyObject | string | Uint8Array;

export interface ReadPrivateKey {
  readonly key: KeyObject;
  readonly identifier: Buffer;
}

/**
 * Identifiers of keys seen before: exporting the SPKI costs about as much as half an RSA decryption, and a
 * KeyObject never changes, so each key's identifier is computed once (held weakly, dropped with the key).
 */
const identifiers = new WeakMap<KeyObject, Buffer>();

function identifierOf(key: KeyObject): Buffer {
  let identifier = identifiers.get(key);
  if (identifier === undefined) {
    identifier = recipientKeyIdentifier(key);
    identifiers.set(key, identifier);
  }
  return identifier;
}

export function readRecipientPrivateKey(privateKey: RecipientPrivateKey): ReadPrivateKey {
  let key: KeyObject;
  if (typeof privateKey === "string" || privateKey instanceof Uint8Array) {
    try {
      key = createPrivateKey({ key: Buffer.from(privateKey), format: "pem" });
    } catch {
      // The cause is left out: OpenSSL's message is harmless, but nothing about key input is kept.
      throw invalidArgument("privateKey is not a PEM private key");
    }
  } else if (
    typeof privateKey === "object" &&
    privateKey !== null &&
    typeof (privateKey as KeyObject).export === "function"
  ) {
    key = privateKey;
  } else {
    throw invalidArgument("privateKey must be a KeyObject or a PEM string");
  }
  if (key.type !== "private")
    throw invalidArgument(`privateKey must be a private key, got a ${key.type} key`);
  if (key.asymmetricKeyType !== "rsa") {
    throw invalidArgument(`privateKey must be an RSA key, got ${String(key.asymmetricKeyType)}`);
  }
  return { key, identifier: identifierOf(key) };
}
