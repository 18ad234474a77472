import { describe, expect, it } from '@jest/globals';
import { ApiException, type V1Job, type V1Lease } from '@kubernetes/client-node';
import { IDEMPOTENCY_WINDOW_MS } from '../jobs/idempotency.js';
import type { JobSpec } from '../jobs/job.model.js';
import { KeyClaimedError } from '../jobs/jobs.errors.js';
import { KeyClaims } from './key-claim.js';
import type { KubeClient } from './kube-client.js';

const NOW = new Date('2026-01-02T00:00:00Z');
const STAMP = { key: 'k'.repeat(40), request: 'r'.repeat(40) };
const CLAIM = `compute-job-key-${STAMP.key}`;

/** Leases and Jobs as the API server keeps them: names unique, updates checked against the resourceVersion read. */
class FakeServer {
  leases = new Map<string, V1Lease>();
  jobs = new Map<string, V1Job>();
  private version = 0;
  /** Deletes the claim right after it is read, as the garbage collector may. */
  collectAfterRead = false;

  client(): KubeClient {
    const missing = () => new ApiException(404, 'not found', {}, {});
    return {
      namespace: 'ns',
      coordination: {
        createNamespacedLease: async ({ body }: { body: V1Lease }) => {
          if (this.leases.has(body.metadata!.name!)) throw new ApiException(409, 'exists', {}, {});
          return this.store(body);
        },
        readNamespacedLease: async ({ name }: { name: string }) => {
          const lease = this.leases.get(name);
          if (!lease) throw missing();
          if (this.collectAfterRead) this.leases.delete(name);
          return structuredClone(lease);
        },
        replaceNamespacedLease: async ({ name, body }: { name: string; body: V1Lease }) => {
          const lease = this.leases.get(name);
          if (!lease) throw missing();
          if (lease.metadata!.resourceVersion !== body.metadata!.resourceVersion) throw new ApiException(409, 'conflict', {}, {});
          return this.store(body);
        },
      },
      batch: {
        readNamespacedJob: async ({ name }: { name: string }) => {
          const job = this.jobs.get(name);
          if (!job) throw missing();
          return job;
        },
      },
    } as unknown as KubeClient;
  }

  private store(lease: V1Lease): V1Lease {
    const stored = { ...structuredClone(lease), metadata: { ...lease.metadata, resourceVersion: String(++this.version) } };
    this.leases.set(lease.metadata!.name!, stored);
    return stored;
  }
}

const aJob = (name: string, uid = `${name}-uid`): V1Job => ({ metadata: { name, uid } });
const aSpec = (name: string, request = STAMP.request): JobSpec =>
  ({ name, idempotency: { key: STAMP.key, request }, description: {} }) as unknown as JobSpec;

function setUp() {
  const server = new FakeServer();
  return { server, sut: new KeyClaims(server.client(), { own: 'yes' }, 'compute') };
}

describe('KeyClaims', () => {
  it('claims a free key with a Lease named after its digest, owned by the Jobs, holding the name', async () => {
    const { server, sut } = setUp();
    await sut.claim([aSpec('compute-a')], [aJob('compute-a')], NOW);
    const claim = server.leases.get(CLAIM)!;
    expect(claim.spec?.holderIdentity).toBe('compute-a');
    expect(claim.metadata?.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'compute-a', uid: 'compute-a-uid' }]);
    expect(claim.metadata?.labels).toMatchObject({ own: 'yes' });
  });

  it('names a batch claim apart from a job claim, held by the batch', async () => {
    const { server, sut } = setUp();
    const spec = { ...aSpec('batch-compute-x-1'), batchName: 'batch-compute-x' };
    await sut.claim([spec], [aJob('batch-compute-x-1')], NOW);
    expect(server.leases.get(`compute-batch-key-${STAMP.key}`)?.spec?.holderIdentity).toBe('batch-compute-x');
  });

  it('makes no claim without a key', async () => {
    const { server, sut } = setUp();
    await sut.claim([{ ...aSpec('compute-a'), idempotency: undefined }], [aJob('compute-a')], NOW);
    expect(server.leases.size).toBe(0);
  });

  it('refuses a key another create holds, with its holder and request digest', async () => {
    const { server, sut } = setUp();
    server.jobs.set('compute-a', aJob('compute-a'));
    await sut.claim([aSpec('compute-a')], [aJob('compute-a')], NOW);
    const lost = await sut.claim([aSpec('compute-b', 'other')], [aJob('compute-b')], NOW).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(KeyClaimedError);
    expect(lost).toMatchObject({ holder: 'compute-a', request: STAMP.request });
  });

  it('takes over a claim whose Jobs are gone, or were replaced under the same name', async () => {
    const { server, sut } = setUp();
    await sut.claim([aSpec('compute-a')], [aJob('compute-a')], NOW);
    await sut.claim([aSpec('compute-b')], [aJob('compute-b')], NOW);
    expect(server.leases.get(CLAIM)?.spec?.holderIdentity).toBe('compute-b');
    server.jobs.set('compute-b', aJob('compute-b', 'a-newer-uid'));
    await sut.claim([aSpec('compute-c')], [aJob('compute-c')], NOW);
    expect(server.leases.get(CLAIM)?.spec?.holderIdentity).toBe('compute-c');
  });

  it('takes over a claim older than the window although its job is kept', async () => {
    const { server, sut } = setUp();
    server.jobs.set('compute-a', aJob('compute-a'));
    await sut.claim([aSpec('compute-a')], [aJob('compute-a')], new Date(NOW.getTime() - IDEMPOTENCY_WINDOW_MS));
    await sut.claim([aSpec('compute-b')], [aJob('compute-b')], NOW);
    expect(server.leases.get(CLAIM)?.spec?.holderIdentity).toBe('compute-b');
  });

  it('creates the claim again when it was collected while being taken over', async () => {
    const { server, sut } = setUp();
    await sut.claim([aSpec('compute-a')], [aJob('compute-a')], NOW);
    server.collectAfterRead = true;
    const claiming = sut.claim([aSpec('compute-b')], [aJob('compute-b')], NOW);
    await claiming;
    expect(server.leases.get(CLAIM)?.spec?.holderIdentity).toBe('compute-b');
  });
});
