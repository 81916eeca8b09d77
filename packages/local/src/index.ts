export { NodeCryptoSource } from "./node-crypto-source.js";
