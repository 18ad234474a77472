import { describe, expect, it } from '@jest/globals';
import type { V1Job } from '@kubernetes/client-node';
import { JobCache } from './job-cache.js';

const NAME = 'compute-20260101000000-abcdefgh';

function aJob(resourceVersion: string, annotations: Record<string, string> = {}): V1Job {
  return { metadata: { name: NAME, resourceVersion, annotations, creationTimestamp: new Date('2026-01-01T00:00:00Z') } };
}

const STOPPED = { 'job-scheduler/stopped-at': '2026-01-01T00:00:05Z' };

describe('JobCache writes', () => {
  it('shows a created job at once, before the watch reports it', () => {
    const sut = new JobCache();
    sut.applyWrite(aJob('10'), 'created');
    expect(sut.get(NAME)?.status).toBe('Waiting');
  });

  it('takes an update of a job it holds', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('10'));
    sut.applyWrite(aJob('11', STOPPED), 'updated');
    expect(sut.get(NAME)?.status).toBe('Stopped');
  });

  it('does not bring back a job deleted elsewhere while this scheduler updated it', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('10'));
    sut.jobHandlers.remove(aJob('12'));
    sut.applyWrite(aJob('11', STOPPED), 'updated');
    expect(sut.get(NAME)).toBeUndefined();
  });

  it('keeps a newer version the watch delivered first', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('12', STOPPED));
    sut.applyWrite(aJob('11'), 'created');
    expect(sut.get(NAME)?.status).toBe('Stopped');
  });

  it('takes what a webhook was told into the record without announcing a change, from the write and from its watch event', () => {
    const sut = new JobCache();
    const changes: unknown[] = [];
    sut.onChange((change) => changes.push(change));
    sut.jobHandlers.upsert(aJob('10', { 'job-scheduler/webhook-delivered': '' }));
    sut.startAnnouncing();
    sut.applyWrite(aJob('11', { 'job-scheduler/webhook-delivered': 'Waiting/0/0' }), 'updated');
    sut.jobHandlers.upsert(aJob('11', { 'job-scheduler/webhook-delivered': 'Waiting/0/0' }));
    expect([sut.get(NAME)?.delivered, sut.list()[0]?.delivered, changes]).toEqual(['Waiting/0/0', 'Waiting/0/0', []]);
    sut.jobHandlers.upsert(aJob('12', { ...STOPPED, 'job-scheduler/webhook-delivered': 'Waiting/0/0' }));
    expect(changes).toHaveLength(1);
  });

  it('ignores late watch events for a job it has forgotten, until the deletion arrives', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('10'));
    sut.forget(NAME);
    sut.jobHandlers.upsert(aJob('11'));
    expect(sut.get(NAME)).toBeUndefined();
    sut.jobHandlers.remove(aJob('12'));
    sut.jobHandlers.upsert(aJob('13'));
    expect(sut.get(NAME)).toBeDefined();
  });
});

describe('JobCache across a restart (a new Job under the old name)', () => {
  const incarnation = (uid: string, resourceVersion: string): V1Job => ({
    ...aJob(resourceVersion),
    metadata: { ...aJob(resourceVersion).metadata, uid },
  });

  it('takes the new Job while ignoring late events of the one it replaced', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(incarnation('old', '10'));
    sut.forget(NAME);
    sut.jobHandlers.upsert(incarnation('old', '11'));
    expect(sut.get(NAME)).toBeUndefined();
    sut.applyWrite(incarnation('new', '20'), 'created');
    expect(sut.get(NAME)).toBeDefined();
    sut.jobHandlers.remove(incarnation('old', '12'));
    expect(sut.get(NAME)).toBeDefined();
  });

  it('counts only the pods of the current Job', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(incarnation('new', '20'));
    const pod = (name: string, uid: string, exitCode: number) => ({
      metadata: {
        name,
        labels: { 'job-name': NAME, 'batch.kubernetes.io/controller-uid': uid },
        creationTimestamp: new Date('2026-01-01T00:00:01Z'),
      },
      status: {
        containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } }],
      },
    });
    sut.podHandlers.upsert(pod('old-pod', 'old', 1));
    sut.podHandlers.upsert(pod('new-pod', 'new', 0));
    expect(sut.get(NAME)?.replicas.map((replica) => replica.name)).toEqual(['new-pod']);
  });
});

