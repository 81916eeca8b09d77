/**
 * `--generate-cli-skeleton`: the request skeleton (JSON or YAML with each member's documentation), as
 * the aws CLI generates it from the KMS model, which has `Recipient` since 2023 (Debian's aws-cli 2.9
 * predates it and prints only the first two members). `output` prints a sample response with each
 * member's name as its value; aws-cli 2.9 fails there (its stub refuses a blob output).
 */

export const INPUT_SKELETON = {
  NumberOfBytes: 0,
  CustomKeyStoreId: "",
  Recipient: { KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256", AttestationDocument: null },
} as const;

export const YAML_INPUT_SKELETON = [
  "NumberOfBytes: 0  # The length of the random byte string.",
  "CustomKeyStoreId: '' # Generates the random byte string in the CloudHSM cluster that is associated with the specified CloudHSM key store.",
  "Recipient: # A signed attestation document from an Amazon Web Services Nitro enclave or NitroTPM, and the encryption algorithm to use with the public key in the attestation document.",
  "  KeyEncryptionAlgorithm: RSAES_OAEP_SHA_256  # The encryption algorithm that KMS should use with the public key for an Amazon Web Services Nitro Enclave or NitroTPM to encrypt plaintext values for the response. Valid values are: RSAES_OAEP_SHA_256.",
  "  AttestationDocument: !!binary '' # The attestation document for an Amazon Web Services Nitro Enclave or a NitroTPM.",
  "",
].join("\n");

export const OUTPUT_SAMPLE = {
  Plaintext: "Plaintext",
  CiphertextForRecipient: "CiphertextForRecipient",
} as const;

export function inputSkeletonJson(): string {
  return `${JSON.stringify(INPUT_SKELETON, null, 4)}\n`;
}
