import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { JobChange } from '../jobs/job-event.js';
import type { JobRecord } from '../jobs/job.model.js';
import { type JobFacts, jobFacts, type PodFacts, podFacts } from './job-facts.js';
import { toJobRecord } from './job-status.js';
import { SharedStrings } from './shared-strings.js';
import type { ResourceWatchHandlers } from './resource-watch.js';

const TOMBSTONE_MS = 10 * 60 * 1000;

/**
 * The watch-fed view of this job definition's jobs: slim facts per Job and pod, and the
 * JobRecord the API returns, recomputed when either changes. Never whole API objects.
 */
export class JobCache {
  private readonly jobs = new Map<string, JobFacts>();
  /** Each job's pods, by its name: an array, since a job has one or a few (a Map each cost about 200 bytes a job, B4). */
  private readonly pods = new Map<string, PodFacts[]>();
  private readonly records = new Map<string, JobRecord>();
  private readonly listeners: ((change: JobChange) => void)[] = [];
  /** Off until both watches have synced: what the first lists show is state, not change. */
  private announcing = false;
  /** Jobs whose record readers see (made whole, not being created). */
  private readonly visible = new Set<string>();
  /** The last record of jobs being restarted, until their new Job is whole. */
  private readonly replaced = new Map<string, JobRecord>();
  /**
   * Jobs this scheduler deleted whose DELETED event has not arrived: when, and which
   * incarnation (UID, when known). Late updates of that incarnation are ignored; a new Job
   * under the same name (a restart) is not.
   */
  private readonly tombstones = new Map<string, { at: number; uid?: string }>();
  /** The answer of list() until a record changes: a poller's list costs no walk over the jobs. */
  private listed?: readonly JobRecord[];
  private readonly strings = new SharedStrings();

  readonly jobHandlers: ResourceWatchHandlers<V1Job> = {
    replace: (items) => {
      const names = new Set(items.map((job) => job.metadata!.name!));
      for (const name of this.jobs.keys()) if (!names.has(name)) this.removeJob(name);
      for (const name of this.tombstones.keys()) if (!names.has(name)) this.tombstones.delete(name);
      items.forEach((job) => this.jobHandlers.upsert(job));
    },
    upsert: (job) => {
      const facts = jobFacts(job, this.strings.one);
      if (this.buried(facts.name, facts.uid)) return;
      this.tombstones.delete(facts.name);
      const previous = this.jobs.get(facts.name);
      this.jobs.set(facts.name, facts);
      if (previous && sameButDelivery(previous, facts)) this.keepDelivery(facts);
      else this.refresh(facts.name);
    },
    remove: (job) => {
      const name = job.metadata!.name!;
      const uid = job.metadata?.uid;
      const cached = this.jobs.get(name);
      // A late DELETED of an earlier incarnation must not take the job that replaced it.
      if (cached?.uid && uid && cached.uid !== uid) return;
      this.tombstones.delete(name);
      this.removeJob(name);
    },
  };

  readonly podHandlers: ResourceWatchHandlers<V1Pod> = {
    replace: (items) => {
      this.pods.clear();
      items.forEach((pod) => this.storePod(pod));
      for (const name of this.jobs.keys()) this.refresh(name);
    },
    upsert: (pod) => {
      const facts = this.storePod(pod);
      if (facts) this.refresh(facts.job);
    },
    remove: (pod) => {
      const facts = podFacts(pod);
      if (!facts) return;
      const rest = (this.pods.get(facts.job) ?? []).filter((known) => known.name !== facts.name);
      if (rest.length > 0) this.pods.set(facts.job, rest);
      else this.pods.delete(facts.job);
      this.refresh(facts.job);
    },
  };

  /** A job that has been made whole; one still being created does not exist yet for readers. */
  get(name: string): JobRecord | undefined {
    return this.jobs.get(name)?.creating ? undefined : this.records.get(name);
  }

  /** Every job made whole, in no particular order; the same array while nothing changes. */
  list(): readonly JobRecord[] {
    this.listed ??= Object.freeze([...this.records.values()].filter((record) => !this.jobs.get(record.name)?.creating));
    return this.listed;
  }

  /**
   * Takes in a Job as a write of this scheduler's returned it, so that reads right after
   * the write see it. A created Job enters the cache; an updated one only replaces a version
   * the cache still holds, so a job someone deleted meanwhile does not come back. Neither
   * replaces a newer version the watch has delivered (resourceVersions compared as the
   * numbers etcd makes them; when one is not a number, the write wins).
   */
  applyWrite(job: V1Job, write: 'created' | 'updated'): void {
    const name = job.metadata!.name!;
    const cached = this.jobs.get(name);
    if (this.buried(name, job.metadata?.uid) || (write === 'updated' && !cached)) return;
    const written = job.metadata?.resourceVersion;
    if (cached?.resourceVersion && written && Number(cached.resourceVersion) > Number(written)) return;
    this.jobHandlers.upsert(job);
  }

