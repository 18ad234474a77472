import { describe, expect, it } from '@jest/globals';
import { ApiException, type V1Job, type V1Pod } from '@kubernetes/client-node';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { SystemClock } from '../jobs/clock.js';
import { JobNotFoundError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import type { KubeClient } from './kube-client.js';
import { KubeJobGateway } from './kube-job.gateway.js';
import { ownLabels } from './labels.js';

const config = aSchedulerConfig({ runtime: 'kubernetes' });
const NAME = 'compute-20260101000000-abcdefgh';

/**
 * A KubeClient whose watches never deliver, so every read misses the cache and the
 * gateway must ask the API server; `jobs` is what the server holds.
 */
function fakeClient(jobs: Record<string, V1Job | Error>, pods: V1Pod[] = []): KubeClient {
  const never = () => new Promise<never>(() => undefined);
  return {
    namespace: 'ns',
    watch: { watch: never },
    batch: {
      listNamespacedJob: never,
      readNamespacedJob: async ({ name }: { name: string }) => {
        const job = jobs[name] ?? new ApiException(404, 'not found', {}, {});
        if (job instanceof Error) throw job;
        return job;
      },
    },
    core: { listNamespacedPod: async () => ({ items: pods }) },
  } as unknown as KubeClient;
}

const aJob = (labels: Record<string, string>): V1Job => ({
  metadata: { name: NAME, labels, creationTimestamp: new Date('2026-01-01T00:00:00Z') },
  status: { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: new Date('2026-01-01T00:00:09Z') }] },
});

function sutWith(jobs: Record<string, V1Job | Error>, pods: V1Pod[] = []) {
  const sut = new KubeJobGateway(fakeClient(jobs, pods), config, new SystemClock());
  sut.onModuleInit();
  return sut;
}

describe('KubeJobGateway reads that miss the cache', () => {
  it('finds a job of its own on the API server', async () => {
    const sut = sutWith({ [NAME]: aJob(ownLabels(config)) });
    await expect(sut.get(NAME)).resolves.toMatchObject({ name: NAME, status: 'Succeeded' });
  });

  it('does not see a job with the same name made by another job definition', async () => {
    const sut = sutWith({ [NAME]: aJob({ ...ownLabels(config), 'radix-component': 'etl' }) });
    await expect(sut.get(NAME)).resolves.toBeUndefined();
    await expect(sut.delete([NAME])).rejects.toThrow(JobNotFoundError);
  });

  it('answers undefined when the API server has no such job', async () => {
    await expect(sutWith({}).get(NAME)).resolves.toBeUndefined();
  });

  it('reports an unreachable API server as unavailable, not as not found', async () => {
    const sut = sutWith({ [NAME]: new TypeError('fetch failed') });
    await expect(sut.get(NAME)).rejects.toThrow(RuntimeUnavailableError);
  });

  it('refuses to list before the cache has synced', async () => {
    await expect(sutWith({}).list()).rejects.toThrow(RuntimeUnavailableError);
    expect(sutWith({}).readiness()).toEqual({ ready: false, reason: expect.stringContaining('not synced') });
  });
});
