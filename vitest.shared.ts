/**
 * The one vitest setting every project shares: resolve workspace packages to their TypeScript sources
 * (the `@rngkit/source` export condition), so tests never run against a stale build.
 */
import type { UserWorkspaceConfig } from "vitest/config";

const conditions = ["@rngkit/source", "node", "import", "default"];

export function rngkitProject(name: string, test: UserWorkspaceConfig["test"] = {}): UserWorkspaceConfig {
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      environment: "node",
      testTimeout: 30_000,
      hookTimeout: 30_000,
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      ...test,
    },
  };
}
