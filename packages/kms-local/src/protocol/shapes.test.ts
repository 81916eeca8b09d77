import { describe, expect, it } from "vitest";
import { KmsError } from "./kms-error.js";
import { blob, boolean, integer, readInput, string, structure } from "./shapes.js";

const members = { N: integer, S: string, B: blob, F: boolean, R: structure({ X: string }) };

function messageOf(body: unknown): string | undefined {
  try {
    readInput(body, members);
  } catch (error) {
    expect(error).toBeInstanceOf(KmsError);
    const kmsError = error as KmsError;
    expect(kmsError.type).toBe("SerializationException");
    return kmsError.hasMessage ? kmsError.message : "(none)";
  }
  return undefined;
}

describe("readInput (Coral's conversions)", () => {
  it("keeps known members, drops unknown ones and nulls, truncates numbers, decodes blobs", () => {
    const input = readInput(
      { N: 7.9, S: "s", B: "AQID", F: false, R: { X: "x", Y: 1 }, Z: "unknown", Q: null },
      members,
    );
    expect(input).toEqual({ N: 7, S: "s", B: Buffer.from([1, 2, 3]), F: false, R: { X: "x" } });
  });

  it.each([
    [{ N: "1" }, "class java.lang.String can not be converted to an Integer"],
    [{ N: 2 ** 40 }, "Numeric value (1099511627776) out of range of int"],
    [{ S: 1.5 }, "class java.lang.Double can not be converted to an String"],
    [{ S: 100000 }, "class java.lang.Integer can not be converted to an String"],
    [{ S: 2 ** 40 }, "class java.lang.Long can not be converted to an String"],
    [{ S: [] }, "Start of list found where not expected"],
    [{ F: "yes" }, "'YES' can not be converted to an Boolean"],
    [{ R: 1 }, "Expected null"],
    [
      { B: "AQI=x" },
      "'AQI=x' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5",
    ],
    [{ B: "AQJ=" }, "'AQJ=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
    [
      { B: `${"A".repeat(100)}!AAA` },
      `'${"A".repeat(64)}...' can not be converted to a Blob: Invalid Base64 character: '!'`,
    ],
    ["text", "(none)"],
  ])("refuses %o", (body, message) => {
    expect(messageOf(body)).toBe(message);
  });
});
