/** A coordination.k8s.io Lease as the election reads and writes it. */
export interface LeaseRecord {
  holder?: string;
  durationSeconds: number;
  acquireTime?: Date;
  renewTime?: Date;
  transitions: number;
  /** The resourceVersion it was read at; a replace with a stale one is refused (409). */
  version?: string;
}

/** The Lease, read and written with optimistic concurrency. */
export interface LeaseStore {
  read(): Promise<LeaseRecord | undefined>;
  /** False when another candidate created it first. */
  create(lease: LeaseRecord): Promise<boolean>;
  /** False when it changed since it was read (another candidate wrote first). */
  replace(lease: LeaseRecord): Promise<boolean>;
}

export interface ElectionTimings {
  /** How long a Lease holds without a renewal, as seen by the others. */
  leaseMs: number;
  /** A leader that has not renewed within this stops leading; shorter than leaseMs, so it stops before another starts. */
  renewDeadlineMs: number;
}

/**
 * Leader election on a Lease, the way client-go's leaderelection does it: the leader renews
 * the Lease; another candidate takes it over only once it has seen the same Lease unchanged
 * for a whole lease duration by its own clock, so clocks of different machines never need to
 * agree. Every write carries the resourceVersion it read, so two candidates never both win.
 */
export class LeaseElector {
  private observed?: { key: string; at: number };
  private lastRenewal?: number;

  constructor(
    private readonly store: LeaseStore,
    readonly identity: string,
    private readonly timings: ElectionTimings,
  ) {}

  /** Whether this candidate leads as of its last try. */
  get leading(): boolean {
    return this.lastRenewal !== undefined;
  }

  /**
   * One round: acquire or renew the Lease at `now` (ms). Returns whether this candidate leads.
   * A failed write of a leader counts as leading until its renew deadline has passed.
   */
  async tryAcquireOrRenew(now: number): Promise<boolean> {
    try {
      if (await this.acquireOrRenew(now)) this.lastRenewal = now;
      else this.lastRenewal = undefined;
    } catch (error) {
      if (this.lastRenewal !== undefined && now - this.lastRenewal >= this.timings.renewDeadlineMs) this.lastRenewal = undefined;
      if (this.lastRenewal === undefined) throw error;
    }
    return this.leading;
  }

  /** Gives the Lease up, so another candidate can take it at once rather than after it expires. */
  async release(now: number): Promise<void> {
    if (!this.leading) return;
    this.lastRenewal = undefined;
    const lease = await this.store.read();
    if (lease?.holder !== this.identity) return;
    await this.store.replace({ ...lease, holder: undefined, durationSeconds: 1, renewTime: new Date(now) });
  }

  private async acquireOrRenew(now: number): Promise<boolean> {
    const at = new Date(now);
    const durationSeconds = Math.ceil(this.timings.leaseMs / 1000);
    const lease = await this.store.read();
    if (!lease) return this.store.create({ holder: this.identity, durationSeconds, acquireTime: at, renewTime: at, transitions: 0 });
    if (lease.holder && lease.holder !== this.identity && !this.expired(lease, now)) return false;
    const taking = lease.holder !== this.identity;
    return this.store.replace({
      ...lease,
      holder: this.identity,
      durationSeconds,
      renewTime: at,
      acquireTime: taking ? at : lease.acquireTime,
      transitions: taking && lease.holder ? lease.transitions + 1 : lease.transitions,
    });
  }

  /** Another's Lease has expired once this candidate has seen it unchanged for its whole duration. */
  private expired(lease: LeaseRecord, now: number): boolean {
    const key = `${lease.holder}|${lease.renewTime?.getTime()}|${lease.version}`;
    if (this.observed?.key !== key) this.observed = { key, at: now };
    return now - this.observed.at >= lease.durationSeconds * 1000;
  }
}
