/**
 * Answers one KMS request, in the order AWS's Coral front end checks things (as recorded by dynalite):
 * method and content type (404 `<UnknownOperationException/>`), JSON syntax (SerializationException),
 * the X-Amz-Target (UnknownOperationException), SigV4, then the member types (SerializationException),
 * and finally the operation's own validation and logic. Faults and quotas apply after authentication.
 * Anything unexpected becomes a KMSInternalException: the server never crashes on a request.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { SigV4Verifier } from "../auth/verify-signature.js";
import type { Counters } from "../counters.js";
import type { Faults } from "../faults/faults.js";
import { tamperPlaintext } from "../faults/tamper-plaintext.js";
import type { OperationContext } from "../operations/operation.js";
import { OPERATIONS, TARGET_PREFIX } from "../operations/operations.js";
import {
  accessDenied,
  kmsInternal,
  requestEntityTooLarge,
  requestTimeout,
  serialization,
  throttling,
  unknownOperation,
} from "../protocol/errors.js";
import { KmsError } from "../protocol/kms-error.js";
import { readInput } from "../protocol/shapes.js";
import type { Quotas } from "../quotas/quotas.js";
import { readBody } from "./read-body.js";
import { JSON_CONTENT_TYPE, type ResponseOptions, send, sendError } from "./respond.js";

export interface KmsHandlerContext {
  readonly now: () => number;
  /** undefined in no-auth mode. */
  readonly verifier: SigV4Verifier | undefined;
  readonly counters: Counters;
  readonly faults: Faults;
  readonly quotas: Quotas;
  readonly operationContext: OperationContext;
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly closing: AbortSignal;
}

/** Operations that count against the account's cryptographic request quota. */
const CRYPTOGRAPHIC = new Set(["GenerateRandom"]);

export async function handleKmsRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: KmsHandlerContext,
): Promise<void> {
  const target = single(request.headers["x-amz-target"]);
  const operation = target?.startsWith(TARGET_PREFIX)
    ? OPERATIONS.get(target.slice(TARGET_PREFIX.length))
    : undefined;
  const name = operation?.name ?? "Unknown";
  const counters = context.counters.of(name);
  counters.requests += 1;
  const options = (extra: Partial<ResponseOptions> = {}): ResponseOptions => ({
    requestId: randomUUID(),
    date: new Date(context.now()),
    signal: context.closing,
    ...extra,
  });
  // Not `responseBytes += await send(...)`: that reads the counter before the await and loses the bytes
  // of every request answered meanwhile.
  const countSent = (bytes: number) => {
    counters.responseBytes += bytes;
  };
  const fail = async (error: KmsError, extra?: Partial<ResponseOptions>) => {
    context.counters.countError(name, error.type);
    countSent(await sendError(response, error, options(extra)));
  };
  try {
    const read = await readBody(request, context.maxBodyBytes, context.bodyTimeoutMs);
    if (read.kind === "aborted") return;
    if (read.kind === "too-large")
      return await fail(requestEntityTooLarge(context.maxBodyBytes), { close: true });
    if (read.kind === "timeout") return await fail(requestTimeout(), { close: true });
    const body = read.body;
    counters.requestBytes += body.length;
    const contentType = single(request.headers["content-type"])?.split(";")[0]?.trim();
    if (request.method !== "POST" || (body.length > 0 && contentType !== JSON_CONTENT_TYPE)) {
      context.counters.countError(name, "UnknownOperationException");
      countSent(await send(response, 404, "<UnknownOperationException/>\n", options(), {}, "text/xml"));
      return;
    }
    let json: unknown;
    if (body.length > 0) {
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        return await fail(serialization());
      }
    }
    if (operation === undefined) return await fail(unknownOperation());
    if (context.verifier !== undefined) {
      const credential = await context.verifier.verify({
        method: request.method ?? "POST",
        url: request.url ?? "/",
        headers: request.headers,
        body,
      });
      if (credential.allowedActions !== undefined && !credential.allowedActions.has(operation.action)) {
        throw accessDenied(credential.principalArn, operation.action);
      }
    }
    const fault = context.faults.decide(name);
    if (fault.delayMs > 0) await delay(fault.delayMs, undefined, { signal: context.closing });
    if (fault.reset) {
      counters.resets += 1;
      request.socket.destroy();
      return;
    }
    if (fault.error !== undefined) return await fail(fault.error, { slowBody: fault.slowBody });
    if (CRYPTOGRAPHIC.has(name) && !context.quotas.takeAccount()) throw throttling();
    if (json === undefined) throw serialization();
    const result = operation.run(readInput(json, operation.members), context.operationContext);
    const answer = fault.tamper === undefined ? result : tamperPlaintext(result, fault.tamper);
    countSent(await send(response, 200, JSON.stringify(answer), options({ slowBody: fault.slowBody })));
  } catch (error) {
    if (context.closing.aborted) {
      response.destroy();
      return;
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    await fail(error instanceof KmsError ? error : kmsInternal()).catch(() => response.destroy());
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