describe('JobCache and jobs being created', () => {
  const creating = (name: string, batch?: string): V1Job => ({
    metadata: {
      name,
      uid: name,
      annotations: { 'job-scheduler/creating': 'true' },
      labels: batch ? { 'radix-batch-name': batch } : {},
      creationTimestamp: new Date('2026-01-01T00:00:00Z'),
    },
  });

  it('shows no job that is still being created', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(creating(NAME));
    expect([sut.get(NAME), sut.list()]).toEqual([undefined, []]);
  });

  it('calls a batch abandoned whole when one of its jobs was left being created', () => {
    const sut = new JobCache();
    const resumed: V1Job = {
      metadata: {
        name: 'batch-x-1-b',
        uid: 'b',
        labels: { 'radix-batch-name': 'batch-x-1' },
        creationTimestamp: new Date('2026-01-01T00:00:00Z'),
      },
    };
    sut.jobHandlers.replace([
      creating('batch-x-1-a', 'batch-x-1'),
      resumed,
      creating('compute-1-c'),
      { metadata: { name: 'compute-1-d', uid: 'd', creationTimestamp: new Date('2026-01-01T00:00:00Z') } },
    ]);
    expect(sut.abandoned(new Date('2026-01-01T00:10:00Z')).sort()).toEqual(['batch-x-1-a', 'batch-x-1-b', 'compute-1-c']);
    expect(sut.abandoned(new Date('2025-12-31T00:00:00Z'))).toEqual([]);
  });
});

describe('JobCache after a relist (a watch that missed events)', () => {
  const job = (name: string, status: V1Job['status'] = {}): V1Job => ({
    metadata: { name, uid: name, resourceVersion: '1', creationTimestamp: new Date('2026-01-01T00:00:00Z') },
    status,
  });
  const complete = { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: new Date('2026-01-01T00:00:09Z') }] };

  it('ends equal to the list: jobs deleted meanwhile go, jobs made meanwhile come, ends are taken', () => {
    const sut = new JobCache();
    const changes: string[] = [];
    sut.onChange(({ previous, current }) =>
      changes.push(`${previous?.name ?? '-'}:${previous?.status ?? '-'}>${current?.status ?? 'gone'}`),
    );
    sut.jobHandlers.replace([job('a'), job('b')]);
    sut.startAnnouncing();
    sut.jobHandlers.replace([job('a', complete), job('c')]);
    expect(
      sut
        .list()
        .map((record) => `${record.name}=${record.status}`)
        .sort(),
    ).toEqual(['a=Succeeded', 'c=Waiting']);
    expect(changes).toEqual(['b:Waiting>gone', 'a:Waiting>Succeeded', '-:->Waiting']);
  });

  it('forgets what it deleted once the list shows the job gone, so a new job under the name is seen', () => {
    const sut = new JobCache();
    sut.jobHandlers.replace([job('a')]);
    sut.forget('a');
    sut.jobHandlers.replace([]);
    sut.jobHandlers.upsert({ ...job('a'), metadata: { ...job('a').metadata, uid: 'a2' } });
    expect(sut.get('a')).toBeDefined();
  });

  it('drops the pods the list no longer has', () => {
    const sut = new JobCache();
    sut.jobHandlers.replace([job('a')]);
    sut.podHandlers.upsert({
      metadata: { name: 'a-pod', labels: { 'job-name': 'a', 'batch.kubernetes.io/controller-uid': 'a' } },
      status: { phase: 'Running' },
    });
    expect(sut.get('a')?.replicas).toHaveLength(1);
    sut.podHandlers.replace([]);
    expect(sut.get('a')?.replicas).toEqual([]);
  });
});

describe('JobCache list', () => {
  it('answers the same array while nothing changes, and a new one after any change', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('10'));
    const first = sut.list();
    expect(sut.list()).toBe(first);
    sut.jobHandlers.upsert(aJob('11', STOPPED));
    const second = sut.list();
    expect(second).not.toBe(first);
    expect(second.map((job) => job.status)).toEqual(['Stopped']);
    sut.forget(NAME);
    expect(sut.list()).toEqual([]);
  });

  it('is read-only, so that no reader can change what the others are given', () => {
    const sut = new JobCache();
    sut.jobHandlers.upsert(aJob('10'));
    expect(Object.isFrozen(sut.list())).toBe(true);
  });
});
