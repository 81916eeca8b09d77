/**
 * The legacy module's output, first from node:crypto, then from a pool over KMS on an embedded kms-local,
 * with no change to the legacy code.   pnpm --filter @rngkit-examples/drop-in start
 */
import { createSource, parseRandomConfig } from "@rngkit/config";
import { startKmsLocal } from "@rngkit/kms-local";
import { apiKey, nonceAsync, pin, requestId } from "./legacy-ids.js";
import { useSource } from "./random.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
console.log("node:crypto:", { apiKey: apiKey(), requestId: requestId(), pin: pin() });

const kms = await startKmsLocal();
const { source, path } = await createSource(
  parseRandomConfig({ source: "kms", region: kms.region, endpoint: kms.endpoint, pool: true }),
  { kmsClientConfig: { credentials: { ...kms.credentials } } },
);
await (source as typeof source & { ready(): Promise<void> }).ready();
const previous = useSource(source);
console.log(`${path.join(" → ")}:`, {
  apiKey: apiKey(),
  requestId: requestId(),
  pin: pin(),
  nonce: (await nonceAsync()).toString("hex"),
});
console.error(`GenerateRandom calls made: ${kms.counters.get("GenerateRandom").requests}`);
await source.close();
await previous.close();
await kms.close();
