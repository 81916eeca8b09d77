/**
 * `rngkit generate-random` against `aws kms generate-random` (the real /usr/bin/aws, aws-cli 2.9.19),
 * both talking to the same @rngkit/kms-local, for a matrix of requests: within what the aws CLI accepts,
 * the exit code is the same, stdout has the same shape (the random values aside), and stderr is the
 * same, except that where rngkit's own checks refuse a flag, its first line names that flag.
 */
import { writeFileSync } from "node:fs";
import type { KmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_CLI, ensurePeers, isolatedEnv, type RunResult, run } from "../kms-local/peers.js";
import { STORES, startInteropServer } from "../kms-local/server.js";
import { rngkit } from "./rngkit.js";

let server: KmsLocal;

beforeAll(async () => {
  ensurePeers();
  server = await startInteropServer();
}, 600_000);

afterAll(async () => {
  await server?.close();
});

type Env = (server: KmsLocal) => NodeJS.ProcessEnv;
const withCredentials: Env = (s) => isolatedEnv(s.credentials);

interface Pair {
  readonly aws: RunResult;
  readonly rngkit: RunResult;
}

/** Runs the same arguments through both CLIs, at the same time, with the same environment. */
async function both(args: readonly string[], env: Env = withCredentials, target = true): Promise<Pair> {
  const full = [
    "generate-random",
    ...args,
    ...(target ? ["--endpoint-url", server.endpoint, "--region", server.region] : []),
  ];
  const shared = env(server);
  const [aws, own] = await Promise.all([run(AWS_CLI, ["kms", ...full], shared), rngkit(full, shared)]);
  return { aws, rngkit: own };
}

/** Random values replaced by X's of the same length, so layouts can be compared exactly. */
function shape(stdout: string): string {
  return stdout.replace(/[A-Za-z0-9+/]+={0,2}/g, (match) => "X".repeat(match.length));
}

