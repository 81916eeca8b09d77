import { DescribeCustomKeyStoresCommand, GenerateRandomCommand } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { ADMIN_PREFIX } from "../src/index.js";
import { client, expectKmsError, raw, serviceError, signed, start } from "./helpers.js";

describe("fault injection", () => {
  it("injects an error with probability 1, never with probability 0", async () => {
    const server = await start({
      faults: { GenerateRandom: { error: { type: "KMSInternalException", probability: 1 } } },
    });
    const kms = client(server);
    await expectKmsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "KMSInternalException",
      "The request was rejected because an internal exception occurred. The request can be retried.",
      500,
    );
    await kms.send(new DescribeCustomKeyStoresCommand({}));
    server.faults.set("GenerateRandom", { error: { type: "KMSInternalException", probability: 0 } });
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    expect(server.counters.get("GenerateRandom").errors).toEqual({ KMSInternalException: 1 });
  });

  it("decides probabilities with the injected random source", async () => {
    const draws = [0.1, 0.9];
    const server = await start({
      random: () => draws.shift() ?? 0.99,
      faults: { "*": { error: { type: "DependencyTimeoutException", probability: 0.5 } } },
    });
    const kms = client(server);
    await expectKmsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "DependencyTimeoutException",
      undefined,
      503,
    );
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
  });

  it("plays a scripted sequence, then serves normally", async () => {
    const server = await start();
    server.faults.set("GenerateRandom", {
      sequence: [
        "ThrottlingException",
        { type: "CustomError", message: "custom", status: 418 },
        "ok",
        "reset",
      ],
    });
    const kms = client(server);
    await expectKmsError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })), "ThrottlingException");
    const custom = await serviceError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })));
    expect([custom.name, custom.message, custom.$metadata.httpStatusCode]).toEqual([
      "CustomError",
      "custom",
      418,
    ]);
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    const reset = await serviceError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })));
    expect(reset.$metadata?.httpStatusCode).toBeUndefined();
    expect(String((reset as Error & { code?: string }).code ?? reset.message)).toMatch(
      /ECONNRESET|socket hang up/,
    );
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    expect(server.counters.get("GenerateRandom")).toMatchObject({ requests: 5, resets: 1 });
  });

  it("delays answers and sends slow bodies that clients still read whole", async () => {
    const server = await start({
      faults: {
        GenerateRandom: {
          latency: { fixedMs: 20, jitterMs: 10 },
          slowBody: { chunkBytes: 7, intervalMs: 2 },
        },
      },
    });
    const { Plaintext } = await client(server).send(new GenerateRandomCommand({ NumberOfBytes: 100 }));
    expect(Plaintext?.length).toBe(100);
    server.faults.clear();
    expect(server.faults.list()).toEqual({});
  });

  it("delays many requests at once without a MaxListenersExceededWarning", async () => {
    // Every delayed answer listens on the server's closing signal until it is sent: 11 or more at once
    // used to print "Possible EventTarget memory leak detected" (found by test/reliability).
    const server = await start({ faults: { GenerateRandom: { latency: { fixedMs: 30 } } } });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const kms = client(server);
      const answers = await Promise.all(
        Array.from({ length: 24 }, () => kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }))),
      );
      expect(answers.every((answer) => answer.Plaintext?.length === 8)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((warning) => warning.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("checks fault specs where they enter", async () => {
    const server = await start();
    expect(() => server.faults.set("GenerateRandom", { error: { type: "X", probability: 2 } })).toThrow(
      /probability must be a number from 0 to 1/,
    );
    expect(() => server.faults.set("GenerateRandom", { error: { type: "not a name" } })).toThrow(
      /type must be an exception name/,
    );
    expect(() => server.faults.set("GenerateRandom", { latency: { fixedMs: -1 } })).toThrow(
      /latency.fixedMs/,
    );
  });

  it.each(["short", "long", "missing"] as const)(
    "tampers with a successful answer's Plaintext (%s), for testing clients' length checks",
    async (tamper) => {
      const server = await start({ faults: { GenerateRandom: { tamper } } });
      const output = await client(server).send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
      const expected = { short: 31, long: 33, missing: undefined }[tamper];
      expect(output.Plaintext?.byteLength).toBe(expected);
      expect(server.counters.get("GenerateRandom").randomBytes).toBe(32);
    },
  );

  it("refuses an unknown tamper", async () => {
    const server = await start();
    expect(() => server.faults.set("GenerateRandom", { tamper: "reversed" as "short" })).toThrowError(
      "faults[GenerateRandom].tamper must be one of short, long, missing",
    );
  });

  it("counts every response byte when answers overlap", async () => {
    const server = await start({ faults: { GenerateRandom: { latency: { fixedMs: 20 } } } });
    const kms = client(server);
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 16 }));
    const one = server.counters.get("GenerateRandom").responseBytes;
    server.counters.reset();
    await Promise.all(
      Array.from({ length: 20 }, () => kms.send(new GenerateRandomCommand({ NumberOfBytes: 16 }))),
    );
    expect(server.counters.get("GenerateRandom").responseBytes).toBe(20 * one);
  });
});

