import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '../../test/fakes/fixed-clock.js';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { aSchedulerConfig, type SchedulerConfigOverrides } from '../../test/fakes/scheduler-config.fixture.js';
import { AdmissionGate } from '../jobs/admission-gate.js';
import { BatchesService } from './batches.service.js';
import { JobPlanner } from '../jobs/job-planner.js';
import {
  BatchNotFinishedError,
  InvalidRequestError,
  JobConflictError,
  JobNotFoundError,
  PayloadTooLargeError,
} from '../jobs/jobs.errors.js';

const NOW = new Date('2021-04-07T10:55:56Z');

function setUp(overrides: SchedulerConfigOverrides = {}, gateway = new FakeJobGateway()) {
  const config = aSchedulerConfig(overrides);
  return { gateway, sut: new BatchesService(gateway, new JobPlanner(config), config, new FixedClock(NOW), new AdmissionGate()) };
}

describe('BatchesService.create', () => {
  it('names the batch and its jobs as Radix does, and hands every job to the runtime in one call', async () => {
    const { gateway, sut } = setUp();
    const batch = await sut.create({ batchId: 'b-1', jobScheduleDescriptions: [{ jobId: 'x' }, { jobId: 'y' }] });
    expect(batch.name).toMatch(/^batch-compute-20210407105556-[a-z0-9]{8}$/);
    const specs = gateway.calls.filter((call) => call.verb === 'create').map((call) => call.spec!);
    expect(specs.map((spec) => [spec.jobId, spec.batchName, spec.batchId, spec.batchIndex, spec.env.RADIX_JOB_NAME === spec.name])).toEqual(
      [
        ['x', batch.name, 'b-1', 0, true],
        ['y', batch.name, 'b-1', 1, true],
      ],
    );
    expect(specs.every((spec) => new RegExp(`^${batch.name}-[a-z0-9]{8}$`).test(spec.name))).toBe(true);
  });

  it("cuts a long job name so that the batch's job names stay 63 characters at most", async () => {
    const { gateway, sut } = setUp({ job: { name: 'j'.repeat(39) } });
    await sut.create({ jobScheduleDescriptions: [{}] });
    const name = gateway.calls[0].spec!.name;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^batch-j{24}-\d{14}-[a-z0-9]{8}-[a-z0-9]{8}$/);
  });

  it('makes nothing when one job is wrong, naming it by index', async () => {
    const { gateway, sut } = setUp({ job: { payloadPath: undefined } });
    await expect(sut.create({ jobScheduleDescriptions: [{}, { payload: 'x' }] })).rejects.toThrow(
      new InvalidRequestError(
        'jobScheduleDescriptions[1].payload: job compute takes no payload (radixconfig.yaml sets no payload.path for it)',
      ),
    );
    expect(gateway.calls).toEqual([]);
  });

  it('refuses on the local runtime a command in the defaults, naming them', async () => {
    const { sut } = setUp({ runtime: 'local' });
    await expect(sut.create({ defaultRadixJobComponentConfig: { command: ['sh'] }, jobScheduleDescriptions: [{}] })).rejects.toThrow(
      /^defaultRadixJobComponentConfig\.command: /,
    );
  });

  it('refuses more jobs than the setting allows with 413', async () => {
    const { sut } = setUp({ batches: { maxJobs: 2, maxBodyBytes: 1024 } });
    await expect(sut.create({ jobScheduleDescriptions: [{}, {}, {}] })).rejects.toThrow(PayloadTooLargeError);
  });

  it("gives each job the batch's own cap, and reads maxConcurrentJobs: null as no cap of its own", async () => {
    const { gateway, sut } = setUp();
    await sut.create({ maxConcurrentJobs: 2, jobScheduleDescriptions: [{}] });
    await sut.create({ maxConcurrentJobs: null as unknown as undefined, jobScheduleDescriptions: [{}] });
    const specs = gateway.calls.filter((call) => call.verb === 'create').map((call) => call.spec!);
    expect(specs.map((spec) => spec.batchMaxConcurrentJobs)).toStrictEqual([2, undefined]);
  });

  it('draws new names when the runtime says one is taken', async () => {
    const { gateway, sut } = setUp();
    gateway.failNext('create', new JobConflictError('taken'));
    await sut.create({ jobScheduleDescriptions: [{}] });
    expect(gateway.namesCalled('create')).toHaveLength(2);
  });
});

describe('BatchesService reads and restarts', () => {
  const batchJobs = [
    aJob({ name: 'batch-compute-1-aaaaaaaa', batchName: 'batch-compute-1', batchIndex: 0, status: 'Succeeded' }),
    aJob({ name: 'batch-compute-1-bbbbbbbb', batchName: 'batch-compute-1', batchIndex: 1, status: 'Running' }),
  ];

  it("finds a job of a batch by its full or its short name, and nothing for another batch's", async () => {
    const { sut } = setUp({}, new FakeJobGateway(batchJobs));
    await expect(sut.getJob('batch-compute-1', 'bbbbbbbb')).resolves.toMatchObject({ name: 'batch-compute-1-bbbbbbbb' });
    await expect(sut.getJob('batch-compute-1', 'batch-compute-1-aaaaaaaa')).resolves.toMatchObject({ status: 'Succeeded' });
    await expect(sut.getJob('batch-compute-1', 'cccccccc')).rejects.toThrow(JobNotFoundError);
  });

  it('restarts a batch only once every job has finished', async () => {
    const { gateway, sut } = setUp({}, new FakeJobGateway(batchJobs));
    await expect(sut.restart('batch-compute-1')).rejects.toThrow(BatchNotFinishedError);
    expect(gateway.namesCalled('restart')).toEqual([]);
  });

  it("applies the job definition's batchStatusRules", async () => {
    const rules = [
      { condition: 'Any' as const, operator: 'In' as const, jobStatuses: ['Running' as const], batchStatus: 'Running' as const },
    ];
    const { sut } = setUp({ job: { batchStatusRules: rules } }, new FakeJobGateway(batchJobs));
    await expect(sut.get('batch-compute-1')).resolves.toMatchObject({ status: 'Running' });
  });
});
