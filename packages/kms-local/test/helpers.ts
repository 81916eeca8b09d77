/** Shared test helpers: servers that close themselves, real SDK clients, and raw HTTP for hostile input. */
import { createHash } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { KMSClient, type KMSServiceException } from "@aws-sdk/client-kms";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterEach, expect } from "vitest";
import { type KmsLocal, type KmsLocalOptions, startKmsLocal } from "../src/index.js";

const running = new Set<KmsLocal>();

afterEach(async () => {
  await Promise.all([...running].map((server) => server.close()));
  running.clear();
});

/** Starts a server that is closed after the current test. */
export async function start(options: KmsLocalOptions = {}): Promise<KmsLocal> {
  const server = await startKmsLocal(options);
  running.add(server);
  return server;
}

/** A real SDK client for the server, with the SDK's retries off (one request per call). */
export function client(
  server: KmsLocal,
  overrides: Partial<ConstructorParameters<typeof KMSClient>[0] & object> = {},
): KMSClient {
  return new KMSClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { ...server.credentials },
    maxAttempts: 1,
    ...overrides,
  });
}

/** Awaits a rejection and returns the SDK's service exception. */
export async function serviceError(promise: Promise<unknown>): Promise<KMSServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as KMSServiceException;
  }
  throw new Error("expected the call to fail");
}

export async function expectKmsError(
  promise: Promise<unknown>,
  name: string,
  message?: string | RegExp,
  status?: number,
): Promise<KMSServiceException> {
  const error = await serviceError(promise);
  expect(error.name).toBe(name);
  if (typeof message === "string") expect(error.message).toBe(message);
  else if (message !== undefined) expect(error.message).toMatch(message);
  if (status !== undefined) expect(error.$metadata.httpStatusCode).toBe(status);
  return error;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/** Sends exactly the given request over HTTP. */
export function raw(server: KmsLocal, request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.path ?? "/", server.endpoint);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: request.method ?? "POST", headers: request.headers ?? {}, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

export interface SignOptions {
  readonly target?: string;
  readonly body?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly date?: Date;
  readonly region?: string;
  readonly service?: string;
  readonly headers?: Record<string, string>;
  /** Add x-amz-content-sha256 (signed), as the JS SDK does. */
  readonly contentSha256?: boolean;
  /** Headers to leave out of the signature. */
  readonly unsigned?: readonly string[];
}

/** Signs a KMS request with the SDK's signer, for tests that then tamper with it. */
export async function signed(
  server: KmsLocal,
  options: SignOptions = {},
): Promise<RawRequest & { headers: Record<string, string> }> {
  const url = new URL(server.endpoint);
  const body = options.body ?? '{"NumberOfBytes":32}';
  const headers: Record<string, string> = {
    host: url.host,
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": options.target ?? "TrentService.GenerateRandom",
    ...(options.contentSha256
      ? { "x-amz-content-sha256": createHash("sha256").update(body).digest("hex") }
      : {}),
    ...options.headers,
  };
  const signer = new SignatureV4({
    credentials: options.credentials ?? { ...server.credentials },
    region: options.region ?? server.region,
    service: options.service ?? "kms",
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
  });
  const request = new HttpRequest({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    path: "/",
    headers,
    body,
  });
  const result = await signer.sign(request, {
    signingDate: options.date ?? new Date(),
    unsignableHeaders: new Set(options.unsigned ?? []),
  });
  return { method: "POST", path: "/", headers: result.headers as Record<string, string>, body };
}

/** The JSON body of a raw response. */
export function json(response: RawResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}
