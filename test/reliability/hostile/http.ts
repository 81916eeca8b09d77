/**
 * kms-local's HTTP given hostile requests: forged, tampered, expired and mis-scoped SigV4 (while a replay
 * inside AWS's 5-minute window is accepted, as AWS accepts it), huge and malformed bodies, wrong methods
 * and targets, bytes that are not HTTP, slow bodies, and the admin route without its token. Each gets
 * its exact status, error type and message; a refused request generates no random bytes.
 */
import { expect } from "vitest";
import { json, type RawRequest, type RawResponse, raw, rawSocket, signed } from "../support/http.js";
import { CREDENTIALS } from "../support/kms-local.js";
import type { Environment, HostileCase } from "./environment.js";

const CORAL = "com.amazon.coral.service#";
const MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

interface Expected {
  readonly status: number;
  /** The JSON body exactly, or a check of the raw response. */
  readonly body?: Record<string, unknown>;
  readonly check?: (response: RawResponse, request: RawRequest) => void;
}

function httpCase(
  name: string,
  request: (endpoint: string) => Promise<RawRequest>,
  expected: Expected,
): HostileCase {
  return {
    area: "http",
    name,
    async run({ server, endpoint }: Environment) {
      const generated = server.counters.get("GenerateRandom").randomBytes;
      const sent = await request(endpoint);
      const response = await raw(endpoint, sent);
      expect(response.status).toBe(expected.status);
      if (expected.body !== undefined) expect(json(response)).toEqual(expected.body);
      expected.check?.(response, sent);
      expect(server.counters.get("GenerateRandom").randomBytes, "bytes generated").toBe(generated);
    },
  };
}

const error = (type: string, message?: string, key = "message") => ({
  __type: type,
  ...(message === undefined ? {} : { [key]: message }),
});
const MINUTE = 60_000;

