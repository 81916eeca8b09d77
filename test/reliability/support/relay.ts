/**
 * The relaying parent of the Nitro threat model, as an HTTP endpoint the enclave's SDK talks to: it reads
 * GenerateRandom's attestation document (for the enclave's public key, which anyone who sees the document
 * has) and answers whatever `answer` makes of the request: a forged, tampered or replayed
 * CiphertextForRecipient. It speaks awsJson1_1 and checks no signature.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildRecipientEnvelope, parseAttestationDocument } from "@rngkit/attestation";

export interface RelayedRequest {
  readonly numberOfBytes: number;
  /** The recipient's SPKI (DER) from the attestation document. */
  readonly publicKey: Buffer;
  /** A genuine-looking envelope of `plaintextBytes` random bytes (default numberOfBytes) to that key. */
  envelope(plaintextBytes?: number): Buffer;
}

export interface Relay {
  readonly endpoint: string;
  /** Builds the JSON body answered for each request. */
  answer: (request: RelayedRequest) => Record<string, unknown>;
  /** Requests answered so far. */
  readonly answered: number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
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

export async function startRelay(): Promise<Relay> {
  let answered = 0;
  const relay = {
    answer: (request: RelayedRequest): Record<string, unknown> => ({
      CiphertextForRecipient: request.envelope().toString("base64"),
    }),
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const input = JSON.parse((await readBody(request)).toString("utf8")) as {
      NumberOfBytes: number;
      Recipient?: { AttestationDocument: string };
    };
    const document = Buffer.from(input.Recipient?.AttestationDocument ?? "", "base64");
    const publicKey = parseAttestationDocument(document).document.publicKey ?? Buffer.alloc(0);
    const relayed: RelayedRequest = {
      numberOfBytes: input.NumberOfBytes,
      publicKey: Buffer.from(publicKey),
      envelope: (plaintextBytes = input.NumberOfBytes) =>
        buildRecipientEnvelope({
          recipientPublicKey: publicKey,
          plaintext: Buffer.from(crypto.getRandomValues(new Uint8Array(plaintextBytes))),
        }),
    };
    answered++;
    send(response, 200, relay.answer(relayed));
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, 500, { __type: "KMSInternalException", message: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(relay, {
    endpoint: `http://127.0.0.1:${port}`,
    get answered() {
      return answered;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** OIDs as their DER encodings (tag, length, value), for patching envelopes in place. */
export const DER_OID = {
  rsaesOaep: Buffer.from("06092a864886f70d010107", "hex"),
  aes256Cbc: Buffer.from("060960864801650304012a", "hex"),
} as const;

/** A copy of `bytes` with the first occurrence of `find` replaced by `replace` (same length). */
export function patch(bytes: Uint8Array, find: Uint8Array, replace: Uint8Array): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf(find);
  if (at < 0 || find.byteLength !== replace.byteLength) throw new Error("patch: pattern not found");
  copy.set(replace, at);
  return copy;
}

/** A copy of `bytes` with the byte at `at` XORed with `mask`. */
export function flip(bytes: Uint8Array, at: number, mask = 0x01): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] as number) ^ mask;
  return copy;
}
