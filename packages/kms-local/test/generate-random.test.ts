import { GenerateRandomCommand } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { client, expectKmsError, json, raw, signed, start } from "./helpers.js";

describe("GenerateRandom with the real @aws-sdk/client-kms", () => {
  it("returns the requested number of random bytes", async () => {
    const server = await start();
    const kms = client(server);
    for (const size of [1, 32, 1024]) {
      const { Plaintext, CiphertextForRecipient } = await kms.send(
        new GenerateRandomCommand({ NumberOfBytes: size }),
      );
      expect(Plaintext?.length).toBe(size);
      expect(CiphertextForRecipient).toBeUndefined();
    }
    const a = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    const b = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    expect(Buffer.from(a.Plaintext ?? []).equals(Buffer.from(b.Plaintext ?? []))).toBe(false);
    const counters = server.counters.get("GenerateRandom");
    expect(counters.requests).toBe(5);
    expect(counters.randomBytes).toBe(1 + 32 + 1024 + 64);
    expect(counters.errors).toEqual({});
  });

  it.each([
    [
      0,
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      1025,
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    ],
    [undefined, "NumberOfBytes is required."],
  ])("answers NumberOfBytes %s with AWS's ValidationException", async (size, message) => {
    const server = await start();
    await expectKmsError(
      client(server).send(new GenerateRandomCommand({ NumberOfBytes: size })),
      "ValidationException",
      message,
      400,
    );
    expect(server.counters.get("GenerateRandom").errors).toEqual({ ValidationException: 1 });
  });

  it("reports several constraint violations at once", async () => {
    const server = await start();
    const error = await expectKmsError(
      client(server).send(
        new GenerateRandomCommand({ NumberOfBytes: 2000, CustomKeyStoreId: "x".repeat(65) }),
      ),
      "ValidationException",
    );
    expect(error.message).toMatch(
      /^2 validation errors detected: Value '2000' at 'numberOfBytes' .*; Value 'x{64}\.\.\.' at 'customKeyStoreId' failed to satisfy constraint: Member must have length less than or equal to 64$/,
    );
  });

  it("refuses a wrongly typed NumberOfBytes with SerializationException", async () => {
    const server = await start();
    for (const [value, message] of [
      ['"32"', "class java.lang.String can not be converted to an Integer"],
      ["true", "class java.lang.Boolean can not be converted to an Integer"],
      ["{}", "Start of structure or map found where not expected."],
      ["[32]", "Start of list found where not expected"],
    ] as const) {
      const response = await raw(server, await signed(server, { body: `{"NumberOfBytes":${value}}` }));
      expect(response.status).toBe(400);
      expect(json(response)).toEqual({
        __type: "com.amazon.coral.service#SerializationException",
        Message: message,
      });
      expect(response.headers["x-amzn-errortype"]).toBe(
        "SerializationException:http://internal.amazon.com/coral/com.amazon.coral.service/",
      );
    }
  });

  it("truncates a fractional NumberOfBytes and ignores unknown members, as AWS's front end does", async () => {
    const server = await start();
    const response = await raw(
      server,
      await signed(server, { body: '{"NumberOfBytes":16.9,"Unknown":{"deep":[1,2,3]},"KeyId":"alias/x"}' }),
    );
    expect(response.status).toBe(200);
    expect(Buffer.from(json(response).Plaintext as string, "base64").length).toBe(16);
  });

  it("answers an unknown target with UnknownOperationException", async () => {
    const server = await start();
    const response = await raw(
      server,
      await signed(server, { target: "TrentService.Frobnicate", body: "{}" }),
    );
    expect(response.status).toBe(400);
    expect(json(response)).toEqual({ __type: "com.amazon.coral.service#UnknownOperationException" });
    expect(server.counters.get("Unknown").errors).toEqual({ UnknownOperationException: 1 });
  });

  it("answers the account quota with ThrottlingException, as KMS words it", async () => {
    let now = Date.parse("2030-01-01T00:00:00Z");
    const server = await start({ clock: () => now, quotas: { accountRequestsPerSecond: 2 } });
    const kms = client(server, { systemClockOffset: now - Date.now() });
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    const error = await expectKmsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "ThrottlingException",
      "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.",
      400,
    );
    expect(error.$fault).toBe("client");
    now += 500;
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    expect(server.counters.get("GenerateRandom").errors).toEqual({ ThrottlingException: 1 });
    server.quotas.set({ accountRequestsPerSecond: null });
    for (let i = 0; i < 5; i++) await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
  });
});
