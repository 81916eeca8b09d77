/**
 * The drop-in against node:crypto itself, case by case over a generated matrix: the same error class,
 * code and message, the same return shape, identity and length, the same callback timing and
 * arguments, and the same bytes written. CI runs it on Node 20 and Node 24.
 */
import * as nodeCrypto from "node:crypto";
import { NodeCryptoSource } from "@rngkit/local";
import { describe, expect, it } from "vitest";
import { differentialCases } from "../test/matrix.js";
import { observe } from "../test/outcome.js";
import { createCrypto } from "./create-crypto.js";

const dropIn = createCrypto(new NodeCryptoSource());
const cases = differentialCases();

describe(`the drop-in behaves as node:crypto (${process.version})`, () => {
  it("covers the matrix the issue asks for", () => {
    expect(cases.length).toBeGreaterThan(600);
    expect(new Set(cases.map((testCase) => testCase.title)).size).toBe(cases.length);
  });

  it.each(cases.map((testCase) => [testCase.title, testCase] as const))("%s", async (_title, testCase) => {
    const expected = await observe(nodeCrypto, testCase);
    const actual = await observe(dropIn, testCase);
    expect(actual).toEqual(expected);
  });
});
