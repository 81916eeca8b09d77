/**
 * Runs the service end to end and stops by itself: starts kms-local on 127.0.0.1 (the embedded default),
 * builds the container (a pool over KmsSource), serves three POST /sessions requests over real HTTP,
 * prints the responses, and shuts everything down.
 *   pnpm --filter @rngkit-examples/session-service start
 */
import { startKmsLocal } from "@rngkit/kms-local";
import { buildContainer } from "./container.js";
import { createHttpApp, listen } from "./http-app.js";
import { TokenService } from "./token-service.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const kms = await startKmsLocal();
const container = await buildContainer(
  { source: "kms", region: kms.region, endpoint: kms.endpoint, pool: true },
  { kmsClientConfig: { credentials: { ...kms.credentials } } },
);
const server = createHttpApp(await container.getAsync(TokenService));
const url = await listen(server);
try {
  for (let i = 0; i < 3; i++) {
    const response = await fetch(`${url}/sessions`, { method: "POST" });
    console.log(response.status, JSON.stringify(await response.json()));
  }
  console.error(
    `served by pool(kms:${kms.region}) → KmsSource → @aws-sdk/client-kms → kms-local at ${kms.endpoint}`,
  );
} finally {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await container.unbindAllAsync();
  await kms.close();
}
