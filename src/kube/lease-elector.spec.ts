import { describe, expect, it } from '@jest/globals';
import { LeaseElector, type LeaseRecord, type LeaseStore } from './lease-elector.js';

/** One Lease in memory, with the API server's optimistic concurrency; can be primed to fail. */
class FakeLeaseStore implements LeaseStore {
  lease?: LeaseRecord;
  writes = 0;
  down = false;
  private version = 0;

  async read() {
    if (this.down) throw new Error('connection refused');
    return this.lease && { ...this.lease };
  }

  async create(lease: LeaseRecord) {
    if (this.down) throw new Error('connection refused');
    if (this.lease) return false;
    return this.store(lease);
  }

  async replace(lease: LeaseRecord) {
    if (this.down) throw new Error('connection refused');
    if (lease.version !== this.lease?.version) return false;
    return this.store(lease);
  }

  private store(lease: LeaseRecord) {
    this.writes++;
    this.lease = { ...lease, version: String(++this.version) };
    return true;
  }
}

const timings = { leaseMs: 10_000, renewDeadlineMs: 7_000 };

function candidates(store = new FakeLeaseStore()) {
  return { store, a: new LeaseElector(store, 'a', timings), b: new LeaseElector(store, 'b', timings) };
}

describe('LeaseElector', () => {
  it('lets the first candidate take a Lease nobody holds, and keeps the second out while it renews', async () => {
    const { store, a, b } = candidates();
    expect(await a.tryAcquireOrRenew(0)).toBe(true);
    for (let now = 2_000; now <= 30_000; now += 2_000) {
      expect([await a.tryAcquireOrRenew(now), await b.tryAcquireOrRenew(now + 1)]).toEqual([true, false]);
    }
    expect(store.lease).toMatchObject({
      holder: 'a',
      durationSeconds: 10,
      transitions: 0,
      acquireTime: new Date(0),
      renewTime: new Date(30_000),
    });
  });

  it('takes over a Lease once it has seen it unchanged for a whole lease duration, by its own clock', async () => {
    const { store, a, b } = candidates();
    await a.tryAcquireOrRenew(0);
    // The holder's clock is far ahead: renewTime says nothing to b, only how long b has watched it.
    store.lease!.renewTime = new Date(1e12);
    expect(await b.tryAcquireOrRenew(50_000)).toBe(false);
    expect(await b.tryAcquireOrRenew(59_999)).toBe(false);
    expect(await b.tryAcquireOrRenew(60_000)).toBe(true);
    expect(store.lease).toMatchObject({ holder: 'b', transitions: 1, acquireTime: new Date(60_000) });
    expect(await a.tryAcquireOrRenew(60_001)).toBe(false);
  });

  it('makes one leader of two candidates that write at once', async () => {
    const { a, b } = candidates();
    const won = await Promise.all([a.tryAcquireOrRenew(0), b.tryAcquireOrRenew(0)]);
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('keeps leading through failed renewals until its renew deadline, then stops before the Lease expires for others', async () => {
    const { store, a } = candidates();
    await a.tryAcquireOrRenew(0);
    store.down = true;
    expect(await a.tryAcquireOrRenew(2_000)).toBe(true);
    expect(await a.tryAcquireOrRenew(6_999)).toBe(true);
    await expect(a.tryAcquireOrRenew(7_000)).rejects.toThrow('connection refused');
    expect(a.leading).toBe(false);
  });

  it('gives the Lease up on release, so the next candidate leads at once', async () => {
    const { store, a, b } = candidates();
    await a.tryAcquireOrRenew(0);
    await a.release(1_000);
    expect([a.leading, store.lease?.holder]).toEqual([false, undefined]);
    expect(await b.tryAcquireOrRenew(1_001)).toBe(true);
  });

  it('does not give up a Lease another candidate holds meanwhile', async () => {
    const { store, a, b } = candidates();
    await a.tryAcquireOrRenew(0);
    await b.tryAcquireOrRenew(1);
    await b.tryAcquireOrRenew(10_001);
    expect(store.lease?.holder).toBe('b');
    const writes = store.writes;
    await a.release(10_002);
    expect([store.lease?.holder, store.writes]).toEqual(['b', writes]);
  });
});
