import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type JobEvent, SchedulerApiError, SchedulerClient } from '../../client/src/index.js';
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
