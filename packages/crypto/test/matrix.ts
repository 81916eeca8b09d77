/**
 * The differential test matrix, generated systematically: each function × each argument position ×
 * {wrong types, NaN, negative, fraction, zero, boundary, one past the maximum, ...}, every typed-array
 * and ArrayBuffer kind, and each call form (sync, callback in every position it may take).
 */
import type { Call, Case } from "./outcome.js";

type Value = readonly [label: string, make: () => unknown];
type Target = ArrayBufferView | ArrayBuffer | SharedArrayBuffer;

const WRONG_TYPES: readonly Value[] = [
  ["a string '1'", () => "1"],
  ["null", () => null],
  ["true", () => true],
  ["an object", () => ({})],
  ["an array", () => [1]],
  ["a symbol", () => Symbol("s")],
  ["a bigint", () => 1n],
  ["a Date", () => new Date(0)],
];

/** Numeric edge values around an inclusive maximum. */
function numbers(max: number): Value[] {
  return [
    ["NaN", () => Number.NaN],
    ["negative", () => -1],
    ["-0", () => -0],
    ["a fraction", () => 0.5],
    ["a fraction above 1", () => 1.5],
    ["zero", () => 0],
    ["one", () => 1],
    [`the boundary ${max}`, () => max],
    [`one past the maximum (${max + 1})`, () => max + 1],
    ["Infinity", () => Number.POSITIVE_INFINITY],
    ["-Infinity", () => Number.NEGATIVE_INFINITY],
  ];
}

const VIEW_KINDS: readonly (readonly [string, (bytes: number) => Target])[] = [
  ["Int8Array", (bytes) => new Int8Array(bytes)],
  ["Uint8Array", (bytes) => new Uint8Array(bytes)],
  ["Uint8ClampedArray", (bytes) => new Uint8ClampedArray(bytes)],
  ["Int16Array", (bytes) => new Int16Array(bytes / 2)],
  ["Uint16Array", (bytes) => new Uint16Array(bytes / 2)],
  ["Int32Array", (bytes) => new Int32Array(bytes / 4)],
  ["Uint32Array", (bytes) => new Uint32Array(bytes / 4)],
  ["BigInt64Array", (bytes) => new BigInt64Array(bytes / 8)],
  ["BigUint64Array", (bytes) => new BigUint64Array(bytes / 8)],
  ["Float32Array", (bytes) => new Float32Array(bytes / 4)],
  ["Float64Array", (bytes) => new Float64Array(bytes / 8)],
  ["DataView", (bytes) => new DataView(new ArrayBuffer(bytes))],
  ["Buffer", (bytes) => Buffer.alloc(bytes)],
  ["a Uint16Array at an offset", (bytes) => new Uint16Array(new ArrayBuffer(bytes + 8), 4, bytes / 2)],
  ["ArrayBuffer", (bytes) => new ArrayBuffer(bytes)],
  ["SharedArrayBuffer", (bytes) => new SharedArrayBuffer(bytes)],
];

const CALLBACK_WRONG_TYPES: readonly Value[] = [...WRONG_TYPES, ["a number", () => 1]];

function make(title: string, expectsCallback: boolean, build: () => { call: Call; target?: Target }): Case {
  return { title, expectsCallback, call: build };
}

function randomBytesCases(): Case[] {
  const cases: Case[] = [];
  // The boundary 2**31 - 1 itself is left out: it would allocate 2 GiB twice per run for no new branch.
  const sizes = [
    ...WRONG_TYPES,
    ...numbers(2 ** 31 - 1).filter(([label]) => !label.startsWith("the boundary")),
  ];
  sizes.push(["1 MiB", () => 1024 * 1024], ["undefined", () => undefined]);
  for (const [label, value] of sizes) {
    cases.push(
      make(`randomBytes(size: ${label})`, false, () => ({ call: (f) => f.randomBytes(value() as number) })),
    );
    cases.push(
      make(`randomBytes(size: ${label}, callback)`, true, () => ({
        call: (f, cb) => f.randomBytes(value() as number, cb),
      })),
    );
  }
  for (const [label, value] of CALLBACK_WRONG_TYPES) {
    cases.push(
      make(`randomBytes(16, callback: ${label})`, false, () => ({
        call: (f) => f.randomBytes(16, value() as () => void),
      })),
    );
  }
  return cases;
}

