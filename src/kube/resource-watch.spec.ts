import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { KubernetesObject, Watch } from '@kubernetes/client-node';
import { ResourceWatch } from './resource-watch.js';

type Done = (error: unknown) => void;
type OnEvent = (phase: string, object: KubernetesObject) => void;

/** A Watch whose connections the test drives: send events, end them, count them. */
class FakeWatch {
  readonly connections: { params: Record<string, unknown>; onEvent: OnEvent; done: Done }[] = [];

  async watch(_path: string, params: Record<string, unknown>, onEvent: OnEvent, done: Done): Promise<AbortController> {
    this.connections.push({ params, onEvent, done });
    return new AbortController();
  }

  get last() {
    return this.connections[this.connections.length - 1];
  }
}

const object = (name: string, resourceVersion: string): KubernetesObject => ({ metadata: { name, resourceVersion } });

function setUp() {
  const watch = new FakeWatch();
  const lists: string[] = [];
  const seen: string[] = [];
  const handlers = {
    replace: (items: KubernetesObject[]) => seen.push(`replace:${items.map((i) => i.metadata!.name).join(',')}`),
    upsert: (item: KubernetesObject) => seen.push(`upsert:${item.metadata!.name}`),
    remove: (item: KubernetesObject) => seen.push(`remove:${item.metadata!.name}`),
  };
  const list = async () => {
    lists.push('list');
    return { items: [object('a', '5')], metadata: { resourceVersion: String(10 * lists.length) } };
  };
  const sut = new ResourceWatch('jobs', watch as unknown as Watch, { path: '/jobs', labelSelector: 'x=y', list }, handlers);
  return { sut, watch, lists, seen };
}

/** Lets pending promise callbacks and due timers run. */
const settle = () => jest.advanceTimersByTimeAsync(0);

describe('ResourceWatch', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it("lists, reports synced, then watches from the list's resourceVersion", async () => {
    const { sut, watch, seen } = setUp();
    await sut.start();
    await settle();
    expect(sut.synced).toBe(true);
    expect(seen).toEqual(['replace:a']);
    expect(watch.last.params).toMatchObject({ resourceVersion: '10', labelSelector: 'x=y', allowWatchBookmarks: true });
  });

  it('applies events and resumes from the last resourceVersion seen when a watch ends', async () => {
    const { sut, watch, lists, seen } = setUp();
    await sut.start();
    await settle();
    watch.last.onEvent('ADDED', object('b', '11'));
    watch.last.onEvent('DELETED', object('a', '12'));
    watch.last.onEvent('BOOKMARK', object('', '15'));
    watch.last.done(null);
    await settle();
    expect(seen).toEqual(['replace:a', 'upsert:b', 'remove:a']);
    expect(watch.connections).toHaveLength(2);
    expect(watch.last.params.resourceVersion).toBe('15');
    expect(lists).toHaveLength(1);
  });

  it("treats client-node's inactivity timeout as a normal end and resumes at once", async () => {
    const { sut, watch, lists } = setUp();
    await sut.start();
    await settle();
    watch.last.done(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }));
    await settle();
    expect(watch.connections).toHaveLength(2);
    expect(lists).toHaveLength(1);
  });

  it('lists again when the server has forgotten the resourceVersion (410 Gone)', async () => {
    const { sut, watch, lists } = setUp();
    await sut.start();
    await settle();
    watch.last.onEvent('ERROR', { code: 410 } as KubernetesObject);
    watch.last.done(null);
    await jest.advanceTimersByTimeAsync(1000);
    expect(lists).toHaveLength(2);
    expect(watch.last.params.resourceVersion).toBe('20');
  });

  it('keeps retrying with growing back-off while the API server is away, and recovers', async () => {
    const { sut, watch } = setUp();
    await sut.start();
    await settle();
    for (const wait of [500, 1000, 2000]) {
      watch.last.done(new TypeError('fetch failed'));
      const before = watch.connections.length;
      await jest.advanceTimersByTimeAsync(wait - 1);
      expect(watch.connections).toHaveLength(before);
      await jest.advanceTimersByTimeAsync(1);
      expect(watch.connections).toHaveLength(before + 1);
    }
    expect(watch.last.params.resourceVersion).toBe('10');
  });

  it('stops for good when stopped', async () => {
    const { sut, watch } = setUp();
    await sut.start();
    await settle();
    sut.stop();
    watch.last.done(new TypeError('fetch failed'));
    await jest.advanceTimersByTimeAsync(60_000);
    expect(watch.connections).toHaveLength(1);
  });
});
