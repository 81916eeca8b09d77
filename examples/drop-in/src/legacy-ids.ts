/**
 * Code as it was written against node:crypto. Moving it onto rngkit changed exactly one line: the import
 * below used to read `import { randomBytes, randomInt, randomUUID } from "node:crypto";`.
 */
import { randomBytes, randomInt, randomUUID } from "./random.js";

export function apiKey(): string {
  return `rk_${randomBytes(24).toString("base64url")}`;
}

export function requestId(): string {
  return randomUUID();
}

export function pin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

export function nonceAsync(): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    randomBytes(16, (error, bytes) => (error ? reject(error) : resolve(bytes))),
  );
}
