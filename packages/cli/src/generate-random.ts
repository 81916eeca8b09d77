/**
 * `rngkit generate-random`: the shape of `aws kms generate-random`, drawing bytes through the
 * @rngkit/crypto drop-in. This first cut serves from NodeCryptoSource; the CLI issue adds the KMS,
 * CloudHSM, Nitro and pooled paths and the rest of the aws CLI's options.
 */
import { RandomSourceError } from "@rngkit/core";
import { createCrypto } from "@rngkit/crypto";
import { NodeCryptoSource } from "@rngkit/local";
import { EXIT } from "./exit-codes.js";
import { formatAwsJson } from "./output.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface GenerateRandomOptions {
  readonly numberOfBytes: number;
}

/** GenerateRandom's own bounds: 1 to 1024 bytes per call (KMS API reference). */
export const MIN_BYTES = 1;
export const MAX_BYTES = 1024;

export async function generateRandom(options: GenerateRandomOptions, io: Io): Promise<number> {
  const source = new NodeCryptoSource();
  try {
    const { randomBytes } = createCrypto(source);
    const plaintext = randomBytes(options.numberOfBytes);
    io.stdout(formatAwsJson({ Plaintext: plaintext.toString("base64") }));
    plaintext.fill(0);
    io.stderr(`rngkit: ${options.numberOfBytes} bytes: ${source.name} → @rngkit/crypto randomBytes\n`);
    return EXIT.ok;
  } catch (error) {
    if (!RandomSourceError.is(error)) throw error;
    io.stderr(
      `\nAn error occurred (${error.reason}) when calling the GenerateRandom operation: ${error.message}\n`,
    );
    return EXIT.service;
  } finally {
    await source.close();
  }
}
