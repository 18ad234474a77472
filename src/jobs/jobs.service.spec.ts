import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '../../test/fakes/fixed-clock.js';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { aSchedulerConfig, type SchedulerConfigOverrides } from '../../test/fakes/scheduler-config.fixture.js';
import type { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import {
  InvalidRequestError,
  JobConflictError,
  JobNotActiveError,
  JobNotFoundError,
  PayloadTooLargeError,
  RuntimeUnavailableError,
} from './jobs.errors.js';
import { AdmissionGate } from './admission-gate.js';
import { JobPlanner } from './job-planner.js';
import { JobsService, MAX_PAYLOAD_BYTES, STOP_CONCURRENCY } from './jobs.service.js';

const NOW = new Date('2021-04-07T10:55:56Z');

function setUp(overrides: SchedulerConfigOverrides = {}, gateway = new FakeJobGateway()) {
  const config = aSchedulerConfig(overrides);
  return { gateway, sut: new JobsService(gateway, new JobPlanner(config), new FixedClock(NOW), new AdmissionGate()) };
}

const create = (sut: JobsService, body: JobScheduleDescription) => sut.create(body);

describe('JobsService.create', () => {
  it('names the job after its definition and the time, and hands the merged spec to the runtime', async () => {
    const { gateway, sut } = setUp({ job: { variables: { MODE: 'fast' }, ports: [{ name: 'http', port: 3000 }] } });
    const job = await create(sut, { payload: '{"x": 10}', variables: { EXTRA: '1' }, jobId: 'order-1' });
    expect(job.name).toMatch(/^compute-20210407105556-[a-z0-9]{8}$/);
    const spec = gateway.calls[0].spec!;
    expect(spec.payload?.toString('utf8')).toBe('{"x": 10}');
    expect(spec.env).toMatchObject({
      MODE: 'fast',
      EXTRA: '1',
      RADIX_APP: 'demo',
      RADIX_ENVIRONMENT: 'dev',
      RADIX_COMPONENT: 'compute',
      RADIX_JOB_NAME: job.name,
      RADIX_PORTS: '(3000)',
      RADIX_PORT_NAMES: '(http)',
    });
    expect(spec).toMatchObject({ jobId: 'order-1', backoffLimit: 0, image: 'compute:1.0.0' });
  });

  it('gives an empty payload file when the definition has a payload path and the request none', async () => {
    const { gateway, sut } = setUp();
    await create(sut, {});
    expect(gateway.calls[0].spec!.payload).toEqual(Buffer.alloc(0));
  });

  it('refuses a payload for a definition without payload.path, saying so', async () => {
    const { sut } = setUp({ job: { payloadPath: undefined } });
    await expect(create(sut, { payload: 'x' })).rejects.toThrow(
      new InvalidRequestError('payload: job compute takes no payload (radixconfig.yaml sets no payload.path for it)'),
    );
  });

  it('accepts exactly 1 MiB of UTF-8 and refuses one byte more with 413', async () => {
    const { sut } = setUp();
    await expect(create(sut, { payload: 'a'.repeat(MAX_PAYLOAD_BYTES) })).resolves.toBeDefined();
    await expect(create(sut, { payload: 'é'.repeat(MAX_PAYLOAD_BYTES / 2) + 'a' })).rejects.toThrow(PayloadTooLargeError);
  });

  it('refuses text that cannot be UTF-8 encoded byte for byte', async () => {
    const { sut } = setUp();
    await expect(create(sut, { payload: 'a\ud800b' })).rejects.toThrow(InvalidRequestError);
  });

  it('replaces the image tag when imageTagName is given', async () => {
    const { gateway, sut } = setUp({ job: { image: 'registry:5000/team/compute:1.0.0' } });
    await create(sut, { imageTagName: 'v2' });
    expect(gateway.calls[0].spec!.image).toBe('registry:5000/team/compute:v2');
  });

  it('draws a new name when the runtime says the name is taken', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('create', new JobConflictError('taken'));
    await create(sut, {});
    expect(gateway.namesCalled('create')).toHaveLength(2);
  });

  it('passes an unreachable runtime on as it is', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('create', new RuntimeUnavailableError('down'));
    await expect(create(sut, {})).rejects.toThrow(RuntimeUnavailableError);
  });
});

