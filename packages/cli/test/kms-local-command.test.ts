/** `rngkit kms-local`: foreground, prints endpoint and credentials, serves, stops cleanly on Ctrl-C. */
import { GenerateRandomCommand, KMSClient } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { run } from "./run-cli.js";
import { bareEnv, spawnRngkit } from "./spawn-rngkit.js";

function firstStdoutLine(child: ReturnType<typeof spawnRngkit>): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(text.split("\n")[0] ?? "");
    });
    child.once("exit", (code) => reject(new Error(`rngkit kms-local exited early with ${code}`)));
  });
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("rngkit kms-local", () => {
  it("serves until SIGINT, then exits 0 and leaves no process", async () => {
    const child = spawnRngkit(
      ["kms-local", "--json", "--custom-key-store", "hsm:cks-0123456789abcdef0"],
      bareEnv(),
    );
    try {
      const details = JSON.parse(await firstStdoutLine(child)) as {
        endpoint: string;
        region: string;
        accessKeyId: string;
        secretAccessKey: string;
      };
      expect(details.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const kms = new KMSClient({
        endpoint: details.endpoint,
        region: details.region,
        credentials: { accessKeyId: details.accessKeyId, secretAccessKey: details.secretAccessKey },
        maxAttempts: 1,
      });
      const { Plaintext } = await kms.send(
        new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: "cks-0123456789abcdef0" }),
      );
      kms.destroy();
      expect(Plaintext?.length).toBe(8);
      const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGINT");
      expect(await exit).toBe(0);
      expect(processExists(child.pid as number)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("prints the endpoint and credentials as text, and stops when its signal fires (in-process)", async () => {
    const interrupt = new AbortController();
    let printed = "";
    const pending = run(["kms-local", "--port", "0"], {
      signal: interrupt.signal,
      stdout: (text) => {
        printed += text.toString();
        interrupt.abort();
      },
    });
    const result = await pending;
    expect(result.code).toBe(0);
    expect(printed).toMatch(
      /^kms-local listening on http:\/\/127\.0\.0\.1:\d+ \(region us-east-1, auth sigv4\)\nAWS_ACCESS_KEY_ID=AKIA/,
    );
    expect(printed).toContain("AWS_SECRET_ACCESS_KEY=");
  });

  it.each([
    [["--bogus"], 252, "rngkit: kms-local: Unknown option '--bogus'"],
    [["--port", "99999"], 255, "rngkit: kms-local: "],
  ])("refuses %j", async (flags, code, message) => {
    const result = await run(["kms-local", ...flags]);
    expect(result.code).toBe(code);
    expect(result.stderr.split("\n")[0]).toContain(message);
  });

  it("shows kms-local's own help", async () => {
    const result = await run(["kms-local", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: rngkit kms-local \[options\]/);
    expect(result.stdout).toContain("--custom-key-store <spec>");
  });
});
