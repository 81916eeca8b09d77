/**
 * `--outfile`: all or nothing. The bytes go to a temporary file beside the target, created exclusively
 * (O_EXCL) with mode 0600; on success it is flushed to disk (fsync), renamed over the target in one
 * step, and the directory is synced. On any failure (or Ctrl-C) the temporary file is removed, so the
 * target is either the complete output or exactly what it was before.
 */
import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { usageError } from "../cli-error.js";

const FLAG = "--outfile";

export class AtomicFile {
  #handle: FileHandle | undefined;
  #settled = false;

  private constructor(
    readonly target: string,
    readonly temporary: string,
    handle: FileHandle,
  ) {
    this.#handle = handle;
  }

  /** Checks the target and opens the temporary file; refuses a directory or a missing parent. */
  static async create(path: string, cwd: string): Promise<AtomicFile> {
    if (path === "") throw usageError(FLAG, "expected a file path");
    const target = resolve(cwd, path);
    const directory = dirname(target);
    const parent = await stat(directory).catch(() => undefined);
    if (parent === undefined || !parent.isDirectory()) {
      throw usageError(FLAG, `cannot write ${path}: directory ${directory} does not exist`);
    }
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isDirectory()) throw usageError(FLAG, `cannot write ${path}: it is a directory`);
    const temporary = join(
      directory,
      `.${basename(target)}.rngkit-${process.pid}-${randomBytes(6).toString("hex")}.tmp`,
    );
    try {
      const handle = await open(temporary, "wx", 0o600);
      await handle.chmod(0o600);
      return new AtomicFile(target, temporary, handle);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "error";
      throw usageError(FLAG, `cannot write ${path}: ${code === "EACCES" ? "permission denied" : code}`);
    }
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.#handle === undefined) throw new Error("the output file is already closed");
    await this.#handle.write(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
  }

  /** fsync, close, rename over the target, sync the directory. */
  async commit(): Promise<void> {
    const handle = this.#take();
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.temporary, this.target);
    this.#settled = true;
    const directory = await open(dirname(this.target), "r").catch(() => undefined);
    await directory?.sync().catch(() => undefined);
    await directory?.close();
  }

  /** Removes the temporary file; the target is left as it was. Idempotent. */
  async discard(): Promise<void> {
    if (this.#settled) return;
    this.#settled = true;
    await this.#handle?.close().catch(() => undefined);
    this.#handle = undefined;
    await unlink(this.temporary).catch(() => undefined);
  }

  #take(): FileHandle {
    const handle = this.#handle;
    if (handle === undefined) throw new Error("the output file is already closed");
    this.#handle = undefined;
    return handle;
  }
}
