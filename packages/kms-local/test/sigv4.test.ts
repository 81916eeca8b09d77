import { DescribeCustomKeyStoresCommand, GenerateRandomCommand } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { client, expectKmsError, json, raw, signed, start } from "./helpers.js";

const MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

describe("SigV4 verification", () => {
  it("accepts the SDK's own signature and a request signed with only the CLI's headers", async () => {
    const server = await start();
    await client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    const response = await raw(server, await signed(server));
    expect(response.status).toBe(200);
  });

  it("answers an unsigned request with MissingAuthenticationTokenException", async () => {
    const server = await start();
    const response = await raw(server, {
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "TrentService.GenerateRandom",
      },
      body: '{"NumberOfBytes":8}',
    });
    expect(response.status).toBe(400);
    expect(json(response)).toEqual({
      __type: "com.amazon.coral.service#MissingAuthenticationTokenException",
      message: "Request is missing Authentication Token",
    });
  });

  it("answers a wrong secret with InvalidSignatureException", async () => {
    const server = await start();
    const kms = client(server, {
      credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: "wrong" },
    });
    await expectKmsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "InvalidSignatureException",
      MISMATCH,
      400,
    );
    expect(server.counters.get("GenerateRandom").errors).toEqual({ InvalidSignatureException: 1 });
  });

  it("answers an unknown access key with UnrecognizedClientException", async () => {
    const server = await start();
    const kms = client(server, {
      credentials: { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x" },
    });
    await expectKmsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
      400,
    );
  });

  it("refuses a changed body even when the request declares the old body's hash", async () => {
    const server = await start();
    const request = await signed(server, { contentSha256: true });
    const response = await raw(server, { ...request, body: '{"NumberOfBytes":1024}' });
    expect(response.status).toBe(400);
    expect(json(response).__type).toBe("com.amazon.coral.service#InvalidSignatureException");
  });

  it("refuses a changed body and a changed signed header", async () => {
    const server = await start();
    const request = await signed(server);
    expect((await raw(server, { ...request, body: '{"NumberOfBytes":9}' })).status).toBe(400);
    const retargeted = {
      ...request,
      headers: { ...request.headers, "x-amz-target": "TrentService.DescribeCustomKeyStores" },
    };
    expect(json(await raw(server, retargeted)).message).toBe(MISMATCH);
  });

  it("refuses UNSIGNED-PAYLOAD", async () => {
    const server = await start();
    const request = await signed(server, { headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    const response = await raw(server, request);
    expect(json(response)).toEqual({
      __type: "com.amazon.coral.service#InvalidSignatureException",
      message: "The payload hash 'UNSIGNED-PAYLOAD' is not accepted: sign the request body.",
    });
  });

  it.each([
    ["host", "'Host' must be a 'SignedHeader' in the AWS Authorization."],
    ["x-amz-target", "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."],
  ])("requires %s among the signed headers", async (header, message) => {
    const server = await start();
    const response = await raw(server, await signed(server, { unsigned: [header] }));
    expect(json(response)).toEqual({ __type: "com.amazon.coral.service#InvalidSignatureException", message });
  });

  it("refuses a signature more than 5 minutes old or ahead, and accepts a replay inside the window", async () => {
    const now = Date.parse("2030-06-01T12:00:00Z");
    const server = await start({ clock: () => now });
    const old = await signed(server, { date: new Date(now - 5 * 60_000 - 1000) });
    expect(json(await raw(server, old))).toEqual({
      __type: "com.amazon.coral.service#InvalidSignatureException",
      message:
        "Signature expired: 20300601T115459Z is now earlier than 20300601T115500Z (20300601T120000Z - 5 min.)",
    });
    const ahead = await signed(server, { date: new Date(now + 5 * 60_000 + 1000) });
    expect(json(await raw(server, ahead)).message).toBe(
      "Signature not yet current: 20300601T120501Z is still later than 20300601T120500Z (20300601T120000Z + 5 min.)",
    );
    const recent = await signed(server, { date: new Date(now - 4 * 60_000) });
    expect((await raw(server, recent)).status).toBe(200);
    expect((await raw(server, recent)).status).toBe(200);
  });

  it("lets the SDK see the skew error and the server's Date header", async () => {
    const now = Date.now() + 3_600_000;
    const server = await start({ clock: () => now });
    const kms = client(server);
    const error = await expectKmsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "InvalidSignatureException",
      /^Signature expired/,
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
    // With maxAttempts 1 the SDK does not retry, but it corrects its clock from the Date header.
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
  });

  it("refuses a credential scoped to another region or service", async () => {
    const server = await start();
    expect(json(await raw(server, await signed(server, { region: "eu-west-1" }))).message).toBe(
      "Credential should be scoped to a valid region, not 'eu-west-1'.",
    );
    expect(json(await raw(server, await signed(server, { service: "s3" }))).message).toBe(
      "Credential should be scoped to correct service: 'kms'.",
    );
  });

  it.each([
    [
      "AWS4-HMAC-SHA256 Signature=abc",
      /^Authorization header requires 'Credential' parameter\. Authorization header requires 'SignedHeaders' parameter\./,
    ],
    [
      "AWS4-HMAC-SHA1 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=abc",
      /^Unsupported AWS 'algorithm'/,
    ],
    [
      "AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=abc",
      /^Credential must have exactly 5 slash-delimited elements/,
    ],
  ])(
    "answers a malformed Authorization header (%s) with IncompleteSignatureException",
    async (authorization, message) => {
      const server = await start();
      const request = await signed(server);
      const response = await raw(server, { ...request, headers: { ...request.headers, authorization } });
      expect(json(response).__type).toBe("com.amazon.coral.service#IncompleteSignatureException");
      expect(json(response).message).toMatch(message);
    },
  );

  it("requires the session token of a temporary credential", async () => {
    const credential = {
      accessKeyId: "ASIATEMPORARY0000001",
      secretAccessKey: "secret-1",
      sessionToken: "token-1",
    };
    const server = await start({ credentials: [credential] });
    expect(server.credentials.sessionToken).toBe("token-1");
    await client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    const withoutToken = client(server, {
      credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
    });
    await expectKmsError(
      withoutToken.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "UnrecognizedClientException",
    );
    const wrongToken = client(server, { credentials: { ...credential, sessionToken: "token-2" } });
    await expectKmsError(
      wrongToken.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "UnrecognizedClientException",
    );
  });

  it("answers an expired temporary credential with ExpiredTokenException", async () => {
    const server = await start({
      credentials: [
        {
          accessKeyId: "ASIATEMPORARY0000002",
          secretAccessKey: "s",
          sessionToken: "t",
          expiration: new Date(Date.now() - 1000),
        },
      ],
    });
    await expectKmsError(
      client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "ExpiredTokenException",
      "The security token included in the request is expired",
    );
  });

  it("enforces a per-key kms:GenerateRandom permission with AccessDeniedException", async () => {
    const server = await start({
      credentials: [
        { accessKeyId: "AKIAALLOWED000000001", secretAccessKey: "a" },
        {
          accessKeyId: "AKIAREADONLY00000001",
          secretAccessKey: "b",
          principalArn: "arn:aws:iam::111122223333:user/reader",
          allowedActions: ["kms:DescribeCustomKeyStores"],
        },
      ],
    });
    await client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    const reader = client(server, {
      credentials: { accessKeyId: "AKIAREADONLY00000001", secretAccessKey: "b" },
    });
    await reader.send(new DescribeCustomKeyStoresCommand({}));
    await expectKmsError(
      reader.send(new GenerateRandomCommand({ NumberOfBytes: 8 })),
      "AccessDeniedException",
      "User: arn:aws:iam::111122223333:user/reader is not authorized to perform: kms:GenerateRandom because no identity-based policy allows the kms:GenerateRandom action",
      400,
    );
  });

  it("accepts anything in the explicit no-auth mode", async () => {
    const server = await start({ auth: "none" });
    expect(server.auth).toBe("none");
    const response = await raw(server, {
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "TrentService.GenerateRandom",
      },
      body: '{"NumberOfBytes":8}',
    });
    expect(response.status).toBe(200);
    const stranger = client(server, {
      credentials: { accessKeyId: "AKIAANYTHING00000000", secretAccessKey: "x" },
    });
    expect((await stranger.send(new GenerateRandomCommand({ NumberOfBytes: 8 }))).Plaintext?.length).toBe(8);
  });
});
