/**
 * Everything the commands touch outside themselves, injected so tests can run them in-process:
 * output streams, whether they are terminals, the environment, the working directory, and an
 * interrupt signal (Ctrl-C).
 */
import { setMaxListeners } from "node:events";

export interface Io {
  /**
   * Writes to standard output. May return a promise, which must resolve only once the chunk has been
   * handed over (flushed): the caller zeroes byte chunks right after.
   */
  readonly stdout: (chunk: string | Uint8Array) => void | Promise<void>;
  readonly stderr: (text: string) => void;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  readonly stdoutIsTTY?: boolean;
  /** Terminal width of stdout, for `--output table` (default 80, as the aws CLI). */
  readonly stdoutColumns?: number;
  /** Whether stderr is a terminal: the progress bar is drawn only then. */
  readonly stderrIsTTY?: boolean;
  readonly stderrColumns?: number;
  /** Fires on Ctrl-C: the command stops, removes what it was writing and exits 130. */
  readonly signal?: AbortSignal;
}

/** An Io with every optional member filled in from the process. */
export interface ResolvedIo extends Required<Omit<Io, "signal">> {
  readonly signal: AbortSignal | undefined;
}

export function resolveIo(io: Io): ResolvedIo {
  // Every GenerateRandom call in flight listens on the interrupt signal: that many listeners is expected.
  if (io.signal !== undefined) setMaxListeners(0, io.signal);
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    stdoutIsTTY: io.stdoutIsTTY ?? false,
    stdoutColumns: io.stdoutColumns ?? 80,
    stderrIsTTY: io.stderrIsTTY ?? false,
    stderrColumns: io.stderrColumns ?? 80,
    signal: io.signal,
  };
}
