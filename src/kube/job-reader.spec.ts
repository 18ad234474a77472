import { describe, expect, it } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { JobReader } from './job-reader.js';
import type { KubeClient } from './kube-client.js';

/** A reader whose API server answers every pod log request with `status`. */
function readerAnswering(status: number): JobReader {
  const kube = {
    namespace: 'ns',
    log: { log: () => Promise.reject(new ApiException(status, 'Error occurred in log request', undefined, {})) },
  } as unknown as KubeClient;
  return new JobReader(kube, {}, { container: 'compute' } as never);
}

const started = aJob({ status: 'Running', replicas: [{ name: 'compute-pod-0', state: 'Pending' }] });

describe('JobReader.logs', () => {
  it.each([
    [204, 'a pod not yet bound to a node'],
    [400, 'a container not started'],
    [404, 'a pod gone'],
  ])('takes %i (%s) for no log yet, so that a follow waits for one', async (status) => {
    await expect(readerAnswering(status).logs(started, { follow: true })).resolves.toBeUndefined();
  });

  it('passes on what else the API server answers', async () => {
    await expect(readerAnswering(403).logs(started, { follow: true })).rejects.toThrow();
  });
});
