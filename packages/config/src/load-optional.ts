/**
 * Providers are optional peers, imported only when a configuration names them, so an app that uses
 * node:crypto never loads the AWS SDK. A missing one gives an error that says what to install.
 */
import { RandomSourceError } from "@rngkit/core";

export async function loadOptional<T>(
  packageName: string,
  forWhat: string,
  loader: () => Promise<T>,
): Promise<T> {
  try {
    return await loader();
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: string; message?: string };
    if ((code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && message?.includes(packageName)) {
      throw new RandomSourceError(
        "Unsupported",
        `${forWhat} needs the package ${packageName}, which is not installed: add it with \`pnpm add ${packageName}\``,
        { source: "config", cause: error },
      );
    }
    throw error;
  }
}
