import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { TestAttestationProvider } from "@rngkit/nitro";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enclaveSource } from "../src/enclave.js";

let kms: KmsLocal;
const attestation = new TestAttestationProvider();
beforeAll(async () => {
  kms = await startKmsLocal({ attestation: { trustedRoots: [attestation.rootCertificate] } });
});
afterAll(() => kms.close());

describe("the enclave flow against kms-local", () => {
  it("gets distinct bytes that only the enclave could decrypt, through the pool too", async () => {
    const { recipient, pooled } = enclaveSource(kms, attestation);
    const outputs = [
      await recipient.bytes(2048),
      ...(await Promise.all([pooled.bytes(32), pooled.bytes(32)])),
    ];
    expect(outputs.map((output) => output.byteLength)).toEqual([2048, 32, 32]);
    expect(new Set(outputs.map((output) => output.toString("hex"))).size).toBe(3);
    expect(recipient.mixesLocalEntropy).toBe(true);
    expect(kms.counters.get("GenerateRandom").requests).toBeGreaterThanOrEqual(2);
    await pooled.close();
    expect(recipient.closed).toBe(true);
  });

  it("fails closed when KMS does not trust the enclave's attestation", async () => {
    const stranger = new TestAttestationProvider();
    const { recipient } = enclaveSource(kms, stranger);
    const error = await recipient.bytes(16).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "RandomSourceError", reason: "InvalidArgument" });
    await recipient.close();
  });
});
