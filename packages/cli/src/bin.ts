#!/usr/bin/env node
/**
 * The `rngkit` executable. The AWS SDK's Node version warning is turned off before the SDK loads (the
 * aws CLI prints no such thing, and stderr must match it); Ctrl-C and SIGTERM abort the running command,
 * which cleans up (no partial --outfile, endpoints closed) and exits.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { runCli } = await import("./program.js");

const interrupt = new AbortController();
const onSignal = () => {
  // A second Ctrl-C does not wait for the clean-up.
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort(new Error("interrupted"));
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

/** Resolves once the chunk is flushed, so the caller may zero it. */
function writeStdout(chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: writeStdout,
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY === true,
  stdoutColumns: process.stdout.columns ?? 80,
  stderrIsTTY: process.stderr.isTTY === true,
  stderrColumns: process.stderr.columns ?? 80,
  signal: interrupt.signal,
});
process.off("SIGINT", onSignal);
process.off("SIGTERM", onSignal);
