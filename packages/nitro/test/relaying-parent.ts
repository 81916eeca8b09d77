/**
 * The parent instance of the threat model (facts file): an HTTP endpoint the enclave's SDK talks to, which
 * either forwards GenerateRandom to kms-local and relays the answer, or answers itself — forging an envelope
 * to the public key in the attestation document (anyone can: it is public), replaying an earlier answer,
 * or sending a malformed one. It speaks awsJson1_1 as KMS does and checks no signature.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildRecipientEnvelope, parseAttestationDocument } from "@rngkit/attestation";

export type RelayMode =
  | { readonly kind: "forward" }
  | { readonly kind: "forge"; readonly plaintext: (numberOfBytes: number) => Buffer }
  | { readonly kind: "replay-last" }
  | { readonly kind: "respond"; readonly body: (request: RelayedRequest) => Record<string, unknown> };

export interface RelayedRequest {
  readonly numberOfBytes: number;
  /** The recipient's SPKI from the attestation document. */
  readonly publicKey: Buffer;
}

export interface RelayingParent {
  readonly endpoint: string;
  mode: RelayMode;
  /** Every CiphertextForRecipient relayed or made, in order (base64). */
  readonly answered: string[];
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, json: unknown): void {
  const payload = JSON.stringify(json);
  response.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(payload),
    "x-amzn-requestid": "relay",
    date: new Date().toUTCString(),
  });
  response.end(payload);
}

export async function startRelayingParent(kmsEndpoint: string): Promise<RelayingParent> {
  let last: Record<string, unknown> | undefined;
  const answered: string[] = [];
  const parent = {
    mode: { kind: "forward" } as RelayMode,
    answered,
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const raw = await body(request);
    const input = JSON.parse(raw.toString("utf8")) as {
      NumberOfBytes: number;
      Recipient?: { AttestationDocument: string };
    };
    const document = Buffer.from(input.Recipient?.AttestationDocument ?? "", "base64");
    const publicKey = parseAttestationDocument(document).document.publicKey ?? Buffer.alloc(0);
    const mode = parent.mode;
    let answer: Record<string, unknown>;
    if (mode.kind === "forward") {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !["host", "connection"].includes(name)),
      ) as Record<string, string>;
      const forwarded = await fetch(kmsEndpoint, { method: "POST", headers, body: raw });
      answer = (await forwarded.json()) as Record<string, unknown>;
      if (!forwarded.ok) return send(response, forwarded.status, answer);
    } else if (mode.kind === "forge") {
      const envelope = buildRecipientEnvelope({
        recipientPublicKey: publicKey,
        plaintext: mode.plaintext(input.NumberOfBytes),
      });
      answer = { CiphertextForRecipient: envelope.toString("base64"), KeyId: null };
    } else if (mode.kind === "replay-last") {
      answer = last ?? {};
    } else {
      answer = mode.body({ numberOfBytes: input.NumberOfBytes, publicKey });
    }
    last = answer;
    if (typeof answer.CiphertextForRecipient === "string") answered.push(answer.CiphertextForRecipient);
    send(response, 200, answer);
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, 500, { __type: "KMSInternalException", message: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(parent, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
