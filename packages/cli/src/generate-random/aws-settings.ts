/**
 * Region and credentials as the aws CLI finds them, read through the SDK's own providers (the shared
 * config and credentials files are parsed by @smithy/core/config and @aws-sdk/credential-provider-ini,
 * never by hand). Precedence, as botocore's: `--profile` beats environment credentials, which beat
 * `AWS_PROFILE`; the region comes from `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { loadConfig, parseKnownFiles } from "@smithy/core/config";
import { CliError, usageError } from "../cli-error.js";
import { EXIT } from "../exit-codes.js";

type Env = Readonly<Record<string, string | undefined>>;

/** AWS credentials as the SDK resolves them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export interface SharedFiles {
  readonly profile: string;
  /** Given with `--profile` (or `AWS_PROFILE`), rather than the `default` profile. */
  readonly explicit: "--profile" | "AWS_PROFILE" | undefined;
  readonly filepath: string;
  readonly configFilepath: string;
}

export function sharedFiles(profileFlag: string | undefined, env: Env): SharedFiles {
  const home = env.HOME ?? homedir();
  const fromEnv = env.AWS_PROFILE === "" ? undefined : env.AWS_PROFILE;
  return {
    profile: profileFlag ?? fromEnv ?? "default",
    explicit: profileFlag !== undefined ? "--profile" : fromEnv !== undefined ? "AWS_PROFILE" : undefined,
    filepath: env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"),
    configFilepath: env.AWS_CONFIG_FILE ?? join(home, ".aws", "config"),
  };
}

/** A named profile must exist in one of the two files (aws: exit 255 otherwise). */
export async function checkProfile(files: SharedFiles): Promise<void> {
  if (files.explicit === undefined) return;
  const profiles = await parseKnownFiles({ ...files, ignoreCache: true });
  if (!Object.hasOwn(profiles, files.profile)) {
    throw usageError(
      files.explicit,
      `The config profile (${files.profile}) could not be found`,
      EXIT.failure,
    );
  }
}

export interface ResolvedRegion {
  readonly region: string;
  /** Where it came from, to name it in messages: `--region`, `AWS_REGION`, `profile <name>`. */
  readonly origin: string;
}

export async function resolveRegion(
  flag: string | undefined,
  files: SharedFiles,
  env: Env,
): Promise<ResolvedRegion> {
  if (flag !== undefined) return { region: flag, origin: "--region" };
  for (const variable of ["AWS_REGION", "AWS_DEFAULT_REGION"] as const) {
    const value = env[variable];
    if (value !== undefined && value !== "") return { region: value, origin: variable };
  }
  const fromProfile = await loadConfig<string | undefined>(
    {
      environmentVariableSelector: () => undefined,
      configFileSelector: (profile) => profile.region,
      default: undefined,
    },
    {
      profile: files.profile,
      filepath: files.filepath,
      configFilepath: files.configFilepath,
      ignoreCache: true,
    },
  )();
  if (fromProfile === undefined || fromProfile === "") {
    throw new CliError(
      EXIT.configuration,
      '\nYou must specify a region. You can also configure your region by running "aws configure".\n',
    );
  }
  return { region: fromProfile, origin: `the region of profile ${files.profile}` };
}

export interface ResolvedCredentials {
  readonly credentials: AwsCredentials;
  /** Where they came from (never the secret): `environment`, `profile <name>`, `default chain`. */
  readonly origin: string;
}

/** Resolves once, before the request; no credentials is exit 253 with the aws CLI's message. */
export async function resolveCredentials(files: SharedFiles, env: Env): Promise<ResolvedCredentials> {
  const { filepath, configFilepath, profile } = files;
  const environment = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY;
  try {
    if (files.explicit === "--profile" || (files.explicit === "AWS_PROFILE" && !environment)) {
      const credentials = await fromIni({ profile, filepath, configFilepath, ignoreCache: true })();
      return { credentials, origin: `profile ${profile}` };
    }
    if (environment) {
      return {
        credentials: {
          accessKeyId: env.AWS_ACCESS_KEY_ID as string,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        },
        origin: "environment (AWS_ACCESS_KEY_ID)",
      };
    }
    const credentials = await defaultProvider({ profile, filepath, configFilepath, ignoreCache: true })();
    return { credentials, origin: "the SDK's default chain" };
  } catch (error) {
    throw new CliError(
      EXIT.configuration,
      '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n',
      { cause: error },
    );
  }
}