describe("same output, same exit code", () => {
  it.concurrent.each([
    [["--number-of-bytes", "32"]],
    [["--number-of-bytes", "1", "--output", "json"]],
    [["--number-of-bytes", "1024", "--output", "text"]],
    [["--number-of-bytes", "100", "--output", "yaml"]],
    [["--number-of-bytes", "8", "--output", "yaml-stream"]],
    [["--number-of-bytes", "8", "--output", "table"]],
    [["--number-of-bytes", "300", "--output", "table"]],
    [["--number-of-bytes", "8", "--query", "Plaintext"]],
    [["--number-of-bytes", "8", "--query", "Plaintext", "--output", "text"]],
    [["--number-of-bytes", "8", "--query", "[Plaintext]", "--output", "text"]],
    [["--number-of-bytes", "8", "--query", "{a: Plaintext, b: `1`}", "--output", "table"]],
    [["--number-of-bytes", "8", "--query", "{n: length(Plaintext), t: `[true, null]`}", "--output", "yaml"]],
    [["--number-of-bytes", "8", "--query", "foo"]],
    [["--number-of-bytes", "8", "--query", "foo", "--output", "text"]],
    [["--number-of-bytes", "8", "--query", "`{}`"]],
    [["--number-of-bytes", "24", "--custom-key-store-id", STORES.connected]],
    [["--cli-input-json", '{"NumberOfBytes": 4}']],
    [["--cli-input-json", '{"NumberOfBytes": 4}', "--number-of-bytes", "6"]],
    [["--cli-input-yaml", "NumberOfBytes: 5"]],
    [["--number-of-bytes", "8", "--cli-binary-format", "raw-in-base64-out"]],
    [["--number-of-bytes", "8", "--no-cli-pager", "--no-paginate", "--color", "off"]],
    [["--number-of-bytes", "8", "--number-of-bytes", "9"]],
  ])("%j", async (args) => {
    const pair = await both(args);
    expect(pair.rngkit.code).toBe(pair.aws.code);
    expect(pair.aws.code).toBe(0);
    expect(shape(pair.rngkit.stdout)).toBe(shape(pair.aws.stdout));
    expect(pair.rngkit.stderr).toBe(pair.aws.stderr);
  });

  it("prints the aws CLI's input skeleton, plus the Recipient member aws-cli 2.9 predates", async () => {
    const pair = await both(["--generate-cli-skeleton"], withCredentials, false);
    expect([pair.aws.code, pair.rngkit.code]).toEqual([0, 0]);
    const { Recipient, ...rest } = JSON.parse(pair.rngkit.stdout) as Record<string, unknown>;
    expect(JSON.stringify(rest, null, 4)).toBe(pair.aws.stdout.trimEnd());
    expect(Recipient).toEqual({ KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256", AttestationDocument: null });
    const yaml = await both(["--generate-cli-skeleton", "yaml-input"], withCredentials, false);
    expect(yaml.rngkit.stdout.startsWith(yaml.aws.stdout)).toBe(true);
  });

  it("reads region and credentials from a profile of the shared files", async () => {
    const pair = await both(
      ["--number-of-bytes", "8", "--endpoint-url", server.endpoint, "--profile", "p1"],
      (s) => {
        const env = isolatedEnv({ accessKeyId: "AKIAIGNOREDIGNORED00", secretAccessKey: "ignored" });
        writeFileSync(String(env.AWS_CONFIG_FILE), `[default]\n[profile p1]\nregion = ${s.region}\n`);
        writeFileSync(
          String(env.AWS_SHARED_CREDENTIALS_FILE),
          `[p1]\naws_access_key_id = ${s.credentials.accessKeyId}\naws_secret_access_key = ${s.credentials.secretAccessKey}\n`,
        );
        return env;
      },
      false,
    );
    expect([pair.aws.code, pair.rngkit.code]).toEqual([0, 0]);
    expect(shape(pair.rngkit.stdout)).toBe(shape(pair.aws.stdout));
  });

  it("logs with --debug without the bytes or the secret", async () => {
    const pair = await both(["--number-of-bytes", "16", "--debug"]);
    expect([pair.aws.code, pair.rngkit.code]).toEqual([0, 0]);
    expect(shape(pair.rngkit.stdout)).toBe(shape(pair.aws.stdout));
    const plaintext = JSON.parse(pair.rngkit.stdout).Plaintext as string;
    expect(pair.rngkit.stderr).toContain("rngkit debug: GenerateRandom attempt 1: 16 bytes");
    expect(pair.rngkit.stderr).not.toContain(plaintext);
    expect(pair.rngkit.stderr).not.toContain(server.credentials.secretAccessKey);
  });
});

describe("same errors, printed the same way", () => {
  const wrongSecret: Env = (s) =>
    isolatedEnv({ accessKeyId: s.credentials.accessKeyId, secretAccessKey: "wrong" });
  const unknownKey: Env = () => isolatedEnv({ accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x" });
  const noCredentials: Env = () => {
    const {
      AWS_ACCESS_KEY_ID: _,
      AWS_SECRET_ACCESS_KEY: __,
      ...env
    } = isolatedEnv({ accessKeyId: "x", secretAccessKey: "x" });
    return env;
  };

  it.concurrent.each([
    ["1025", ["--number-of-bytes", "1025"], withCredentials, true, 254],
    ["NumberOfBytes missing", [], withCredentials, true, 254],
    [
      "an unknown store",
      ["--number-of-bytes", "8", "--custom-key-store-id", STORES.unknown],
      withCredentials,
      true,
      254,
    ],
    [
      "a disconnected store",
      ["--number-of-bytes", "8", "--custom-key-store-id", STORES.disconnected],
      withCredentials,
      true,
      254,
    ],
    [
      "an external store",
      ["--number-of-bytes", "8", "--custom-key-store-id", STORES.external],
      withCredentials,
      true,
      254,
    ],
    [
      "a 65-character store id",
      ["--number-of-bytes", "8", "--custom-key-store-id", "c".repeat(65)],
      withCredentials,
      true,
      254,
    ],
    ["NumberOfBytes missing from --cli-input-json", ["--cli-input-json", "{}"], withCredentials, true, 254],
    ["a wrong secret", ["--number-of-bytes", "8"], wrongSecret, true, 254],
    ["an unknown access key", ["--number-of-bytes", "8"], unknownKey, true, 254],
    ["no credentials", ["--number-of-bytes", "8"], noCredentials, true, 253],
    [
      "no region",
      ["--number-of-bytes", "8", "--endpoint-url", "http://127.0.0.1:9"],
      withCredentials,
      false,
      253,
    ],
    [
      "an endpoint that refuses connections",
      ["--number-of-bytes", "8", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"],
      withCredentials,
      false,
      255,
    ],
  ] as const)("%s", async (_name, args, env, target, code) => {
    const pair = await both(args, env, target);
    expect(pair.aws.code).toBe(code);
    expect(pair.rngkit.code).toBe(code);
    expect(pair.rngkit.stdout).toBe("");
    expect(pair.rngkit.stderr).toBe(pair.aws.stderr);
  });
});

describe("usage errors: same exit code; rngkit's first line names the flag", () => {
  it.concurrent.each([
    [["--number-of-bytes", "0"], 252, "--number-of-bytes", "value: 0, valid min value: 1"],
    [["--number-of-bytes", "-3"], 252, "--number-of-bytes", "value: -3, valid min value: 1"],
    [["--number-of-bytes", "abc"], 255, "--number-of-bytes", "'abc'"],
    [["--number-of-bytes", "1.5"], 255, "--number-of-bytes", "'1.5'"],
    [["--number-of-bytes"], 252, "--number-of-bytes", "--number-of-bytes"],
    [["--number-of-bytes", "8", "--bogus"], 252, "--bogus", "--bogus"],
    [["--number-of-bytes", "8", "extra"], 252, "extra", "extra"],
    [["--number-of-bytes", "8", "--output", "xml"], 252, "--output", "--output"],
    [["--number-of-bytes", "8", "--output"], 252, "--output", "--output"],
    [["--number-of-bytes", "8", "--query", "[["], 252, "--query", "--query"],
    [
      ["--number-of-bytes", "8", "--cli-binary-format", "bogus"],
      252,
      "--cli-binary-format",
      "--cli-binary-format",
    ],
    [
      ["--number-of-bytes", "8", "--generate-cli-skeleton", "bogus"],
      252,
      "--generate-cli-skeleton",
      "--generate-cli-skeleton",
    ],
    [
      ["--cli-input-json", '{"NumberOfBytes": "4"}'],
      252,
      "--cli-input-json",
      "Invalid type for parameter NumberOfBytes",
    ],
    [
      ["--cli-input-json", '{"NumberOfBytes": 4, "Foo": 1}'],
      252,
      "--cli-input-json",
      'Unknown parameter in input: "Foo"',
    ],
    [["--cli-input-json", "{nope"], 252, "--cli-input-json", "Invalid JSON received."],
    [["--cli-input-json", "[1]"], 252, "--cli-input-json", "expecting map"],
    [
      ["--cli-input-json", "{}", "--cli-input-yaml", "NumberOfBytes: 4"],
      252,
      "--cli-input-yaml",
      "Only one --cli-input- parameter",
    ],
    [
      ["--number-of-bytes", "8", "--custom-key-store-id", ""],
      252,
      "--custom-key-store-id",
      "valid min length: 1",
    ],
    [
      ["--number-of-bytes", "8", "--profile", "nope"],
      255,
      "--profile",
      "The config profile (nope) could not be found",
    ],
  ] as const)("%j", async (args, code, flag, awsSays) => {
    const pair = await both(args);
    expect(pair.aws.code).toBe(code);
    expect(pair.rngkit.code).toBe(code);
    expect(pair.rngkit.stdout).toBe("");
    expect(pair.aws.stderr).toContain(awsSays);
    expect(pair.rngkit.stderr.split("\n")[0]).toMatch(
      new RegExp(`^rngkit: .*${flag.replace(/[[\]]/g, "\\$&")}`),
    );
  });

  it.concurrent.each([
    [["--region", "EU West"], 255, "--region"],
    [["--region", "us-east-1", "--endpoint-url", "notaurl"], 252, "--endpoint-url"],
  ] as const)("%j", async (args, code, flag) => {
    const pair = await both(
      [
        "--number-of-bytes",
        "8",
        ...args,
        ...((args as readonly string[]).includes("--endpoint-url")
          ? []
          : ["--endpoint-url", server.endpoint]),
      ],
      withCredentials,
      false,
    );
    expect(pair.aws.code).toBe(code);
    expect(pair.rngkit.code).toBe(code);
    expect(pair.rngkit.stderr.split("\n")[0]).toMatch(new RegExp(`^rngkit: ${flag}: `));
  });
});