describe('JobsService.list', () => {
  const at = (second: number) => Date.UTC(2026, 0, 1, 0, 0, second);
  const jobs = [
    aJob({ name: 'compute-1-a', created: at(1), status: 'Succeeded' }),
    aJob({ name: 'compute-2-a', created: at(2), status: 'Failed', jobId: 'x' }),
    aJob({ name: 'compute-1-b', created: at(1), status: 'Succeeded' }),
  ];

  it('lists newest first, by created time then name, as a whole without a query', async () => {
    const { sut } = setUp({}, new FakeJobGateway(jobs));
    const newestFirst = [jobs[1], jobs[2], jobs[0]];
    await expect(sut.list()).resolves.toEqual({ items: newestFirst, all: newestFirst });
  });

  it('filters by status, jobId and creation time', async () => {
    const { sut } = setUp({}, new FakeJobGateway(jobs));
    expect((await sut.list({ status: 'Succeeded' })).items.map((job) => job.name)).toEqual(['compute-1-b', 'compute-1-a']);
    expect((await sut.list({ jobId: 'x' })).items.map((job) => job.name)).toEqual(['compute-2-a']);
    expect((await sut.list({ createdBefore: '2026-01-01T00:00:02Z' })).items).toHaveLength(2);
    expect((await sut.list({ createdAfter: '2026-01-01T00:00:02Z' })).items).toHaveLength(1);
  });

  it('pages with a token that continues after the last job of the page', async () => {
    const { sut } = setUp({}, new FakeJobGateway(jobs));
    const first = await sut.list({ limit: '2' });
    expect(first.items.map((job) => job.name)).toEqual(['compute-2-a', 'compute-1-b']);
    const second = await sut.list({ limit: '2', continue: first.next });
    expect([second.items.map((job) => job.name), second.next]).toEqual([['compute-1-a'], undefined]);
  });

  it('refuses a token it did not give, naming the parameter', async () => {
    const { sut } = setUp({}, new FakeJobGateway(jobs));
    await expect(sut.list({ continue: 'bm9wZQ' })).rejects.toThrow(/^continue: not a token this scheduler gave/);
  });
});

describe('JobsService.get', () => {
  it('answers not found for a name of another job definition without asking the runtime', async () => {
    const { gateway, sut } = setUp({}, new FakeJobGateway([aJob({ name: 'etl-20260101000000-aaaaaaaa' })]));
    await expect(sut.get('etl-20260101000000-aaaaaaaa')).rejects.toThrow(JobNotFoundError);
    await expect(sut.get('..')).rejects.toThrow(JobNotFoundError);
    expect(gateway.calls).toHaveLength(0);
  });
});

describe('JobsService.stopAll', () => {
  it('stops only the jobs that have not finished', async () => {
    const jobs = [aJob({ status: 'Running' }), aJob({ status: 'Waiting' }), aJob({ status: 'Succeeded' })];
    const { gateway, sut } = setUp({}, new FakeJobGateway(jobs));
    await expect(sut.stopAll()).resolves.toBe(2);
    expect(gateway.namesCalled('stop')).toEqual([jobs[0].name, jobs[1].name]);
  });

  it('does not count a job that finished meanwhile as a failure', async () => {
    const jobs = [aJob({ status: 'Running' }), aJob({ status: 'Running' })];
    const { gateway, sut } = setUp({}, new FakeJobGateway(jobs));
    gateway.failNext('stop', new JobNotActiveError(jobs[0].name, 'Succeeded'), jobs[0].name);
    await expect(sut.stopAll()).resolves.toBe(1);
  });

  it('tries every job, then reports a stop the runtime could not do', async () => {
    const jobs = [aJob({ status: 'Running' }), aJob({ status: 'Running' })];
    const { gateway, sut } = setUp({}, new FakeJobGateway(jobs));
    gateway.failNext('stop', new RuntimeUnavailableError('down'), jobs[0].name);
    await expect(sut.stopAll()).rejects.toThrow(RuntimeUnavailableError);
    expect(gateway.jobs.get(jobs[1].name)!.status).toBe('Stopped');
  });

  it(`stops at most ${STOP_CONCURRENCY} jobs at once`, async () => {
    const jobs = Array.from({ length: 100 }, () => aJob({ status: 'Running' }));
    let inFlight = 0;
    let most = 0;
    class SlowStops extends FakeJobGateway {
      override async stop(name: string) {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return super.stop(name);
      }
    }
    const { sut } = setUp({}, new SlowStops(jobs));
    await expect(sut.stopAll()).resolves.toBe(100);
    expect(most).toBe(STOP_CONCURRENCY);
  });
});
