import { describe, expect, it } from '@jest/globals';
import { ReplayWindow } from './replay-window.js';

const ids = (events: { id: number }[] | undefined) => events?.map((event) => event.id);

describe('ReplayWindow', () => {
  const filled = (capacity: number, count: number) => {
    const window = new ReplayWindow<{ id: number }>(capacity, 100);
    for (let id = 101; id <= 100 + count; id++) window.push({ id });
    return window;
  };

  it('gives every event after the start id, and none after the newest', () => {
    const window = filled(4, 3);

    expect([ids(window.since(100)), ids(window.since(102)), ids(window.since(103)), window.newestId]).toEqual([
      [101, 102, 103],
      [103],
      [],
      103,
    ]);
  });

  it('keeps exactly the last `capacity` events once more came, oldest first', () => {
    const window = filled(4, 11);

    expect([ids(window.since(107)), ids(window.since(108)), ids(window.since(110)), window.newestId]).toEqual([
      [108, 109, 110, 111],
      [109, 110, 111],
      [111],
      111,
    ]);
  });

  it('says some may be missing for an id older than the kept events, or one it never gave', () => {
    const window = filled(4, 11);

    expect([window.since(106), window.since(99), window.since(112), filled(4, 2).since(150)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('knows where it is with no event yet', () => {
    const window = new ReplayWindow<{ id: number }>(4, 100);

    expect([window.newestId, window.since(100), window.since(101)]).toEqual([100, [], undefined]);
  });
});
