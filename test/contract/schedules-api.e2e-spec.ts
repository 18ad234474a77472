import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import type { ScheduleStatus } from '../../src/schedules/dto/schedule-status.dto.js';
import type { CronDefinition } from '../../src/config/cron-schedule.config.js';
import { admin, eventually } from '../support/kube-admin.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import type { RunningScheduler } from '../support/scheduler.js';

/**
 * Cron schedules on both runtimes, through the API: runs are ordinary single jobs carrying
 * their expression and scheduled time; the concurrency policies count cron runs only; a pause
 * holds across a restart. On Kubernetes the scheduler holds a token of the Helm chart's
 * ServiceAccount, so its Role allows what schedules need (the state ConfigMap).
 */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('schedules', { account: 'chart' }), new LocalHarness()];
const EVERY_2S = '@every 2s';

describe.each(runtimes)('schedules API on the $label runtime', (runtime) => {
  const running: RunningScheduler[] = [];

  /** A scheduler whose job definition has this cron; its runs last `runSeconds`. */
  const start = async (cron: Partial<CronDefinition>, runSeconds = 0.2) => {
    const config = runtime.config({
      job: {
        cron: { timeZone: 'UTC', schedules: [EVERY_2S], concurrency: 'Allow', ...cron },
        variables: { SIM_RUN_SECONDS: String(runSeconds) },
      },
    });
    const sut = await runtime.start(config);
    running.push(sut);
    return sut;
  };
  const runs = async (sut: RunningScheduler) =>
    (await sut.get<JobStatus[]>('/api/v1/jobs')).body.filter((job) => job.cronSchedule !== undefined);
  const schedules = async (sut: RunningScheduler) => (await sut.get<ScheduleStatus[]>('/api/v1/schedules')).body;
  /** Leaves nothing for the next test: its schedules paused while its runs go, then resumed (the pause is kept), and the scheduler closed. */
  const stop = async (sut: RunningScheduler) => {
    const ids = (await schedules(sut)).map((schedule) => schedule.id);
    for (const id of ids) await sut.post(`/api/v1/schedules/${id}/pause`);
    for (const job of await runs(sut)) await sut.delete(`/api/v1/jobs/${job.name}`);
    await eventually(
      () => runs(sut),
      (jobs) => jobs.length === 0,
      'the runs gone',
    );
    for (const id of ids) await sut.post(`/api/v1/schedules/${id}/resume`);
    running.splice(running.indexOf(sut), 1);
    await sut.close();
  };

  beforeAll(() => runtime.setUp());

  afterAll(async () => {
    await Promise.all(running.map((sut) => sut.close()));
    await runtime.tearDown();
  });

  it('lists each schedule with its id, time zone, policy and next run, and starts runs that carry their expression and time', async () => {
    const sut = await start({ schedules: [EVERY_2S, '0 3 * * *'], timeZone: 'Europe/Oslo' });
    const [every, nightly] = await schedules(sut);
    expect(every).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{12}$/),
      schedule: EVERY_2S,
      timeZone: 'Europe/Oslo',
      concurrency: 'Allow',
      paused: false,
    });
    expect(nightly.nextRun).toMatch(/^\d{4}-\d\d-\d\dT0[12]:00:00Z$/);
    const started = await eventually(
      () => runs(sut),
      (jobs) => jobs.length >= 2,
      'two runs of @every 2s',
      { timeoutMs: 30_000 },
    );
    for (const job of started) {
      expect(job).toMatchObject({ cronSchedule: EVERY_2S, name: expect.stringMatching(/^compute-\d{14}-[a-z0-9]{8}$/) });
      expect(Number(job.scheduledTime!.slice(17, 19)) % 2).toBe(0);
      expect(job.scheduledTime!.slice(0, 19).replace(/[-:T]/g, '')).toBe(job.name.split('-')[1]);
    }
    const [listed] = await schedules(sut);
    expect(listed.lastRun).toMatchObject({ outcome: 'Started', jobName: expect.any(String), scheduledTime: expect.any(String) });
    await stop(sut);
  });

  if (runtime.name === 'kubernetes')
    it('labels and annotates a run as Radix does its cron runs', async () => {
      const sut = await start({});
      const [job] = await eventually(
        () => runs(sut),
        (jobs) => jobs.length > 0,
        'a run',
        { timeoutMs: 30_000 },
      );
      const made = await admin().batch.readNamespacedJob({ name: job.name, namespace: (runtime as KubernetesHarness).namespace });
      expect([made.metadata!.labels!['radix-batch-cron'], made.metadata!.annotations!['radix.equinor.com/batch-cron-schedule']]).toEqual([
        'true',
        EVERY_2S,
      ]);
      await stop(sut);
    });

  it('Forbid skips firings while a run is unfinished, and answers a run by hand with 409; Replace stops it and starts anew', async () => {
    const forbid = await start({ concurrency: 'Forbid' }, 120);
    const [first] = await eventually(
      () => runs(forbid),
      (jobs) => jobs.length > 0,
      'the first run',
      { timeoutMs: 30_000 },
    );
    const [schedule] = await schedules(forbid);
    const refused = await forbid.post(`/api/v1/schedules/${schedule.id}/run`);
    expect([refused.status, refused.body.message]).toEqual([409, expect.stringContaining(`1 run is unfinished: ${first.name}`)]);
    await eventually(
      () => schedules(forbid),
      ([s]) => s.lastRun?.outcome === 'Skipped',
      'a skipped firing',
      { timeoutMs: 30_000 },
    );
    expect(await runs(forbid)).toHaveLength(1);
    await stop(forbid);

    const replace = await start({ concurrency: 'Replace' }, 120);
    const [replaced] = await eventually(
      () => runs(replace),
      (jobs) => jobs.length > 0,
      'the first run',
      { timeoutMs: 30_000 },
    );
    const after = await eventually(
      () => runs(replace),
      (jobs) =>
        jobs.some((job) => job.name === replaced.name && job.status === 'Stopped') && jobs.some((job) => job.name !== replaced.name),
      'the first run stopped and a new one started',
      { timeoutMs: 30_000 },
    );
    expect(after.find((job) => job.name === replaced.name)).toMatchObject({ status: 'Stopped', cronSchedule: EVERY_2S });
    await stop(replace);
  });

  it('starts a run now by hand, and keeps a pause across a restart until it is resumed', async () => {
    const sut = await start({ schedules: ['0 3 * * *'] });
    const [schedule] = await schedules(sut);
    const byHand = await sut.post<JobStatus>(`/api/v1/schedules/${schedule.id}/run`);
    expect([byHand.status, byHand.body.cronSchedule]).toEqual([200, '0 3 * * *']);
    const paused = await sut.post<ScheduleStatus>(`/api/v1/schedules/${schedule.id}/pause`);
    expect([paused.status, paused.body.paused, paused.body.nextRun]).toEqual([200, true, null]);
    running.splice(running.indexOf(sut), 1);
    await sut.close();
    const restarted = await start({ schedules: ['0 3 * * *'] });
    expect((await schedules(restarted))[0]).toMatchObject({ id: schedule.id, paused: true, nextRun: null });
    const resumed = await restarted.post<ScheduleStatus>(`/api/v1/schedules/${schedule.id}/resume`);
    expect([resumed.body.paused, resumed.body.nextRun]).toEqual([false, expect.stringMatching(/T03:00:00Z$/)]);
    await stop(restarted);
  });

  it('answers 404 for a schedule it does not have, and [] for a definition without cron', async () => {
    const sut = await start({ schedules: ['0 3 * * *'] });
    for (const path of ['/api/v1/schedules/000000000000/pause', '/api/v1/schedules/nope/run']) {
      const reply = await sut.post(path);
      expect([reply.status, reply.body.reason]).toEqual([404, 'NotFound']);
    }
    await stop(sut);
    const plain = await runtime.start(runtime.config());
    running.push(plain);
    expect([(await plain.get('/api/v1/schedules')).status, await schedules(plain)]).toEqual([200, []]);
  });
});