describe("the admin route", () => {
  const admin = (path: string, token: string | undefined, method = "GET", body?: unknown) => ({
    method,
    path: `${ADMIN_PREFIX}${path}`,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

  it("requires the token", async () => {
    const server = await start();
    expect((await raw(server, admin("counters", undefined))).status).toBe(403);
    expect((await raw(server, admin("counters", "wrong-token-value"))).status).toBe(403);
    expect((await raw(server, admin("counters", server.adminToken))).status).toBe(200);
  });

  it("cannot be reached by a KMS request, signed or not", async () => {
    const server = await start();
    const request = await signed(server, { target: "TrentService.GenerateRandom" });
    const toAdmin = { ...request, path: `${ADMIN_PREFIX}faults/GenerateRandom`, method: "PUT" };
    expect((await raw(server, toAdmin)).status).toBe(400);
    const withToken = {
      ...toAdmin,
      headers: { ...toAdmin.headers, "x-kms-local-admin-token": server.adminToken },
    };
    expect((await raw(server, withToken)).status).toBe(400);
    expect(server.faults.list()).toEqual({});
  });

  it("sets faults, quotas and store states, and reads and resets counters", async () => {
    const server = await start({ customKeyStores: [{ id: "cks-0123456789abcdef0", name: "hsm" }] });
    const kms = client(server);
    const token = server.adminToken;
    expect(
      (
        await raw(
          server,
          admin("faults/GenerateRandom", token, "PUT", { error: { type: "ThrottlingException" } }),
        )
      ).status,
    ).toBe(200);
    await expectKmsError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })), "ThrottlingException");
    expect((await raw(server, admin("faults", token, "DELETE"))).status).toBe(200);
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    const counters = JSON.parse((await raw(server, admin("counters", token))).body);
    expect(counters.GenerateRandom).toMatchObject({
      requests: 2,
      randomBytes: 8,
      errors: { ThrottlingException: 1 },
    });
    await raw(server, admin("counters/reset", token, "POST"));
    expect(server.counters.snapshot()).toEqual({});
    const quotas = JSON.parse(
      (await raw(server, admin("quotas", token, "PUT", { accountRequestsPerSecond: 5 }))).body,
    );
    expect(quotas).toEqual({
      accountRequestsPerSecond: 5,
      customKeyStoreRequestsPerSecond: 1800,
      burstSeconds: 1,
    });
    const store = await raw(
      server,
      admin("stores/cks-0123456789abcdef0/state", token, "PUT", {
        state: "FAILED",
        errorCode: "NETWORK_ERRORS",
      }),
    );
    expect(JSON.parse(store.body)).toMatchObject({
      ConnectionState: "FAILED",
      ConnectionErrorCode: "NETWORK_ERRORS",
    });
    const added = await raw(
      server,
      admin("stores", token, "POST", { name: "added", connectionState: "DISCONNECTED" }),
    );
    expect(JSON.parse(added.body)).toMatchObject({
      CustomKeyStoreName: "added",
      ConnectionState: "DISCONNECTED",
    });
    const bad = await raw(
      server,
      admin("faults/GenerateRandom", token, "PUT", { error: { type: "X", probability: 7 } }),
    );
    expect(bad.status).toBe(400);
    expect((await raw(server, admin("nothing", token))).status).toBe(404);
  });
});
