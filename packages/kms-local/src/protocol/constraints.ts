/**
 * Member constraints as the Coral validator reports them (e.g. "Value '0' at 'numberOfBytes' failed to
 * satisfy constraint: Member must have value greater than or equal to 1"). Paths use lower-camel member
 * names; blobs are shown as Java prints a ByteBuffer.
 */
export class Problems {
  readonly list: string[] = [];

  private add(path: string, shown: string, constraint: string): void {
    this.list.push(`Value ${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  }

  range(path: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (value < min) this.add(path, `'${value}'`, `have value greater than or equal to ${min}`);
    else if (value > max) this.add(path, `'${value}'`, `have value less than or equal to ${max}`);
  }

  /** `sensitive` values are shown as `'***'`, never echoed. */
  length(
    path: string,
    value: string | Buffer | undefined,
    min: number,
    max: number,
    sensitive = false,
  ): void {
    if (value === undefined) return;
    const shown = sensitive
      ? "'***'"
      : typeof value === "string"
        ? `'${value.length > 64 ? `${value.slice(0, 64)}...` : value}'`
        : byteBuffer(value);
    if (value.length < min) this.add(path, shown, `have length greater than or equal to ${min}`);
    else if (value.length > max) this.add(path, shown, `have length less than or equal to ${max}`);
  }

  enumeration(path: string, value: string | undefined, allowed: readonly string[]): void {
    if (value === undefined || allowed.includes(value)) return;
    this.add(
      path,
      `'${value.length > 64 ? `${value.slice(0, 64)}...` : value}'`,
      `satisfy enum value set: [${allowed.join(", ")}]`,
    );
  }

  notNull(path: string, value: unknown): void {
    if (value === undefined) this.add(path, "null", "not be null");
  }
}

function byteBuffer(value: Buffer): string {
  return `'java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]'`;
}
