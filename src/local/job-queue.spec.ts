import { describe, expect, it } from '@jest/globals';
import { JobQueue } from './job-queue.js';

describe('JobQueue', () => {
  const aQueue = (capacity: number) => {
    const started: string[] = [];
    return { started, sut: new JobQueue<string>(capacity, (name) => started.push(name)) };
  };

  it('starts jobs at once up to its capacity and the rest in order as slots free up', () => {
    const { sut, started } = aQueue(2);
    ['a', 'b', 'c', 'd'].forEach((name) => sut.push(name));
    expect(started).toEqual(['a', 'b']);

    sut.done('b');
    sut.done('a');

    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('forgets a job removed while waiting', () => {
    const { sut, started } = aQueue(1);
    ['a', 'b', 'c'].forEach((name) => sut.push(name));

    expect([sut.remove('b'), sut.remove('a')]).toEqual([true, false]);
    sut.done('a');

    expect(started).toEqual(['a', 'c']);
  });

  it('starts nothing once paused', () => {
    const { sut, started } = aQueue(1);
    ['a', 'b'].forEach((name) => sut.push(name));

    sut.pause();
    sut.done('a');

    expect(started).toEqual(['a']);
    expect(sut.remove('b')).toBe(true);
  });

  it('counts the items that would wait, with those waiting now, after the free slots', () => {
    const { sut } = aQueue(2);
    expect(sut.waitingWith(2)).toBe(0);
    ['a', 'b', 'c'].forEach((name) => sut.push(name));
    expect([sut.waitingWith(0), sut.waitingWith(2)]).toEqual([1, 3]);
    sut.done('a');
    expect(sut.waitingWith(1)).toBe(1);
  });
});
