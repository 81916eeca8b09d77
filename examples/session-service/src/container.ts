/** The app's container: rngkit's module from configuration, plus the app's own services. */
import "reflect-metadata";
import type { RandomConfig } from "@rngkit/config";
import { createRandomModule, type RandomModuleOptions } from "@rngkit/inversify";
import { Container } from "inversify";
import { TokenService } from "./token-service.js";

export async function buildContainer(
  config: RandomConfig,
  options: RandomModuleOptions = {},
): Promise<Container> {
  const container = new Container();
  await container.load(createRandomModule(config, options));
  container.bind(TokenService).toSelf().inSingletonScope();
  return container;
}
