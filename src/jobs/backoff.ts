/** How an exponential back-off grows: the first delay, the longest, and how much of each delay is random. */
export interface BackoffShape {
  firstMs: number;
  maxMs: number;
  /**
   * 0 for exact delays; 0.5 spreads each delay over ±50 %, so that many clients failing at
   * once (receivers, watches after an API-server restart) do not retry in step.
   */
  jitter?: number;
}

/**
 * The delay before attempt `n` (1-based) of something that keeps failing: `firstMs`, doubling,
 * capped at `maxMs`, then spread by the jitter. The one back-off of the scheduler: webhook
 * retries, watch restarts and local job retries all take their shape from here.
 */
export function backoff({ firstMs, maxMs, jitter = 0 }: BackoffShape, attempt: number, random: () => number = Math.random): number {
  const exact = Math.min(firstMs * 2 ** Math.max(attempt - 1, 0), maxMs);
  return jitter === 0 ? exact : exact * (1 - jitter + 2 * jitter * random());
}
