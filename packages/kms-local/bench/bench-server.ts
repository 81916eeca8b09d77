/**
 * The server side of the GenerateRandom benchmark, run in its own process: kms-local with SigV4 on and
 * quotas off (the benchmark measures the server, not the 10,000/s quota). Prints its endpoint and
 * credentials as one JSON line, stops on SIGTERM.
 */
// The built package (dist), as users run it; `pnpm bench` builds first (turbo). Imported by path so that
// typechecking, which runs before this package is built, sees the sources' types.
const distEntry = new URL("../dist/index.js", import.meta.url).href;
const { startKmsLocal } = (await import(distEntry)) as typeof import("../src/index.js");

const server = await startKmsLocal({
  quotas: { accountRequestsPerSecond: null, customKeyStoreRequestsPerSecond: null },
});
console.log(
  JSON.stringify({
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: server.credentials.accessKeyId,
    secretAccessKey: server.credentials.secretAccessKey,
  }),
);
process.once("SIGTERM", () => {
  server.close().then(() => process.exit(0));
});
