import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { KubernetesHarness, LocalHarness, type RuntimeHarness } from '../support/runtimes.js';
import type { RunningScheduler } from '../support/scheduler.js';

/** The job definition's failurePolicy, and a request's in its place, the same on both runtimes. */
const runtimes: RuntimeHarness[] = [new KubernetesHarness('job-fields'), new LocalHarness()];

describe.each(runtimes)("the job definition's failure policy on the $label runtime", (runtime) => {
  let sut: RunningScheduler;

  const finished = async (body: object) => {
    const reply = await sut.post<JobStatus>('/api/v1/jobs', body);
    expect(reply.status).toBe(200);
    return eventually(
      async () => (await sut.get<JobStatus>(`/api/v1/jobs/${reply.body.name}`)).body,
      (job) => ['Succeeded', 'Failed'].includes(job.status),
      `job ${reply.body.name} to finish`,
      { timeoutMs: 60_000 },
    );
  };

  beforeAll(async () => {
    await runtime.setUp();
    const failurePolicy = { rules: [{ action: 'FailJob' as const, onExitCodes: { operator: 'In' as const, values: [42] } }] };
    sut = await runtime.start(runtime.config({ job: { failurePolicy, backoffLimit: 3 } }));
  });

  afterAll(async () => {
    await sut?.close();
    await runtime.tearDown();
  });

  it('fails a job at once when its exit code matches a FailJob rule of the definition', async () => {
    const job = await finished({ variables: { SIM_EXIT_CODE: '42' } });
    expect([job.status, job.reason, job.failed]).toEqual(['Failed', 'PodFailurePolicy', 1]);
  });

  it("puts the request's policy in the definition's place: with no rules, the exit code counts against backoffLimit", async () => {
    const job = await finished({ backoffLimit: 0, failurePolicy: { rules: [] }, variables: { SIM_EXIT_CODE: '42' } });
    expect([job.status, job.reason]).toEqual(['Failed', 'BackoffLimitExceeded']);
  });
});
