#!/usr/bin/env node
/**
 * `kms-local`: runs a kms-local server in the foreground, prints its endpoint and credentials, and stops
 * on SIGINT or SIGTERM. `kms-local --help` lists the options.
 */
import { describeKmsLocal, KMS_LOCAL_HELP, parseKmsLocalArgs } from "./cli.js";
import { startKmsLocal } from "./index.js";

function main(): void {
  const { options, json, help } = parseKmsLocalArgs(process.argv.slice(2));
  if (help) {
    console.log(KMS_LOCAL_HELP);
    return;
  }
  startKmsLocal(options).then(
    (server) => {
      process.stdout.write(describeKmsLocal(server, json));
      const stop = () => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => fail(error),
  );
}

function fail(error: unknown): never {
  console.error(`kms-local: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

try {
  main();
} catch (error) {
  fail(error);
}
