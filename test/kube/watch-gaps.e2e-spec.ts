import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BatchV1Api, KubeConfig, type V1Job, Watch } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchedulerConfig } from '../../src/config/scheduler.config.js';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { ownLabels } from '../../src/kube/labels.js';
import { aSchedulerConfig } from '../fakes/scheduler-config.fixture.js';
import { eventually } from '../support/kube-admin.js';
import { PausableTcpProxy } from '../support/pausable-tcp-proxy.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';
import { TestCluster } from '../support/test-cluster.js';

const NAMESPACE = 'default';
const LONG = { SIM_RUN_SECONDS: '600' };

/**
 * A watch that misses events must end with the cache equal to a fresh LIST. To make the miss
 * real, kube-apiserver runs without its watch cache and compacts etcd every two seconds, so a
 * watch resumed from a resourceVersion from before a cut gets 410 Gone; the scheduler reaches
 * the API server through a proxy the test cuts while it changes jobs behind its back. This
 * file starts a control plane of its own: those flags would disturb every other test.
 */
describe('after its watches missed events (410 Gone)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'watch-gaps-'));
  let cluster: TestCluster;
  let proxy: PausableTcpProxy;
  let batch: BatchV1Api;
  let sut: RunningScheduler;
  let fresh: RunningScheduler | undefined;

  const config = (kubeconfig: string): SchedulerConfig =>
    aSchedulerConfig({
      runtime: 'kubernetes',
      kubernetes: { kubeconfig, inCluster: false, namespace: NAMESPACE },
      // Nothing is swept: what the cache holds is what the test made.
      retention: { succeeded: 100, failed: 100, batches: 100, intervalSeconds: 3600, abandonedAfterSeconds: 300 },
    });
  const labels = ownLabels(config(''));
  const statuses = async (scheduler: RunningScheduler) =>
    (await scheduler.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => `${job.name}=${job.status}`).sort((a, b) => a.localeCompare(b));

  beforeAll(async () => {
    cluster = await TestCluster.start({ apiServerArgs: ['--watch-cache=false', '--etcd-compaction-interval=2s'] });
    const admin = new KubeConfig();
    admin.loadFromFile(cluster.info.kubeconfig);
    batch = admin.makeApiClient(BatchV1Api);
    proxy = new PausableTcpProxy(new URL(cluster.info.server));
    const throughProxy = join(dir, 'kubeconfig');
    writeFileSync(throughProxy, kubeconfigFor(admin, await proxy.start()));
    sut = await startScheduler(config(throughProxy));
  });

  afterAll(async () => {
    await fresh?.close();
    await sut?.close();
    await proxy?.stop();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with the same jobs and statuses as a scheduler that lists afresh', async () => {
    const made = await Promise.all([LONG, LONG, LONG].map((variables) => sut.post<JobStatus>('/api/v1/jobs', { variables })));
    const [kept, deleted, suspended] = made.map((reply) => reply.body.name);
    await eventually(
      () => statuses(sut),
      (all) => all.length === 3 && all.every((s) => s.endsWith('=Running')),
      'three running jobs',
    );
    const before = (await batch.listNamespacedJob({ namespace: NAMESPACE })).metadata!.resourceVersion!;

    proxy.pause();
    await batch.deleteNamespacedJob({ name: deleted, namespace: NAMESPACE, propagationPolicy: 'Background' });
    await batch.patchNamespacedJob({
      name: suspended,
      namespace: NAMESPACE,
      body: [{ op: 'replace', path: '/spec/suspend', value: true }],
    });
    const direct = {
      'gap-succeeded': { SIM_RUN_SECONDS: '0' },
      'gap-failed': { SIM_RUN_SECONDS: '0', SIM_EXIT_CODE: '3' },
      'gap-running': LONG,
      'gap-gone': { SIM_RUN_SECONDS: '0' },
    };
    for (const [name, variables] of Object.entries(direct))
      await batch.createNamespacedJob({ namespace: NAMESPACE, body: simJob(name, labels, variables) });
    await eventually(
      () => batch.listNamespacedJob({ namespace: NAMESPACE }),
      (list) => ['gap-succeeded', 'gap-failed', 'gap-gone'].every((name) => ended(list.items.find((j) => j.metadata!.name === name))),
      'the jobs made during the cut to end',
    );
    await batch.deleteNamespacedJob({ name: 'gap-gone', namespace: NAMESPACE, propagationPolicy: 'Background' });
    await eventually(
      () => watchAnswersGone(cluster.info.kubeconfig, before),
      (gone) => gone,
      'etcd compaction to pass the resourceVersion from before the cut',
    );
    expect(await statuses(sut)).toContain(`${deleted}=Running`);

    proxy.resume();
    // Each watch resumes from a compacted resourceVersion, is told 410 Gone, and lists again.
    await eventually(
      () => relists(sut),
      (counts) => counts.jobs >= 2 && counts.pods >= 2,
      'both watches to list again',
      { timeoutMs: 60_000 },
    );
    fresh = await startScheduler(config(cluster.info.kubeconfig));
    const expected = [
      `${kept}=Running`,
      `${suspended}=Waiting`,
      'gap-failed=Failed',
      'gap-running=Running',
      'gap-succeeded=Succeeded',
    ].sort((a, b) => a.localeCompare(b));
    for (const [scheduler, which] of [
      [fresh, 'a fresh scheduler'],
      [sut, 'the scheduler that was cut off'],
    ] as const)
      await eventually(
        () => statuses(scheduler),
        (all) => JSON.stringify(all) === JSON.stringify(expected),
        `${which} to list the jobs as the API server has them`,
      );
    expect(await statuses(sut)).toEqual(await statuses(fresh));
    expect(proxy.refused).toBeGreaterThan(0);
  });
});

/** A kubeconfig like `admin`'s whose server is `server`. */
function kubeconfigFor(admin: KubeConfig, server: string): string {
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: admin.clusters.map((cluster) => ({ ...cluster, server })),
    users: admin.users,
    contexts: admin.contexts,
    currentContext: admin.currentContext,
  });
  return copy.exportConfig();
}

/** A Job made straight through the API, labelled as the scheduler's own. */
function simJob(name: string, labels: Record<string, string>, variables: Record<string, string>): V1Job {
  return {
    metadata: { name, labels },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'compute', image: 'compute:1.0.0', env: Object.entries(variables).map(([n, value]) => ({ name: n, value })) },
          ],
        },
      },
    },
  };
}

const ended = (job: V1Job | undefined) =>
  job?.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') ?? false;

/** Whether a watch of Jobs from `resourceVersion` is refused with 410 Gone, as etcd compaction makes it. */
async function watchAnswersGone(kubeconfig: string, resourceVersion: string): Promise<boolean> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  let abort: AbortController | undefined;
  const answer = await new Promise<boolean>((resolve) => {
    void new Watch(config)
      .watch(
        `/apis/batch/v1/namespaces/${NAMESPACE}/jobs`,
        { resourceVersion },
        (phase, object: { code?: number }) => resolve(phase === 'ERROR' && object.code === 410),
        () => resolve(false),
      )
      .then((controller) => (abort = controller));
  });
  abort?.abort();
  return answer;
}

/** The scheduler's count of full lists per watched resource, from its metrics. */
async function relists(scheduler: RunningScheduler): Promise<Record<string, number>> {
  const text = await (await fetch(`${scheduler.url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, resource, value] of text.matchAll(/^job_scheduler_cache_relists_total\{[^}]*resource="(\w+)"[^}]*\} (\d+)/gm))
    counts[resource] = Number(value);
  return counts;
}
