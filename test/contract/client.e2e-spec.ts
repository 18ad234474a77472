import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type JobEvent, type ScheduleEvent, SchedulerApiError, SchedulerClient } from '../../client/src/index.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

/** The typed client (client/) against both runtimes: README's example, and its helpers. */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('client'), new LocalHarness()];

describe.each(runtimes)('the typed client on the $name runtime', (runtime) => {
  let sut: RunningScheduler;
  let client: SchedulerClient;

  beforeAll(async () => {
    await runtime.setUp();
    const config = runtime.config();
    sut = await startScheduler({ ...config, http: { ...config.http, apiToken: 'client-token' } });
    client = new SchedulerClient({ baseUrl: sut.url, token: 'client-token' });
  });

  afterAll(async () => {
    await sut?.close();
    await runtime.tearDown();
  });

  it("starts a job, waits for it, and reads its logs (README's example)", async () => {
    const job = await client.createJob({ payload: '{"x": 10, "y": 20}', variables: { SIM_LOG: 'x + y = 30\n' } });
    const done = await client.waitForJob(job.name, 60);
    expect(done.status).toBe('Succeeded');
    expect(await client.logs(job.name)).toBe('x + y = 30\n');
    expect(await client.payload(job.name)).toBe('{"x": 10, "y": 20}');
  });

  it('follows the event stream and a log', async () => {
    const abort = new AbortController();
    const events: JobEvent[] = [];
    const following = client.followEvents((event) => events.push(event), { signal: abort.signal });
    const job = await client.createJob({ variables: { SIM_LOG: 'streamed\n', SIM_RUN_SECONDS: '1' } });
    let log = '';
    await client.followLogs(job.name, (text) => (log += text));
    await eventually(
      async () => events.filter((e) => e.job.name === job.name).map((e) => e.event),
      (types) => types.includes('finished'),
      'the end on the stream',
    );
    abort.abort();
    await following;
    expect(log).toBe('streamed\n');
    expect(events.find((e) => e.job.name === job.name)?.event).toBe('created');
  });

  it("pages lists and reports the API's refusals as SchedulerApiError", async () => {
    await Promise.all([client.createJob({}), client.createJob({})]);
    const first = await client.listJobs({ limit: 1 });
    expect([first.items.length, typeof first.next]).toEqual([1, 'string']);
    const refusal = await client.createJob({ timeLimitSeconds: -1 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SchedulerApiError);
    expect(refusal).toMatchObject({ status: 422, body: { reason: 'Invalid' } });
    const anonymous = await new SchedulerClient({ baseUrl: sut.url }).listJobs().catch((error: unknown) => error);
    expect(anonymous).toMatchObject({ status: 401 });
  });
});

/**
 * The client's schedule methods, against a definition with two schedules under Forbid: one
 * fires every 2 s, and its first run (two minutes long) makes every later firing a skipped
 * one; the nightly one only runs when asked to. Its own namespace: two schedulers of one
 * definition in one namespace would share the Lease, and the one without cron might lead.
 */
describe.each([new KubernetesHarness('client-cron'), new LocalHarness()])(
  'the typed client and schedules on the $name runtime',
  (runtime) => {
    const [EVERY_2S, NIGHTLY] = ['@every 2s', '0 3 * * *'];
    const abort = new AbortController();
    const events: JobEvent[] = [];
    const firings: ScheduleEvent[] = [];
    let sut: RunningScheduler;
    let client: SchedulerClient;
    let following: Promise<void>;

    beforeAll(async () => {
      await runtime.setUp();
      const config = runtime.config({
        job: { cron: { timeZone: 'UTC', schedules: [EVERY_2S, NIGHTLY], concurrency: 'Forbid' }, variables: { SIM_RUN_SECONDS: '120' } },
      });
      sut = await startScheduler({ ...config, http: { ...config.http, apiToken: 'client-token' } });
      client = new SchedulerClient({ baseUrl: sut.url, token: 'client-token' });
      following = client.followEvents((event) => events.push(event), {
        signal: abort.signal,
        onSchedule: (firing) => firings.push(firing),
      });
    });

    afterAll(async () => {
      abort.abort();
      await following;
      // Nothing left running past the suite: no firing from here on, and the runs stopped.
      for (const schedule of (await client?.listSchedules()) ?? []) await client.pauseSchedule(schedule.id);
      for (const job of (await client?.listJobs())?.items ?? [])
        if (job.status === 'Waiting' || job.status === 'Running') await client.stopJob(job.name);
      await sut?.close();
      await runtime.tearDown();
    });

    const scheduleOf = async (expression: string) => (await client.listSchedules()).find((schedule) => schedule.schedule === expression)!;

    it('lists the schedules, and hands the firings that started no job to onSchedule, its callback job events alone', async () => {
      expect(await client.listSchedules()).toEqual([
        expect.objectContaining({ schedule: EVERY_2S, timeZone: 'UTC', concurrency: 'Forbid', paused: false, nextRun: expect.any(String) }),
        expect.objectContaining({ schedule: NIGHTLY, nextRun: expect.stringMatching(/T03:00:00Z$/) }),
      ]);
      const every = await scheduleOf(EVERY_2S);
      const [skipped] = await eventually(
        async () => firings.filter((firing) => firing.event === 'skipped'),
        (found) => found.length > 0,
        'a skipped firing on the stream',
        { timeoutMs: 30_000 },
      );
      const run = (await client.listJobs()).items.find((job) => job.cronSchedule === EVERY_2S)!;
      expect(skipped.schedule).toMatchObject({ id: every.id, expression: EVERY_2S, reason: expect.stringContaining(run.name), count: 1 });
      // The schedule frames reached onSchedule and not the callback, which got job events alone.
      expect(events.filter((event) => !('job' in event))).toEqual([]);
    });

    it("reports a run now that Forbid refuses as a SchedulerApiError with the API's 409", async () => {
      const refusal = await client.runSchedule((await scheduleOf(NIGHTLY)).id).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(SchedulerApiError);
      expect(refusal).toMatchObject({ status: 409, body: { reason: 'Conflict', message: expect.stringContaining('unfinished') } });
      await expect(client.pauseSchedule('000000000000')).rejects.toMatchObject({ status: 404, body: { reason: 'NotFound' } });
    });

    it('pauses a schedule, runs another now once nothing is unfinished, and resumes the first', async () => {
      const every = await scheduleOf(EVERY_2S);
      const paused = await client.pauseSchedule(every.id);
      expect([paused.paused, paused.nextRun]).toEqual([true, null]);
      for (const job of (await client.listJobs({ status: 'Running' })).items) await client.stopJob(job.name);
      for (const job of (await client.listJobs({ status: 'Waiting' })).items) await client.stopJob(job.name);
      // A stopped run takes a moment to end; until then Forbid still refuses (a 409, asked again).
      const nightly = await scheduleOf(NIGHTLY);
      const run = await eventually(
        () => client.runSchedule(nightly.id),
        () => true,
        'a run now, once the stopped runs have ended',
      );
      expect(run).toMatchObject({ cronSchedule: NIGHTLY, scheduledTime: expect.any(String) });
      expect((await scheduleOf(NIGHTLY)).lastRun).toMatchObject({ outcome: 'Started', jobName: run.name });
      const resumed = await client.resumeSchedule(every.id);
      expect([resumed.paused, typeof resumed.nextRun]).toEqual([false, 'string']);
    });
  },
);
