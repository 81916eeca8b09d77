/**
 * The `kms-local` command line, shared by this package's bin and by `rngkit kms-local`: parsing the
 * flags into options, and the connection details printed once the server listens.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { KmsLocalOptions } from "./options.js";
import type { KmsLocal } from "./start-kms-local.js";

export const KMS_LOCAL_HELP = `Usage: kms-local [options]

  --host <address>            listen address (default 127.0.0.1)
  --port <n>                  port (default 0: a free one)
  --region <name>             signing region (default us-east-1)
  --https                     serve HTTPS with a generated self-signed certificate
  --no-auth                   accept unsigned requests (no SigV4 verification)
  --access-key-id <id>        accepted access key (with --secret-access-key; default: generated)
  --secret-access-key <key>
  --session-token <token>
  --custom-key-store <spec>   declare a store: name[:id[:STATE]], e.g. hsm:cks-0123456789abcdef0:CONNECTED (repeatable)
  --trust-root <file>         trust this root certificate (PEM or DER) for Recipient documents (repeatable)
  --admin-token <token>       token of the admin route (default: generated)
  --json                      print the connection details as one JSON line
  --help`;

export interface KmsLocalCommandLine {
  readonly options: KmsLocalOptions;
  /** Print the connection details as one JSON line. */
  readonly json: boolean;
  readonly help: boolean;
}

/** Parses `kms-local` flags; throws an Error naming the flag for a bad one. */
export function parseKmsLocalArgs(argv: readonly string[]): KmsLocalCommandLine {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: "string" },
      port: { type: "string" },
      region: { type: "string" },
      https: { type: "boolean" },
      "no-auth": { type: "boolean" },
      "access-key-id": { type: "string" },
      "secret-access-key": { type: "string" },
      "session-token": { type: "string" },
      "custom-key-store": { type: "string", multiple: true },
      "trust-root": { type: "string", multiple: true },
      "admin-token": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  const accessKeyId = values["access-key-id"];
  const secretAccessKey = values["secret-access-key"];
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error("--access-key-id and --secret-access-key go together");
  }
  const options: KmsLocalOptions = {
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.port === undefined ? {} : { port: Number(values.port) }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values.https ? { https: true } : {}),
    ...(values["no-auth"] ? { auth: "none" as const } : {}),
    ...(accessKeyId === undefined || secretAccessKey === undefined
      ? {}
      : {
          credentials: [
            {
              accessKeyId,
              secretAccessKey,
              ...(values["session-token"] === undefined ? {} : { sessionToken: values["session-token"] }),
            },
          ],
        }),
    customKeyStores: (values["custom-key-store"] ?? []).map((spec) => {
      const [name = "", id, state] = spec.split(":");
      return { name, ...(id ? { id } : {}), ...(state ? { connectionState: state as never } : {}) };
    }),
    attestation: {
      trustedRoots: (values["trust-root"] ?? []).map((file) => readFileSync(file)).map(pemOrDer),
    },
    ...(values["admin-token"] === undefined ? {} : { adminToken: values["admin-token"] }),
  };
  return { options, json: values.json === true, help: values.help === true };
}

/** What the command prints once the server listens: endpoint, credentials, admin token, stores. */
export function describeKmsLocal(server: KmsLocal, json: boolean): string {
  const details = {
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: server.credentials.accessKeyId,
    secretAccessKey: server.credentials.secretAccessKey,
    ...(server.credentials.sessionToken ? { sessionToken: server.credentials.sessionToken } : {}),
    adminEndpoint: server.adminEndpoint,
    adminToken: server.adminToken,
    auth: server.auth,
    customKeyStores: server.stores
      .list()
      .map((store) => ({ id: store.id, name: store.name, state: store.connectionState })),
  };
  if (json) return `${JSON.stringify(details)}\n`;
  const lines = [
    `kms-local listening on ${details.endpoint} (region ${details.region}, auth ${details.auth})`,
    `AWS_ACCESS_KEY_ID=${details.accessKeyId}`,
    `AWS_SECRET_ACCESS_KEY=${details.secretAccessKey}`,
    ...(details.sessionToken ? [`AWS_SESSION_TOKEN=${details.sessionToken}`] : []),
    `admin: ${details.adminEndpoint} (Authorization: Bearer ${details.adminToken})`,
    ...details.customKeyStores.map((store) => `custom key store ${store.id} ${store.name} ${store.state}`),
    ...(server.certificatePem ? [server.certificatePem.trim()] : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** PEM text stays text; anything else is DER. */
function pemOrDer(bytes: Buffer): Uint8Array | string {
  const text = bytes.toString("latin1");
  return text.includes("-----BEGIN CERTIFICATE-----") ? text : bytes;
}
