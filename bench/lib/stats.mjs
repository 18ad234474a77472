import { performance } from 'node:perf_hooks';

/** Milliseconds one call of `operation` took. */
export async function timed(operation) {
  const start = performance.now();
  await operation();
  return performance.now() - start;
}

/** Median and p99 (nearest rank) of a list of numbers. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
  return { median: rank(0.5), p99: rank(0.99) };
}

/**
 * Runs the sides one sample each, in turn, so that load from elsewhere on the machine falls on
 * all alike. Which side goes first rotates from sample to sample: the side that always came
 * right after a heavy one (a LIST the API server is still collecting garbage from) would
 * otherwise take all of its aftermath. Resolves to the milliseconds of every sample of each side.
 */
export async function alternate(samples, sides) {
  const entries = Object.entries(sides);
  const times = Object.fromEntries(entries.map(([key]) => [key, []]));
  for (let i = 0; i < samples; i++) {
    for (let k = 0; k < entries.length; k++) {
      const [key, operation] = entries[(i + k) % entries.length];
      times[key].push(await timed(() => operation(i)));
    }
  }
  return times;
}

/**
 * As `alternate`, for load: each side in turn runs a round of `perRound` calls, `concurrency`
 * at a time, and which side goes first rotates from round to round. Resolves to the
 * milliseconds of every call of each side.
 */
export async function alternateRounds(rounds, perRound, concurrency, sides) {
  const entries = Object.entries(sides);
  const times = Object.fromEntries(entries.map(([key]) => [key, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < entries.length; k++) {
      const [key, operation] = entries[(round + k) % entries.length];
      times[key].push(...(await inParallel(perRound, concurrency, operation)));
    }
  }
  return times;
}

/** Calls `fn(i)` for i in 0..count-1, at most `limit` at a time; resolves to each call's milliseconds. */
export async function inParallel(count, limit, fn) {
  const times = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        times.push(await timed(() => fn(i)));
      }
    }),
  );
  return times;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something truthy; throws after `timeoutMs`. */
export async function until(what, probe, timeoutMs = 300_000, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
