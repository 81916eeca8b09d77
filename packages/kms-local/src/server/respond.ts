/**
 * Writes responses with the headers AWS sends on every KMS response: `x-amzn-RequestId`, a correct `Date`
 * (the SDKs correct clock skew from it), and for errors `X-Amzn-ErrorType`. A slow-body fault writes the
 * body in timed chunks.
 */
import type { ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { KmsError } from "../protocol/kms-error.js";

export const JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

export interface ResponseOptions {
  readonly requestId: string;
  readonly date: Date;
  readonly slowBody?: { readonly chunkBytes: number; readonly intervalMs: number } | undefined;
  readonly signal: AbortSignal;
  /** Close the connection once answered (after an oversized or timed-out body). */
  readonly close?: boolean;
}

/** Sends a response and resolves with the number of body bytes written. */
export async function send(
  response: ServerResponse,
  status: number,
  body: string,
  options: ResponseOptions,
  extraHeaders: Readonly<Record<string, string>> = {},
  contentType = JSON_CONTENT_TYPE,
): Promise<number> {
  const length = Buffer.byteLength(body);
  // One writeHead with a flat header list: the cheapest path through node:http.
  const headers = [
    "x-amzn-RequestId",
    options.requestId,
    "Date",
    httpDate(options.date),
    "Content-Type",
    contentType,
    "Content-Length",
    String(length),
  ];
  for (const [name, value] of Object.entries(extraHeaders)) headers.push(name, value);
  if (options.close === true) headers.push("Connection", "close");
  response.writeHead(status, headers);
  if (options.slowBody === undefined) {
    // A string body goes out in the same write as the headers.
    response.end(body, "utf8");
    return length;
  }
  const bytes = Buffer.from(body);
  const { chunkBytes, intervalMs } = options.slowBody;
  response.flushHeaders();
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    if (response.destroyed) return offset;
    response.write(bytes.subarray(offset, offset + chunkBytes));
    if (offset + chunkBytes < bytes.length) await delay(intervalMs, undefined, { signal: options.signal });
  }
  response.end();
  return bytes.length;
}

let cachedSecond = Number.NaN;
let cachedDate = "";

/** The IMF-fixdate of a time (RFC 9110 §5.6.7), formatted once per second. */
function httpDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = date.toUTCString();
  }
  return cachedDate;
}

export function sendError(
  response: ServerResponse,
  error: KmsError,
  options: ResponseOptions,
): Promise<number> {
  return send(response, error.status, error.body(), options, { "X-Amzn-ErrorType": error.errorTypeHeader });
}
