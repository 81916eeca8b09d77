/** The decorated service, compiled by tsc (not oxc) and run by plain Node: the other path users take. */
import { createRandomModule, resolveCrypto } from "@rngkit/inversify";
import { Container } from "inversify";
import { SessionService } from "../decorators/session-service.js";

const container = new Container();
await container.load(createRandomModule({ source: "local", pool: true }));
container.bind(SessionService).toSelf();
const service = await container.getAsync(SessionService);
const crypto = await resolveCrypto(container);
console.log(
  JSON.stringify({
    sessionId: service.newSessionId().length,
    key: (await service.newKey()).byteLength,
    uuid: crypto.randomUUID().length,
  }),
);
await container.unbindAllAsync();
