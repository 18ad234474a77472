import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { ROLLBACK_BACKOFF, Rollback } from './rollback.js';

const A = 'compute-20260101000000-aaaaaaaa';
const B = 'compute-20260101000000-bbbbbbbb';

/** A remover that fails as primed, per name, then succeeds; it records every call. */
function remover(failures: Record<string, Error[]>) {
  const calls: string[] = [];
  const remove = async (name: string) => {
    calls.push(name);
    const failure = failures[name]?.shift();
    if (failure) throw failure;
  };
  return { calls, remove };
}

const unreachable = () => new Error('connect ECONNREFUSED 127.0.0.1:6443');

describe('Rollback', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('removes every job of the failed create at once', async () => {
    const { calls, remove } = remover({});
    const sut = new Rollback(remove);
    await sut.removeAll([A, B]);
    expect(calls).toEqual([A, B]);
    expect(sut.waiting).toEqual([]);
  });

  it('retries a removal the API server refused until it succeeds', async () => {
    const { calls, remove } = remover({ [A]: [unreachable(), unreachable()] });
    const sut = new Rollback(remove);
    await sut.removeAll([A, B]);
    expect(sut.waiting).toEqual([A]);
    await jest.advanceTimersByTimeAsync(ROLLBACK_BACKOFF.maxMs * 2);
    expect(calls.filter((name) => name === A)).toHaveLength(3);
    expect(sut.waiting).toEqual([]);
  });

  it('takes a job already gone as removed', async () => {
    const { calls, remove } = remover({ [A]: [new ApiException(404, 'not found', {}, {})] });
    const sut = new Rollback(remove);
    await sut.removeAll([A]);
    await jest.advanceTimersByTimeAsync(ROLLBACK_BACKOFF.maxMs * 2);
    expect(calls).toEqual([A]);
    expect(sut.waiting).toEqual([]);
  });

  it('stops retrying on shutdown', async () => {
    const { calls, remove } = remover({ [A]: [unreachable()] });
    const sut = new Rollback(remove);
    await sut.removeAll([A]);
    sut.stop();
    await jest.advanceTimersByTimeAsync(ROLLBACK_BACKOFF.maxMs * 2);
    expect(calls).toEqual([A]);
    expect(sut.waiting).toEqual([]);
  });
});
