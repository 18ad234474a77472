import { backoff } from '../jobs/backoff.js';

/**
 * Timings of the local runtime. Nest provides the defaults; unit tests pass shorter ones so
 * they never wait for a production grace period or retry back-off.
 */
export class LocalRuntimeOptions {
  /** How long a job's processes get between SIGTERM and SIGKILL when stopped, timed out or shut down. */
  readonly killGraceMs: number = 5000;

  /**
   * Pause before retry `n` (1-based) of a failed attempt. Kubernetes waits 10 s doubling up to
   * 6 min; locally 1 s doubling up to 60 s keeps the same shape without stalling a laptop.
   */
  readonly retryDelayMs: (retry: number) => number = (retry) => backoff({ firstMs: 1000, maxMs: 60_000 }, retry);

  /** After the main process exited, how long to wait for its output pipes to close before cutting them. */
  readonly drainMs: number = 1000;

  constructor(overrides: Partial<LocalRuntimeOptions> = {}) {
    Object.assign(this, overrides);
  }
}
