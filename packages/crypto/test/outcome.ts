/**
 * Records what one call of a random function did, in a form that can be compared between node:crypto
 * and the drop-in: what it threw (class, code, name, message), what it returned (shape, identity,
 * length), whether its callback ran before the call returned, with what, and which bytes it wrote.
 */
import type * as nodeCrypto from "node:crypto";

export type RandomFunctions = Pick<
  typeof nodeCrypto,
  "randomBytes" | "randomFill" | "randomFillSync" | "randomInt" | "randomUUID" | "getRandomValues"
>;

/** A call under test: given the functions and a callback recorder, makes one call and returns its result. */
export type Call = (fns: RandomFunctions, callback: (...args: unknown[]) => void) => unknown;

export interface Case {
  readonly title: string;
  /** Builds fresh arguments per run, so node and the drop-in never share a buffer. */
  readonly call: () => {
    readonly call: Call;
    readonly target?: ArrayBufferView | ArrayBuffer | SharedArrayBuffer;
  };
  readonly expectsCallback: boolean;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function shape(value: unknown, firstArgument?: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  const same = firstArgument !== undefined && value === firstArgument ? " (the argument itself)" : "";
  if (value instanceof Error || value instanceof DOMException) {
    const { code } = value as { code?: unknown };
    return `throws ${value.constructor.name} name=${value.name} code=${String(code)}: ${value.message}`;
  }
  if (Buffer.isBuffer(value)) {
    const owns = value.byteOffset === 0 && value.buffer.byteLength === value.byteLength;
    return `Buffer(${value.byteLength}${owns ? ", owns its memory" : ""})${same}`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength} bytes)${same}`;
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
    return `${value.constructor.name}(${value.byteLength})${same}`;
  }
  if (typeof value === "number") return Number.isSafeInteger(value) ? "safe integer" : `number ${value}`;
  if (typeof value === "string") return UUID_V4.test(value) ? "uuid v4" : `string ${value}`;
  return `${typeof value}`;
}

function bytesOf(target: ArrayBufferView | ArrayBuffer | SharedArrayBuffer): Uint8Array {
  return ArrayBuffer.isView(target)
    ? new Uint8Array(target.buffer, target.byteOffset, target.byteLength)
    : new Uint8Array(target);
}

export interface Outcome {
  readonly result: string;
  readonly callback: string;
  /** Byte positions of the target that the call wrote: "first..last (count)". */
  readonly written?: string;
}

const SENTINELS = [0x00, 0xff, 0x5a, 0xa5] as const;

/**
 * Runs the case once per sentinel. A written byte escapes notice only if it equals the sentinel in all
 * four runs (probability 2^-32 per byte), so the written range is exact in practice.
 */
export async function observe(fns: RandomFunctions, testCase: Case): Promise<Outcome> {
  let outcome: Outcome | undefined;
  let writtenMask: boolean[] | undefined;
  for (const sentinel of SENTINELS) {
    const { call, target } = testCase.call();
    if (target) bytesOf(target).fill(sentinel);
    let returned = false;
    let callback = "not called";
    const called = new Promise<void>((resolve) => {
      const record = (...args: unknown[]) => {
        callback = `${returned ? "async" : "sync"}(${args.map((arg) => shape(arg, target)).join(", ")})`;
        resolve();
      };
      let result: string;
      try {
        result = shape(call(fns, record), target);
      } catch (error) {
        result = shape(error);
        resolve();
      }
      returned = true;
      outcome = { result, callback };
      if (!testCase.expectsCallback) resolve();
    });
    await Promise.race([called, new Promise((resolve) => setTimeout(resolve, 2000))]);
    outcome = { result: outcome?.result ?? "?", callback };
    if (target) {
      const bytes = bytesOf(target);
      writtenMask ??= new Array(bytes.byteLength).fill(false);
      bytes.forEach((byte, index) => {
        if (byte !== sentinel) (writtenMask as boolean[])[index] = true;
      });
    }
  }
  if (writtenMask === undefined) return outcome as Outcome;
  const first = writtenMask.indexOf(true);
  const count = writtenMask.filter(Boolean).length;
  return {
    ...(outcome as Outcome),
    written: first < 0 ? "none" : `${first}..${writtenMask.lastIndexOf(true)} (${count})`,
  };
}
