/**
 * The flags as @rngkit/config's one schema: `parseRandomConfig` checks them, with a SettingNamer that
 * names each setting by the flag (or variable) it came from, so a configuration error reads
 * `rngkit: --region: expected a region name such as eu-west-1`.
 */
import { parseRandomConfig, type RandomConfig, type SettingNamer } from "@rngkit/config";
import { RandomSourceError } from "@rngkit/core";
import { CliError } from "../cli-error.js";
import { EXIT } from "../exit-codes.js";
import type { SourceFlag } from "./flags.js";

export interface ConfigSettings {
  readonly source: SourceFlag;
  readonly region?: { readonly value: string; readonly origin: string } | undefined;
  readonly endpoint?: { readonly value: string; readonly origin: string } | undefined;
  readonly customKeyStoreId?: { readonly value: string; readonly origin: string } | undefined;
  readonly pool?: boolean | undefined;
  readonly drbg?: boolean | undefined;
  readonly healthTests?: boolean | undefined;
  readonly mixLocal?: boolean | undefined;
  readonly workerThread?: boolean | undefined;
  /** For source "nitro": who signs the attestation document. */
  readonly nitroAttestation?: "nsm" | "test" | undefined;
  readonly timeoutMs?: number | undefined;
  /** Where `source` came from: `--source`, or implied by `--custom-key-store-id`. */
  readonly sourceOrigin: string;
}

function namerFor(settings: ConfigSettings): SettingNamer {
  const names: Record<string, string> = {
    source: settings.sourceOrigin,
    region: settings.region?.origin ?? "--region",
    endpoint: settings.endpoint?.origin ?? "--endpoint-url",
    customKeyStoreId: settings.customKeyStoreId?.origin ?? "--custom-key-store-id",
    pool: "--pool",
    drbg: "--drbg",
    healthTests: "--health-tests",
    mixWithLocal: "--mix-local",
    workerThread: "--worker-thread",
    nitro: "--source nitro",
    timeoutMs: "--cli-read-timeout",
  };
  return (path) => {
    const [first, ...rest] = path.map(String);
    const name = names[first ?? ""] ?? first ?? "configuration";
    return rest.length === 0 ? name : `${name}.${rest.join(".")}`;
  };
}

/** A valid RandomConfig, or a CliError whose lines each start with the flag at fault. */
export function toRandomConfig(settings: ConfigSettings): RandomConfig {
  const input: Record<string, unknown> = { source: settings.source };
  if (settings.region !== undefined) input.region = settings.region.value;
  if (settings.endpoint !== undefined) input.endpoint = settings.endpoint.value;
  if (settings.customKeyStoreId !== undefined) input.customKeyStoreId = settings.customKeyStoreId.value;
  if (settings.pool) input.pool = true;
  if (settings.drbg) input.drbg = true;
  if (settings.healthTests) input.healthTests = true;
  if (settings.mixLocal) input.mixWithLocal = true;
  if (settings.workerThread) input.workerThread = true;
  if (settings.nitroAttestation !== undefined) input.nitro = { attestation: settings.nitroAttestation };
  if (settings.timeoutMs !== undefined) input.timeoutMs = settings.timeoutMs;
  try {
    return parseRandomConfig(input, namerFor(settings));
  } catch (error) {
    if (!RandomSourceError.is(error, "InvalidArgument")) throw error;
    const problems = error.message.replace(/^invalid rngkit configuration: /, "").split("; ");
    const lines = problems.map((problem) => `rngkit: ${problem}`);
    // The aws CLI exits 255 for a region it cannot use ("doesn't match a supported format").
    const regionOnly =
      error.details?.settings === settings.region?.origin && error.message.includes("expected a region name");
    throw new CliError(
      regionOnly ? EXIT.failure : EXIT.usage,
      `${lines.join("\n")}\nRun "rngkit generate-random --help" for its options.\n`,
      { cause: error },
    );
  }
}
