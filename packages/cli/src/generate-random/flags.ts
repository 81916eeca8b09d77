/**
 * The flags of `rngkit generate-random` as commander hands them over: strings as typed (values are
 * checked later, in aws's order), booleans for switches. Which are the aws CLI's and which are rngkit's
 * extensions is decided here, once.
 */

export const OUTPUT_FORMATS = ["json", "text", "table", "yaml", "yaml-stream"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const SKELETON_KINDS = ["input", "output", "yaml-input"] as const;
export type SkeletonKind = (typeof SKELETON_KINDS)[number];

export const BINARY_FORMATS = ["base64", "raw-in-base64-out"] as const;
export type BinaryFormat = (typeof BINARY_FORMATS)[number];

export const COLOR_MODES = ["on", "off", "auto"] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/** Sources `--source` accepts (the extension): @rngkit/config's SOURCE_KINDS. */
export const SOURCE_FLAG_VALUES = ["local", "kms", "cloudhsm", "nitro"] as const;
export type SourceFlag = (typeof SOURCE_FLAG_VALUES)[number];

export const BYTE_FORMATS = ["raw", "hex", "base64"] as const;
export type ByteFormat = (typeof BYTE_FORMATS)[number];

export interface GenerateRandomFlags {
  // aws kms generate-random's own parameters
  readonly numberOfBytes?: string;
  readonly customKeyStoreId?: string;
  readonly recipient?: string;
  readonly cliInputJson?: string;
  readonly cliInputYaml?: string;
  /** `true` when given without a value (the aws CLI then prints the input skeleton). */
  readonly generateCliSkeleton?: SkeletonKind | true;
  // the aws CLI's global options
  readonly endpointUrl?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly output?: OutputFormat;
  readonly query?: string;
  readonly cliBinaryFormat?: BinaryFormat;
  readonly debug?: boolean;
  readonly color?: ColorMode;
  /** `--no-verify-ssl` sets it false. */
  readonly verifySsl: boolean;
  readonly caBundle?: string;
  readonly cliReadTimeout?: string;
  readonly cliConnectTimeout?: string;
  /** `--no-cli-pager`: accepted; rngkit never pages. */
  readonly cliPager: boolean;
  /** `--no-paginate`: accepted; GenerateRandom has nothing to paginate. */
  readonly paginate: boolean;
  // rngkit's extensions
  readonly source?: SourceFlag;
  readonly pool?: boolean;
  readonly drbg?: boolean;
  readonly healthTests?: boolean;
  readonly mixLocal?: boolean;
  readonly workerThread?: boolean;
  readonly embedded?: boolean;
  readonly outfile?: string;
  readonly format?: ByteFormat;
  readonly showPath?: boolean;
  /** `--no-progress` sets it false. */
  readonly progress: boolean;
}

/**
 * The extensions that make rngkit read from its source stack rather than send the one request the
 * aws CLI would: with any of them, `--number-of-bytes` may exceed 1024 (the bytes are fetched in
 * chunks). `--show-path` and `--no-progress` only add or remove messages, so they do not count.
 */
export const SOURCE_READ_FLAGS = [
  "source",
  "pool",
  "drbg",
  "healthTests",
  "mixLocal",
  "workerThread",
  "embedded",
  "outfile",
  "format",
] as const;

export function usesSourceRead(flags: GenerateRandomFlags): boolean {
  return SOURCE_READ_FLAGS.some((key) => flags[key] !== undefined && flags[key] !== false);
}

/** The command-line spelling of each flag, for messages. */
export const FLAG_NAMES: Readonly<Record<keyof GenerateRandomFlags, string>> = {
  numberOfBytes: "--number-of-bytes",
  customKeyStoreId: "--custom-key-store-id",
  recipient: "--recipient",
  cliInputJson: "--cli-input-json",
  cliInputYaml: "--cli-input-yaml",
  generateCliSkeleton: "--generate-cli-skeleton",
  endpointUrl: "--endpoint-url",
  region: "--region",
  profile: "--profile",
  output: "--output",
  query: "--query",
  cliBinaryFormat: "--cli-binary-format",
  debug: "--debug",
  color: "--color",
  verifySsl: "--no-verify-ssl",
  caBundle: "--ca-bundle",
  cliReadTimeout: "--cli-read-timeout",
  cliConnectTimeout: "--cli-connect-timeout",
  cliPager: "--no-cli-pager",
  paginate: "--no-paginate",
  source: "--source",
  pool: "--pool",
  drbg: "--drbg",
  healthTests: "--health-tests",
  mixLocal: "--mix-local",
  workerThread: "--worker-thread",
  embedded: "--embedded",
  outfile: "--outfile",
  format: "--format",
  showPath: "--show-path",
  progress: "--no-progress",
};
