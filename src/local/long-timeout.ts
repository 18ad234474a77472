/** The longest delay setTimeout honours; past it Node fires at once (with a warning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * setTimeout for any delay. Time limits go up to 2147483647 s, far beyond one timer's
 * 2^31-1 ms (about 24.8 days), so long delays are chained timer by timer.
 * Returns a function that cancels the callback.
 */
export function setLongTimeout(delayMs: number, callback: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = (remaining: number) => {
    const step = Math.min(Math.max(remaining, 0), MAX_TIMER_MS);
    timer = setTimeout(() => (remaining > MAX_TIMER_MS ? arm(remaining - MAX_TIMER_MS) : callback()), step);
  };
  arm(delayMs);
  return () => clearTimeout(timer);
}
