export { type CreateCryptoOptions, createCrypto, type RandomCrypto } from "./create-crypto.js";
