import { RandomSourceError } from "@rngkit/core";
import { describe, expect, it } from "vitest";
import { useKmsLocal } from "../test/kms-local-fixture.js";
import { KmsSource } from "./kms-source.js";

/** kms-local's clock runs 10 minutes ahead: every first request looks expired to it. */
const kms = useKmsLocal({ clock: () => Date.now() + 10 * 60_000 });

describe("clock skew", () => {
  it("is retried once: the SDK corrects its offset from the Date header and the retry succeeds", async () => {
    const source = new KmsSource({
      clientConfig: kms.clientConfig(),
      retry: { minDelayMs: 1, maxDelayMs: 5 },
    });
    expect((await source.bytes(16)).byteLength).toBe(16);
    expect(kms.server.counters.get("GenerateRandom").requests).toBe(2);
    await source.close();
  });

  it("fails as AccessDenied (clock skew) with maxAttempts 1", async () => {
    kms.server.counters.reset();
    const source = new KmsSource({ clientConfig: kms.clientConfig(), retry: { maxAttempts: 1 } });
    const error = await source.bytes(16).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "AccessDenied")).toBe(true);
    expect((error as Error).message).toContain("clock skew");
    expect(kms.server.counters.get("GenerateRandom").requests).toBe(1);
    await source.close();
  });
});
