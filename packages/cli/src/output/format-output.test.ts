import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { OutputFormat } from "../generate-random/flags.js";
import { formatOutput } from "./format-output.js";
import { compileQuery } from "./query.js";

/** What aws-cli 2.9.19 printed for the same queries (test/fixtures/README.md). */
function fixture(name: string): string {
  return readFileSync(new URL(`../../test/fixtures/aws-output/${name}.txt`, import.meta.url), "utf8");
}

const QUERIES = {
  stores:
    '`{"Stores": [{"Id": "cks-1", "State": "CONNECTED", "Tags": ["a", "b"]}, {"Id": "cks-22", "State": "FAILED", "Code": "NETWORK_ERRORS"}], "Name": "x", "Count": 2, "Ok": false}`',
  wide: '`{"Alpha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Beta": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "Gamma": "cc"}`',
  "mixed-list": '[`1`, `"two"`, `[3, 4]`]',
  scalar: '`"just text"`',
  nested:
    '{b: `"Ktznjw=="`, a: `"1"`, c: `[1, "x y", true, null]`, d: `{}`, e: `[]`, f: `{"z": [{"k": 1}]}`}',
} as const;

function render(query: keyof typeof QUERIES, output: OutputFormat, terminalWidth = 80): string {
  return formatOutput(
    { Plaintext: "AAAAAA==" },
    {
      output,
      query: compileQuery(QUERIES[query]),
      color: "off",
      stdoutIsTTY: false,
      terminalWidth,
      title: "GenerateRandom",
    },
  );
}

describe("formatOutput matches the aws CLI byte for byte", () => {
  it.each([
    ["stores", "table"],
    ["stores", "text"],
    ["stores", "yaml"],
    ["wide", "table"],
    ["mixed-list", "text"],
    ["scalar", "table"],
    ["nested", "table"],
    ["nested", "text"],
    ["nested", "yaml"],
    ["nested", "json"],
  ] as const)("%s as %s", (query, output) => {
    expect(render(query, output)).toBe(fixture(`${query}.${output}`));
  });

  it("keeps a wide table horizontal on a terminal wide enough for it", () => {
    const table = render("wide", "table", 200);
    expect(table.split("\n")[2]).toMatch(/^\+-+\+-+\+-+\+$/);
    expect(table.split("\n")[3]).toMatch(/^\| +Alpha +\| +Beta +\| Gamma {2}\|$/);
  });

  it("prints nothing for an empty object, as the aws CLI's formatters", () => {
    for (const output of ["json", "yaml", "yaml-stream", "table", "text"] as const) {
      expect(
        formatOutput(
          {},
          { output, query: undefined, color: "off", stdoutIsTTY: false, terminalWidth: 80, title: "T" },
        ),
      ).toBe("");
    }
  });

  it("colours table values only when asked or on a terminal", () => {
    const options = {
      output: "table",
      query: undefined,
      stdoutIsTTY: false,
      terminalWidth: 80,
      title: "T",
    } as const;
    expect(formatOutput({ Plaintext: "x" }, { ...options, color: "on" })).toContain(
      "\u001b[1m\u001b[34mx\u001b[0m",
    );
    expect(formatOutput({ Plaintext: "x" }, { ...options, color: "auto" })).not.toContain("\u001b");
    expect(formatOutput({ Plaintext: "x" }, { ...options, color: "auto", stdoutIsTTY: true })).toContain(
      "\u001b[",
    );
  });
});

describe("compileQuery", () => {
  it("refuses an invalid expression before anything is sent, naming --query", () => {
    expect(() => compileQuery("[[")).toThrow(
      /^rngkit: --query: Bad value for --query \[\[: Invalid jmespath expression/,
    );
  });
});
