import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MAX_TIMER_MS, setLongTimeout } from './long-timeout.js';

describe('setLongTimeout', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  const delays = {
    'a short delay': 1500,
    'exactly the longest single timer': MAX_TIMER_MS,
    'the longest time limit, 2147483647 s': 2147483647 * 1000,
  };

  it.each(Object.entries(delays))('fires after %s, not a millisecond before', (_, delay) => {
    const fired = jest.fn();
    setLongTimeout(delay, fired);

    jest.advanceTimersByTime(delay - 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('never fires once cancelled, even between two chained timers', () => {
    const fired = jest.fn();
    const cancel = setLongTimeout(3 * MAX_TIMER_MS, fired);

    jest.advanceTimersByTime(MAX_TIMER_MS + 10);
    cancel();
    jest.advanceTimersByTime(3 * MAX_TIMER_MS);

    expect(fired).not.toHaveBeenCalled();
  });
});
