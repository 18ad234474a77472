import { Readable } from 'node:stream';
import type { GatewayReadiness, StoredJob } from '../../src/jobs/job.gateway.js';
import { JobGateway } from '../../src/jobs/job.gateway.js';
import type { JobChange, RuntimeSignal } from '../../src/jobs/job-event.js';
import { acceptedRecord, type JobRecord, type JobSpec } from '../../src/jobs/job.model.js';
import { JobConflictError, JobNotFoundError } from '../../src/jobs/jobs.errors.js';

type Verb = 'create' | 'list' | 'get' | 'describe' | 'stop' | 'admit' | 'expire' | 'delete' | 'restart' | 'removeAbandoned';

/**
 * A JobGateway in memory that records every call and can be primed to fail: the seam
 * for unit specs of services. No module mocks, no Kubernetes.
 */
export class FakeJobGateway extends JobGateway {
  readonly jobs = new Map<string, JobRecord>();
  readonly calls: { verb: Verb; name?: string; spec?: JobSpec }[] = [];
  private readonly failures: { verb: Verb; name?: string; error: Error }[] = [];
  private readonly listeners: ((change: JobChange) => void)[] = [];
  ready: GatewayReadiness = { ready: true };

  constructor(jobs: JobRecord[] = []) {
    super();
    jobs.forEach((job) => this.jobs.set(job.name, job));
  }

  /** The next call of `verb` (for `name`, if given) throws `error`. */
  failNext(verb: Verb, error: Error, name?: string): this {
    this.failures.push({ verb, name, error });
    return this;
  }

  readonly stored = new Map<string, StoredJob>();

  /** All or nothing, as the port promises: a primed failure on any spec makes none. */
  async create(specs: JobSpec[]): Promise<JobRecord[]> {
    specs.forEach((spec) => this.record('create', spec.name, spec));
    const taken = specs.find((spec) => this.jobs.has(spec.name));
    if (taken) throw new JobConflictError(`job ${taken.name} already exists`);
    return specs.map((spec) => this.put(spec));
  }

  async restart(specs: JobSpec[]): Promise<JobRecord[]> {
    specs.forEach((spec) => this.record('restart', spec.name, spec));
    return specs.map((spec) => this.put(spec));
  }

  readonly logText = new Map<string, string>();

  async markDelivered(name: string, signature: string): Promise<void> {
    const job = this.jobs.get(name);
    if (job) job.delivered = signature;
  }

  async logs(name: string): Promise<Readable> {
    if (!this.jobs.has(name)) throw new JobNotFoundError(name);
    return Readable.from([Buffer.from(this.logText.get(name) ?? '')]);
  }

  async describe(name: string): Promise<StoredJob> {
    this.record('describe', name);
    const stored = this.stored.get(name);
    if (!stored) throw new JobNotFoundError(name);
    return stored;
  }

  private put(spec: JobSpec): JobRecord {
    const job = acceptedRecord(spec, new Date());
    this.jobs.set(job.name, job);
    this.stored.set(job.name, { description: spec.description, payload: spec.payload });
    return job;
  }

  async list(): Promise<JobRecord[]> {
    this.record('list');
    return [...this.jobs.values()];
  }

  async get(name: string): Promise<JobRecord | undefined> {
    this.record('get', name);
    return this.jobs.get(name);
  }

  async stop(name: string): Promise<JobRecord> {
    this.record('stop', name);
    const job = this.jobs.get(name);
    if (!job) throw new JobNotFoundError(name);
    const stopped = { ...job, status: 'Stopped' as const };
    this.jobs.set(name, stopped);
    return stopped;
  }

  async admit(name: string): Promise<void> {
    this.record('admit', name);
    const job = this.jobs.get(name);
    if (job?.queued) this.jobs.set(name, { ...job, queued: false });
  }

  async expire(name: string): Promise<JobRecord> {
    this.record('expire', name);
    const job = this.jobs.get(name);
    if (!job) throw new JobNotFoundError(name);
    const expired = { ...job, status: 'Failed' as const, reason: 'StartDeadlineExceeded' as const };
    this.jobs.set(name, expired);
    return expired;
  }

  async delete(names: string[]): Promise<void> {
    names.forEach((name) => this.record('delete', name));
    const found = names.filter((name) => this.jobs.delete(name));
    if (found.length === 0) throw new JobNotFoundError(names[0]);
  }

  /** Names primed with `abandon` count as abandoned; the cut-off asked for is recorded. */
  readonly abandoned: string[] = [];
  abandonedBefore?: Date;

  async removeAbandoned(before: Date): Promise<string[]> {
    this.record('removeAbandoned');
    this.abandonedBefore = before;
    return this.abandoned.splice(0);
  }

  readiness(): GatewayReadiness {
    return this.ready;
  }

  onChange(listener: (change: JobChange) => void): void {
    this.listeners.push(listener);
  }

  /** Tells listeners of a change, as a runtime would. */
  announce(change: JobChange): void {
    this.listeners.forEach((listener) => listener(change));
  }

  private readonly signalListeners: ((signal: RuntimeSignal) => void)[] = [];

  override onSignal(listener: (signal: RuntimeSignal) => void): void {
    this.signalListeners.push(listener);
  }

  /** Tells listeners what the runtime noticed about itself, as a runtime would. */
  signal(signal: RuntimeSignal): void {
    this.signalListeners.forEach((listener) => listener(signal));
  }

  /** Tells listeners that `job` finished, as a runtime would. */
  finish(job: JobRecord): void {
    this.announce({ previous: { ...job, status: 'Running' }, current: job });
  }

  namesCalled(verb: Verb): (string | undefined)[] {
    return this.calls.filter((call) => call.verb === verb).map((call) => call.name);
  }

  private record(verb: Verb, name?: string, spec?: JobSpec): void {
    this.calls.push({ verb, name, spec });
    const index = this.failures.findIndex((f) => f.verb === verb && (f.name === undefined || f.name === name));
    if (index >= 0) throw this.failures.splice(index, 1)[0].error;
  }
}
