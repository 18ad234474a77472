import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { SchedulerConfig } from '../../src/config/scheduler.config.js';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import type { RunningScheduler } from '../support/scheduler.js';
import { SseClient } from '../support/sse.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * One event model on both runtimes, and what hangs on it: webhooks, the event stream,
 * `wait`, logs, failure reasons and metrics.
 */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('events'), new LocalHarness()];
const SECRET = 'webhook-signing-secret';

describe.each(runtimes)('job events on the $label runtime', (runtime) => {
  let receiver: WebhookReceiver;
  let config: SchedulerConfig;
  let sut: RunningScheduler;

  const create = async (body: object) => {
    const reply = await sut.post<JobStatus>('/api/v1/jobs', body);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const finished = (name: string) =>
    eventually(
      async () => (await sut.get<JobStatus>(`/api/v1/jobs/${name}`)).body,
      (job) => ['Succeeded', 'Failed', 'Stopped'].includes(job.status),
      `${name} to finish`,
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    await runtime.setUp();
    receiver = await new WebhookReceiver().start();
    // History limits out of the way: counts compared with metrics must not change under the test.
    const base = runtime.config({
      job: { webhook: receiver.url },
      retention: { succeeded: 1000, failed: 1000, batches: 1000, intervalSeconds: 3600, abandonedAfterSeconds: 300 },
    });
    config = { ...base, webhooks: { ...base.webhooks, secret: SECRET } };
    sut = await runtime.start(config);
  });

  afterAll(async () => {
    await sut?.close();
    await receiver?.stop();
    await runtime.tearDown();
  });

  describe('webhooks', () => {
    it("POSTs every event of a job, in order, as Radix's BatchEvent, signed", async () => {
      const job = await create({ jobId: 'hooked' });
      await finished(job.name);
      const events = await eventually(
        async () => receiver.eventsOf(job.name),
        (e) => e.at(-1)?.status === 'Succeeded',
        'the finished event',
      );
      expect(events[0]).toMatchObject({ event: 'Create' });
      expect(events.slice(1).every((e) => e.event === 'Update')).toBe(true);
      expect(events.map((e) => Number(e.id))).toEqual([...events.map((e) => Number(e.id))].sort((a, b) => a - b));
      const statuses = events.map((e) => e.status);
      expect(statuses.indexOf('Succeeded')).toBe(statuses.length - 1);
      const last = receiver.received.find((r) => r.headers['x-job-scheduler-event-id'] === events.at(-1)!.id)!;
      expect(last.json).toMatchObject({
        name: job.name,
        batchType: 'job',
        jobId: 'hooked',
        event: 'Update',
        status: 'Succeeded',
        jobStatuses: [expect.objectContaining({ name: job.name })],
      });
      expect(last.headers['x-job-scheduler-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(last.body).digest('hex')}`);
    });

    it('gives an event the same id on the stream and in the webhook: one event source', async () => {
      const stream = await SseClient.open(`${sut.url}/api/v1/events`);
      const job = await create({});
      const streamed = await eventually(
        async () => stream.data.filter((e) => e.job.name === job.name),
        (e) => e.some((x) => x.event === 'finished'),
        'the end on the stream',
      );
      await stream.close();
      const told = await eventually(
        async () => receiver.eventsOf(job.name),
        (e) => e.at(-1)?.status === 'Succeeded',
        'the end in the webhook',
      );
      expect(told.map((e) => e.id)).toEqual(streamed.map((e) => String(e.id)));
    });

    it('still delivers every event, once each by event id, to a receiver that fails twice', async () => {
      receiver.failNext = 2;
      const job = await create({});
      await finished(job.name);
      const events = await eventually(
        async () => receiver.eventsOf(job.name),
        (e) => e.at(-1)?.status === 'Succeeded',
        'every event after the failures',
        { timeoutMs: 60_000 },
      );
      expect(events[0].event).toBe('Create');
      const received = receiver.received
        .filter((r) => r.json.jobStatuses?.some((s: JobStatus) => s.name === job.name))
        .map((r) => r.headers['x-job-scheduler-event-id']);
      expect(received).toEqual(events.map((e) => e.id));
      expect(receiver.failNext).toBe(0);
    });

    it("tells a batch's events as its batch", async () => {
      const reply = await sut.post<{ name: string; jobStatuses: JobStatus[] }>('/api/v1/batches', {
        batchId: 'hooked-batch',
        jobScheduleDescriptions: [{}],
      });
      const job = reply.body.jobStatuses[0].name;
      const events = await eventually(
        async () => receiver.eventsOf(job),
        (e) => e.at(-1)?.status === 'Succeeded',
        'the batch job to finish',
      );
      const last = receiver.received.find((r) => r.headers['x-job-scheduler-event-id'] === events.at(-1)!.id)!;
      expect(last.json).toMatchObject({ name: reply.body.name, batchType: 'batch', batchId: 'hooked-batch', status: 'Completed' });
    });

    it('delivers after a restart what happened while the receiver was down', async () => {
      await receiver.stop();
      const job = await create({});
      await finished(job.name);
      await sut.close();
      receiver = await new WebhookReceiver().start(receiver.port);
      sut = await runtime.start(config);
      const events = await eventually(
        async () => receiver.eventsOf(job.name),
        (e) => e.some((x) => x.status === 'Succeeded'),
        'the missed end, after the restart',
        { timeoutMs: 30_000 },
      );
      expect(events.at(-1)!.status).toBe('Succeeded');
    });
  });

  describe('one event model', () => {
    const eventsOf = async (stream: SseClient, name: string, last: string) =>
      (
        await eventually(
          async () => stream.data.filter((e) => e.job.name === name),
          (e) => e.some((x) => x.event === last),
          `${name} to be ${last}`,
        )
      ).map((e) => e.event as string);

    it('tells a job that succeeds as created, started, finished, whatever it waited for on the way', async () => {
      const stream = await SseClient.open(`${sut.url}/api/v1/events`);
      const job = await create({ variables: { SIM_RUN_SECONDS: '0.5' } });
      const told = await eventsOf(stream, job.name, 'finished');
      await stream.close();
      expect(told.filter((type) => type !== 'waiting')).toEqual(['created', 'started', 'finished']);
    });

    it('tells a stop as the last event, however the runtime clears up after it', async () => {
      const stream = await SseClient.open(`${sut.url}/api/v1/events`);
      const job = await create({ variables: { SIM_RUN_SECONDS: '60' } });
      await eventsOf(stream, job.name, 'started');
      expect((await sut.post(`/api/v1/jobs/${job.name}/stop`)).status).toBe(200);
      await eventsOf(stream, job.name, 'stopped');
      // Once its process or pod is gone, nothing more was told.
      await eventually(
        () => runtime.leftoversOf(job.name),
        (left) => !left.some((o) => o.startsWith('pod/')),
        'the pod to go',
      );
      const told = stream.data.filter((e) => e.job.name === job.name).map((e) => e.event as string);
      await stream.close();
      expect(told.filter((type) => type !== 'waiting')).toEqual(['created', 'started', 'stopped']);
    });
  });

  describe('the event stream', () => {
    it('sends each event once, and resumes after Last-Event-ID without a gap', async () => {
      const first = await SseClient.open(`${sut.url}/api/v1/events`);
      const one = await create({});
      await eventually(
        async () => first.data,
        (data) => data.some((e) => e.job.name === one.name && e.event === 'finished'),
        "the first job's end on the stream",
      );
      const lastId = first.events.filter((e) => e.id).at(-1)!.id!;
      await first.close();

      const two = await create({});
      await finished(two.name);
      const resumed = await SseClient.open(`${sut.url}/api/v1/events?job=${two.name}`, { 'last-event-id': lastId });
      const missed = await eventually(
        async () => resumed.data,
        (data) => data.some((e) => e.event === 'finished'),
        'the missed events',
      );
      expect(missed[0]).toMatchObject({ event: 'created', job: { name: two.name } });
      expect(missed.every((e) => e.job.name === two.name && Number(e.id) > Number(lastId))).toBe(true);
      await resumed.close();
    });

    it('says reset when it no longer has what the client missed', async () => {
      const stream = await SseClient.open(`${sut.url}/api/v1/events`, { 'last-event-id': '1' });
      await eventually(
        async () => stream.events,
        (events) => events.some((e) => e.event === 'reset'),
        'the reset',
      );
      await stream.close();
    });

    it('refuses a Last-Event-ID that is no event id with 422', async () => {
      const reply = await sut.request('GET', '/api/v1/events', undefined, { 'last-event-id': 'yesterday' });
      expect([reply.status, reply.body.message]).toEqual([422, 'Last-Event-ID: must be the id of an event of this stream']);
    });
  });

  describe('wait', () => {
    it('answers as soon as the job has finished, well before the wait ends', async () => {
      const job = await create({ variables: { SIM_RUN_SECONDS: '1' } });
      // Jest gives up after 120 s: an answer at the end of the 300 s wait would fail the test.
      const reply = await sut.get<JobStatus>(`/api/v1/jobs/${job.name}?wait=300`);
      expect([reply.status, reply.body.status]).toEqual([200, 'Succeeded']);
    });

    it('answers a batch once every job has finished', async () => {
      const batch = await sut.post<{ name: string }>('/api/v1/batches', {
        jobScheduleDescriptions: [{}, { variables: { SIM_RUN_SECONDS: '1' } }],
      });
      const reply = await sut.get<{ status: string }>(`/api/v1/batches/${batch.body.name}?wait=300`);
      expect([reply.status, reply.body.status]).toEqual([200, 'Completed']);
    });

    it.each(['301', '-1', 'soon'])('refuses wait=%s with 422', async (wait) => {
      const job = await create({});
      const reply = await sut.get(`/api/v1/jobs/${job.name}?wait=${wait}`);
      expect([reply.status, reply.body.message]).toEqual([422, 'wait must be a whole number of seconds from 0 to 300']);
    });
  });

  describe('logs', () => {
    const text = async (path: string) => {
      const reply = await fetch(`${sut.url}${path}`);
      return { status: reply.status, type: reply.headers.get('content-type'), body: await reply.text() };
    };

    it('returns the output as text, all of it or its last lines', async () => {
      const job = await create({ variables: { SIM_LOG: 'one\ntwo\nthree\n' } });
      await finished(job.name);
      expect(await text(`/api/v1/jobs/${job.name}/logs`)).toEqual({
        status: 200,
        type: 'text/plain; charset=utf-8',
        body: 'one\ntwo\nthree\n',
      });
      expect((await text(`/api/v1/jobs/${job.name}/logs?tail=2`)).body).toBe('two\nthree\n');
      expect((await text(`/api/v1/jobs/${job.name}/logs?attempt=0`)).body).toBe('one\ntwo\nthree\n');
    });

    it('follows a running job until it ends', async () => {
      const job = await create({ variables: { SIM_LOG: 'working\n', SIM_RUN_SECONDS: '2' } });
      await eventually(
        async () => (await sut.get<JobStatus>(`/api/v1/jobs/${job.name}`)).body,
        (j) => j.status === 'Running',
        'running',
      );
      const followed = await text(`/api/v1/jobs/${job.name}/logs?follow=true`);
      expect(followed).toMatchObject({ status: 200, body: 'working\n' });
      // It ended with the job's attempt, not before: the attempt has its end (within the moment the cache needs).
      const ended = await eventually(
        async () => (await sut.get<JobStatus>(`/api/v1/jobs/${job.name}`)).body,
        (j) => (j.podStatuses?.[0]?.endTime ?? '') !== '',
        "the attempt's end",
        { timeoutMs: 1000 },
      );
      expect(ended.podStatuses![0].endTime).not.toBe('');
    });

    it('answers empty for a job with no log yet, 404 for an unknown job, 422 for a bad parameter', async () => {
      const job = await create({ variables: { SIM_RUN_SECONDS: '60' } });
      expect((await text(`/api/v1/jobs/${job.name}/logs`)).body).toBe('');
      expect((await text('/api/v1/jobs/compute-20200101000000-nothere0/logs')).status).toBe(404);
      const bad = await sut.get(`/api/v1/jobs/${job.name}/logs?tail=many`);
      expect([bad.status, bad.body.message]).toEqual([422, 'tail must be a whole number of lines from 0 to 100000']);
      await sut.post(`/api/v1/jobs/${job.name}/stop`);
    });
  });

  describe('failure reasons', () => {
    const cases: { name: string; body: object; reason: string; stop?: boolean }[] = [
      { name: 'a time limit', body: { timeLimitSeconds: 1, variables: { SIM_RUN_SECONDS: '60' } }, reason: 'DeadlineExceeded' },
      { name: 'a backoff limit', body: { backoffLimit: 1, variables: { SIM_EXIT_CODE: '1' } }, reason: 'BackoffLimitExceeded' },
      {
        name: 'a FailJob rule',
        body: {
          backoffLimit: 3,
          failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
          variables: { SIM_EXIT_CODE: '42' },
        },
        reason: 'PodFailurePolicy',
      },
      { name: 'a stop', body: { variables: { SIM_RUN_SECONDS: '60' } }, reason: 'Stopped', stop: true },
    ];

    it.each(cases)('gives $reason for $name', async ({ body, reason, stop }) => {
      const job = await create(body);
      if (stop) {
        await eventually(
          async () => (await sut.get<JobStatus>(`/api/v1/jobs/${job.name}`)).body,
          (j) => j.status === 'Running',
          'running',
        );
        await sut.post(`/api/v1/jobs/${job.name}/stop`);
      }
      expect(await finished(job.name)).toMatchObject({ reason });
    });

    it('gives no reason to a job that succeeded', async () => {
      const job = await create({});
      expect((await finished(job.name)).reason).toBeUndefined();
    });
  });

  describe('metrics', () => {
    it('serves the Prometheus text format, with counts that match what was done', async () => {
      const metricsOf = async () => parsePrometheusTextFormat(await (await fetch(`${sut.url}/metrics`)).text());
      const value = (families: any[], name: string, labels: Record<string, string>) =>
        Number(
          families.find((f) => f.name === name)?.metrics.find((m: any) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
            ?.value ?? 0,
        );
      const before = await metricsOf();
      const jobs = await Promise.all([create({}), create({}), create({ variables: { SIM_EXIT_CODE: '1' } })]);
      for (const job of jobs) await finished(job.name);
      const after = await eventually(
        metricsOf,
        (families) =>
          value(families, 'job_scheduler_jobs_finished_total', {
            job_definition: 'compute',
            outcome: 'Failed',
            reason: 'BackoffLimitExceeded',
          }) >
          value(before, 'job_scheduler_jobs_finished_total', {
            job_definition: 'compute',
            outcome: 'Failed',
            reason: 'BackoffLimitExceeded',
          }),
        'the counts',
      );
      const delta = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
      expect(delta('job_scheduler_jobs_created_total', { job_definition: 'compute' })).toBe(3);
      expect(delta('job_scheduler_jobs_finished_total', { job_definition: 'compute', outcome: 'Succeeded', reason: '' })).toBe(2);
      expect(
        delta('job_scheduler_jobs_finished_total', { job_definition: 'compute', outcome: 'Failed', reason: 'BackoffLimitExceeded' }),
      ).toBe(1);
      const listed = (await sut.get<JobStatus[]>('/api/v1/jobs')).body;
      expect(value(after, 'job_scheduler_jobs', { job_definition: 'compute', status: 'Succeeded' })).toBe(
        listed.filter((j) => j.status === 'Succeeded').length,
      );
      const names = after.map((f: any) => f.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'job_scheduler_job_duration_seconds',
          'job_scheduler_http_request_duration_seconds',
          'job_scheduler_webhook_deliveries_total',
          'job_scheduler_webhook_queue_depth',
          'job_scheduler_process_cpu_seconds_total',
        ]),
      );
    });
  });
});
