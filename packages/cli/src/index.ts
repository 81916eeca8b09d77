export { CliError } from "./cli-error.js";
export { EXIT, type ExitCode } from "./exit-codes.js";
export type { Io } from "./io.js";
export { runCli } from "./program.js";
