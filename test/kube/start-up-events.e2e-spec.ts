import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { BatchStatus } from '../../src/batches/dto/batch-status.dto.js';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';
import { SseClient } from '../support/sse.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const harness = new KubernetesHarness('startup');

/** What a scheduler starting next to 100 finished jobs says about them: nothing, since nothing happened. */
describe('a scheduler starting next to 100 finished jobs', () => {
  let receiver: WebhookReceiver;
  let sut: RunningScheduler;
  const config = () =>
    harness.config({
      job: { webhook: receiver.url, payloadPath: undefined },
      retention: { succeeded: 1000, failed: 1000, batches: 1000, intervalSeconds: 3600, abandonedAfterSeconds: 300 },
    });

  beforeAll(async () => {
    await harness.setUp();
    receiver = await new WebhookReceiver().start();
    const first = await startScheduler(config());
    const made = await first.post<BatchStatus>('/api/v1/batches', {
      jobScheduleDescriptions: Array.from({ length: 100 }, () => ({ variables: { SIM_RUN_SECONDS: '0' } })),
    });
    expect(made.status).toBe(200);
    const names = made.body.jobStatuses.map((job) => job.name);
    await eventually(
      async () => names.filter((name) => receiver.eventsOf(name).some((event) => event.status === 'Succeeded')).length,
      (told) => told === 100,
      'every end told to the receiver',
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    // Until every job keeps that its end was told.
    await eventually(
      async () => (await first.get<BatchStatus>(`/api/v1/batches/${made.body.name}`)).body.status,
      (status) => status === 'Completed',
      'the batch to complete',
    );
    await first.close();
    receiver.received.length = 0;
  });

  afterAll(async () => {
    await sut?.close();
    await receiver?.stop();
    await harness.tearDown();
  });

  it('announces no event, tells the webhook nothing, and counts nothing as created or finished', async () => {
    sut = await startScheduler(config(), { waitForReady: false });
    const stream = await SseClient.open(`${sut.url}/api/v1/events`);
    await sut.untilReady();
    expect((await sut.get<JobStatus[]>('/api/v1/jobs')).body).toHaveLength(100);
    // Two seconds of quiet: enough for a burst to show, if the start made one.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(stream.data).toEqual([]);
    expect(receiver.received).toEqual([]);
    const families = parsePrometheusTextFormat(await (await fetch(`${sut.url}/metrics`)).text());
    const counted = (name: string) => families.find((f) => f.name === name)?.metrics.reduce((sum, m) => sum + Number(m.value ?? 0), 0) ?? 0;
    expect([counted('job_scheduler_jobs_created_total'), counted('job_scheduler_jobs_finished_total')]).toEqual([0, 0]);
    await stream.close();
  });
});
