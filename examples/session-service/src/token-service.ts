/** Issues opaque session tokens: 32 random bytes, base64url, from whatever source the container injects. */
import type { RandomCrypto } from "@rngkit/crypto";
import { RNGKIT } from "@rngkit/inversify";
import { inject, injectable } from "inversify";

export interface Session {
  readonly token: string;
  readonly expiresAt: string;
}

@injectable()
export class TokenService {
  constructor(@inject(RNGKIT.Crypto) private readonly crypto: RandomCrypto) {}

  /** Async: over a pool it is served from memory; over a bare remote source it waits for KMS. */
  issue(now = new Date()): Promise<Session> {
    return new Promise((resolve, reject) => {
      this.crypto.randomBytes(32, (error, bytes) => {
        if (error) reject(error);
        else
          resolve({
            token: bytes.toString("base64url"),
            expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
          });
      });
    });
  }
}
