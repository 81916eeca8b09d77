/** DrbgSource passes the shared suite in each of its shapes: both mechanisms, read-ahead on and off, sync and async seed sources, prediction resistance. */
import { NodeCryptoSource } from "@rngkit/local";
import { DeterministicSource, describeRandomSource } from "@rngkit/testing";
import { ControlledSeed } from "../test/controlled-seed.js";
import { DrbgSource } from "./drbg-source.js";

describeRandomSource(
  "DrbgSource (CTR_DRBG) over NodeCryptoSource",
  () => new DrbgSource(new NodeCryptoSource()),
);

describeRandomSource(
  "DrbgSource (HMAC_DRBG) over DeterministicSource",
  () => new DrbgSource(new DeterministicSource({ seed: "conformance" }), { mechanism: "hmac-drbg" }),
);

describeRandomSource(
  "DrbgSource (CTR_DRBG, read-ahead off) over an async seed source, after ready()",
  async () => {
    const source = new DrbgSource(new ControlledSeed("conformance"), { readAheadBytes: 0 });
    await source.ready();
    return source;
  },
);

describeRandomSource(
  "DrbgSource (CTR_DRBG, prediction resistance) over NodeCryptoSource",
  () => new DrbgSource(new NodeCryptoSource(), { predictionResistance: true }),
);
