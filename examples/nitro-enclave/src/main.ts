/**
 * The enclave flow, runnable anywhere:   pnpm --filter @rngkit-examples/nitro-enclave start
 * kms-local plays KMS (it verifies the attestation document against the test authority's root and answers
 * with CiphertextForRecipient, never Plaintext); the "enclave" decrypts and mixes in its own entropy.
 */
import { startKmsLocal } from "@rngkit/kms-local";
import { TestAttestationProvider } from "@rngkit/nitro";
import { enclaveSource } from "./enclave.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const attestation = new TestAttestationProvider();
const kms = await startKmsLocal({ attestation: { trustedRoots: [attestation.rootCertificate] } });
const { recipient, pooled } = enclaveSource(kms, attestation);
try {
  const key = await recipient.bytes(32);
  const tokens = await Promise.all(Array.from({ length: 4 }, () => pooled.bytes(16)));
  console.log(
    JSON.stringify({ dataKeyBytes: key.byteLength, tokens: tokens.map((token) => token.toString("hex")) }),
  );
  const counters = kms.counters.get("GenerateRandom");
  console.error(
    `GenerateRandom calls with a Recipient: ${counters.requests}; attestation documents issued: ${attestation.documentsIssued}; ` +
      `key pairs generated: ${recipient.stats.keyPairsGenerated}; mixed with enclave entropy: ${recipient.mixesLocalEntropy}`,
  );
} finally {
  await pooled.close();
  await kms.close();
}
