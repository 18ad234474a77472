import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { requestJson as api } from '../support/scheduler.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { isAlive, LocalApp } from './local-scheduler.js';

/**
 * The local runtime's promise that a crash loses nothing: the scheduler is SIGKILLed with jobs
 * finished, running and queued, and started again over the same data folder.
 */
describe('the local scheduler killed and started again', () => {
  const receiver = new WebhookReceiver();
  let app: LocalApp;
  const env = { JOB_SCHEDULER_MAX_CONCURRENT_JOBS: '1' };
  let url: string;
  let port: number;
  const names: Record<'finished' | 'running' | 'queued1' | 'queued2', string> = { finished: '', running: '', queued1: '', queued2: '' };
  let finishedBefore: JobStatus;
  let runningPid: number;

  const job = (name: string) => api<JobStatus>(url, 'GET', `/api/v1/jobs/${name}`).then((reply) => reply.body);
  const create = async (variables: Record<string, string>) => (await api<JobStatus>(url, 'POST', '/api/v1/jobs', { variables })).body.name;

  beforeAll(async () => {
    await receiver.start();
    app = new LocalApp(receiver.url);
    url = await app.start('work', env);
    port = Number(new URL(url).port);
    names.finished = await create({});
    finishedBefore = await eventually(
      () => job(names.finished),
      (j) => j.status === 'Succeeded',
      'the first job to succeed',
    );
    names.running = await create({ WORK_SECONDS: '600' });
    await eventually(
      () => job(names.running),
      (j) => j.status === 'Running',
      'the long job to run',
    );
    runningPid = await app.pidOf(names.running);
    names.queued1 = await create({ WORK_SECONDS: '0.1' });
    names.queued2 = await create({ WORK_SECONDS: '0.1' });
    expect([(await job(names.queued1)).status, (await job(names.queued2)).status]).toEqual(['Waiting', 'Waiting']);

    app.scheduler.child.kill('SIGKILL');
    await app.scheduler.exited;
    url = await app.start('work', env, port);
  });

  afterAll(async () => {
    await app.cleanUp();
    await receiver.stop();
  });

  it('still lists every job', async () => {
    const list = await api<JobStatus[]>(url, 'GET', '/api/v1/jobs');

    expect(list.status).toBe(200);
    expect(list.body.map((j) => j.name).sort()).toEqual(Object.values(names).sort());
  });

  it('reports the job that was running as Failed, saying why, and kills its orphaned process', async () => {
    expect(await job(names.running)).toMatchObject({
      status: 'Failed',
      message: 'the scheduler stopped while the job was running',
      ended: expect.stringMatching(/Z$/),
    });
    await eventually(
      async () => isAlive(runningPid),
      (alive) => !alive,
      'the orphaned job process to die',
    );
  });

  it('announces the failure it found at start: the webhook is told, with the reason', async () => {
    const events = await eventually(
      async () => receiver.eventsOf(names.running),
      (e) => e.some((x) => x.status === 'Failed'),
      'the failure told',
    );
    const told = receiver.received.find((r) => r.headers['x-job-scheduler-event-id'] === events.find((e) => e.status === 'Failed')!.id)!;
    expect(told.json.jobStatuses[0]).toMatchObject({ status: 'Failed', reason: 'SchedulerRestarted' });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/job_scheduler_jobs_finished_total\{job_definition="work",outcome="Failed",reason="SchedulerRestarted"\} 1/);
  });

  it('runs the queued jobs to Succeeded', async () => {
    for (const name of [names.queued1, names.queued2]) {
      await eventually(
        () => job(name),
        (j) => j.status === 'Succeeded',
        `${name} to succeed`,
      );
    }
  });

  it('keeps the finished job as it was', async () => {
    expect(await job(names.finished)).toEqual(finishedBefore);
  });
});
