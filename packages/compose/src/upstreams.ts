/** Checks the upstream list a composing source is built with, once, where it enters. */
import { type RandomSource, RandomSourceError } from "@rngkit/core";

function invalid(source: string, message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${source}: ${message}`, { source });
}

export function isRandomSource(value: unknown): value is RandomSource {
  const candidate = value as Partial<RandomSource> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.name === "string" &&
    typeof candidate.fill === "function" &&
    typeof candidate.bytes === "function" &&
    typeof candidate.close === "function"
  );
}

/**
 * At least `min` RandomSources, none given twice and no two with one name: the same source twice adds
 * nothing to a mix or a failover, and events name upstreams, so names must tell them apart.
 */
export function checkUpstreams(value: unknown, kind: string, min: number): readonly RandomSource[] {
  if (!Array.isArray(value)) throw invalid(kind, "upstreams must be an array of RandomSources");
  if (value.length < min) throw invalid(kind, `needs at least ${min} upstreams, got ${value.length}`);
  const names = new Set<string>();
  const seen = new Set<unknown>();
  for (const [index, upstream] of value.entries()) {
    if (!isRandomSource(upstream)) throw invalid(kind, `upstreams[${index}] is not a RandomSource`);
    if (seen.has(upstream)) throw invalid(kind, `upstreams[${index}] (${upstream.name}) is given twice`);
    if (names.has(upstream.name)) {
      throw invalid(kind, `two upstreams are named ${upstream.name}: give each a distinct name`);
    }
    seen.add(upstream);
    names.add(upstream.name);
  }
  return Object.freeze([...value] as RandomSource[]);
}

/** The `name` option, or `<kind>(<upstream names>)`. */
export function composedName(kind: string, upstreams: readonly RandomSource[], name: unknown): string {
  if (name === undefined) return `${kind}(${upstreams.map((upstream) => upstream.name).join(",")})`;
  if (typeof name !== "string" || name.length === 0) throw invalid(kind, "name must be a non-empty string");
  return name;
}

export function checkOwnsUpstream(value: unknown, source: string): boolean {
  if (value === undefined) return true;
  if (typeof value !== "boolean")
    throw invalid(source, `ownsUpstream must be a boolean, got ${String(value)}`);
  return value;
}

/** Closes the upstreams a source owns, all of them even if one close fails. */
export async function closeAll(upstreams: readonly RandomSource[]): Promise<void> {
  await Promise.allSettled(upstreams.map((upstream) => upstream.close()));
}
