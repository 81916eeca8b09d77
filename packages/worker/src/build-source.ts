/**
 * Inside the worker: imports the named module and builds the source from its named export, which is
 * either a RandomSource class (constructed with `new`) or a factory function (called, and awaited).
 */
import { type RandomSource, RandomSourceError } from "@rngkit/core";

const SOURCE = "worker";

function isRandomSource(value: unknown): value is RandomSource {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as RandomSource).fill === "function" &&
    typeof (value as RandomSource).bytes === "function" &&
    typeof (value as RandomSource).close === "function" &&
    typeof (value as RandomSource).name === "string"
  );
}

/** A class: a function whose prototype serves random bytes (RandomSourceBase's subclasses all do). */
function isSourceClass(value: unknown): value is new (options: unknown) => RandomSource {
  return typeof value === "function" && typeof value.prototype?.fill === "function";
}

export async function buildSource(
  module: string,
  exportName: string,
  options: unknown,
): Promise<RandomSource> {
  let imported: Record<string, unknown>;
  try {
    imported = await import(module);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RandomSourceError(
      "InvalidArgument",
      `${SOURCE}: module ${module} could not be imported: ${message}`,
      {
        source: SOURCE,
      },
    );
  }
  const made = imported[exportName];
  if (typeof made !== "function") {
    throw new RandomSourceError(
      "InvalidArgument",
      `${SOURCE}: module ${module} has no export ${JSON.stringify(exportName)} that is a class or a function`,
      { source: SOURCE },
    );
  }
  const source = isSourceClass(made)
    ? new made(options)
    : await (made as (options: unknown) => unknown)(options);
  if (!isRandomSource(source)) {
    throw new RandomSourceError(
      "InvalidArgument",
      `${SOURCE}: export ${JSON.stringify(exportName)} of ${module} did not make a RandomSource`,
      { source: SOURCE },
    );
  }
  return source;
}
