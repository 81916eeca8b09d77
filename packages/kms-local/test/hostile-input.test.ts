import { connect } from "node:net";
import { GenerateRandomCommand } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { client, json, raw, signed, start } from "./helpers.js";

const headers = {
  "content-type": "application/x-amz-json-1.1",
  "x-amz-target": "TrentService.GenerateRandom",
};

describe("hostile input", () => {
  it("answers malformed JSON with SerializationException and keeps serving", async () => {
    const server = await start();
    for (const body of ['{"NumberOfBytes":', "not json", '{"a":1}}', Buffer.from([0xff, 0xfe, 0x00, 0x7b])]) {
      const response = await raw(server, { headers, body });
      expect(response.status).toBe(400);
      expect(json(response)).toEqual({ __type: "com.amazon.coral.service#SerializationException" });
      expect(response.headers["x-amzn-requestid"]).toBeDefined();
    }
    expect(
      (await client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8 }))).Plaintext?.length,
    ).toBe(8);
  });

  it("answers a wrong content type or method like AWS's front end: 404 UnknownOperationException", async () => {
    const server = await start();
    for (const request of [
      { headers: { ...headers, "content-type": "application/json" }, body: '{"NumberOfBytes":8}' },
      { headers: { ...headers, "content-type": "text/plain" }, body: "hello" },
      { method: "GET", headers },
      { method: "PUT", headers, body: "{}" },
    ]) {
      const response = await raw(server, request);
      expect(response.status).toBe(404);
      expect(response.body).toBe("<UnknownOperationException/>\n");
      expect(response.headers.date).toBeDefined();
    }
  });

  it("answers an empty signed body with SerializationException", async () => {
    const server = await start();
    const response = await raw(server, await signed(server, { body: "" }));
    expect(json(response)).toEqual({ __type: "com.amazon.coral.service#SerializationException" });
  });

  it("answers wrongly typed members with SerializationException", async () => {
    const server = await start();
    const cases: [string, string][] = [
      ['{"NumberOfBytes":8,"Recipient":"doc"}', "Expected null"],
      ['{"NumberOfBytes":8,"CustomKeyStoreId":5}', "class java.lang.Short can not be converted to an String"],
      [
        '{"NumberOfBytes":8,"Recipient":{"AttestationDocument":"abc"}}',
        "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3",
      ],
      [
        '{"NumberOfBytes":8,"Recipient":{"AttestationDocument":"ab!d"}}',
        "'ab!d' can not be converted to a Blob: Invalid Base64 character: '!'",
      ],
      ['{"NumberOfBytes":99999999999}', "Numeric value (99999999999) out of range of int"],
      ["[1,2]", "Start of list found where not expected"],
    ];
    for (const [body, message] of cases) {
      const response = await raw(server, await signed(server, { body }));
      expect(response.status).toBe(400);
      expect(json(response)).toEqual({
        __type: "com.amazon.coral.service#SerializationException",
        Message: message,
      });
    }
  });

  it("answers a 400 KiB request with a ValidationException on the oversized document", async () => {
    const server = await start();
    const document = Buffer.alloc(300 * 1024, 1).toString("base64");
    const body = JSON.stringify({
      NumberOfBytes: 8,
      Recipient: { KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256", AttestationDocument: document },
    });
    expect(body.length).toBeGreaterThan(400 * 1024);
    const response = await raw(server, await signed(server, { body }));
    expect(response.status).toBe(400);
    expect(json(response).message).toMatch(
      /at 'recipient.attestationDocument' failed to satisfy constraint: Member must have length less than or equal to 262144$/,
    );
  });

  it("refuses a body over 1 MiB, declared or streamed, and keeps serving", async () => {
    const server = await start();
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const declared = await raw(server, { headers, body: big });
    expect(declared.status).toBe(413);
    expect(json(declared)).toEqual({
      __type: "RequestEntityTooLargeException",
      message: "Request body is larger than the limit of 1048576 bytes.",
    });
    const streamed = await raw(server, {
      headers: { ...headers, "transfer-encoding": "chunked" },
      body: big,
    });
    expect(streamed.status).toBe(413);
    expect(
      (await client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8 }))).Plaintext?.length,
    ).toBe(8);
    expect(server.counters.get("GenerateRandom").errors).toEqual({ RequestEntityTooLargeException: 2 });
  });

  it("times out a client that sends its body slowly while serving others", async () => {
    const server = await start({ bodyTimeoutMs: 300 });
    const { port, hostname } = new URL(server.endpoint);
    const slow = connect(Number(port), hostname);
    const answer = new Promise<string>((resolve) => {
      let text = "";
      slow.on("data", (chunk) => {
        text += chunk.toString();
      });
      slow.on("close", () => resolve(text));
    });
    slow.write(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.GenerateRandom\r\nContent-Length: 100\r\n\r\n{",
    );
    const kms = client(server);
    for (let i = 0; i < 3; i++)
      expect((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }))).Plaintext?.length).toBe(8);
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1.1 408 /);
    expect(text).toContain(
      '{"__type":"RequestTimeoutException","message":"The request body was not received in time."}',
    );
  });

  it("survives deep nesting, huge unknown members and bytes that are not HTTP", async () => {
    const server = await start();
    const deep = `{"NumberOfBytes":8,"Junk":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    const deepResponse = await raw(server, await signed(server, { body: deep }));
    expect([200, 400]).toContain(deepResponse.status);
    const wide = JSON.stringify({ NumberOfBytes: 8, Junk: "x".repeat(500_000) });
    expect((await raw(server, await signed(server, { body: wide }))).status).toBe(200);
    const garbage = await new Promise<string>((resolve) => {
      const { port, hostname } = new URL(server.endpoint);
      const socket = connect(Number(port), hostname, () =>
        socket.write("\x00\x01\x02 not http at all\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
      });
      socket.on("close", () => resolve(text));
    });
    expect(garbage).toMatch(/^HTTP\/1.1 400 /);
    expect(
      (await client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8 }))).Plaintext?.length,
    ).toBe(8);
  });

  it("keeps serving well-behaved clients during a burst of hostile requests", async () => {
    const server = await start();
    const kms = client(server);
    const hostile = Array.from({ length: 50 }, (_, i) =>
      raw(server, { headers, body: i % 2 ? "{" : Buffer.alloc(2000, 0xff) }),
    );
    const good = Array.from({ length: 20 }, () => kms.send(new GenerateRandomCommand({ NumberOfBytes: 16 })));
    const results = await Promise.all(good);
    expect(results.every((result) => result.Plaintext?.length === 16)).toBe(true);
    expect(
      (await Promise.all(hostile)).every((response) => response.status === 400 || response.status === 404),
    ).toBe(true);
  });
});
