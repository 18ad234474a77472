import { describe, expect, it } from '@jest/globals';
import type { JobFacts, PodFacts } from './job-facts.js';
import { toJobRecord } from './job-status.js';

const t = (second: number) => Date.UTC(2026, 0, 1, 0, 0, second);

function aJob(overrides: Partial<JobFacts> = {}): JobFacts {
  return { name: 'compute-20260101000000-abcdefgh', created: t(0), failed: 0, creating: false, ...overrides };
}

function aPod(overrides: Partial<PodFacts> = {}): PodFacts {
  return {
    name: 'compute-20260101000000-abcdefgh-x1',
    job: 'compute-20260101000000-abcdefgh',
    created: t(1),
    deleting: false,
    restartCount: 0,
    ...overrides,
  };
}

const cases: { name: string; job: JobFacts; pods: PodFacts[]; expected: Record<string, unknown> }[] = [
  {
    name: 'a Job failed past its backoff limit has reason BackoffLimitExceeded',
    job: aJob({
      terminal: { type: 'Failed', at: t(9), reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
    }),
    pods: [aPod({ terminated: { exitCode: 1, reason: 'Error' } })],
    expected: { status: 'Failed', reason: 'BackoffLimitExceeded' },
  },
  {
    name: 'a Job whose container ran out of memory has reason OOMKilled',
    job: aJob({ terminal: { type: 'Failed', at: t(9), reason: 'BackoffLimitExceeded' } }),
    pods: [aPod({ terminated: { exitCode: 137, reason: 'OOMKilled' } })],
    expected: { status: 'Failed', reason: 'OOMKilled' },
  },
  {
    name: 'a Job that ran out of time pulling its image has reason ImagePullFailed',
    job: aJob({ terminal: { type: 'Failed', at: t(9), reason: 'DeadlineExceeded' } }),
    pods: [aPod({ waiting: { reason: 'ImagePullBackOff' } })],
    expected: { status: 'Failed', reason: 'ImagePullFailed' },
  },
  {
    name: 'a Job failed by its pod failure policy has reason PodFailurePolicy',
    job: aJob({ terminal: { type: 'Failed', at: t(9), reason: 'PodFailurePolicy' } }),
    pods: [aPod({ terminated: { exitCode: 42, reason: 'Error' } })],
    expected: { status: 'Failed', reason: 'PodFailurePolicy' },
  },
  {
    name: 'a Job whose program could not start has reason StartError',
    job: aJob({ terminal: { type: 'Failed', at: t(9), reason: 'BackoffLimitExceeded' } }),
    pods: [aPod({ terminated: { exitCode: 128, reason: 'StartError' } })],
    expected: { status: 'Failed', reason: 'StartError' },
  },
  {
    name: 'a stopped Job has reason Stopped',
    job: aJob({ stoppedAt: t(5) }),
    pods: [],
    expected: { status: 'Stopped', reason: 'Stopped' },
  },
  {
    name: 'a job without pods is Waiting',
    job: aJob(),
    pods: [],
    expected: { status: 'Waiting', started: undefined, ended: undefined, message: undefined },
  },
  {
    name: 'a pod waiting for its image makes the job Waiting with the reason as message',
    job: aJob(),
    pods: [aPod({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } })],
    expected: { status: 'Waiting', message: 'ImagePullBackOff: Back-off pulling image "x"' },
  },
  {
    name: "a pod that cannot be placed makes the job Waiting with the scheduler's message",
    job: aJob(),
    pods: [aPod({ unschedulable: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.' })],
    expected: { status: 'Waiting', message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.' },
  },
  {
    name: 'a running container makes the job Running, started when the container started',
    job: aJob({ startTime: t(1) }),
    pods: [aPod({ running: { startedAt: t(3) } })],
    expected: { status: 'Running', started: t(3), ended: undefined },
  },
  {
    name: 'Complete makes it Succeeded, ended at the condition',
    job: aJob({ startTime: t(1), terminal: { type: 'Complete', at: t(9) } }),
    pods: [aPod({ terminated: { exitCode: 0, reason: 'Completed', startedAt: t(3), finishedAt: t(8) } })],
    expected: { status: 'Succeeded', started: t(3), ended: t(9) },
  },
  {
    name: "Failed makes it Failed with the condition's reason and message",
    job: aJob({
      failed: 1,
      terminal: { type: 'Failed', at: t(9), reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
    }),
    pods: [aPod({ terminated: { exitCode: 1, reason: 'Error', startedAt: t(3), finishedAt: t(8) } })],
    expected: { status: 'Failed', ended: t(9), failed: 1, message: 'BackoffLimitExceeded: Job has reached the specified backoff limit' },
  },
  {
    name: 'a deadline makes it Failed even if no container ever started, started from the Job',
    job: aJob({
      startTime: t(1),
      terminal: { type: 'Failed', at: t(5), reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
    }),
    pods: [],
    expected: { status: 'Failed', started: t(1), ended: t(5) },
  },
  {
    name: 'a stopped job is Stopped, ended when it was stopped, started kept from the annotation',
    job: aJob({ stoppedAt: t(7), startedAt: t(3) }),
    pods: [aPod({ deleting: true, running: { startedAt: t(3) } })],
    expected: { status: 'Stopped', started: t(3), ended: t(7) },
  },
  {
    name: 'a job that completed before the stop arrived stays Succeeded',
    job: aJob({ stoppedAt: t(9), terminal: { type: 'Complete', at: t(8) } }),
    pods: [],
    expected: { status: 'Succeeded', ended: t(8) },
  },
  {
    name: 'a pod being deleted after its container ran does not make the job Running',
    job: aJob(),
    pods: [aPod({ deleting: true, terminated: { exitCode: 137, reason: 'Error' } })],
    expected: { status: 'Waiting' },
  },
  {
    name: "a container that ended before the Job controller's verdict keeps the job Running, not back to Waiting",
    job: aJob(),
    pods: [aPod({ terminated: { exitCode: 0, startedAt: t(2), finishedAt: t(4) } })],
    expected: { status: 'Running', started: t(2) },
  },
  {
    name: "the earliest start of several attempts is the job's start",
    job: aJob(),
    pods: [
      aPod({ name: 'b', created: t(5), running: { startedAt: t(6) } }),
      aPod({ name: 'a', created: t(1), terminated: { exitCode: 1, startedAt: t(2), finishedAt: t(4) } }),
    ],
    expected: { status: 'Running', started: t(2) },
  },
];

describe('toJobRecord', () => {
  it.each(cases)('$name', ({ job, pods, expected }) => {
    const sut = toJobRecord(job, pods);
    expect(sut).toMatchObject(expected);
    for (const [key, value] of Object.entries(expected)) if (value === undefined) expect(sut[key as keyof typeof sut]).toBeUndefined();
  });

  it('lists attempts oldest first with their index, exit code and state', () => {
    const sut = toJobRecord(aJob(), [
      aPod({ name: 'second', created: t(5), running: { startedAt: t(6) } }),
      aPod({ name: 'first', created: t(1), terminated: { exitCode: 3, reason: 'Error', message: 'bad input', finishedAt: t(4) } }),
    ]);
    expect(sut.replicas).toMatchObject([
      { name: 'first', podIndex: 0, exitCode: 3, reason: 'Error', message: 'bad input', state: 'Failed', ended: t(4) },
      { name: 'second', podIndex: 1, state: 'Running', started: t(6) },
    ]);
  });

  it('marks the attempts of a stopped job Stopped', () => {
    const sut = toJobRecord(aJob({ stoppedAt: t(7) }), [aPod({ deleting: true, running: { startedAt: t(3) } })]);
    expect(sut.replicas[0].state).toBe('Stopped');
  });
});
