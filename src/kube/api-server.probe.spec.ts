import { describe, expect, it, jest } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { ApiServerProbe, PROBE_TIMEOUT_MS } from './api-server.probe.js';

function sutAnswering(...answers: unknown[]) {
  const ask = jest.fn(async () => {
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return new ApiServerProbe(ask);
}

describe('ApiServerProbe', () => {
  it('never keeps the process alive by itself', async () => {
    const sut = new ApiServerProbe(async () => ({}));
    const before = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    sut.start();
    await sut.probe();
    const during = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    sut.stop();
    expect(during).toBe(before);
  });

  it('counts as reachable before the first probe', () => {
    expect(new ApiServerProbe(async () => ({})).unreachable).toBeUndefined();
  });

  it('reports a refused connection, and recovers with the next answer', async () => {
    const sut = sutAnswering(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { major: '1' });
    await sut.probe();
    expect(sut.unreachable).toContain('ECONNREFUSED');
    await sut.probe();
    expect(sut.unreachable).toBeUndefined();
  });

  const answers = {
    'a 403 is a server that is there': { error: new ApiException(403, 'forbidden', {}, {}), unreachable: false },
    'a 503 is a server that cannot serve': { error: new ApiException(503, 'unavailable', {}, {}), unreachable: true },
  };
  it.each(Object.entries(answers))('%s', async (_, { error, unreachable }) => {
    const sut = sutAnswering(error);
    await sut.probe();
    expect(sut.unreachable !== undefined).toBe(unreachable);
  });

  it('counts a server that does not answer in time as unreachable', async () => {
    jest.useFakeTimers();
    try {
      const sut = new ApiServerProbe(() => new Promise(() => undefined));
      const probed = sut.probe();
      await jest.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
      await probed;
      expect(sut.unreachable).toMatch(/no answer within/);
    } finally {
      jest.useRealTimers();
    }
  });
});
