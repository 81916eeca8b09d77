/**
 * The interop peers: the AWS CLI v2 from Debian (`/usr/bin/aws`, called by full path: another `aws` on
 * PATH may be v1) and boto3 for `/usr/bin/python3`. When missing they are installed if this process runs
 * as root; otherwise the tests fail with the command that installs them. Never skipped silently.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const AWS_CLI = "/usr/bin/aws";
export const PYTHON = "/usr/bin/python3";
export const INSTALL_COMMAND = "apt-get update && apt-get install -y awscli python3-boto3";

export interface PeerLocations {
  readonly awsCli: string;
  readonly python: string;
  /** Whether this process may install packages. */
  readonly isRoot: boolean;
}

const DEFAULT_LOCATIONS: PeerLocations = {
  awsCli: AWS_CLI,
  python: PYTHON,
  isRoot: process.getuid?.() === 0,
};

function missingPeers({ awsCli, python }: PeerLocations): string[] {
  const missing: string[] = [];
  if (!existsSync(awsCli)) missing.push(`${awsCli} (Debian's awscli)`);
  try {
    execFileSync(python, ["-c", "import boto3"], { stdio: "ignore" });
  } catch {
    missing.push(`boto3 for ${python} (python3-boto3)`);
  }
  return missing;
}

/** Makes sure both peers are there, installing them as root; throws the install command otherwise. */
export function ensurePeers(locations: PeerLocations = DEFAULT_LOCATIONS): void {
  const missing = missingPeers(locations);
  if (missing.length === 0) return;
  if (!locations.isRoot) {
    throw new Error(`Interop peers missing: ${missing.join(", ")}. Install them with: ${INSTALL_COMMAND}`);
  }
  execFileSync("sh", ["-c", INSTALL_COMMAND], {
    stdio: "ignore",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  const still = missingPeers(locations);
  if (still.length > 0) {
    throw new Error(`Interop peers still missing after ${INSTALL_COMMAND}: ${still.join(", ")}`);
  }
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without blocking this process's event loop (the server under test lives in it). */
export async function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, [...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** An environment with only the given credentials: no user config, no instance metadata, no pager. */
export function isolatedEnv(
  credentials: { accessKeyId: string; secretAccessKey: string },
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), "rngkit-interop-"));
  const config = join(home, "config");
  writeFileSync(config, "[default]\n");
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

/** Writes an AWS config that turns off client-side parameter validation, so 0 reaches the server. */
export function configWithoutValidation(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  writeFileSync(String(env.AWS_CONFIG_FILE), "[default]\nparameter_validation = false\n");
  return env;
}
