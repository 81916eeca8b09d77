/**
 * The commander definition of `rngkit generate-random`: every option, grouped in the help as the aws
 * CLI's or as rngkit's extensions. Values stay strings here; they are checked in the aws CLI's order
 * when the command runs (run.ts), so that exit codes match.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import {
  BINARY_FORMATS,
  BYTE_FORMATS,
  COLOR_MODES,
  OUTPUT_FORMATS,
  SKELETON_KINDS,
  SOURCE_FLAG_VALUES,
} from "./flags.js";

const AWS_PARAMETERS = "aws kms generate-random parameters:";
const AWS_GLOBALS = "aws CLI global options:";
const EXTENSIONS = "rngkit extensions:";

/** argparse (the aws CLI) refuses a value that looks like another option: `--number-of-bytes --output`. */
function notAnOption(value: string): string {
  if (/^--?[A-Za-z]/.test(value)) throw new InvalidArgumentError("expected one argument");
  return value;
}

function valueOption(flags: string, description: string, group: string): Option {
  return new Option(flags, description).argParser(notAnOption).helpGroup(group);
}

/** Adds the options; the caller adds the action. */
export function defineGenerateRandom(command: Command): Command {
  return command
    .description(
      "Random bytes as `aws kms generate-random` prints them (same options, output and exit codes), " +
        "or, with rngkit's extensions, from any rngkit source, of any length, to a file",
    )
    .argument("[unexpected...]")
    .addOption(valueOption("--number-of-bytes <n>", "how many bytes (1 to 1024 for KMS)", AWS_PARAMETERS))
    .addOption(
      valueOption("--custom-key-store-id <id>", "generate in this CloudHSM key store", AWS_PARAMETERS),
    )
    .addOption(
      valueOption(
        "--recipient <recipient>",
        "KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument=<base64> (or JSON, file://, AttestationDocument@=fileb://doc)",
        AWS_PARAMETERS,
      ),
    )
    .addOption(valueOption("--cli-input-json <json>", "the request as JSON (or file://)", AWS_PARAMETERS))
    .addOption(valueOption("--cli-input-yaml <yaml>", "the request as YAML (or file://)", AWS_PARAMETERS))
    .addOption(
      new Option(
        "--generate-cli-skeleton [kind]",
        "print a request skeleton (input, yaml-input) or a sample output",
      )
        .choices(SKELETON_KINDS)
        .helpGroup(AWS_PARAMETERS),
    )
    .addOption(valueOption("--endpoint-url <url>", "the KMS endpoint", AWS_GLOBALS))
    .addOption(valueOption("--region <region>", "the AWS region", AWS_GLOBALS))
    .addOption(
      valueOption(
        "--profile <name>",
        "a profile of the shared AWS config and credentials files",
        AWS_GLOBALS,
      ),
    )
    .addOption(
      new Option("--output <format>", "json (default), text, table, yaml, yaml-stream")
        .choices(OUTPUT_FORMATS)
        .helpGroup(AWS_GLOBALS),
    )
    .addOption(valueOption("--query <jmespath>", "a JMESPath expression applied to the output", AWS_GLOBALS))
    .addOption(
      new Option(
        "--cli-binary-format <format>",
        "how blob parameters are read: base64 (default) or raw-in-base64-out",
      )
        .choices(BINARY_FORMATS)
        .helpGroup(AWS_GLOBALS),
    )
    .addOption(
      new Option("--debug", "log what happens on stderr (never bytes, never secrets)").helpGroup(AWS_GLOBALS),
    )
    .addOption(
      new Option("--color <mode>", "on, off or auto (table output)")
        .choices(COLOR_MODES)
        .helpGroup(AWS_GLOBALS),
    )
    .addOption(
      new Option("--no-verify-ssl", "do not verify the endpoint's TLS certificate").helpGroup(AWS_GLOBALS),
    )
    .addOption(valueOption("--ca-bundle <file>", "trust these CA certificates (PEM)", AWS_GLOBALS))
    .addOption(valueOption("--cli-read-timeout <seconds>", "per-request read timeout (0: none)", AWS_GLOBALS))
    .addOption(valueOption("--cli-connect-timeout <seconds>", "connect timeout (0: none)", AWS_GLOBALS))
    .addOption(new Option("--no-cli-pager", "accepted (rngkit never pages)").helpGroup(AWS_GLOBALS))
    .addOption(new Option("--no-paginate", "accepted (nothing to paginate)").helpGroup(AWS_GLOBALS))
    .addOption(
      new Option(
        "--source <source>",
        "where the bytes come from (default kms, or cloudhsm with --custom-key-store-id; nitro: KMS answering an enclave)",
      )
        .choices(SOURCE_FLAG_VALUES)
        .helpGroup(EXTENSIONS),
    )
    .addOption(new Option("--pool", "read through a PoolSource (@rngkit/pool)").helpGroup(EXTENSIONS))
    .addOption(
      new Option("--drbg", "read through an SP 800-90A DRBG seeded from the source (@rngkit/drbg)").helpGroup(
        EXTENSIONS,
      ),
    )
    .addOption(
      new Option(
        "--health-tests",
        "run SP 800-90B continuous health tests on the source's bytes (@rngkit/compose)",
      ).helpGroup(EXTENSIONS),
    )
    .addOption(
      new Option(
        "--mix-local",
        "mix the source's bytes with node:crypto's (HKDF; @rngkit/compose)",
      ).helpGroup(EXTENSIONS),
    )
    .addOption(
      new Option(
        "--worker-thread",
        "make the KMS calls in a worker thread (@rngkit/worker), off the thread that serves the bytes",
      ).helpGroup(EXTENSIONS),
    )
    .addOption(
      new Option(
        "--embedded",
        "start @rngkit/kms-local in this process and use it as the endpoint",
      ).helpGroup(EXTENSIONS),
    )
    .addOption(
      valueOption("--outfile <path>", "write the bytes to this file (mode 0600, all or nothing)", EXTENSIONS),
    )
    .addOption(
      new Option("--format <format>", "print the bytes alone: raw, hex or base64")
        .choices(BYTE_FORMATS)
        .helpGroup(EXTENSIONS),
    )
    .addOption(new Option("--show-path", "print on stderr the path the bytes took").helpGroup(EXTENSIONS))
    .addOption(
      new Option("--no-progress", "no progress bar (drawn over 1 MiB when stderr is a terminal)").helpGroup(
        EXTENSIONS,
      ),
    );
}
