/** Loads the known-answer fixtures (see fixtures/README.md). */
import { readFileSync } from "node:fs";

const here = new URL("./fixtures/", import.meta.url);

export function fixture(name: string): Buffer {
  return readFileSync(new URL(name, here));
}

export function fixturePath(name: string): string {
  return new URL(name, here).pathname;
}

/** A genuine attestation document and the facts a test needs about it. */
export interface RealDocument {
  readonly name: string;
  readonly bytes: Buffer;
  readonly timestamp: Date;
  readonly leafNotAfter: Date;
  readonly moduleId: string;
}

export const realDocuments: readonly RealDocument[] = [
  {
    name: "attestation-doc-a (definite-length payload map)",
    bytes: Buffer.from(fixture("attestation-doc-a.b64").toString("utf8").trim(), "base64"),
    timestamp: new Date("2024-09-17T00:47:59.695Z"),
    leafNotAfter: new Date("2024-09-17T03:47:59Z"),
    moduleId: "i-0bbf1bfe232b8c2ce-enc0191fc27458c1d41",
  },
  {
    name: "attestation-doc-b (indefinite-length payload map)",
    bytes: Buffer.from(fixture("attestation-doc-b.b64").toString("utf8").trim(), "base64"),
    timestamp: new Date("2026-01-03T20:41:07.402Z"),
    leafNotAfter: new Date("2026-01-03T23:40:28Z"),
    moduleId: "i-0368fa67e156d6d23-enc019b8596b1a9dad6",
  },
];
