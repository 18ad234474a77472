import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoordinationV1Api } from '@kubernetes/client-node';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { mapLimit } from '../../src/jobs/concurrency.js';
import { admin, eventually } from '../support/kube-admin.js';
import { ReplicaProcesses } from '../support/replica-processes.js';
import type { SchedulerProcess } from '../support/process.js';
import { RoundRobinProxy } from '../support/round-robin-proxy.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { requestJson } from '../support/scheduler.js';
import { SseClient } from '../support/sse.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const harness = new KubernetesHarness('replicas');
const REPLICAS = 3;
const LEASE = 'job-scheduler-demo-dev-compute';

/**
 * Three scheduler processes for one job definition, behind a round-robin stand-in for their
 * Service, as a team that cannot lose its scheduler runs them. Every replica serves reads and
 * writes; one, elected with a Lease, runs retention and webhook delivery.
 */
describe('three replicas of one job definition', () => {
  const receiver = new WebhookReceiver();
  let team: ReplicaProcesses;
  let replicas: SchedulerProcess[];
  let urls: string[];
  let proxy: RoundRobinProxy;
  let url: string;

  const api = <T = any>(method: string, path: string, body?: unknown) => requestJson<T>(url, method, path, body);
  const jobs = async () => (await api<JobStatus[]>('GET', '/api/v1/jobs')).body;
  const count = (all: JobStatus[], status: string) => all.filter((job) => job.status === status).length;
  const holder = () => team.holder();
  const replicaOf = (identity: string | undefined) => team.replicaOf(identity);

  beforeAll(async () => {
    await harness.setUp();
    await receiver.start();
    team = await ReplicaProcesses.start(harness, {
      count: REPLICAS,
      lease: LEASE,
      radixconfig: `metadata: { name: demo }\nspec:\n  environments: [{ name: dev }]\n  jobs:\n    - name: compute\n      schedulerPort: 8000\n      image: compute:1\n      payload: { path: /compute/args }\n      notifications: { webhook: "${receiver.url}" }\n`,
      env: { JOB_SCHEDULER_RETENTION_INTERVAL_SECONDS: '3' },
    });
    [replicas, urls] = [team.replicas, team.urls];
    proxy = new RoundRobinProxy(urls);
    url = await proxy.start();
  });

  afterAll(async () => {
    await proxy?.stop();
    await team?.stop();
    await receiver.stop();
    await harness.tearDown();
  });

  it('elects exactly one leader', async () => {
    const leader = await eventually(holder, (identity) => replicaOf(identity) >= 0, 'a leader');
    const leading = replicas.filter((replica) => replica.text.includes('leading identity='));
    expect(leading).toEqual([replicas[replicaOf(leader)]]);
  });

  it('walks through the seed guide, each request answered by the next replica', async () => {
    const created = await api<JobStatus>('POST', '/api/v1/jobs', { payload: '{"x": 1}' });
    expect(created.status).toBe(200);
    // Read at once from the two replicas that did not create it.
    for (let i = 0; i < REPLICAS - 1; i++)
      expect((await api<JobStatus>('GET', `/api/v1/jobs/${created.body.name}`)).body.name).toBe(created.body.name);
    const done = await api<JobStatus>('GET', `/api/v1/jobs/${created.body.name}?wait=60`);
    expect(done.body.status).toBe('Succeeded');
    expect((await api('DELETE', `/api/v1/jobs/${created.body.name}`)).status).toBe(200);
    for (let i = 0; i < REPLICAS; i++) {
      await eventually(
        () => api('GET', `/api/v1/jobs/${created.body.name}`),
        (reply) => reply.status === 404,
        `replica ${i} to forget the job`,
      );
    }
    expect(new Set(proxy.answeredBy)).toEqual(new Set([0, 1, 2]));
  });

  it('makes one job of one Idempotency-Key sent to every replica at once, and its claim goes with the job', async () => {
    const key = { 'idempotency-key': 'across-replicas-1' };
    const body = { payload: '{"once": true}' };
    const replies = await Promise.all(
      urls.flatMap((replica) => [0, 1].map(() => requestJson<JobStatus>(replica, 'POST', '/api/v1/jobs', body, key))),
    );
    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 200));
    const names = new Set(replies.map((reply) => reply.body.name));
    expect(names.size).toBe(1);
    const [name] = names;
    // The losers' Jobs, never shown, are deleted: one Job with the key is left.
    await eventually(
      async () =>
        (await admin().batch.listNamespacedJob({ namespace: harness.namespace, labelSelector: 'job-scheduler/idempotency-key' })).items,
      (made) => made.length === 1 && made[0].metadata?.name === name,
      'one Job made with the key',
    );
    const claims = async () =>
      (
        await admin()
          .config.makeApiClient(CoordinationV1Api)
          .listNamespacedLease({ namespace: harness.namespace, labelSelector: 'job-scheduler/idempotency-key' })
      ).items;
    const [claim] = await claims();
    expect([claim.spec?.holderIdentity, claim.metadata?.ownerReferences?.map((owner) => owner.name)]).toEqual([name, [name]]);
    for (const replica of replicas) expect(replica.text).not.toMatch(/\bERROR\b/);
    expect((await api('DELETE', `/api/v1/jobs/${name}`)).status).toBe(200);
    await eventually(claims, (left) => left.length === 0, 'the garbage collector to delete the claim with its job');
  });

  it('keeps exactly 10 succeeded and 10 failed of 300 jobs finishing together, deleting each once', async () => {
    const replies = await mapLimit(
      Array.from({ length: 300 }, (_, i) => i),
      16,
      (i) => api<JobStatus>('POST', '/api/v1/jobs', { variables: { SIM_RUN_SECONDS: '0', SIM_EXIT_CODE: i % 2 === 0 ? '0' : '1' } }),
    );
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    const kept = await eventually(jobs, (all) => all.length === 20, 'retention to keep 20 jobs', { timeoutMs: 120_000, intervalMs: 1000 });
    expect([count(kept, 'Succeeded'), count(kept, 'Failed')]).toEqual([10, 10]);
    const leader = replicas[replicaOf(await holder())];
    for (const replica of replicas) {
      expect(replica.text).not.toMatch(/retention could not delete|could not remove abandoned/);
      if (replica !== leader) expect(replica.text).not.toContain('retention sweep');
    }
    expect(leader.text).toContain('retention sweep deleted=');
  });

  it("resumes an event stream on the replica that sent its ids, and tells another replica's stream to list again", async () => {
    const first = await SseClient.open(`${urls[0]}/api/v1/events`);
    const { body: job } = await api<JobStatus>('POST', '/api/v1/jobs', {});
    await eventually(
      async () => first.data,
      (data) => data.some((e) => e.job.name === job.name),
      'an event of the new job on the first replica',
    );
    const lastId = first.events.filter((e) => e.id).at(-1)!.id!;
    await first.close();

    const same = await SseClient.open(`${urls[0]}/api/v1/events`, { 'last-event-id': lastId });
    const other = await SseClient.open(`${urls[1]}/api/v1/events`, { 'last-event-id': lastId });
    const { body: next } = await api<JobStatus>('POST', '/api/v1/jobs', {});
    for (const stream of [same, other]) {
      await eventually(
        async () => stream.data,
        (data) => data.some((e) => e.job.name === next.name),
        'an event of the next job',
      );
    }
    // Ids come from each replica's clock: a resume elsewhere cannot know what was missed.
    expect(other.events[0].event).toBe('reset');
    expect(same.events.some((e) => e.event === 'reset')).toBe(false);
    await Promise.all([same.close(), other.close()]);
  });

  it('tells the webhook each event once per event id', async () => {
    await eventually(
      async () => receiver.received.length,
      (n) => n >= 300,
      'webhook events',
    );
    const ids = receiver.received.map((r) => String(r.headers['x-job-scheduler-event-id']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes retention on another replica when the leader is SIGKILLed', async () => {
    const old = replicaOf(await holder());
    replicas[old].child.kill('SIGKILL');
    await replicas[old].exited;
    const replies = await mapLimit(
      Array.from({ length: 12 }, () => 0),
      4,
      () => api<JobStatus>('POST', '/api/v1/jobs', { variables: { SIM_RUN_SECONDS: '0' } }),
    );
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    const successor = await eventually(
      holder,
      (identity) => ![-1, old].includes(replicaOf(identity)),
      'another replica to take the Lease',
      { timeoutMs: 60_000 },
    );
    const kept = await eventually(jobs, (all) => count(all, 'Succeeded') === 10 && all.length === 20, 'retention on the new leader', {
      timeoutMs: 60_000,
      intervalMs: 1000,
    });
    expect(kept.length).toBe(20);
    expect(replicas[replicaOf(successor)].text).toContain('leading identity=');
  });
});
