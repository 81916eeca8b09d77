/**
 * The credentials kms-local accepts. Each access key may carry a session token (then requests must
 * present it), an expiry, a principal ARN for AccessDenied messages, and a list of allowed actions
 * (absent: every action). Secrets never appear in `util.inspect` or JSON output.
 */
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";

export interface KmsLocalCredentialOptions {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** When set, requests signed with this key must carry this `x-amz-security-token`. */
  readonly sessionToken?: string;
  /** After this time requests with this key get ExpiredTokenException. */
  readonly expiration?: Date;
  /** Default `arn:aws:iam::<accountId>:user/kms-local`. */
  readonly principalArn?: string;
  /** IAM actions this key may call, e.g. ["kms:DescribeCustomKeyStores"]. Default: all. */
  readonly allowedActions?: readonly string[];
}

/** AWS credentials as the SDKs take them, with the secret hidden from inspection and JSON. */
export class LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;

  constructor(accessKeyId: string, secretAccessKey: string, sessionToken?: string) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    if (sessionToken !== undefined) this.sessionToken = sessionToken;
  }

  toJSON(): Record<string, string> {
    return {
      accessKeyId: this.accessKeyId,
      secretAccessKey: "[redacted]",
      ...(this.sessionToken ? { sessionToken: "[redacted]" } : {}),
    };
  }

  [inspect.custom](): string {
    return `LocalCredentials { accessKeyId: '${this.accessKeyId}', secretAccessKey: [redacted]${this.sessionToken ? ", sessionToken: [redacted]" : ""} }`;
  }
}

export interface CredentialRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
  readonly expiration: Date | undefined;
  readonly principalArn: string;
  readonly allowedActions: ReadonlySet<string> | undefined;
}

export function readCredentials(
  list: readonly KmsLocalCredentialOptions[],
  accountId: string,
): Map<string, CredentialRecord> {
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError("options.credentials must be a non-empty array of { accessKeyId, secretAccessKey }");
  }
  const records = new Map<string, CredentialRecord>();
  list.forEach((entry, index) => {
    const name = `options.credentials[${index}]`;
    if (typeof entry?.accessKeyId !== "string" || !/^[A-Za-z0-9]{4,128}$/.test(entry.accessKeyId)) {
      throw new TypeError(`${name}.accessKeyId must be 4 to 128 letters and digits`);
    }
    if (typeof entry.secretAccessKey !== "string" || entry.secretAccessKey.length === 0) {
      throw new TypeError(`${name}.secretAccessKey must be a non-empty string`);
    }
    if (
      entry.sessionToken !== undefined &&
      (typeof entry.sessionToken !== "string" || entry.sessionToken === "")
    ) {
      throw new TypeError(`${name}.sessionToken must be a non-empty string`);
    }
    if (entry.expiration !== undefined && !(entry.expiration instanceof Date)) {
      throw new TypeError(`${name}.expiration must be a Date`);
    }
    if (entry.allowedActions !== undefined && !Array.isArray(entry.allowedActions)) {
      throw new TypeError(`${name}.allowedActions must be an array of IAM actions`);
    }
    if (records.has(entry.accessKeyId)) throw new RangeError(`${name}.accessKeyId is listed twice`);
    records.set(entry.accessKeyId, {
      accessKeyId: entry.accessKeyId,
      secretAccessKey: entry.secretAccessKey,
      sessionToken: entry.sessionToken,
      expiration: entry.expiration,
      principalArn: entry.principalArn ?? `arn:aws:iam::${accountId}:user/kms-local`,
      allowedActions: entry.allowedActions === undefined ? undefined : new Set(entry.allowedActions),
    });
  });
  return records;
}

/** A fresh access key pair, shaped like AWS's (AKIA + 16, 40-character secret). */
export function generateCredentials(): KmsLocalCredentialOptions {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const id = [...randomBytes(16)].map((byte) => alphabet[byte % 32]).join("");
  return { accessKeyId: `AKIA${id}`, secretAccessKey: randomBytes(30).toString("base64") };
}
