export { type CreateSourceOptions, createSource, type SourceStack } from "./create-source.js";
export { ENVIRONMENT_VARIABLES, randomConfigFromEnv } from "./from-env.js";
export { parseRandomConfig, type SettingNamer } from "./parse.js";
export {
  type DrbgConfig,
  type PoolConfig,
  type RandomConfig,
  randomConfigSchema,
  SOURCE_KINDS,
  type SourceKind,
} from "./schema.js";
