/** A service as users write it: constructor injection of the drop-in and of the source by token. */
import "reflect-metadata";
import type { RandomSource } from "@rngkit/core";
import type { RandomCrypto } from "@rngkit/crypto";
import { RNGKIT } from "@rngkit/inversify";
import { inject, injectable } from "inversify";

@injectable()
export class SessionService {
  constructor(
    @inject(RNGKIT.Crypto) private readonly crypto: RandomCrypto,
    @inject(RNGKIT.RandomSource) private readonly source: RandomSource,
  ) {}

  newSessionId(): string {
    return this.crypto.randomBytes(32).toString("base64url");
  }

  async newKey(): Promise<Buffer> {
    return this.source.bytes(32);
  }
}
