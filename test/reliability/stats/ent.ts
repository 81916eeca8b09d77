/**
 * `ent` (Fourmilab; Debian package ent) over a path's bytes, read from stdin in terse mode, with bounds a
 * good source passes except with negligible probability (each about 1e-9 or less for a uniform source):
 * - chi-square of the 256 byte values inside [the 1e-9 quantile, the 1 - 1e-9 quantile] of chi-square(255):
 *   too uneven is bias, too even is a counter or a pattern;
 * - the mean within 6.5 standard deviations of 127.5 (sd = 73.9 / sqrt(n));
 * - the Monte Carlo pi estimate within 6.5 sd of pi (ent uses n/6 points: sd = 4 sqrt(p(1-p)/(n/6)), p = pi/4);
 * - the serial correlation within 6.5 / sqrt(n) of 0;
 * - the entropy above 8 - 1.2 x (the chi-square bound) / (2 n ln 2): entropy is 8 - chi2 / (2 n ln 2) to
 *   first order, so this follows from the chi-square bound with a margin for the approximation.
 */
import { spawn } from "node:child_process";
import { regularizedGamma } from "@rngkit/testing";
import type { OpenPath } from "./paths.js";
import { streamPath } from "./stream.js";

export interface EntResult {
  readonly bytes: number;
  readonly entropy: number;
  readonly chiSquare: number;
  /** P(chi2(255) >= chiSquare). */
  readonly chiSquareP: number;
  readonly mean: number;
  readonly monteCarloPi: number;
  readonly serialCorrelation: number;
}

export interface EntVerdict {
  readonly result: EntResult;
  /** Empty when every bound holds; otherwise one line per bound broken. */
  readonly problems: readonly string[];
}

const SIGMAS = 6.5;
const CHI_TAIL = 1e-9;

/** The chi-square(255) quantile at lower-tail probability `p`, by bisection on the regularized gamma. */
function chiSquareQuantile(p: number): number {
  let low = 0;
  let high = 2_000;
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (regularizedGamma(255 / 2, middle / 2).lower < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export const CHI_SQUARE_BOUNDS = Object.freeze([
  chiSquareQuantile(CHI_TAIL),
  chiSquareQuantile(1 - CHI_TAIL),
]);

export function judgeEnt(result: EntResult): EntVerdict {
  const n = result.bytes;
  const problems: string[] = [];
  const [chiLow, chiHigh] = CHI_SQUARE_BOUNDS as [number, number];
  if (!(result.chiSquare >= chiLow && result.chiSquare <= chiHigh)) {
    problems.push(`chi-square ${result.chiSquare} outside [${chiLow.toFixed(1)}, ${chiHigh.toFixed(1)}]`);
  }
  const meanSd = Math.sqrt((256 * 256 - 1) / 12) / Math.sqrt(n);
  if (Math.abs(result.mean - 127.5) > SIGMAS * meanSd) {
    problems.push(`mean ${result.mean} further than ${SIGMAS} sd (${meanSd.toFixed(4)}) from 127.5`);
  }
  const points = Math.floor(n / 6);
  const piSd = (4 * Math.sqrt((Math.PI / 4) * (1 - Math.PI / 4))) / Math.sqrt(points);
  if (Math.abs(result.monteCarloPi - Math.PI) > SIGMAS * piSd) {
    problems.push(
      `Monte Carlo pi ${result.monteCarloPi} further than ${SIGMAS} sd (${piSd.toFixed(5)}) from pi`,
    );
  }
  if (Math.abs(result.serialCorrelation) > SIGMAS / Math.sqrt(n)) {
    problems.push(`serial correlation ${result.serialCorrelation} beyond ${SIGMAS}/sqrt(n)`);
  }
  const entropyFloor = 8 - (1.2 * chiHigh) / (2 * n * Math.LN2);
  if (result.entropy < entropyFloor) {
    problems.push(`entropy ${result.entropy} below ${entropyFloor.toFixed(7)} bits per byte`);
  }
  return { result, problems };
}

/** ent -t's CSV: a header line, then `1,bytes,entropy,chi-square,mean,monte-carlo-pi,serial-correlation`. */
export function parseEntTerse(output: string): Omit<EntResult, "chiSquareP"> {
  const line = output
    .trim()
    .split("\n")
    .find((row) => row.startsWith("1,"));
  const fields = line?.split(",").map(Number);
  if (fields === undefined || fields.length < 7 || fields.some(Number.isNaN)) {
    throw new Error(`ent printed no terse result line: ${JSON.stringify(output)}`);
  }
  const [, bytes, entropy, chiSquare, mean, monteCarloPi, serialCorrelation] = fields as number[];
  return {
    bytes: bytes as number,
    entropy: entropy as number,
    chiSquare: chiSquare as number,
    mean: mean as number,
    monteCarloPi: monteCarloPi as number,
    serialCorrelation: serialCorrelation as number,
  };
}

/** Streams exactly `bytes` bytes of `path` into `ent -t` and judges the result. */
export async function runEnt(path: OpenPath, bytes: number): Promise<EntVerdict> {
  const child = spawn("ent", ["-t"], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code ?? -1));
  });
  const written = await streamPath(path, child.stdin, bytes);
  const code = await exited;
  if (code !== 0) throw new Error(`ent exited ${code}: ${stderr}`);
  const parsed = parseEntTerse(stdout);
  if (parsed.bytes !== written) throw new Error(`ent read ${parsed.bytes} bytes, ${written} were written`);
  const chiSquareP = regularizedGamma(255 / 2, parsed.chiSquare / 2).upper;
  return judgeEnt({ ...parsed, chiSquareP });
}
