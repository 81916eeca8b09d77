/**
 * SigV4 verification of a KMS request (AWS General Reference, "Signature Version 4"; the pitfalls in
 * ../shared/facts/kms-and-nitro.md):
 * - the signature is recomputed with the SDK's own signer (@smithy/signature-v4) over exactly the headers
 *   the request names in SignedHeaders, at the request's own X-Amz-Date, then compared in constant time;
 * - the body is hashed here and compared with `x-amz-content-sha256` when present, because the signer
 *   takes that header as it stands; `UNSIGNED-PAYLOAD` is refused;
 * - host, x-amz-date and x-amz-target must be signed; the scope must name this region, `kms` and the
 *   date of X-Amz-Date; X-Amz-Date must be within 5 minutes of the server's clock (a replay inside that
 *   window is accepted, as AWS accepts it);
 * - a key with a session token requires that token; an expired key gets ExpiredTokenException.
 * Nothing is cached but the SDK signer's own signing-key cache.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  expiredToken,
  incompleteSignature,
  invalidSignature,
  SIGNATURE_MISMATCH,
  unrecognizedClient,
} from "../protocol/errors.js";
import { parseAuthorization } from "./authorization-header.js";
import type { CredentialRecord } from "./credentials.js";

export const MAX_SKEW_MS = 5 * 60_000;
const SERVICE = "kms";
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const REQUIRED_SIGNED = [
  ["host", "Host"],
  ["x-amz-date", "X-Amz-Date"],
  ["x-amz-target", "X-Amz-Target"],
] as const;

export interface SignedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface VerifierOptions {
  readonly region: string;
  readonly credentials: ReadonlyMap<string, CredentialRecord>;
  readonly now: () => number;
}

export class SigV4Verifier {
  readonly #options: VerifierOptions;
  readonly #signers = new Map<string, SignatureV4>();

  constructor(options: VerifierOptions) {
    this.#options = options;
  }

  /** Returns the credential that signed the request, or throws the KmsError AWS would answer with. */
  async verify(request: SignedRequest): Promise<CredentialRecord> {
    const { headers } = request;
    const amzDate = single(headers["x-amz-date"]);
    const authorization = parseAuthorization(
      single(headers.authorization),
      amzDate !== undefined || headers.date !== undefined,
    );
    if (amzDate === undefined)
      throw incompleteSignature("Authorization header requires existence of a 'X-Amz-Date' header.");
    const signingTime = parseAmzDate(amzDate);
    this.#checkSkew(amzDate, signingTime);
    const signed = new Set(authorization.signedHeaders);
    for (const [name, display] of REQUIRED_SIGNED) {
      if (!signed.has(name))
        throw invalidSignature(`'${display}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
    this.#checkScope(authorization.region, authorization.service, authorization.date, amzDate);
    const credential = this.#options.credentials.get(authorization.accessKeyId);
    if (credential === undefined) throw unrecognizedClient();
    checkPayloadHash(headers, request.body);
    const expected = await this.#signature(credential, request, authorization.signedHeaders, signingTime);
    if (!equalHex(expected, authorization.signature)) throw invalidSignature(SIGNATURE_MISMATCH);
    checkSessionToken(credential, single(headers["x-amz-security-token"]));
    if (credential.expiration !== undefined && credential.expiration.getTime() <= this.#options.now()) {
      throw expiredToken();
    }
    return credential;
  }

  #checkSkew(amzDate: string, signingTime: Date): void {
    const now = this.#options.now();
    const skew = signingTime.getTime() - now;
    if (skew < -MAX_SKEW_MS) {
      throw invalidSignature(
        `Signature expired: ${amzDate} is now earlier than ${basic(now - MAX_SKEW_MS)} (${basic(now)} - 5 min.)`,
      );
    }
    if (skew > MAX_SKEW_MS) {
      throw invalidSignature(
        `Signature not yet current: ${amzDate} is still later than ${basic(now + MAX_SKEW_MS)} (${basic(now)} + 5 min.)`,
      );
    }
  }

  #checkScope(region: string, service: string, date: string, amzDate: string): void {
    let problems = "";
    if (region !== this.#options.region)
      problems += `Credential should be scoped to a valid region, not '${region}'. `;
    if (service !== SERVICE) problems += `Credential should be scoped to correct service: '${SERVICE}'. `;
    if (date !== amzDate.slice(0, 8)) {
      problems += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`;
    }
    if (problems) throw invalidSignature(problems.trim());
  }

  async #signature(
    credential: CredentialRecord,
    request: SignedRequest,
    signedHeaders: readonly string[],
    signingTime: Date,
  ): Promise<string> {
    const withToken = signedHeaders.includes("x-amz-security-token");
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    const queryStart = request.url.indexOf("?");
    const httpRequest = new HttpRequest({
      method: request.method,
      protocol: "http:",
      hostname: "kms-local",
      path: queryStart < 0 ? request.url : request.url.slice(0, queryStart),
      query: queryStart < 0 ? {} : parseQuery(request.url.slice(queryStart + 1)),
      headers,
      body: request.body,
    });
    const signed = await this.#signer(
      credential,
      withToken ? single(request.headers["x-amz-security-token"]) : undefined,
    ).sign(httpRequest, { signingDate: signingTime, signableHeaders: new Set(signedHeaders) });
    const header = String(signed.headers.authorization ?? "");
    return header.slice(header.lastIndexOf("Signature=") + "Signature=".length);
  }

  #signer(credential: CredentialRecord, sessionToken: string | undefined): SignatureV4 {
    const key = `${credential.accessKeyId}\n${sessionToken ?? ""}`;
    let signer = this.#signers.get(key);
    if (signer === undefined) {
      signer = new SignatureV4({
        credentials: {
          accessKeyId: credential.accessKeyId,
          secretAccessKey: credential.secretAccessKey,
          ...(sessionToken === undefined ? {} : { sessionToken }),
        },
        region: this.#options.region,
        service: SERVICE,
        sha256: Hash.bind(null, "sha256"),
        applyChecksum: false,
      });
      if (this.#signers.size > 1000) this.#signers.clear();
      this.#signers.set(key, signer);
    }
    return signer;
  }
}

function checkPayloadHash(headers: IncomingHttpHeaders, body: Buffer): void {
  const declared = single(headers["x-amz-content-sha256"]);
  if (declared === undefined) return;
  if (declared === "UNSIGNED-PAYLOAD" || declared.startsWith("STREAMING-")) {
    throw invalidSignature(`The payload hash '${declared}' is not accepted: sign the request body.`);
  }
  const actual = createHash("sha256").update(body).digest("hex");
  if (!equalHex(actual, declared.toLowerCase())) {
    throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}

function checkSessionToken(credential: CredentialRecord, presented: string | undefined): void {
  const expected = credential.sessionToken;
  if (expected === undefined && presented === undefined) return;
  if (expected === undefined || presented === undefined) throw unrecognizedClient();
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw unrecognizedClient();
}

function equalHex(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseAmzDate(value: string): Date {
  const match = AMZ_DATE.exec(value);
  const date =
    match === null
      ? undefined
      : new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw incompleteSignature(
      `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  return date;
}

function basic(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseQuery(query: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const existing = result[key];
    result[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}
