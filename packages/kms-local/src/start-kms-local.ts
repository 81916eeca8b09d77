/**
 * startKmsLocal: a KMS-compatible endpoint on node:http (or https) for GenerateRandom and the custom key
 * store operations, with SigV4 verification, AWS-shaped errors, Recipient (Nitro) responses, faults,
 * quotas and counters. Listens on 127.0.0.1 unless told otherwise; close() ends every connection and timer.
 */
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { awsNitroEnclavesRootG1, createSelfSignedTlsCertificate } from "@rngkit/attestation";
import { ADMIN_PREFIX, handleAdminRequest } from "./admin/admin-handler.js";
import { generateCredentials, LocalCredentials, readCredentials } from "./auth/credentials.js";
import { SigV4Verifier } from "./auth/verify-signature.js";
import { Counters, type CountersSnapshot, emptyCounters, type OperationCounters } from "./counters.js";
import { type FaultSpec, Faults } from "./faults/faults.js";
import type { OperationContext } from "./operations/operation.js";
import { checkOptions, type KmsLocalOptions } from "./options.js";
import { throttling } from "./protocol/errors.js";
import { type QuotaLimits, type QuotaSettings, Quotas } from "./quotas/quotas.js";
import { recipientResponder } from "./recipient/recipient-responder.js";
import { handleKmsRequest } from "./server/kms-handler.js";
import { KeyStoreRegistry } from "./stores/key-store-registry.js";
import type {
  ConnectBehavior,
  ConnectionErrorCode,
  ConnectionState,
  CustomKeyStore,
  CustomKeyStoreDeclaration,
} from "./stores/types.js";

export interface KmsLocal extends AsyncDisposable {
  /** e.g. `http://127.0.0.1:39133`: pass as the client's `endpoint`. */
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** The first configured credential (or the generated one), ready for an SDK client. Secret hidden from inspect/JSON. */
  readonly credentials: LocalCredentials;
  readonly auth: "sigv4" | "none";
  /** With HTTPS: the certificate clients must trust (PEM). */
  readonly certificatePem: string | undefined;
  /** Token of the admin route at `${endpoint}/__kms-local/`. */
  readonly adminToken: string;
  readonly adminEndpoint: string;
  readonly counters: {
    /** A copy of every operation's counters. */
    snapshot(): CountersSnapshot;
    /** A copy of one operation's counters (zeros if never called). */
    get(operation: string): OperationCounters;
    reset(): void;
  };
  readonly faults: {
    set(operation: string, spec: FaultSpec): void;
    clear(operation?: string): void;
    list(): Readonly<Record<string, FaultSpec>>;
  };
  readonly quotas: {
    get(): QuotaLimits;
    set(settings: QuotaSettings): QuotaLimits;
  };
  readonly stores: {
    list(): CustomKeyStore[];
    get(id: string): CustomKeyStore | undefined;
    add(declaration: CustomKeyStoreDeclaration): CustomKeyStore;
    setState(id: string, state: ConnectionState, errorCode?: ConnectionErrorCode): CustomKeyStore;
    setConnectBehavior(id: string, behavior: ConnectBehavior): void;
  };
  readonly attestation: {
    /** Trusts one more root (DER or PEM) for Recipient attestation documents. */
    trustRoot(root: Uint8Array | string): void;
  };
  /** Stops listening, ends every connection and timer. Idempotent. */
  close(): Promise<void>;
}