type FillForm = "sync" | "async";

function fillCall(form: FillForm, args: unknown[]): Call {
  return form === "sync"
    ? (f) => (f.randomFillSync as (...a: unknown[]) => unknown)(...args)
    : (f, cb) => (f.randomFill as (...a: unknown[]) => unknown)(...args, cb);
}

function randomFillCases(form: FillForm): Case[] {
  const name = form === "sync" ? "randomFillSync" : "randomFill";
  const cb = form === "async";
  const cases: Case[] = [];
  for (const [label, value] of [
    ...WRONG_TYPES,
    ["a number", () => 16] as Value,
    ["undefined", () => undefined] as Value,
  ]) {
    cases.push(make(`${name}(buf: ${label})`, cb, () => ({ call: fillCall(form, [value()]) })));
  }
  for (const [kind, build] of VIEW_KINDS) {
    cases.push(
      make(`${name}(buf: ${kind})`, cb, () => {
        const target = build(16);
        return { call: fillCall(form, [target]), target };
      }),
    );
    for (const length of [0, 24]) {
      cases.push(
        make(`${name}(buf: ${kind} of ${length} bytes)`, cb, () => {
          const target = build(length);
          return { call: fillCall(form, [target]), target };
        }),
      );
    }
    const elements = (build(16) as { length?: number }).length ?? 16;
    for (const [label, value] of [
      ...WRONG_TYPES,
      ...numbers(elements),
      ["undefined", () => undefined] as Value,
    ]) {
      cases.push(
        make(`${name}(buf: ${kind}, offset: ${label})`, cb, () => {
          const target = build(16);
          return { call: fillCall(form, [target, value()]), target };
        }),
      );
      cases.push(
        make(`${name}(buf: ${kind}, offset: 1, size: ${label})`, cb, () => {
          const target = build(16);
          return { call: fillCall(form, [target, 1, value()]), target };
        }),
      );
    }
    for (const [label, value] of numbers(elements - 1).slice(-4)) {
      cases.push(
        make(`${name}(buf: ${kind}, offset: 1, size: remaining ${label})`, cb, () => {
          const target = build(16);
          return { call: fillCall(form, [target, 1, value()]), target };
        }),
      );
    }
  }
  if (form === "async") {
    for (const [label, value] of [...CALLBACK_WRONG_TYPES, ["undefined", () => undefined] as Value]) {
      const bad = value as () => () => void;
      cases.push(
        make(`randomFill(buf, callback: ${label})`, false, () => ({
          call: (f) => f.randomFill(new Uint8Array(8), bad()),
        })),
      );
      cases.push(
        make(`randomFill(buf, 1, callback: ${label})`, false, () => ({
          call: (f) => f.randomFill(new Uint8Array(8), 1, bad()),
        })),
      );
      cases.push(
        make(`randomFill(buf, 1, 2, callback: ${label})`, false, () => ({
          call: (f) => f.randomFill(new Uint8Array(8), 1, 2, bad()),
        })),
      );
      cases.push(
        make(`randomFill(buf, -1, 2, callback: ${label})`, false, () => ({
          call: (f) => f.randomFill(new Uint8Array(8), -1, 2, bad()),
        })),
      );
    }
    for (const [kind, build] of VIEW_KINDS) {
      cases.push(
        make(`randomFill(buf: ${kind}, callback) with the callback second`, true, () => {
          const target = build(16);
          return { call: (f, done) => f.randomFill(target as Uint8Array, done), target };
        }),
      );
      cases.push(
        make(`randomFill(buf: ${kind}, 1, callback) with the callback third`, true, () => {
          const target = build(16);
          return { call: (f, done) => f.randomFill(target as Uint8Array, 1, done), target };
        }),
      );
    }
  }
  return cases;
}

