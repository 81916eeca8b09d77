/** Parsing a configuration from an object, with errors that name the setting and what was wrong. */
import { RandomSourceError } from "@rngkit/core";
import type { z } from "zod";
import { type RandomConfig, randomConfigSchema } from "./schema.js";

/** Turns a setting's path into the name the user wrote it under (a key path, an env var or a flag). */
export type SettingNamer = (path: readonly PropertyKey[]) => string;

const byKeyPath: SettingNamer = (path) => (path.length === 0 ? "configuration" : path.map(String).join("."));

/**
 * Validates `input` against the schema. Every problem is reported, each as `<setting>: <what was wrong>`,
 * in one RandomSourceError of reason InvalidArgument; `details.settings` lists the settings at fault.
 */
export function parseRandomConfig(input: unknown, nameSetting: SettingNamer = byKeyPath): RandomConfig {
  const result = randomConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw configError(result.error, nameSetting);
}

function describeIssue(
  issue: z.core.$ZodIssue,
  nameSetting: SettingNamer,
): { setting: string; text: string } {
  // `pool: true | { ... }`: when an object was given, report what is wrong inside it, not "invalid input".
  if (issue.code === "invalid_union") {
    const nested = issue.errors.find((branch) =>
      branch.some((inner) => inner.path.length > 0 || inner.code === "unrecognized_keys"),
    );
    const first = nested?.[0];
    if (first !== undefined)
      return describeIssue({ ...first, path: [...issue.path, ...first.path] }, nameSetting);
  }
  if (issue.code === "unrecognized_keys") {
    const settings = issue.keys.map((key) => nameSetting([...issue.path, key]));
    return { setting: settings.join(", "), text: `${settings.join(", ")}: not a setting rngkit knows` };
  }
  const setting = nameSetting(issue.path);
  return { setting, text: `${setting}: ${issue.message}` };
}

function configError(error: z.ZodError, nameSetting: SettingNamer): RandomSourceError {
  const problems = error.issues.map((issue) => describeIssue(issue, nameSetting));
  return new RandomSourceError(
    "InvalidArgument",
    `invalid rngkit configuration: ${problems.map((problem) => problem.text).join("; ")}`,
    { source: "config", details: { settings: problems.map((problem) => problem.setting).join(", ") } },
  );
}
