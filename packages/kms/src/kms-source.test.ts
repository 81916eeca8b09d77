import diagnosticsChannel from "node:diagnostics_channel";
import { KMSClient } from "@aws-sdk/client-kms";
import { RandomSourceError } from "@rngkit/core";
import { describeRandomSource, rejectionOf } from "@rngkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { useKmsLocal } from "../test/kms-local-fixture.js";
import type { KmsCallEvent, KmsRetryEvent } from "./events.js";
import { sendGenerateRandom } from "./generate-random-call.js";
import { KmsSource } from "./kms-source.js";
import { resolveRetryPolicy } from "./retry-policy.js";

const kms = useKmsLocal();
const fast = { minDelayMs: 1, maxDelayMs: 5 };

describeRandomSource(
  "KmsSource on kms-local",
  () => new KmsSource({ clientConfig: kms.clientConfig(), concurrency: 16 }),
);

afterEach(() => {
  kms.server.faults.clear();
  kms.server.counters.reset();
});

describe("KmsSource", () => {
  it("is named after its region and declares a 1024-byte, async, remote source", () => {
    const source = new KmsSource({ clientConfig: kms.clientConfig() });
    expect(source.name).toBe("kms:us-east-1");
    expect(source.capabilities).toEqual({ maxBytesPerCall: 1024, sync: false, remote: true });
  });

  it("makes ceil(n / 1024) GenerateRandom calls for n bytes", async () => {
    const source = new KmsSource({ clientConfig: kms.clientConfig() });
    await source.bytes(5000);
    const counters = kms.server.counters.get("GenerateRandom");
    expect(counters.requests).toBe(5);
    expect(counters.randomBytes).toBe(5000);
  });

  it.each([1, 2, 4])(
    "makes exactly %i HTTP requests with maxAttempts %i when every attempt is throttled",
    async (n) => {
      kms.server.faults.set("GenerateRandom", { error: { type: "ThrottlingException" } });
      const source = new KmsSource({ clientConfig: kms.clientConfig(), retry: { ...fast, maxAttempts: n } });
      const error = await rejectionOf(source.bytes(16));
      expect(error.reason).toBe("Throttled");
      expect(error.retryable).toBe(true);
      expect(kms.server.counters.get("GenerateRandom").requests).toBe(n);
    },
  );

  it("retries throttling, 5xx, dependency timeouts and resets, then serves", async () => {
    kms.server.faults.set("GenerateRandom", {
      sequence: ["ThrottlingException", "KMSInternalException", "DependencyTimeoutException", "reset", "ok"],
    });
    const source = new KmsSource({ clientConfig: kms.clientConfig(), retry: { ...fast, maxAttempts: 5 } });
    expect((await source.bytes(32)).byteLength).toBe(32);
    expect(kms.server.counters.get("GenerateRandom").requests).toBe(5);
  });

  it.each([
    ["ThrottlingException", "Throttled", true],
    ["DependencyTimeoutException", "Unavailable", true],
    ["KMSInternalException", "Unavailable", true],
    ["AccessDeniedException", "AccessDenied", false],
    ["UnsupportedOperationException", "Unsupported", false],
    ["CustomKeyStoreNotFoundException", "KeyStoreNotFound", false],
    ["CustomKeyStoreInvalidStateException", "KeyStoreInvalidState", false],
  ] as const)("maps kms-local's %s to %s (retried: %s)", async (type, reason, retried) => {
    kms.server.faults.set("GenerateRandom", { error: { type } });
    const source = new KmsSource({ clientConfig: kms.clientConfig(), retry: { ...fast, maxAttempts: 3 } });
    const error = await rejectionOf(source.bytes(8));
    expect(error.reason).toBe(reason);
    expect((error.cause as Error).name).toBe(type);
    expect(error.details?.requestId).toMatch(/.+/);
    expect(kms.server.counters.get("GenerateRandom").requests).toBe(retried ? 3 : 1);
  });

  it("maps a real ValidationException (NumberOfBytes 1025) to InvalidArgument without retrying", async () => {
    const client = new KMSClient({ ...kms.clientConfig(), maxAttempts: 1 });
    const error = await rejectionOf(
      sendGenerateRandom(
        client,
        { NumberOfBytes: 1025 },
        {
          source: "kms",
          retry: resolveRetryPolicy(fast, "kms"),
          timeoutMs: 5000,
        },
      ),
    );
    expect(error.reason).toBe("InvalidArgument");
    expect(error.message).toContain("Member must have value less than or equal to 1024");
    expect(kms.server.counters.get("GenerateRandom").requests).toBe(1);
    client.destroy();
  });

  it("maps wrong credentials to AccessDenied without retrying", async () => {
    const config = kms.clientConfig();
    const source = new KmsSource({
      clientConfig: {
        ...config,
        credentials: { accessKeyId: "AKIAWRONGWRONGWRONG0", secretAccessKey: "nope" },
      },
      retry: fast,
    });
    const error = await rejectionOf(source.bytes(8));
    expect(error.reason).toBe("AccessDenied");
    expect((error.cause as Error).name).toBe("UnrecognizedClientException");
  });

  it("abandons an attempt after timeoutMs as Timeout and retries it", async () => {
    kms.server.faults.set("GenerateRandom", { latency: { fixedMs: 400 } });
    const source = new KmsSource({
      clientConfig: kms.clientConfig(),
      timeoutMs: 50,
      retry: { ...fast, maxAttempts: 2 },
    });
    const error = await rejectionOf(source.bytes(8));
    expect(error.reason, error.message).toBe("Timeout");
    expect(error.message).toBe("kms:us-east-1: GenerateRandom took longer than 50 ms");
    expect(kms.server.counters.get("GenerateRandom").requests).toBe(2);
  });

  it("aborts a call in flight promptly with Aborted", async () => {
    kms.server.faults.set("GenerateRandom", { latency: { fixedMs: 5_000 } });
    const source = new KmsSource({ clientConfig: kms.clientConfig() });
    const controller = new AbortController();
    const pending = source.bytes(8, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user")), 30);
    const started = Date.now();
    const error = await rejectionOf(pending);
    expect(error.reason).toBe("Aborted");
    expect((error.cause as Error).message).toBe("user");
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("aborts during backoff with Aborted, making no further request", async () => {
    kms.server.faults.set("GenerateRandom", { error: { type: "ThrottlingException" } });
    const source = new KmsSource({
      clientConfig: kms.clientConfig(),
      retry: { minDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    const controller = new AbortController();
    const pending = source.bytes(8, { signal: controller.signal });
    setTimeout(() => controller.abort("stop"), 100);
    const error = await rejectionOf(pending);
    expect(error.reason).toBe("Aborted");
    expect(error.cause).toBe("stop");
    expect(kms.server.counters.get("GenerateRandom").requests).toBe(1);
  });

  it("rejects calls in flight with Closed on close() and destroys the client it built", async () => {
    kms.server.faults.set("GenerateRandom", { latency: { fixedMs: 5_000 } });
    const source = new KmsSource({ clientConfig: kms.clientConfig() });
    const pending = source.bytes(8);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await source.close();
    expect((await rejectionOf(pending)).reason).toBe("Closed");
  });

  it("leaves a caller's client usable after close()", async () => {
    const client = new KMSClient({ ...kms.clientConfig(), maxAttempts: 1 });
    const first = new KmsSource({ client });
    await first.bytes(8);
    await first.close();
    expect((await new KmsSource({ client }).bytes(8)).byteLength).toBe(8);
    client.destroy();
  });

  it("publishes call, retry and throttle events with no bytes in them", async () => {
    const seen: { channel: string; message: unknown }[] = [];
    const listeners = ["call", "retry", "throttle"].map((name) => {
      const listener = (message: unknown) => seen.push({ channel: name, message });
      diagnosticsChannel.subscribe(`rngkit:kms:${name}`, listener);
      return () => diagnosticsChannel.unsubscribe(`rngkit:kms:${name}`, listener);
    });
    try {
      kms.server.faults.set("GenerateRandom", { sequence: ["ThrottlingException", "ok"] });
      const source = new KmsSource({ clientConfig: kms.clientConfig(), retry: fast });
      const output = await source.bytes(32);
      const calls = seen
        .filter((event) => event.channel === "call")
        .map((event) => event.message as KmsCallEvent);
      expect(calls.map(({ attempt, error, byteLength }) => ({ attempt, error, byteLength }))).toEqual([
        { attempt: 1, error: "Throttled", byteLength: 32 },
        { attempt: 2, error: undefined, byteLength: 32 },
      ]);
      const retry = seen.find((event) => event.channel === "retry")?.message as KmsRetryEvent | undefined;
      expect(retry?.reason).toBe("Throttled");
      expect(seen.filter((event) => event.channel === "throttle")).toHaveLength(1);
      const everything = JSON.stringify(seen);
      expect(everything).not.toContain(output.toString("base64"));
      expect(everything).not.toContain(output.subarray(0, 8).toString("hex"));
    } finally {
      for (const unsubscribe of listeners) unsubscribe();
    }
  });

  it.each([
    [{ concurrency: 0 }, "kms:us-east-1: concurrency must be a positive integer, got 0"],
    [{ timeoutMs: -5 }, "kms:us-east-1: timeoutMs must be a positive integer, got -5"],
    [{ retry: { maxAttempts: 0 } }, "kms:us-east-1: retry.maxAttempts must be an integer >= 1, got 0"],
    [
      { clientConfig: { region: "us-east-1", maxAttempts: 3 } },
      "kms:us-east-1: clientConfig.maxAttempts is not accepted",
    ],
  ])("refuses bad options %j with a message naming the option", (options, message) => {
    let error: unknown;
    try {
      new KmsSource({ clientConfig: { region: "us-east-1" }, ...(options as object) });
    } catch (caught) {
      error = caught;
    }
    expect(RandomSourceError.is(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
