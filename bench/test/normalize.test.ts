import { describe, expect, it } from "vitest";
import { toTables } from "../src/normalize.js";

describe("toTables", () => {
  it("makes one table of an array of rows, with the columns in first-seen order", () => {
    expect(
      toTables([
        { a: 1, b: "x" },
        { b: "y", c: true },
      ]),
    ).toEqual([
      {
        name: "",
        columns: ["a", "b", "c"],
        rows: [
          { a: 1, b: "x" },
          { b: "y", c: true },
        ],
      },
    ]);
  });

  it("splits an object into a summary row, one table per row list and one per flat object", () => {
    const tables = toTables({ title: "t", count: 3, rows: [{ x: 1 }], cpu: { perSecond: 5 } });
    expect(tables.map((table) => table.name)).toEqual(["summary", "rows", "cpu"]);
    expect(tables[0]?.rows).toEqual([{ title: "t", count: 3 }]);
    expect(tables[2]?.rows).toEqual([{ perSecond: 5 }]);
  });

  it("writes nested values as JSON and non-finite numbers as null", () => {
    const [table] = toTables([{ nested: { a: [1] }, bad: Number.NaN, inf: Number.POSITIVE_INFINITY }]);
    expect(table?.rows[0]).toEqual({ nested: '{"a":[1]}', bad: null, inf: null });
  });

  it("gives no table for nothing", () => {
    expect(toTables(undefined)).toEqual([]);
  });
});