/** "Signature expired: <signed> is now earlier than <now - 5 min> (<now> - 5 min.)", with now read back. */
function skewMessage(kind: "expired" | "ahead") {
  return (response: RawResponse, request: RawRequest) => {
    const signedAt = request.headers?.["x-amz-date"];
    const message = String(json(response).message);
    const pattern =
      kind === "expired"
        ? /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 5 min\.\)$/
        : /^Signature not yet current: (\d{8}T\d{6}Z) is still later than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) \+ 5 min\.\)$/;
    const match = pattern.exec(message);
    expect(match, message).not.toBeNull();
    const [, shown, bound, now] = match as unknown as [string, string, string, string];
    expect(shown).toBe(signedAt);
    const parse = (stamp: string) =>
      Date.parse(
        `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
      );
    expect(parse(bound) - parse(now)).toBe(kind === "expired" ? -5 * MINUTE : 5 * MINUTE);
    expect(json(response).__type).toBe(`${CORAL}InvalidSignatureException`);
  };
}

function accepted(
  name: string,
  request: (endpoint: string) => Promise<RawRequest>,
  times: number,
): HostileCase {
  return {
    area: "http",
    name,
    async run({ server, endpoint }) {
      const generated = server.counters.get("GenerateRandom").randomBytes;
      const sent = await request(endpoint);
      for (let i = 0; i < times; i++) {
        const response = await raw(endpoint, sent);
        expect(response.status).toBe(200);
        expect(Buffer.from(String(json(response).Plaintext), "base64")).toHaveLength(32);
      }
      expect(server.counters.get("GenerateRandom").randomBytes - generated).toBe(32 * times);
    },
  };
}

const tamperSignature = (request: RawRequest & { headers: Record<string, string> }) => ({
  ...request,
  headers: {
    ...request.headers,
    authorization:
      request.headers.authorization?.replace(
        /Signature=([0-9a-f])/,
        (_, c: string) => `Signature=${c === "0" ? "1" : "0"}`,
      ) ?? "",
  },
});

const invalidSignature = (message: string) => ({
  status: 400,
  body: error(`${CORAL}InvalidSignatureException`, message),
});
const serialization = (message?: string) => ({
  status: 400,
  body: error(`${CORAL}SerializationException`, message, "Message"),
});
const validation = (message: string) => ({ status: 400, body: error("ValidationException", message) });
const body = (text: string) => (endpoint: string) => signed(endpoint, { body: text });

export const HTTP_CASES: readonly HostileCase[] = [
  accepted(
    "a signed request replayed at once (inside the 5-minute window, as AWS accepts it)",
    (e) => signed(e),
    2,
  ),
  accepted(
    "a request signed 4 minutes ago, sent twice",
    (e) => signed(e, { date: new Date(Date.now() - 4 * MINUTE) }),
    2,
  ),
  httpCase(
    "a signature by the wrong secret (forged)",
    (e) => signed(e, { credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: "forged" } }),
    invalidSignature(MISMATCH),
  ),
  httpCase(
    "a signature with one hex digit changed",
    async (e) => tamperSignature(await signed(e)),
    invalidSignature(MISMATCH),
  ),
  httpCase(
    "a signed body changed after signing",
    async (e) => ({ ...(await signed(e)), body: '{"NumberOfBytes":1024}' }),
    invalidSignature(MISMATCH),
  ),
  httpCase(
    "a changed body under its old x-amz-content-sha256",
    async (e) => ({ ...(await signed(e, { contentSha256: true })), body: '{"NumberOfBytes":1024}' }),
    invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed."),
  ),
  httpCase(
    "a target changed after signing",
    async (e) => {
      const request = await signed(e);
      return {
        ...request,
        headers: { ...request.headers, "x-amz-target": "TrentService.DescribeCustomKeyStores" },
      };
    },
    invalidSignature(MISMATCH),
  ),
  httpCase(
    "a signature 6 minutes old (expired)",
    (e) => signed(e, { date: new Date(Date.now() - 6 * MINUTE) }),
    { status: 400, check: skewMessage("expired") },
  ),
  httpCase("a signature 6 minutes ahead", (e) => signed(e, { date: new Date(Date.now() + 6 * MINUTE) }), {
    status: 400,
    check: skewMessage("ahead"),
  }),
  httpCase(
    "a signature scoped to another region",
    (e) => signed(e, { region: "eu-west-1" }),
    invalidSignature("Credential should be scoped to a valid region, not 'eu-west-1'."),
  ),
  httpCase(
    "a signature scoped to another service",
    (e) => signed(e, { service: "s3" }),
    invalidSignature("Credential should be scoped to correct service: 'kms'."),
  ),
  httpCase(
    "an unknown access key",
    (e) => signed(e, { credentials: { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x" } }),
    {
      status: 400,
      body: error(
        `${CORAL}UnrecognizedClientException`,
        "The security token included in the request is invalid.",
      ),
    },
  ),
  httpCase(
    "no Authorization header",
    async () => ({
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "TrentService.GenerateRandom",
      },
      body: '{"NumberOfBytes":8}',
    }),
    {
      status: 400,
      body: error(`${CORAL}MissingAuthenticationTokenException`, "Request is missing Authentication Token"),
    },
  ),
  httpCase(
    "a malformed Authorization header",
    async (e) => {
      const request = await signed(e);
      return { ...request, headers: { ...request.headers, authorization: "AWS4-HMAC-SHA256 garbage" } };
    },
    {
      status: 400,
      body: error(
        `${CORAL}IncompleteSignatureException`,
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
      ),
    },
  ),
  httpCase(
    "UNSIGNED-PAYLOAD",
    (e) => signed(e, { headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }),
    invalidSignature("The payload hash 'UNSIGNED-PAYLOAD' is not accepted: sign the request body."),
  ),
  httpCase(
    "Host left out of the signature",
    (e) => signed(e, { unsigned: ["host"] }),
    invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization."),
  ),
  httpCase(
    "X-Amz-Target left out of the signature",
    (e) => signed(e, { unsigned: ["x-amz-target"] }),
    invalidSignature("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."),
  ),
  httpCase(
    "a declared body of 2 MiB",
    async (e) => {
      const request = await signed(e);
      return {
        ...request,
        headers: { ...request.headers, "content-length": String(2 * 1024 * 1024) },
        body: "x".repeat(10),
      };
    },
    {
      status: 413,
      body: error(
        "RequestEntityTooLargeException",
        "Request body is larger than the limit of 1048576 bytes.",
      ),
    },
  ),
  httpCase(
    "a streamed (chunked) body of 2 MiB",
    async (e) => {
      const request = await signed(e);
      return {
        ...request,
        headers: { ...request.headers, "transfer-encoding": "chunked" },
        body: Buffer.alloc(2 * 1024 * 1024, 0x20),
      };
    },
    {
      status: 413,
      body: error(
        "RequestEntityTooLargeException",
        "Request body is larger than the limit of 1048576 bytes.",
      ),
    },
  ),
  httpCase("malformed JSON", body('{"NumberOfBytes":'), serialization()),
  httpCase("a JSON array", body("[1,2,3]"), serialization("Start of list found where not expected")),
  httpCase(
    "100,000 nested arrays",
    body("[".repeat(100_000) + "]".repeat(100_000)),
    serialization("Start of list found where not expected"),
  ),
  httpCase(
    "50,000 nested unknown members",
    body(`${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`),
    validation("NumberOfBytes is required."),
  ),
  httpCase(
    "NumberOfBytes as a string",
    body('{"NumberOfBytes":"abc"}'),
    serialization("class java.lang.String can not be converted to an Integer"),
  ),
  httpCase(
    "NumberOfBytes 1e400",
    body('{"NumberOfBytes":1e400}'),
    serialization("Numeric value (Infinity) out of range of int"),
  ),
  httpCase(
    "NumberOfBytes 10^20",
    body('{"NumberOfBytes":99999999999999999999}'),
    serialization("Numeric value (100000000000000000000) out of range of int"),
  ),
  httpCase(
    "NumberOfBytes 0",
    body('{"NumberOfBytes":0}'),
    validation(
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ),
  ),
  httpCase(
    "NumberOfBytes -1",
    body('{"NumberOfBytes":-1}'),
    validation(
      "1 validation error detected: Value '-1' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ),
  ),
  httpCase(
    "NumberOfBytes 1025",
    body('{"NumberOfBytes":1025}'),
    validation(
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    ),
  ),
  httpCase("NumberOfBytes missing", body("{}"), validation("NumberOfBytes is required.")),
  httpCase("NumberOfBytes null", body('{"NumberOfBytes":null}'), validation("NumberOfBytes is required.")),
  httpCase(
    "a 65-character CustomKeyStoreId",
    body(JSON.stringify({ NumberOfBytes: 8, CustomKeyStoreId: "x".repeat(65) })),
    validation(
      `1 validation error detected: Value '${"x".repeat(64)}...' at 'customKeyStoreId' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ),
  ),
  httpCase(
    "an unknown CustomKeyStoreId",
    body(JSON.stringify({ NumberOfBytes: 8, CustomKeyStoreId: "cks-fffffffffffffffff" })),
    {
      status: 400,
      body: error(
        "CustomKeyStoreNotFoundException",
        "Custom key store cks-fffffffffffffffff does not exist in this account and Region.",
      ),
    },
  ),
  httpCase(
    "the wrong content type",
    async (e) => {
      const request = await signed(e);
      return { ...request, headers: { ...request.headers, "content-type": "application/json" } };
    },
    { status: 404, check: (response) => expect(response.body).toBe("<UnknownOperationException/>\n") },
  ),
  httpCase("GET", async () => ({ method: "GET", headers: {} }), {
    status: 404,
    check: (response) => expect(response.body).toBe("<UnknownOperationException/>\n"),
  }),
  httpCase("an unknown target (TrentService.Decrypt)", (e) => signed(e, { target: "TrentService.Decrypt" }), {
    status: 400,
    body: error(`${CORAL}UnknownOperationException`),
  }),
  httpCase(
    "a 20 KB header",
    async (e) => {
      const request = await signed(e);
      return { ...request, headers: { ...request.headers, "x-padding": "a".repeat(20_000) } };
    },
    { status: 400, check: (response) => expect(response.body).toBe("") },
  ),
  httpCase(
    "the admin route without its token",
    async () => ({ method: "GET", path: "/__kms-local/counters" }),
    { status: 403, body: { message: "a valid admin token is required" } },
  ),
  {
    area: "http",
    name: "the admin route with a token but an X-Amz-Target",
    async run({ server, endpoint }) {
      const response = await raw(endpoint, {
        method: "GET",
        path: "/__kms-local/counters",
        headers: {
          authorization: `Bearer ${server.adminToken}`,
          "x-amz-target": "TrentService.GenerateRandom",
        },
      });
      expect([response.status, json(response)]).toEqual([
        400,
        { message: "the admin route takes no X-Amz-Target" },
      ]);
    },
  },
  {
    area: "http",
    name: "bytes that are not HTTP",
    async run({ endpoint }) {
      const answer = await rawSocket(endpoint, "\x16\x03\x01\x02\x00 hello, not http\r\n\r\n");
      expect(answer).toBe("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    },
  },
  {
    area: "http",
    name: "a body that stops half-way (slow client)",
    async run({ endpoint }) {
      const { host } = new URL(endpoint);
      const answer = await rawSocket(
        endpoint,
        `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 40\r\n\r\n{"Numb`,
        1,
      );
      const [head = "", text = ""] = answer.split("\r\n\r\n");
      expect(head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(head).toMatch(/\r\nX-Amzn-ErrorType: RequestTimeoutException\r\n/);
      expect(head).toMatch(/\r\nConnection: close$/);
      expect(JSON.parse(text)).toEqual(
        error("RequestTimeoutException", "The request body was not received in time."),
      );
    },
  },
];
