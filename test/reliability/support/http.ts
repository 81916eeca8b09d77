/** Raw HTTP against kms-local, and requests signed with the SDK's own signer for tests to tamper with. */
import { createHash } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { CREDENTIALS } from "./kms-local.js";

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

/** Sends exactly the given request on a fresh connection. */
export function raw(endpoint: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.path ?? "/", endpoint);
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

/** Writes `bytes` on a raw TCP connection and returns all the server sends back before it closes. */
export function rawSocket(endpoint: string, bytes: Buffer | string, keepOpenMs = 0): Promise<string> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.write(bytes);
    if (keepOpenMs === 0) socket.end();
  });
}

export interface SignOptions {
  readonly target?: string;
  readonly body?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  readonly date?: Date;
  readonly region?: string;
  readonly service?: string;
  readonly headers?: Record<string, string>;
  /** Add x-amz-content-sha256 (signed), as the JS SDK does. */
  readonly contentSha256?: boolean;
  /** Headers to leave out of the signature. */
  readonly unsigned?: readonly string[];
}

/** A KMS request signed with the SDK's signer, ready to be sent as it is or tampered with. */
export async function signed(
  endpoint: string,
  options: SignOptions = {},
): Promise<RawRequest & { headers: Record<string, string>; body: string }> {
  const url = new URL(endpoint);
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
    credentials: options.credentials ?? { ...CREDENTIALS },
    region: options.region ?? "us-east-1",
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

export function json(response: RawResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}