function randomIntCases(): Case[] {
  const cases: Case[] = [];
  const RANGE_MAX = 2 ** 48 - 1;
  const maxValues: Value[] = [
    ...WRONG_TYPES,
    ...numbers(RANGE_MAX),
    ["MAX_SAFE_INTEGER + 1", () => Number.MAX_SAFE_INTEGER + 1],
    ["MAX_SAFE_INTEGER", () => Number.MAX_SAFE_INTEGER],
  ];
  for (const [label, value] of maxValues) {
    cases.push(
      make(`randomInt(max: ${label})`, false, () => ({ call: (f) => f.randomInt(value() as number) })),
    );
    cases.push(
      make(`randomInt(max: ${label}, callback)`, true, () => ({
        call: (f, cb) => f.randomInt(value() as number, cb),
      })),
    );
    cases.push(
      make(`randomInt(-5, max: ${label})`, false, () => ({
        call: (f) => f.randomInt(-5, value() as number),
      })),
    );
    cases.push(
      make(`randomInt(-5, max: ${label}, callback)`, true, () => ({
        call: (f, cb) => f.randomInt(-5, value() as number, cb),
      })),
    );
  }
  const minValues: Value[] = [
    ...WRONG_TYPES,
    ...numbers(9),
    ["max itself", () => 10],
    ["the boundary 10 - (2**48 - 1)", () => 10 - RANGE_MAX],
    ["one past the boundary 10 - 2**48", () => 10 - 2 ** 48],
    ["MIN_SAFE_INTEGER - 1", () => Number.MIN_SAFE_INTEGER - 1],
    ["undefined", () => undefined],
  ];
  for (const [label, value] of minValues) {
    cases.push(
      make(`randomInt(min: ${label}, 10)`, false, () => ({
        call: (f) => f.randomInt(value() as number, 10),
      })),
    );
    cases.push(
      make(`randomInt(min: ${label}, 10, callback)`, true, () => ({
        call: (f, cb) => f.randomInt(value() as number, 10, cb),
      })),
    );
  }
  for (const [label, value] of CALLBACK_WRONG_TYPES) {
    const bad = value as () => () => void;
    cases.push(
      make(`randomInt(10, callback: ${label})`, false, () => ({ call: (f) => f.randomInt(10, bad()) })),
    );
    cases.push(
      make(`randomInt(1, 10, callback: ${label})`, false, () => ({ call: (f) => f.randomInt(1, 10, bad()) })),
    );
    cases.push(
      make(`randomInt('x', 10, callback: ${label})`, false, () => ({
        call: (f) => f.randomInt("x" as never, 10, bad()),
      })),
    );
  }
  return cases;
}

function randomUUIDCases(): Case[] {
  const options: Value[] = [
    ...WRONG_TYPES,
    ["a number", () => 1],
    ["a function", () => () => {}],
    ["undefined", () => undefined],
    ["{}", () => ({})],
    ...[
      ...WRONG_TYPES,
      ["undefined", () => undefined] as Value,
      ["false", () => false] as Value,
      ["0", () => 0] as Value,
    ].map(
      ([label, value]): Value => [
        `{ disableEntropyCache: ${label} }`,
        () => ({ disableEntropyCache: value() }),
      ],
    ),
  ];
  return options.map(([label, value]) =>
    make(`randomUUID(options: ${label})`, false, () => ({ call: (f) => f.randomUUID(value() as never) })),
  );
}

function getRandomValuesCases(): Case[] {
  const cases: Case[] = [];
  for (const [label, value] of [
    ...WRONG_TYPES,
    ["undefined", () => undefined] as Value,
    ["a number", () => 4] as Value,
  ]) {
    cases.push(
      make(`getRandomValues(${label})`, false, () => ({
        call: (f) => f.getRandomValues(value() as Uint8Array),
      })),
    );
  }
  for (const [kind, build] of VIEW_KINDS) {
    for (const bytes of [0, 16, 65_536, 65_536 + 8]) {
      cases.push(
        make(`getRandomValues(${kind} of ${bytes} bytes)`, false, () => {
          const target = build(bytes);
          return { call: (f) => f.getRandomValues(target as Uint8Array), target };
        }),
      );
    }
  }
  cases.push(
    make("getRandomValues(Uint8Array of 65,537 bytes: one past the maximum)", false, () => {
      const target = new Uint8Array(65_537);
      return { call: (f) => f.getRandomValues(target), target };
    }),
  );
  return cases;
}

export function differentialCases(): Case[] {
  return [
    ...randomBytesCases(),
    ...randomFillCases("sync"),
    ...randomFillCases("async"),
    ...randomIntCases(),
    ...randomUUIDCases(),
    ...getRandomValuesCases(),
  ];
}
