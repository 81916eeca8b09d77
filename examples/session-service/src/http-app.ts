/**
 * The HTTP face of the service: POST /sessions → 201 { token, expiresAt }. A source failure is a 503 that
 * names the reason and says whether a retry may help, never the error's details.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { RandomSourceError } from "@rngkit/core";
import type { TokenService } from "./token-service.js";

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

async function handle(
  tokens: TokenService,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== "POST" || request.url !== "/sessions") {
    reply(response, 404, { error: "NotFound" });
    return;
  }
  try {
    reply(response, 201, await tokens.issue());
  } catch (error) {
    if (!RandomSourceError.is(error)) throw error;
    if (error.retryable) response.setHeader("retry-after", "1");
    reply(response, 503, { error: error.reason, retryable: error.retryable });
  }
}

export function createHttpApp(tokens: TokenService): Server {
  return createServer((request, response) => {
    handle(tokens, request, response).catch(() => reply(response, 500, { error: "Internal" }));
  });
}

/** Listens on 127.0.0.1 and an ephemeral port; resolves with the base URL. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? `http://127.0.0.1:${address.port}` : "");
    });
  });
}
