/**
 * The aws CLI v2's exit codes (../shared/facts/kms-and-nitro.md, and observed with aws-cli 2.9.19):
 * rngkit keeps them so that scripts written for `aws kms generate-random` can switch on them.
 */
export const EXIT = {
  ok: 0,
  /** Unknown option, missing or malformed value, or a parameter the client-side checks refuse. */
  usage: 252,
  /** Configuration missing: no region, no credentials. */
  configuration: 253,
  /** The service (or source) answered with an error. */
  service: 254,
  /** Anything else: a non-integer `--number-of-bytes`, an unknown profile, no connection. */
  failure: 255,
  /** Interrupted (Ctrl-C), as a shell reports SIGINT. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
