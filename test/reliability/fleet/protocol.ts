/** What the fleet's orchestrator and its worker processes say to each other over IPC. */

export type FleetStack = "pool" | "drbg";

/** Build the source stack and wait until it is ready, before the measured run (no quota in force). */
export interface FleetPrepare {
  readonly kind: "prepare";
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** `pool`: PoolSource(KmsSource); `drbg`: DrbgSource(KmsSource). */
  readonly stack: FleetStack;
}

export type FleetMessage = FleetPrepare | FleetTask | { readonly kind: "exit" };

export interface FleetTask {
  readonly kind: "run";
  /** Requests of `requestBytes` per second this process makes (open loop, Poisson arrivals). */
  readonly requestsPerSecond: number;
  readonly requestBytes: number;
  readonly seconds: number;
  /** Wall-clock ms at which every worker starts its load, so the fleet starts together. */
  readonly startAt: number;
}

export interface FleetResult {
  readonly kind: "result";
  readonly pid: number;
  readonly stack: FleetStack;
  /** Requests made and served (right length), and failed (by RandomSourceError reason). */
  readonly requested: number;
  readonly served: number;
  readonly servedBytes: number;
  readonly failed: Readonly<Record<string, number>>;
  /** Served latency from the moment the request was due (LatencyHistogram's JSON form). */
  readonly latency: Readonly<Record<string, number>>;
  /** From the moment the request was made to its answer: the source's own share of the latency. */
  readonly serviceLatency: Readonly<Record<string, number>>;
  /** The same as `latency` for requests due after the first second (the start-up burst excluded). */
  readonly steadyLatency: Readonly<Record<string, number>>;
  /** How late the process issued each request (the harness's share of latency on shared cores). */
  readonly lateness: Readonly<Record<string, number>>;
  /** GenerateRandom HTTP attempts this process made, and how many were throttled, from rngkit:kms:call. */
  readonly attempts: number;
  readonly throttledAttempts: number;
  /** Attempts made in the first second (the start-up burst) and how many of those were throttled. */
  readonly startupAttempts: number;
  readonly startupThrottled: number;
  /** Requests still unsettled when the process closed its source (must be 0). */
  readonly unsettled: number;
}
