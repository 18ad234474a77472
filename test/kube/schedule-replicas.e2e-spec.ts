import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { admin, eventually } from '../support/kube-admin.js';
import { ReplicaProcesses } from '../support/replica-processes.js';
import { KubernetesHarness } from '../support/runtimes.js';

const harness = new KubernetesHarness('cron-replicas');
const EVERY_MS = 2000;

/**
 * Three scheduler processes of one job definition with `@every 2s`, the leader SIGKILLed
 * half-way: each scheduled time starts at most once, and every time from the first run to the
 * last is either started or, in the failover gap, told as missed (the most recent missed one
 * starts, within startingDeadlineSeconds).
 */
describe('a schedule on three replicas, its leader killed half-way', () => {
  let team: ReplicaProcesses;

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
    team = await ReplicaProcesses.start(harness, {
      count: 3,
      lease: 'job-scheduler-demo-dev-nightly',
      radixconfig:
        'metadata: { name: demo }\nspec:\n  environments: [{ name: dev }]\n  jobs:\n    - name: nightly\n      image: nightly:1\n      variables: { SIM_RUN_SECONDS: "0" }\n      cron: { schedules: ["@every 2s"], concurrency: Allow, startingDeadlineSeconds: 30 }\n',
      env: { JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000' },
    });
  });

  afterAll(async () => {
    await team?.stop();
    await harness.tearDown();
  });

  it('starts each scheduled time once, and accounts for every time across the failover', async () => {
    const first = await team.leader();
    await eventually(started, (times) => times.length >= 4, 'four runs before the kill', { timeoutMs: 30_000 });
    await team.kill(first);
    const successor = await team.successorOf(first);
    const afterFailover = (await started()).length;
    const times = await eventually(started, (all) => all.length >= afterFailover + 3, 'three runs after the failover', {
      timeoutMs: 30_000,
    });

    expect(new Set(times).size).toBe(times.length);
    expect(times.every((time) => time % EVERY_MS === 0)).toBe(true);
    const expected = (times.at(-1)! - times[0]) / EVERY_MS + 1;
    const missed = await missedOn(team.urls[successor]);
    expect(times.length + missed).toBe(expected);
    expect(missed).toBeGreaterThan(0);
    for (const [i, replica] of team.replicas.entries()) if (i !== first) expect(replica.text).not.toMatch(/\bERROR\b/);
  });
});
