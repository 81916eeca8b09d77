/**
 * The admin route, under `/__kms-local/`: read counters and change faults, quotas and key stores while
 * the server runs. Every call needs the admin token (`Authorization: Bearer <token>` or
 * `x-kms-local-admin-token`), compared in constant time. No KMS request can reach it: KMS requests go to
 * `/`, and a request to this route carrying an X-Amz-Target is refused.
 *
 *   GET    /__kms-local/counters              POST /__kms-local/counters/reset
 *   GET    /__kms-local/faults                PUT  /__kms-local/faults/<Operation|*>   DELETE /__kms-local/faults[/<Operation|*>]
 *   GET    /__kms-local/quotas                PUT  /__kms-local/quotas
 *   GET    /__kms-local/stores                POST /__kms-local/stores
 *   PUT    /__kms-local/stores/<id>/state     PUT  /__kms-local/stores/<id>/connect
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Counters } from "../counters.js";
import type { FaultSpec, Faults } from "../faults/faults.js";
import { describe } from "../operations/describe-custom-key-stores.js";
import { KmsError } from "../protocol/kms-error.js";
import type { QuotaSettings, Quotas } from "../quotas/quotas.js";
import { readBody } from "../server/read-body.js";
import type { KeyStoreRegistry } from "../stores/key-store-registry.js";
import type {
  ConnectBehavior,
  ConnectionErrorCode,
  ConnectionState,
  CustomKeyStoreDeclaration,
} from "../stores/types.js";

export const ADMIN_PREFIX = "/__kms-local/";
const MAX_ADMIN_BODY = 64 * 1024;

export interface AdminContext {
  readonly token: string;
  readonly counters: Counters;
  readonly faults: Faults;
  readonly quotas: Quotas;
  readonly stores: KeyStoreRegistry;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function handleAdminRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: AdminContext,
): Promise<void> {
  try {
    if (request.headers["x-amz-target"] !== undefined)
      throw new AdminError(400, "the admin route takes no X-Amz-Target");
    if (!authorized(request, context.token)) throw new AdminError(403, "a valid admin token is required");
    const read = await readBody(request, MAX_ADMIN_BODY, 10_000);
    if (read.kind !== "body")
      throw new AdminError(400, "the request body could not be read (too large, slow or aborted)");
    const body = read.body.length === 0 ? undefined : parseJson(read.body);
    const path =
      (request.url ?? "").split("?")[0]?.slice(ADMIN_PREFIX.length).split("/").map(decodeURIComponent) ?? [];
    const result = route(request.method ?? "GET", path, body, context);
    reply(response, 200, result ?? {});
  } catch (error) {
    if (error instanceof AdminError) reply(response, error.status, { message: error.message });
    else if (error instanceof TypeError || error instanceof RangeError || error instanceof KmsError) {
      reply(response, 400, { message: error.message });
    } else reply(response, 500, { message: "internal error" });
  }
}

function route(method: string, path: readonly string[], body: unknown, context: AdminContext): unknown {
  const [resource, id, sub] = path;
  switch (
    `${method} ${resource ?? ""}${id === undefined ? "" : "/:id"}${sub === undefined ? "" : `/${sub}`}`
  ) {
    case "GET counters":
      return context.counters.snapshot();
    case "POST counters/:id":
      if (id !== "reset") break;
      context.counters.reset();
      return {};
    case "GET faults":
      return context.faults.list();
    case "PUT faults/:id":
      context.faults.set(id as string, object(body) as FaultSpec);
      return context.faults.list();
    case "DELETE faults":
      context.faults.clear();
      return {};
    case "DELETE faults/:id":
      context.faults.clear(id);
      return {};
    case "GET quotas":
      return context.quotas.limits;
    case "PUT quotas":
      return context.quotas.set(object(body) as QuotaSettings);
    case "GET stores":
      return context.stores.list().map(describe);
    case "POST stores": {
      const declaration = object(body) as CustomKeyStoreDeclaration & { creationDate?: unknown };
      if (declaration.creationDate !== undefined)
        throw new AdminError(400, "creationDate cannot be set here");
      return describe(context.stores.add(declaration));
    }
    case "PUT stores/:id/state": {
      const { state, errorCode } = object(body) as {
        state: ConnectionState;
        errorCode?: ConnectionErrorCode;
      };
      return describe(context.stores.setState(id as string, state, errorCode));
    }
    case "PUT stores/:id/connect":
      context.stores.setConnectBehavior(id as string, object(body) as ConnectBehavior);
      return {};
  }
  throw new AdminError(404, `no admin route ${method} ${ADMIN_PREFIX}${path.join("/")}`);
}

function authorized(request: IncomingMessage, token: string): boolean {
  const header =
    request.headers["x-kms-local-admin-token"] ?? request.headers.authorization?.replace(/^Bearer\s+/i, "");
  const presented = Buffer.from(typeof header === "string" ? header : "");
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new AdminError(400, "the request body is not JSON");
  }
}

function object(body: unknown): object {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new AdminError(400, "a JSON object body is required");
  return body;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": bytes.length });
  response.end(bytes);
}
