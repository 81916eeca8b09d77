/**
 * The configuration from environment variables, `RNGKIT_*`, for twelve-factor apps and containers.
 * Values are strings: numbers and booleans are converted here, and errors name the variable.
 */
import { RandomSourceError } from "@rngkit/core";
import { parseRandomConfig } from "./parse.js";
import type { RandomConfig } from "./schema.js";

/** Each variable and the setting it sets; `type` says how to read its string. */
export const ENVIRONMENT_VARIABLES = {
  RNGKIT_SOURCE: { path: ["source"], type: "string" },
  RNGKIT_REGION: { path: ["region"], type: "string" },
  RNGKIT_ENDPOINT: { path: ["endpoint"], type: "string" },
  RNGKIT_CUSTOM_KEY_STORE_ID: { path: ["customKeyStoreId"], type: "string" },
  RNGKIT_CONCURRENCY: { path: ["concurrency"], type: "number" },
  RNGKIT_TIMEOUT_MS: { path: ["timeoutMs"], type: "number" },
  RNGKIT_MAX_ATTEMPTS: { path: ["maxAttempts"], type: "number" },
  RNGKIT_POOL: { path: ["pool"], type: "boolean" },
  RNGKIT_POOL_CAPACITY: { path: ["pool", "capacity"], type: "number" },
  RNGKIT_POOL_LOW_WATER: { path: ["pool", "lowWater"], type: "number" },
  RNGKIT_POOL_HIGH_WATER: { path: ["pool", "highWater"], type: "number" },
  RNGKIT_POOL_MAX_IN_FLIGHT: { path: ["pool", "maxInFlight"], type: "number" },
  RNGKIT_POOL_MAX_AGE_MS: { path: ["pool", "maxAgeMs"], type: "number" },
  RNGKIT_NITRO_ATTESTATION: { path: ["nitro", "attestation"], type: "string" },
  RNGKIT_NITRO_MIX_WITH_LOCAL_ENTROPY: { path: ["nitro", "mixWithLocalEntropy"], type: "boolean" },
  RNGKIT_DRBG: { path: ["drbg"], type: "boolean" },
  RNGKIT_DRBG_MECHANISM: { path: ["drbg", "mechanism"], type: "string" },
  RNGKIT_DRBG_RESEED_AFTER_BYTES: { path: ["drbg", "reseedAfterBytes"], type: "number" },
  RNGKIT_DRBG_RESEED_AFTER_REQUESTS: { path: ["drbg", "reseedAfterRequests"], type: "number" },
  RNGKIT_DRBG_RESEED_AFTER_MS: { path: ["drbg", "reseedAfterMs"], type: "number" },
  RNGKIT_DRBG_PREDICTION_RESISTANCE: { path: ["drbg", "predictionResistance"], type: "boolean" },
  RNGKIT_FALLBACK_REGIONS: { path: ["fallback"], type: "regions" },
  RNGKIT_HEALTH_TESTS: { path: ["healthTests"], type: "boolean" },
  RNGKIT_MIX_WITH_LOCAL: { path: ["mixWithLocal"], type: "boolean" },
  RNGKIT_WORKER_THREAD: { path: ["workerThread"], type: "boolean" },
} as const satisfies Record<
  string,
  { path: readonly string[]; type: "string" | "number" | "boolean" | "regions" }
>;

type Variable = keyof typeof ENVIRONMENT_VARIABLES;

const TRUE = new Set(["1", "true", "on", "yes"]);
const FALSE = new Set(["0", "false", "off", "no"]);

function invalid(variable: string, message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `invalid rngkit configuration: ${variable}: ${message}`, {
    source: "config",
    details: { settings: variable },
  });
}

function read(variable: Variable, raw: string): unknown {
  const { type } = ENVIRONMENT_VARIABLES[variable];
  const value = raw.trim();
  if (type === "string") return value;
  // A comma-separated list of regions, each at its own AWS endpoint.
  if (type === "regions") return value.split(",").map((region) => ({ region: region.trim() }));
  if (type === "boolean") {
    if (TRUE.has(value.toLowerCase())) return true;
    if (FALSE.has(value.toLowerCase())) return false;
    throw invalid(variable, `expected true or false (or 1/0, on/off, yes/no), got ${JSON.stringify(raw)}`);
  }
  if (!/^\d+$/.test(value)) throw invalid(variable, `expected a whole number, got ${JSON.stringify(raw)}`);
  return Number(value);
}

/** The object at `config[key]`, created when absent (for settings such as nitro.attestation). */
function nested(config: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = config[key];
  if (typeof existing === "object" && existing !== null) return existing as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  config[key] = created;
  return created;
}

function variableFor(path: readonly PropertyKey[]): string {
  const key = path.map(String).join(".");
  const found = Object.entries(ENVIRONMENT_VARIABLES).find(([, entry]) => entry.path.join(".") === key);
  if (found !== undefined) return found[0];
  // A setting inside a list, e.g. fallback.1.region: the variable that sets the list.
  const list = Object.entries(ENVIRONMENT_VARIABLES).find(([, entry]) =>
    key.startsWith(`${entry.path.join(".")}.`),
  );
  return list?.[0] ?? key;
}

/**
 * Reads `RNGKIT_*` from `env` (default process.env), applies them over `defaults`, and validates the
 * result. Unknown `RNGKIT_*` variables are refused, since a typo would otherwise pass silently.
 */
export function randomConfigFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  defaults: Partial<RandomConfig> = {},
): RandomConfig {
  const config: Record<string, unknown> = { ...defaults };
  // `pool` and `drbg` are each a switch (RNGKIT_POOL) and settings (RNGKIT_POOL_*): settings imply "on".
  const groups = {
    pool: { enabled: defaults.pool as unknown, settings: {} as Record<string, unknown> },
    drbg: { enabled: defaults.drbg as unknown, settings: {} as Record<string, unknown> },
  };
  for (const group of Object.values(groups)) {
    if (typeof group.enabled === "object" && group.enabled !== null) {
      group.settings = { ...(group.enabled as Record<string, unknown>) };
      group.enabled = true;
    }
  }
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith("RNGKIT_") || raw === undefined || raw === "") continue;
    if (!(name in ENVIRONMENT_VARIABLES)) {
      const known = Object.keys(ENVIRONMENT_VARIABLES).join(", ");
      throw invalid(name, `not a setting rngkit knows (known: ${known})`);
    }
    const variable = name as Variable;
    const value = read(variable, raw);
    const [first, second] = ENVIRONMENT_VARIABLES[variable].path as readonly string[];
    const group = first === "pool" || first === "drbg" ? groups[first] : undefined;
    if (group !== undefined && second !== undefined) group.settings[second] = value;
    else if (group !== undefined) group.enabled = value;
    else if (second !== undefined) nested(config, first as string)[second] = value;
    else config[first as string] = value;
  }
  for (const [key, group] of Object.entries(groups)) {
    const prefix = `RNGKIT_${key.toUpperCase()}`;
    if (Object.keys(group.settings).length > 0) {
      if (group.enabled === false)
        throw invalid(prefix, `is false, but ${key} settings (${prefix}_*) are set`);
      config[key] = group.settings;
    } else if (group.enabled !== undefined) {
      config[key] = group.enabled;
    }
  }
  return parseRandomConfig(config, variableFor);
}
