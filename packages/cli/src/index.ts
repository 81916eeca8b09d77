export { EXIT } from "./exit-codes.js";
export type { Io } from "./generate-random.js";
export { runCli } from "./program.js";
