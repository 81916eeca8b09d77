/**
 * GenerateRandom throughput of kms-local with SigV4 verification, measured by a separate load generator so
 * that neither the SDK (about 1,400 calls/s per process) nor the load generator shares the server's event
 * loop. Every request is distinct and pre-signed with the SDK's signer before the run (different body, so a
 * different signature); the server verifies each one from scratch, with no cache of results.
 *
 *   pnpm --filter @rngkit/kms-local build && pnpm --filter @rngkit/kms-local bench   # the server runs from dist
 *   LOADGEN=wrk ...          # wrk (apt-get install -y wrk): 10 s over the pool of 60,000; the default when installed
 *   LOADGEN=autocannon ...   # autocannon (npm): exactly 60,000 requests, each sent once
 *   REQUESTS=20000 CONNECTIONS=32 pnpm --filter @rngkit/kms-local bench
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import autocannon from "autocannon";

const REQUESTS = Number(process.env.REQUESTS ?? 60_000);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
/** wrk (C) when installed: autocannon (JS) competes with the server for this machine's two cores. */
const LOADGEN = process.env.LOADGEN ?? (existsSync("/usr/bin/wrk") ? "wrk" : "autocannon");
if (!(REQUESTS >= 10_000)) throw new RangeError("REQUESTS must be at least 10,000");

const server = spawn(
  process.execPath,
  [
    ...(process.env.PROFILE ? ["--cpu-prof", "--cpu-prof-dir=/tmp/kms-prof"] : []),
    "--import",
    "tsx",
    new URL("./bench-server.ts", import.meta.url).pathname,
  ],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
try {
  const details = await new Promise<{
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
  }>((resolve, reject) => {
    let text = "";
    server.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(JSON.parse(text.split("\n")[0] ?? ""));
    });
    server.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const url = new URL(details.endpoint);
  const signer = new SignatureV4({
    credentials: { accessKeyId: details.accessKeyId, secretAccessKey: details.secretAccessKey },
    region: details.region,
    service: "kms",
    sha256: Hash.bind(null, "sha256"),
  });
  const signedAt = Date.now();
  const presigned: { headers: Record<string, string>; body: string }[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const body = JSON.stringify({ NumberOfBytes: 32, Nonce: i });
    const request = new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      headers: {
        host: url.host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "TrentService.GenerateRandom",
        "x-amz-content-sha256": createHash("sha256").update(body).digest("hex"),
      },
      body,
    });
    const signed = await signer.sign(request, { signingDate: new Date() });
    presigned.push({ headers: signed.headers as Record<string, string>, body });
  }
  const signingSeconds = (Date.now() - signedAt) / 1000;
  const signatures = new Set(presigned.map((request) => request.headers.authorization));
  const report =
    LOADGEN === "wrk"
      ? runWrk(details.endpoint, presigned)
      : await runAutocannon(details.endpoint, presigned);
  console.log(
    JSON.stringify(
      {
        benchmark: `kms-local GenerateRandom (32 bytes), SigV4 verified, ${LOADGEN} in a separate process`,
        distinctSignatures: signatures.size,
        connections: CONNECTIONS,
        ...report,
        presigningSeconds: signingSeconds,
        node: process.version,
      },
      null,
      2,
    ),
  );
  if (report.non2xxOrErrors > 0) process.exitCode = 1;
} finally {
  server.kill("SIGTERM");
}

interface Report {
  readonly requests: number;
  readonly durationSeconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMsP50: number;
  readonly latencyMsP99: number;
  readonly non2xxOrErrors: number;
}

type Presigned = { headers: Record<string, string>; body: string };

async function runAutocannon(endpoint: string, presigned: readonly Presigned[]): Promise<Report> {
  let next = 0;
  const result = await autocannon({
    url: endpoint,
    connections: CONNECTIONS,
    amount: presigned.length,
    requests: [
      {
        method: "POST",
        path: "/",
        setupRequest: (request) => {
          const one = presigned[next++ % presigned.length] as Presigned;
          return { ...request, method: "POST", headers: one.headers, body: one.body };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    durationSeconds: result.duration,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    latencyMsP50: result.latency.p50,
    latencyMsP99: result.latency.p99,
    non2xxOrErrors: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * wrk (C, from Debian) replays the pool in order; the raw requests are read from a file at start-up (a Lua
 * table literal of 50,000 requests is too large for LuaJIT). A 10 s run stays within SigV4's window.
 */
function runWrk(endpoint: string, presigned: readonly Presigned[]): Report {
  const directory = mkdtempSync(join(tmpdir(), "kms-local-bench-"));
  try {
    const data = join(directory, "presigned.http");
    const separator = "\n--kms-local-bench--\n";
    writeFileSync(
      data,
      presigned
        .map((one) => {
          const lines = Object.entries(one.headers).map(([name, value]) => `${name}: ${value}`);
          return `POST / HTTP/1.1\r\n${lines.join("\r\n")}\r\ncontent-length: ${Buffer.byteLength(one.body)}\r\n\r\n${one.body}`;
        })
        .join(separator),
    );
    const script = join(directory, "presigned.lua");
    writeFileSync(
      script,
      `local requests = {}
local file = assert(io.open(${JSON.stringify(data)}, "rb"))
local text = file:read("*a")
file:close()
local separator = ${JSON.stringify(separator)}
local from = 1
while true do
  local at = string.find(text, separator, from, true)
  if at == nil then table.insert(requests, string.sub(text, from)); break end
  table.insert(requests, string.sub(text, from, at - 1))
  from = at + #separator
end
local i = 0
request = function() i = i + 1; return requests[((i - 1) % #requests) + 1] end
local shown = false
response = function(status, headers, body)
  if status ~= 200 and not shown then shown = true; io.stderr:write("first non-200 answer: " .. status .. " " .. body .. "\\n") end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %f %d %d %d\\n", summary.requests, summary.duration / 1e6,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`,
    );
    const output = execFileSync("wrk", ["-t1", `-c${CONNECTIONS}`, "-d10s", "-s", script, endpoint], {
      encoding: "utf8",
    });
    const match = /RESULT (\d+) ([\d.]+) (\d+) (\d+) (\d+)/.exec(output);
    if (match === null) throw new Error(`unexpected wrk output: ${output}`);
    const [, total, seconds, errors, p50, p99] = match.map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return {
      requests: total,
      durationSeconds: seconds,
      requestsPerSecond: Math.round(total / seconds),
      latencyMsP50: p50 / 1000,
      latencyMsP99: p99 / 1000,
      non2xxOrErrors: errors,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
