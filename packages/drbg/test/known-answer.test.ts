/**
 * Every NIST CAVP vector (CAVS 14.3) for CTR_DRBG AES-256 use df and HMAC_DRBG SHA-256, in the three
 * DRBGVS modes: no reseed, an explicit reseed (pr_false) and prediction resistance (pr_true). Each
 * vector instantiates, generates twice and checks the second output (DRBGVS discards the first).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CtrDrbg } from "../src/ctr-drbg.js";
import type { Drbg } from "../src/drbg.js";
import { HmacDrbg } from "../src/hmac-drbg.js";
import { type DrbgVector, parseRsp } from "./rsp.js";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

/** DRBGVS: with prediction resistance each generate is preceded by a reseed with EntropyInputPR and the additional input, and then runs with none (SP 800-90A §9.3.1 step 7). */
function run(drbg: Drbg, vector: DrbgVector): Buffer {
  drbg.instantiate(vector.entropyInput, vector.nonce, vector.personalizationString);
  if (vector.entropyInputReseed !== undefined) {
    drbg.reseed(vector.entropyInputReseed, vector.additionalInputReseed);
  }
  let output: Buffer = Buffer.alloc(0);
  for (let call = 0; call < 2; call++) {
    const additionalInput = vector.additionalInput[call];
    if (vector.predictionResistance) {
      drbg.reseed(vector.entropyInputPR[call] as Buffer, additionalInput);
      output = drbg.generate(vector.returnedBits.byteLength);
    } else {
      output = drbg.generate(vector.returnedBits.byteLength, additionalInput);
    }
  }
  drbg.uninstantiate();
  return output;
}

const FILES = [
  ["CTR_DRBG_AES-256_use_df_no_reseed.rsp", () => new CtrDrbg(), "no_reseed"],
  ["CTR_DRBG_AES-256_use_df_pr_false.rsp", () => new CtrDrbg(), "pr_false"],
  ["CTR_DRBG_AES-256_use_df_pr_true.rsp", () => new CtrDrbg(), "pr_true"],
  ["HMAC_DRBG_SHA-256_no_reseed.rsp", () => new HmacDrbg(), "no_reseed"],
  ["HMAC_DRBG_SHA-256_pr_false.rsp", () => new HmacDrbg(), "pr_false"],
  ["HMAC_DRBG_SHA-256_pr_true.rsp", () => new HmacDrbg(), "pr_true"],
] as const;

describe.each(FILES)("%s", (file, make, mode) => {
  const vectors = parseRsp(fixture(file));

  it("holds the 240 vectors of its mode, every parameter combination included", () => {
    expect(vectors).toHaveLength(240);
    expect(vectors.every((vector) => vector.predictionResistance === (mode === "pr_true"))).toBe(true);
    expect(
      vectors.every((vector) => (vector.entropyInputReseed !== undefined) === (mode === "pr_false")),
    ).toBe(true);
    expect(vectors.every((vector) => vector.entropyInputPR.length === (mode === "pr_true" ? 2 : 0))).toBe(
      true,
    );
    expect(vectors.every((vector) => vector.additionalInput.length === 2)).toBe(true);
    const combinations = new Set(
      vectors.map(
        (vector) => `${vector.personalizationString.byteLength}/${vector.additionalInput[0]?.byteLength}`,
      ),
    );
    expect([...combinations].sort()).toEqual(["0/0", "0/32", "32/0", "32/32"]);
  });

  it.each(vectors.map((vector) => [vector.label, vector] as const))("%s", (_label, vector) => {
    expect(run(make(), vector).toString("hex")).toBe(vector.returnedBits.toString("hex"));
  });
});
