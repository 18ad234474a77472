import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { labelSelector, ownLabels } from '../../src/kube/labels.js';
import { aSchedulerConfig } from '../fakes/scheduler-config.fixture.js';
import { eventually } from '../support/eventually.js';
import { type CreateOutcome, createLoad, halfCreated, incomplete, leftovers, orphans } from '../support/faults.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';
import { TestCluster } from '../support/test-cluster.js';

const CREATES = 500;
const CONCURRENCY = 16;
/** Create `KILL_AT` waits for the kill: the creates in flight then are cut off half-way. */
const KILL_AT = 100;
/** Create `REVIVE_AT` and the ones after it wait until the API server is back. */
const REVIVE_AT = 200;

/**
 * kube-apiserver dies (SIGKILL, no graceful shutdown) in the middle of a load of creates, then
 * comes back. Killing it would break every other test file on the shared cluster, so this
 * file starts a control plane of its own.
 */
describe('when kube-apiserver is killed during a load of creates', () => {
  let cluster: TestCluster;
  let sut: RunningScheduler;
  const config = () =>
    aSchedulerConfig({
      runtime: 'kubernetes',
      kubernetes: { kubeconfig: cluster.info.kubeconfig, inCluster: false, namespace: 'default' },
      job: { ports: [{ name: 'http', port: 8080 }] },
      retention: { succeeded: 1000, failed: 1000, batches: 1000, intervalSeconds: 3600, abandonedAfterSeconds: 300 },
    });
  const ready = () => sut.get('/health/ready').then((reply) => reply.status);

  beforeAll(async () => {
    cluster = await TestCluster.start();
    sut = await startScheduler(config());
  });

  afterAll(async () => {
    await sut?.close();
    await cluster?.stop();
  });

  it('keeps every accepted job whole, leaves nothing of the refused ones, and refuses with 503 and Retry-After', async () => {
    let killed!: Promise<number>;
    let revived!: Promise<void>;
    const outcomes: CreateOutcome[] = await createLoad(
      CREATES,
      CONCURRENCY,
      // Pods wait to start for an hour: the cluster's work is the creates, not running jobs.
      () => sut.post<JobStatus>('/api/v1/jobs', { payload: '{"x":1}', variables: { SIM_START_DELAY_SECONDS: '3600' } }),
      async (i) => {
        // Readiness must see the outage within 5 s of the kill.
        if (i === KILL_AT)
          killed = cluster
            .killApiServer()
            .then(() =>
              eventually(ready, (status) => status === 503, 'readiness to report the outage', { timeoutMs: 5000, intervalMs: 100 }),
            );
        if (i >= KILL_AT) await killed.catch(() => undefined);
        if (i === REVIVE_AT) revived = cluster.reviveApiServer();
        if (i >= REVIVE_AT) await revived;
      },
    );
    expect(await killed).toBe(503);
    await eventually(ready, (status) => status === 200, 'readiness to recover', { timeoutMs: 30_000 });

    const refused = outcomes.filter((o) => o.status !== 200);
    expect(refused.filter((o) => o.status !== 503 || !/^\d+$/.test(o.retryAfter ?? ''))).toEqual([]);
    // The creates sent while the API server was down were all refused; most of the others were accepted.
    expect(refused.length).toBeGreaterThanOrEqual(REVIVE_AT - KILL_AT - CONCURRENCY);
    const accepted = outcomes.flatMap((o) => (o.name ? [o.name] : [])).sort();
    expect(accepted.length).toBeGreaterThanOrEqual(CREATES - REVIVE_AT);

    const selector = labelSelector(ownLabels(config()));
    // Rollbacks cut off by the outage are retried in the background; the garbage collector then takes what they owned.
    const settled = await eventually(
      () => leftovers(cluster.info.kubeconfig, 'default', selector),
      (l) => orphans(l).length === 0 && halfCreated(l).length === 0 && l.jobs.size === accepted.length,
      'refused creates to be rolled back',
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect(incomplete(accepted, settled)).toEqual([]);
    expect([...settled.jobs.keys()].sort()).toEqual(accepted);
    const listed = await sut.get<JobStatus[]>('/api/v1/jobs');
    expect(listed.body.map((job) => job.name).sort()).toEqual(accepted);
  }, 300_000);
});
