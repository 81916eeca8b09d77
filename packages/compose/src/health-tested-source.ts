/**
 * HealthTestedSource: SP 800-90B continuous health tests (health-tests.ts) on every byte an upstream
 * returns, before any of it is served.
 *
 * - Start-up (§4.3): before first use, and again after reset(), `startupBytes` (1,024) are drawn,
 *   tested and discarded. The source is not used until they pass.
 * - Intermittent finding (alpha 2^-30): that upstream response is zeroed, never served, an event is
 *   published, and the call draws fresh data, at most `maxRetries` (2) times; past that the call fails
 *   with `HealthTestFailed` (retryable, nothing latched).
 * - Permanent finding (alpha 2^-60), or a start-up that cannot pass: the source latches. Every call then
 *   fails with `HealthTestFailed` (not retryable) until reset().
 *
 * What it catches: gross failures of the source or of the path to it (a stuck or zero-filled buffer,
 * short cycles, strong bias). Applied to a conditioned, full-entropy output such as KMS's, it cannot see
 * subtle weaknesses (a long-period pattern passes both tests), and it is no replay check.
 */
import {
  abortable,
  type ComposedSourceOptions,
  type RandomSource,
  RandomSourceBase,
  RandomSourceError,
  type SourceCapabilities,
} from "@rngkit/core";
import { composeChannels, type HealthEvent, type HealthResetEvent } from "./events.js";
import {
  APT_WINDOW,
  ContinuousHealthTests,
  type HealthCutoffs,
  type HealthFinding,
  INTERMITTENT_CUTOFFS,
  PERMANENT_CUTOFFS,
} from "./health-tests.js";
import { allSync, type FillSync, syncFill } from "./sync-fill.js";
import { checkOwnsUpstream, composedName, isRandomSource } from "./upstreams.js";

export interface HealthTestedSourceOptions extends ComposedSourceOptions {
  /** Cutoffs for a finding that discards data. Default RCT 5, APT 16 (alpha 2^-30, H = 8). */
  readonly intermittentCutoffs?: Partial<HealthCutoffs>;
  /** Cutoffs for a finding that latches the source. Default RCT 9, APT 25 (alpha 2^-60, H = 8). */
  readonly permanentCutoffs?: Partial<HealthCutoffs>;
  /** Bytes drawn, tested and discarded before first use (SP 800-90B §4.3: at least 1,024). Default 1024; 0 skips. */
  readonly startupBytes?: number;
  /** Fresh draws a call makes after intermittent findings before failing. Default 2. */
  readonly maxRetries?: number;
  /** Default `health(<upstream name>)`. */
  readonly name?: string;
}

function invalid(source: string, message: string): RandomSourceError {
  return new RandomSourceError("InvalidArgument", `${source}: ${message}`, { source });
}

function cutoffs(
  given: Partial<HealthCutoffs> | undefined,
  defaults: HealthCutoffs,
  option: string,
  source: string,
) {
  const resolved = { ...defaults, ...given };
  for (const [test, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 2) {
      throw invalid(source, `${option}.${test} must be an integer >= 2, got ${String(value)}`);
    }
  }
  return Object.freeze(resolved);
}

function nonNegative(value: unknown, option: string, source: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw invalid(source, `${option} must be a non-negative integer, got ${String(value)}`);
  }
  return value as number;
}

