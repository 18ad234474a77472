import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin, eventually } from '../support/kube-admin.js';
import { freePort, SchedulerProcess } from '../support/process.js';
import { KubernetesHarness } from '../support/runtimes.js';

const harness = new KubernetesHarness('cron-replicas');
const REPLICAS = 3;
const LEASE = 'job-scheduler-demo-dev-nightly';
const EVERY_MS = 2000;

/**
 * Three scheduler processes of one job definition with `@every 2s`, the leader SIGKILLed
 * half-way: each scheduled time starts at most once, and every time from the first run to the
 * last is either started or, in the failover gap, told as missed (the most recent missed one
 * starts, within startingDeadlineSeconds).
 */
describe('a schedule on three replicas, its leader killed half-way', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cron-replicas-'));
  const replicas: SchedulerProcess[] = [];
  const urls: string[] = [];

  const holder = async () =>
    (await admin().config.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: LEASE, namespace: harness.namespace })).spec
      ?.holderIdentity;
  const replicaOf = (identity: string | undefined) => replicas.findIndex((replica) => identity?.includes(`-${replica.child.pid}-`));
  /** The scheduled times of the runs on the API server, in ms, in order. */
  const started = async () =>
    (await admin().batch.listNamespacedJob({ namespace: harness.namespace, labelSelector: 'radix-batch-cron=true' })).items
      .map((job) => Date.parse(job.metadata!.annotations!['job-scheduler/scheduled-time']))
      .sort((a, b) => a - b);
  const missedOn = async (url: string) => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return Number(/^job_scheduler_schedule_firings_total\{[^}]*outcome="missed"\} (\d+)$/m.exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    await harness.setUp();
    writeFileSync(
      join(dir, 'radixconfig.yaml'),
      'metadata: { name: demo }\nspec:\n  environments: [{ name: dev }]\n  jobs:\n    - name: nightly\n      image: nightly:1\n      variables: { SIM_RUN_SECONDS: "0" }\n      cron: { schedules: ["@every 2s"], concurrency: Allow, startingDeadlineSeconds: 30 }\n',
    );
    for (let i = 0; i < REPLICAS; i++) {
      const port = await freePort();
      replicas.push(
        SchedulerProcess.start([], {
          KUBECONFIG: process.env.KUBECONFIG!,
          JOB_SCHEDULER_NAMESPACE: harness.namespace,
          RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
          JOB_SCHEDULER_PORT: String(port),
          JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000',
        }),
      );
      urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(replicas.map((replica, i) => replica.ready(urls[i])));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    rmSync(dir, { recursive: true, force: true });
    await harness.tearDown();
  });

  it('starts each scheduled time once, and accounts for every time across the failover', async () => {
    const first = replicaOf(await eventually(holder, (identity) => replicaOf(identity) >= 0, 'a leader'));
    await eventually(started, (times) => times.length >= 4, 'four runs before the kill', { timeoutMs: 30_000 });
    replicas[first].child.kill('SIGKILL');
    await replicas[first].exited;
    const successor = replicaOf(
      await eventually(holder, (identity) => ![-1, first].includes(replicaOf(identity)), 'a new leader', { timeoutMs: 60_000 }),
    );
    const afterFailover = (await started()).length;
    const times = await eventually(started, (all) => all.length >= afterFailover + 3, 'three runs after the failover', {
      timeoutMs: 30_000,
    });

    expect(new Set(times).size).toBe(times.length);
    expect(times.every((time) => time % EVERY_MS === 0)).toBe(true);
    const expected = (times.at(-1)! - times[0]) / EVERY_MS + 1;
    const missed = await missedOn(urls[successor]);
    expect(times.length + missed).toBe(expected);
    expect(missed).toBeGreaterThan(0);
    for (const [i, replica] of replicas.entries()) if (i !== first) expect(replica.text).not.toMatch(/\bERROR\b/);
  });
});
