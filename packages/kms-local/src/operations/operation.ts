/** One KMS operation: its input members, the IAM action it needs, and what it does. */
import type { KmsError } from "../protocol/kms-error.js";
import type { Input, Members } from "../protocol/shapes.js";
import type { KeyStoreRegistry } from "../stores/key-store-registry.js";

export const OPERATION_NAMES = [
  "GenerateRandom",
  "DescribeCustomKeyStores",
  "CreateCustomKeyStore",
  "ConnectCustomKeyStore",
  "DisconnectCustomKeyStore",
  "DeleteCustomKeyStore",
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

export interface OperationContext {
  readonly stores: KeyStoreRegistry;
  /** Throws ThrottlingException when the store's request-rate quota is spent. */
  readonly takeStoreQuota: (storeId: string) => void;
  /** Answers a Recipient: verifies the attestation document and builds the envelope. */
  readonly envelopeFor: (attestationDocument: Buffer, plaintext: Buffer) => Buffer;
  /** Counts random bytes served. */
  readonly countRandomBytes: (count: number) => void;
}

export interface Operation {
  readonly name: OperationName;
  /** The IAM action a per-key permission list must grant, e.g. `kms:GenerateRandom`. */
  readonly action: string;
  readonly members: Members;
  run(input: Input, context: OperationContext): Record<string, unknown>;
}

export type { KmsError };