export class HealthTestedSource extends RandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  /** Present when the upstream serves synchronously (see sync-fill.ts). */
  declare readonly fillSync?: FillSync;
  readonly #upstream: RandomSource;
  readonly #ownsUpstream: boolean;
  readonly #tests: ContinuousHealthTests;
  readonly #startupBytes: number;
  readonly #maxRetries: number;
  #latched: RandomSourceError | undefined;
  #startup: Promise<void> | undefined;
  #startupDone = false;

  constructor(upstream: RandomSource, options: HealthTestedSourceOptions = {}) {
    super();
    if (!isRandomSource(upstream)) throw invalid("health", "upstream must be a RandomSource");
    this.#upstream = upstream;
    this.name = composedName("health", [upstream], options.name);
    this.#ownsUpstream = checkOwnsUpstream(options.ownsUpstream, this.name);
    const intermittent = cutoffs(
      options.intermittentCutoffs,
      INTERMITTENT_CUTOFFS,
      "intermittentCutoffs",
      this.name,
    );
    const permanent = cutoffs(options.permanentCutoffs, PERMANENT_CUTOFFS, "permanentCutoffs", this.name);
    for (const test of ["repetitionCount", "adaptiveProportion"] as const) {
      if (permanent[test] < intermittent[test]) {
        throw invalid(this.name, `permanentCutoffs.${test} must be >= intermittentCutoffs.${test}`);
      }
    }
    if (intermittent.adaptiveProportion > APT_WINDOW || permanent.adaptiveProportion > APT_WINDOW) {
      throw invalid(this.name, `adaptiveProportion cutoffs must be at most the window, ${APT_WINDOW}`);
    }
    this.#tests = new ContinuousHealthTests(intermittent, permanent);
    this.#startupBytes = nonNegative(options.startupBytes, "startupBytes", this.name, 1024);
    this.#maxRetries = nonNegative(options.maxRetries, "maxRetries", this.name, 2);
    const sync = allSync([upstream]);
    this.capabilities = Object.freeze({ ...upstream.capabilities, sync });
    if (sync) {
      Object.defineProperty(this, "fillSync", {
        value: syncFill(
          this,
          (view) => this.#fillBytesSync(view),
          (byteLength, started, error) => this.publishFill(byteLength, true, started, error),
        ),
      });
    }
  }

  /** True while a permanent failure is latched. */
  get failed(): boolean {
    return this.#latched !== undefined;
  }

  /**
   * Clears a latched failure and every test's state, after the cause has been dealt with. The start-up
   * test runs again before the next bytes are served.
   */
  reset(): void {
    this.#latched = undefined;
    this.#tests.reset();
    this.#startup = undefined;
    this.#startupDone = false;
    composeChannels.healthReset.publish({ source: this.name } satisfies HealthResetEvent);
  }

  protected async fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    this.#throwIfLatched();
    if (!this.#startupDone && this.#startupBytes > 0) {
      await abortable(this.#startAsync(), signal, this.name);
    }
    for (let attempt = 0; ; attempt++) {
      this.#throwIfLatched();
      await this.#upstream.fill(view, { signal });
      if (this.#accept(view, attempt, false)) return;
    }
  }

  #fillBytesSync(view: Uint8Array): void {
    this.#throwIfLatched();
    this.#startupSync();
    const upstream = this.#upstream as RandomSource & { fillSync: FillSync };
    for (let attempt = 0; ; attempt++) {
      this.#throwIfLatched();
      upstream.fillSync(view);
      if (this.#accept(view, attempt, false)) return;
    }
  }

  /**
   * Tests a response: true to serve it; false to draw again (it was zeroed); throws when the finding is
   * permanent (latching) or the retries are spent.
   */
  #accept(view: Uint8Array, attempt: number, startup: boolean): boolean {
    const finding = this.#tests.test(view);
    if (finding === undefined) return true;
    view.fill(0);
    this.#publish(finding, startup);
    if (finding.level === "permanent") throw this.#latch(finding, startup);
    if (attempt < this.#maxRetries) return false;
    if (startup) throw this.#latch(finding, startup);
    throw new RandomSourceError(
      "HealthTestFailed",
      `${this.name}: ${describe(finding)} on ${attempt + 1} consecutive draws from ${this.#upstream.name}; data discarded`,
      { source: this.name, retryable: true, details: { ...finding } },
    );
  }

  #latch(finding: HealthFinding, startup: boolean): RandomSourceError {
    this.#latched = new RandomSourceError(
      "HealthTestFailed",
      `${this.name}: ${startup ? "start-up test failed" : "permanent health-test failure"} on ${this.#upstream.name}: ` +
        `${describe(finding)}; no bytes are served until reset()`,
      { source: this.name, retryable: false, details: { ...finding, startup } },
    );
    return this.#latched;
  }

  #throwIfLatched(): void {
    if (this.#latched !== undefined) throw this.#latched;
  }

  /**
   * SP 800-90B §4.3, once per start (and after reset()). Concurrent first calls share one run, under the
   * source's close signal rather than any one caller's; a run that failed without a finding (an upstream
   * error) runs again on the next call.
   */
  #startAsync(): Promise<void> {
    if (this.#startup === undefined) {
      const run = this.#runStartup();
      this.#startup = run;
      run.then(
        () => {
          if (this.#startup === run) this.#startupDone = true;
        },
        () => {
          if (this.#startup === run && this.#latched === undefined) this.#startup = undefined;
        },
      );
    }
    return this.#startup;
  }

  async #runStartup(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const samples = await this.#upstream.bytes(this.#startupBytes, { signal: this.closeSignal });
      try {
        if (this.#accept(samples, attempt, true)) return;
      } finally {
        samples.fill(0);
      }
    }
  }

  #startupSync(): void {
    if (this.#startupBytes === 0 || this.#startupDone) return;
    const upstream = this.#upstream as RandomSource & { fillSync: FillSync };
    const samples = new Uint8Array(this.#startupBytes);
    try {
      for (let attempt = 0; ; attempt++) {
        upstream.fillSync(samples);
        if (this.#accept(samples, attempt, true)) break;
      }
    } finally {
      samples.fill(0);
    }
    this.#startupDone = true;
  }

  #publish(finding: HealthFinding, startup: boolean): void {
    if (!composeChannels.health.hasSubscribers) return;
    const event: HealthEvent = { source: this.name, upstream: this.#upstream.name, ...finding, startup };
    composeChannels.health.publish(event);
  }

  protected override async onClose(): Promise<void> {
    if (this.#ownsUpstream) await this.#upstream.close();
  }
}

function describe(finding: HealthFinding): string {
  return `${finding.test} test count ${finding.count} reached its ${finding.level} cutoff ${finding.cutoff}`;
}