  /**
   * Drops a job this scheduler has just deleted, so that reads right after the delete do
   * not see it while the watch catches up.
   */
  forget(name: string, options: { restarting?: boolean; now?: number } = {}): void {
    const now = options.now ?? Date.now();
    // A tombstone whose DELETED event came first would stay forever; old ones can go.
    for (const [old, { at }] of this.tombstones) if (now - at > TOMBSTONE_MS) this.tombstones.delete(old);
    this.tombstones.set(name, { at: now, uid: this.jobs.get(name)?.uid });
    // A restart replaces the Job: the new one is announced as the old one restarted, not as a delete and a create.
    const record = this.records.get(name);
    if (options.restarting && record && this.visible.delete(name)) this.replaced.set(name, record);
    this.removeJob(name);
  }

  /**
   * Jobs still marked as being created that began before `before`, and every job of their
   * batches: a batch half made is removed whole.
   */
  abandoned(before: Date): string[] {
    const jobs = [...this.jobs.values()];
    const stale = new Set(jobs.filter((job) => job.creating && job.created < before.getTime()));
    const batches = new Set([...stale].flatMap((job) => (job.batchName ? [job.batchName] : [])));
    return jobs.filter((job) => stale.has(job) || (job.batchName !== undefined && batches.has(job.batchName))).map((job) => job.name);
  }

  private buried(name: string, uid: string | undefined): boolean {
    const tombstone = this.tombstones.get(name);
    return tombstone !== undefined && (tombstone.uid === undefined || uid === undefined || tombstone.uid === uid);
  }

  onChange(listener: (change: JobChange) => void): void {
    this.listeners.push(listener);
  }

  /** From now on every change is announced; called once the first lists of Jobs and pods are in. */
  startAnnouncing(): void {
    this.announcing = true;
  }

  private storePod(pod: V1Pod): PodFacts | undefined {
    const facts = podFacts(pod, this.strings.one);
    if (!facts) return undefined;
    // The pod names its Job and the Job's UID again: the Job's own copies are kept instead.
    const owner = this.jobs.get(facts.job);
    if (owner) {
      facts.job = owner.name;
      if (facts.controllerUid === owner.uid) facts.controllerUid = owner.uid;
    }
    const pods = this.pods.get(facts.job);
    const index = pods?.findIndex((known) => known.name === facts.name) ?? -1;
    if (!pods) this.pods.set(facts.job, [facts]);
    else if (index < 0) pods.push(facts);
    else pods[index] = facts;
    return facts;
  }

  private removeJob(name: string): void {
    this.listed = undefined;
    const previous = this.records.get(name);
    this.jobs.delete(name);
    this.records.delete(name);
    this.pods.delete(name);
    if (this.visible.delete(name)) this.announce({ previous });
  }

  private announce(change: JobChange): void {
    if (!this.announcing) return;
    for (const listener of this.listeners) listener(change);
  }

  /**
   * What a webhook was told, kept with the Job, changes nothing a reader sees: the record takes
   * it without a change being announced (the write and its watch event were one each).
   */
  private keepDelivery({ name, delivered }: JobFacts): void {
    const record = this.records.get(name);
    if (!record || record.delivered === delivered) return;
    this.records.set(name, { ...record, delivered });
    this.listed = undefined;
  }

  private refresh(name: string): void {
    const job = this.jobs.get(name);
    if (!job) return;
    const previous = this.records.get(name);
    const record = toJobRecord(job, this.pods.get(name) ?? []);
    // Suspending a Job clears its start time and removes its pods; keep what was seen.
    if (record.started === undefined && previous?.started !== undefined) record.started = previous.started;
    this.records.set(name, record);
    this.listed = undefined;
    // A Job being created is no job yet: it is announced when it is whole.
    if (job.creating) return;
    const before = this.visible.has(name) ? previous : this.replaced.get(name);
    this.replaced.delete(name);
    this.visible.add(name);
    this.announce({ previous: before, current: record });
  }
}

/**
 * Whether two versions of a Job differ at most in what its webhook was told and in their
 * resourceVersion: the watch event of a write this scheduler already took in, or a delivery mark.
 */
function sameButDelivery(before: JobFacts, after: JobFacts): boolean {
  const rest = ({ delivered: _delivered, resourceVersion: _version, ...facts }: JobFacts) => JSON.stringify(facts);
  return rest(before) === rest(after);
}
