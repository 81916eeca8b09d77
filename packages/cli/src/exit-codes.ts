/** The aws CLI v2's exit codes (../shared/facts/kms-and-nitro.md): rngkit keeps them so scripts can switch. */
export const EXIT = {
  ok: 0,
  /** Unknown option, missing or malformed value. */
  usage: 252,
  /** The service (or source) answered with an error. */
  service: 254,
  /** Anything else. */
  failure: 255,
} as const;
