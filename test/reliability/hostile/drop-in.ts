/**
 * The drop-in (createCrypto over a warm PoolSource over KmsSource on kms-local) given what node:crypto
 * refuses: it must throw exactly what node:crypto throws (class, code, name, message), consume no pool
 * byte, and leave the caller's buffer as it was.
 */
import * as nodeCrypto from "node:crypto";
import { expect } from "vitest";
import type { HostileCase } from "./environment.js";

const SENTINEL = 0x5a;
type Crypto = Pick<
  typeof nodeCrypto,
  "randomBytes" | "randomFill" | "randomFillSync" | "randomInt" | "randomUUID" | "getRandomValues"
>;

const view = (bytes: number) => new Uint8Array(bytes).fill(SENTINEL);
const noop = () => {};

/** [name, call] where call makes its own arguments, so node:crypto and the drop-in get equal fresh ones. */
const CALLS: readonly (readonly [string, (crypto: Crypto, buffers: Uint8Array[]) => unknown])[] = [
  ["randomBytes(-1)", (c) => c.randomBytes(-1)],
  ["randomBytes('16')", (c) => c.randomBytes("16" as never)],
  ["randomBytes(2 ** 31)", (c) => c.randomBytes(2 ** 31)],
  ["randomBytes(NaN)", (c) => c.randomBytes(Number.NaN)],
  ["randomBytes(16, 'not a function')", (c) => c.randomBytes(16, "cb" as never)],
  ["randomFillSync(buffer, -1)", (c, b) => c.randomFillSync(push(b, view(8)), -1)],
  ["randomFillSync(buffer, 0, 9) past its end", (c, b) => c.randomFillSync(push(b, view(8)), 0, 9)],
  ["randomFillSync(buffer, 9)", (c, b) => c.randomFillSync(push(b, view(8)), 9)],
  ["randomFillSync('a string')", (c) => c.randomFillSync("not a buffer" as never)],
  ["randomFill(buffer, 0, 9, callback) past its end", (c, b) => c.randomFill(push(b, view(8)), 0, 9, noop)],
  [
    "randomFill(buffer) without a callback",
    (c, b) => (c.randomFill as (buffer: Uint8Array) => void)(push(b, view(8))),
  ],
  ["randomInt(10, 5)", (c) => c.randomInt(10, 5)],
  ["randomInt(1.5)", (c) => c.randomInt(1.5)],
  ["randomInt(0, 2 ** 48 + 1)", (c) => c.randomInt(0, 2 ** 48 + 1)],
  ["randomInt(MAX_SAFE_INTEGER + 1)", (c) => c.randomInt(Number.MAX_SAFE_INTEGER + 1)],
  ["randomInt(1, 10, 'not a function')", (c) => c.randomInt(1, 10, "cb" as never)],
  [
    "randomUUID({ disableEntropyCache: 'yes' })",
    (c) => c.randomUUID({ disableEntropyCache: "yes" as never }),
  ],
  ["randomUUID('options')", (c) => c.randomUUID("opts" as never)],
  ["getRandomValues(Float32Array)", (c) => c.getRandomValues(new Float32Array(4) as never)],
  ["getRandomValues(65,537 bytes)", (c, b) => c.getRandomValues(push(b, view(65_537)))],
  ["getRandomValues(DataView)", (c) => c.getRandomValues(new DataView(new ArrayBuffer(4)) as never)],
  ["getRandomValues(null)", (c) => c.getRandomValues(null as never)],
];

function push(buffers: Uint8Array[], buffer: Uint8Array): Uint8Array {
  buffers.push(buffer);
  return buffer;
}

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

function describeError(error: unknown) {
  const e = error as { constructor: { name: string }; code?: unknown; name?: unknown; message?: unknown };
  return { class: e.constructor.name, code: e.code, name: e.name, message: e.message };
}

export const DROP_IN_CASES: readonly HostileCase[] = CALLS.map(([name, call]) => ({
  area: "drop-in",
  name,
  async run({ pool, dropIn }) {
    const expected = describeError(thrown(() => call(nodeCrypto, [])));
    const before = pool.stats();
    const buffers: Uint8Array[] = [];
    const actual = describeError(thrown(() => call(dropIn, buffers)));
    expect(actual).toEqual(expected);
    const after = pool.stats();
    expect([after.servedBytes, after.level], "pool bytes consumed").toEqual([
      before.servedBytes,
      before.level,
    ]);
    for (const buffer of buffers)
      expect(
        buffer.every((byte) => byte === SENTINEL),
        "buffer written",
      ).toBe(true);
  },
}));
