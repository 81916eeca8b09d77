export { createRandomModule, type RandomModuleOptions } from "./create-random-module.js";
export { providerToken, RNGKIT, resolveCrypto, resolveRandomSource, type Token } from "./tokens.js";
