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
    // The middle of the jitter: every back-off delay exactly as the shape says.
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  /** Fails the current connection with `end`, and expects the next one after exactly `ms`. */
  async function expectReconnectAfter(watch: FakeWatch, ms: number, end: () => void) {
    const before = watch.connections.length;
    end();
    await jest.advanceTimersByTimeAsync(ms - 1);
    expect(watch.connections).toHaveLength(before);
    await jest.advanceTimersByTimeAsync(1);
    expect(watch.connections).toHaveLength(before + 1);
  }

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

  it('lists again at once when the server has forgotten the resourceVersion (410 Gone)', async () => {
    const { sut, watch, lists } = setUp();
    await sut.start();
    await settle();
    watch.last.onEvent('ERROR', { kind: 'Status', code: 410, reason: 'Expired' } as KubernetesObject);
    watch.last.done(null);
    await settle();
    expect(lists).toHaveLength(2);
    expect(watch.last.params.resourceVersion).toBe('20');
  });

  it('lists again when a watch is refused with an HTTP 410', async () => {
    const { sut, watch, lists } = setUp();
    await sut.start();
    await settle();
    watch.last.done(Object.assign(new Error('Gone'), { statusCode: 410 }));
    await settle();
    expect(lists).toHaveLength(2);
  });

  it('lists again at once after an outage, without waiting out the back-off the outage built up', async () => {
    const { sut, watch, lists } = setUp();
    await sut.start();
    await settle();
    for (const wait of [500, 1000, 2000, 4000])
      await expectReconnectAfter(watch, wait, () => watch.last.done(new TypeError('fetch failed')));
    watch.last.onEvent('ERROR', { code: 410 } as KubernetesObject);
    watch.last.done(null);
    await settle();
    expect(lists).toHaveLength(2);
  });

  it('backs off when each fresh list is at once too old again, instead of listing in a hot loop', async () => {
    const { sut, watch, lists } = setUp();
    await sut.start();
    await settle();
    const expire = () => {
      watch.last.onEvent('ERROR', { code: 410 } as KubernetesObject);
      watch.last.done(null);
    };
    expire();
    await settle();
    expect(lists).toHaveLength(2);
    await expectReconnectAfter(watch, 500, expire);
    await expectReconnectAfter(watch, 1000, expire);
    expect(lists).toHaveLength(4);
  });

  it('treats an ERROR event other than 410 as a failure to back off from, not as progress', async () => {
    const { sut, watch, lists, seen } = setUp();
    await sut.start();
    await settle();
    const refuse = () => {
      watch.last.onEvent('ERROR', { code: 500, message: 'etcd unavailable' } as KubernetesObject);
      watch.last.done(null);
    };
    for (const wait of [500, 1000, 2000]) await expectReconnectAfter(watch, wait, refuse);
    expect(watch.last.params.resourceVersion).toBe('10');
    expect(lists).toHaveLength(1);
    expect(seen).toEqual(['replace:a']);
  });

  it('keeps retrying with growing back-off while the API server is away, and recovers', async () => {
    const { sut, watch } = setUp();
    await sut.start();
    await settle();
    for (const wait of [500, 1000, 2000]) await expectReconnectAfter(watch, wait, () => watch.last.done(new TypeError('fetch failed')));
    expect(watch.last.params.resourceVersion).toBe('10');
  });

  it('starts the back-off again once events flow', async () => {
    const { sut, watch } = setUp();
    await sut.start();
    await settle();
    for (const wait of [500, 1000]) await expectReconnectAfter(watch, wait, () => watch.last.done(new TypeError('fetch failed')));
    watch.last.onEvent('MODIFIED', object('a', '13'));
    await expectReconnectAfter(watch, 500, () => watch.last.done(new TypeError('terminated')));
    expect(watch.last.params.resourceVersion).toBe('13');
  });

  it("spreads restarts by the shared back-off's jitter, so watches do not retry in step", async () => {
    const { sut, watch } = setUp();
    await sut.start();
    await settle();
    jest.spyOn(Math, 'random').mockReturnValue(0);
    await expectReconnectAfter(watch, 250, () => watch.last.done(new TypeError('fetch failed')));
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
