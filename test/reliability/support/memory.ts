/**
 * Memory sampling for "memory stays bounded". heapUsed alone also counts garbage V8 has not collected yet
 * (under load it lets the heap grow to hundreds of MiB before a major collection), so the live heap is
 * read after a full collection; RSS is read as it is and only given a generous bound.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

export interface MemorySample {
  /** heapUsed right after a full collection: what the process really holds. */
  readonly liveHeap: number;
  readonly rss: number;
}

export function sampleMemory(): MemorySample {
  collect();
  const { heapUsed, rss } = process.memoryUsage();
  return { liveHeap: heapUsed, rss };
}

/** Samples every `intervalMs` until stopped; keeps the baseline and the largest values seen. */
export class MemoryWatch {
  readonly baseline: MemorySample = sampleMemory();
  #maxLiveHeap = this.baseline.liveHeap;
  #maxRss = this.baseline.rss;
  #samples = 1;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 500) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): void {
    const now = sampleMemory();
    this.#samples++;
    this.#maxLiveHeap = Math.max(this.#maxLiveHeap, now.liveHeap);
    this.#maxRss = Math.max(this.#maxRss, now.rss);
  }

  stop(): { liveHeapGrowth: number; rssGrowth: number; samples: number } {
    clearInterval(this.#timer);
    this.sample();
    return {
      liveHeapGrowth: this.#maxLiveHeap - this.baseline.liveHeap,
      rssGrowth: this.#maxRss - this.baseline.rss,
      samples: this.#samples,
    };
  }
}