export async function startKmsLocal(options: KmsLocalOptions = {}): Promise<KmsLocal> {
  checkOptions(options);
  const now = options.clock ?? Date.now;
  const region = options.region ?? "us-east-1";
  const accountId = options.accountId ?? "111122223333";
  const auth = options.auth ?? "sigv4";
  const credentialList = options.credentials ?? [generateCredentials()];
  const credentialRecords = readCredentials(credentialList, accountId);
  const first = credentialList[0] as (typeof credentialList)[number];
  const adminToken = options.adminToken ?? randomBytes(24).toString("base64url");
  const closing = new AbortController();
  // Every answer delayed by a latency or slow-body fault listens on it until sent: any number is expected.
  setMaxListeners(0, closing.signal);

  const counters = new Counters();
  const faults = new Faults(options.random ?? Math.random);
  for (const [operation, spec] of Object.entries(options.faults ?? {})) faults.set(operation, spec);
  const quotas = new Quotas(now, options.quotas);
  const stores = new KeyStoreRegistry({
    now,
    connectDelayMs: options.connectDelayMs ?? 50,
    disconnectDelayMs: options.disconnectDelayMs ?? 0,
  });
  for (const declaration of options.customKeyStores ?? []) stores.add(declaration);

  const roots: Buffer[] = options.attestation?.trustAwsRoot === false ? [] : [awsNitroEnclavesRootG1()];
  const trustRoot = (root: Uint8Array | string) => roots.push(toDer(root));
  for (const root of options.attestation?.trustedRoots ?? []) trustRoot(root);

  const operationContext: OperationContext = {
    stores,
    takeStoreQuota: (storeId) => {
      if (!quotas.takeStore(storeId)) throw throttling();
    },
    envelopeFor: recipientResponder({ trustedRoots: () => roots, now }),
    countRandomBytes: (count) => {
      counters.of("GenerateRandom").randomBytes += count;
    },
  };
  const kmsContext = {
    now,
    verifier:
      auth === "none" ? undefined : new SigV4Verifier({ region, credentials: credentialRecords, now }),
    counters,
    faults,
    quotas,
    operationContext,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 20_000,
    closing: closing.signal,
  };
  const adminContext = { token: adminToken, counters, faults, quotas, stores };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const handled = request.url?.startsWith(ADMIN_PREFIX)
      ? handleAdminRequest(request, response, adminContext)
      : handleKmsRequest(request, response, kmsContext);
    handled.catch(() => response.destroy());
  };
  const tls =
    options.https === true ? createSelfSignedTlsCertificate({ clock: now }) : options.https || undefined;
  const server: Server = tls
    ? createHttpsServer({ cert: tls.certificatePem, key: tls.privateKeyPem }, listener)
    : createHttpServer(listener);
  server.headersTimeout = kmsContext.bodyTimeoutMs;
  server.requestTimeout = kmsContext.bodyTimeoutMs + 10_000;
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable)
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      closing.abort();
      stores.close();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return closed;
  };

  const kmsLocal: KmsLocal = {
    endpoint,
    region,
    accountId,
    credentials: new LocalCredentials(first.accessKeyId, first.secretAccessKey, first.sessionToken),
    auth,
    certificatePem: tls?.certificatePem,
    adminToken,
    adminEndpoint: `${endpoint}${ADMIN_PREFIX}`,
    counters: {
      snapshot: () => counters.snapshot(),
      get: (operation) => counters.snapshot()[operation] ?? emptyCounters(),
      reset: () => counters.reset(),
    },
    faults: {
      set: (operation, spec) => faults.set(operation, spec),
      clear: (operation) => faults.clear(operation),
      list: () => faults.list(),
    },
    quotas: { get: () => quotas.limits, set: (settings) => quotas.set(settings) },
    stores: {
      list: () => stores.list(),
      get: (id) => stores.get(id),
      add: (declaration) => stores.add(declaration),
      setState: (id, state, errorCode) => stores.setState(id, state, errorCode),
      setConnectBehavior: (id, behavior) => stores.setConnectBehavior(id, behavior),
    },
    attestation: { trustRoot: (root) => void trustRoot(root) },
    close,
    [Symbol.asyncDispose]: close,
  };
  // The admin token is a credential: readable, but kept out of util.inspect and JSON.stringify.
  Object.defineProperty(kmsLocal, "adminToken", { enumerable: false });
  return kmsLocal;
}

function toDer(root: Uint8Array | string): Buffer {
  if (root instanceof Uint8Array) return Buffer.from(root);
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(String(root));
  if (match?.[1] === undefined) throw new TypeError("a trusted root must be DER bytes or a PEM certificate");
  return Buffer.from(match[1].replace(/\s+/g, ""), "base64");
}
