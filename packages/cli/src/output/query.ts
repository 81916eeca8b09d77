/**
 * `--query`: JMESPath through `jmespath` (the reference JavaScript implementation of the same
 * specification the aws CLI's Python jmespath implements). The expression is compiled once, up front,
 * so a bad one is a usage error before any request is sent.
 */
import jmespath from "jmespath";
import { usageError } from "../cli-error.js";
import type { Json } from "./python-values.js";

const { compile, search } = jmespath as typeof jmespath & { compile: (expression: string) => unknown };

export interface Query {
  readonly expression: string;
  apply(value: Json): Json;
}

export function compileQuery(expression: string): Query {
  try {
    compile(expression);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw usageError(
      "--query",
      `Bad value for --query ${expression}: Invalid jmespath expression: ${detail}`,
    );
  }
  return { expression, apply: (value) => search(value, expression) as Json };
}
