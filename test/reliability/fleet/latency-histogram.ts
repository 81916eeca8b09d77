/**
 * A latency histogram that merges across processes: buckets 5 % wide on a log scale (bucket i holds
 * [1.05^i, 1.05^(i+1)) microseconds), so fleet-wide percentiles are within 5 % of the exact ones.
 */
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);

export class LatencyHistogram {
  readonly #counts = new Map<number, number>();
  #count = 0;
  #max = 0;

  get count(): number {
    return this.#count;
  }

  record(microseconds: number): void {
    const value = Math.max(1, microseconds);
    const bucket = Math.floor(Math.log(value) / LOG_GROWTH);
    this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + 1);
    this.#count++;
    if (value > this.#max) this.#max = value;
  }

  merge(json: Readonly<Record<string, number>>): void {
    for (const [key, count] of Object.entries(json)) {
      if (key === "max") this.#max = Math.max(this.#max, count);
      else {
        const bucket = Number(key);
        this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + count);
        this.#count += count;
      }
    }
  }

  /** The upper edge of the bucket holding the q-th percentile, in microseconds (0 when empty). */
  percentile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.ceil((q / 100) * this.#count);
    let seen = 0;
    for (const bucket of [...this.#counts.keys()].sort((a, b) => a - b)) {
      seen += this.#counts.get(bucket) ?? 0;
      if (seen >= rank) return Math.min(this.#max, GROWTH ** (bucket + 1));
    }
    return this.#max;
  }

  get max(): number {
    return this.#max;
  }

  toJSON(): Record<string, number> {
    return { ...Object.fromEntries(this.#counts), max: this.#max };
  }
}
