import { KMSClient } from "@aws-sdk/client-kms";
import { rejectionOf } from "@rngkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { useKmsLocal } from "../test/kms-local-fixture.js";
import { KmsSource } from "./kms-source.js";

/** The edges of the one retry layer (DESIGN invariant 5), each counted in requests on kms-local. */
const kms = useKmsLocal();
const fast = { minDelayMs: 1, maxDelayMs: 5 };
const requests = () => kms.server.counters.get("GenerateRandom").requests;

afterEach(() => {
  kms.server.faults.clear();
  kms.server.counters.reset();
});

describe("KmsSource retry budget", () => {
  it("starts no retry once maxElapsedMs has passed (0: one request, whatever maxAttempts says)", async () => {
    kms.server.faults.set("GenerateRandom", { error: { type: "ThrottlingException" } });
    const source = new KmsSource({
      clientConfig: kms.clientConfig(),
      retry: { ...fast, maxAttempts: 5, maxElapsedMs: 0 },
    });
    expect((await rejectionOf(source.bytes(16))).reason).toBe("Throttled");
    expect(requests()).toBe(1);
    await source.close();
  });

  it("retries a clock-skew error once, not twice", async () => {
    const skew = { type: "InvalidSignatureException", message: "Signature expired: 20261123T000000Z" };
    kms.server.faults.set("GenerateRandom", { sequence: [skew, skew, "ok"] });
    const source = new KmsSource({ clientConfig: kms.clientConfig(), retry: { ...fast, maxAttempts: 5 } });
    const error = await rejectionOf(source.bytes(16));
    expect(error.reason).toBe("AccessDenied");
    expect(error.message).toContain("clock skew");
    expect(requests()).toBe(2);
    await source.close();
  });

  it("multiplies with a caller's own client: its 3 SDK attempts inside each of rngkit's 2 make 6 requests", async () => {
    kms.server.faults.set("GenerateRandom", { error: { type: "KMSInternalException" } });
    const client = new KMSClient({ ...kms.clientConfig(), maxAttempts: 3 });
    const source = new KmsSource({ client, retry: { ...fast, maxAttempts: 2 } });
    expect((await rejectionOf(source.bytes(16))).reason).toBe("Unavailable");
    expect(requests()).toBe(6);
    await source.close();
    client.destroy();
  });
});

describe.each(["short", "long", "missing"] as const)(
  "a GenerateRandom answer with its Plaintext %s",
  (tamper) => {
    it("fails InvalidResponse at once, without retrying, serving nothing and naming no bytes", async () => {
      kms.server.faults.set("GenerateRandom", { tamper });
      const source = new KmsSource({ clientConfig: kms.clientConfig(), retry: { ...fast, maxAttempts: 4 } });
      const view = new Uint8Array(1024).fill(0xa5);
      const error = await rejectionOf(source.fill(view));
      expect(error.reason).toBe("InvalidResponse");
      expect(error.retryable).toBe(false);
      expect(error.cause).toBeUndefined();
      expect(error.message).toMatch(
        tamper === "missing" ? /no Plaintext/ : /for 1024 bytes returned (1023|1025)$/,
      );
      expect(view.every((byte) => byte === 0)).toBe(true);
      expect(requests()).toBe(1);
      kms.server.faults.clear();
      expect((await source.bytes(32)).byteLength).toBe(32);
      await source.close();
    });
  },
);
