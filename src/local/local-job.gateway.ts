import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from '../jobs/clock.js';
import type { Readable } from 'node:stream';
import { type GatewayReadiness, JobGateway, type LogOptions, type StoredJob } from '../jobs/job.gateway.js';
import { isFinished, type JobRecord, type JobSpec } from '../jobs/job.model.js';
import {
  InvalidRequestError,
  JobConflictError,
  JobNotActiveError,
  JobNotFinishedError,
  JobNotFoundError,
  RuntimeUnavailableError,
} from '../jobs/jobs.errors.js';
import type { JobChange } from '../jobs/job-event.js';
import { frozenCopy, JobAnnouncer } from './job-announcer.js';
import { JobDispatcher } from './job-dispatcher.js';
import { readLog } from './job-log.js';
import { newJobDocument } from './job-document.js';
import { DELETED, SHUT_DOWN, startDeadlineExceeded, STOPPED } from './job-outcome.js';
import { recoverJobs } from './job-recovery.js';
import { JobRunner } from './job-runner.js';
import { JobStore } from './job-store.js';
import { distrust } from './job-trust.js';
import { LocalJob } from './local-job.js';

/**
 * Jobs as child processes on this machine, records on disk (see JobStore). A job made queued
 * waits until the queue admits it (src/queue decides how many run, and in which order); an
 * admitted job's process starts at once.
 */
@Injectable()
export class LocalJobGateway extends JobGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LocalJobGateway.name);
  private readonly jobs = new Map<string, LocalJob>();
  /** Jobs that have not settled (waiting or running): the few among thousands a create counts. */
  private readonly unsettled = new Set<LocalJob>();
  private readonly reserved = new Set<string>();
  private readonly announcer = new JobAnnouncer();
  /** Jobs being deleted: listed no more, though their records stay until their files are gone. */
  private deleting = 0;
  private readonly dispatcher: JobDispatcher;
  private loaded = false;

  constructor(
    private readonly config: SchedulerConfig,
    private readonly clock: Clock,
    private readonly store: JobStore,
    private readonly runner: JobRunner,
  ) {
    super();
    this.dispatcher = new JobDispatcher(Infinity, runner, {
      changed: (job) => {
        void store.save(job.document);
        if (!job.deleted) this.announcer.changed(job.record);
      },
      finished: (job) => {
        const { name, status, replicas } = job.record;
        if (job.deleted) return;
        this.logger.log(`job finished name=${name} status=${status} attempts=${replicas.length}`);
        this.settle(job);
      },
    });
  }

  /**
   * Loads every record before readiness turns true. Jobs that were running when the scheduler
   * died failed (their orphaned processes are killed when provably still there); jobs that
   * were waiting are queued again, oldest first.
   */
  async onModuleInit(): Promise<void> {
    const documents = await this.store.load();
    documents.forEach((document) => this.track(new LocalJob(document)));
    documents.forEach((document) => this.announcer.know(document.record));
    const before = new Map(documents.map((document) => [document.record.name, document.record.status]));
    const waiting = await recoverJobs(documents, {
      runner: this.runner,
      store: this.store,
      now: this.clock.now().getTime(),
      logger: this.logger,
      distrust: (document) => distrust(document, this.config),
    });
    // What the recovery decided (a job that was running has failed) is news.
    for (const { record } of documents) {
      if (record.status !== before.get(record.name)) this.announcer.changed(record);
      else this.announcer.know(record);
    }
    for (const job of this.jobs.values()) if (isFinished(job.record.status)) this.settle(job);
    waiting.forEach((name) => this.dispatcher.enqueue(this.jobs.get(name) as LocalJob));
    this.loaded = true;
    this.logger.log(`jobs loaded count=${documents.length} requeued=${waiting.length} folder=${this.store.root}`);
  }

  /**
   * Graceful shutdown kills running jobs (SIGTERM, SIGKILL after the grace period) and records
   * them Failed, rather than leaving them detached: nobody would capture their output or end
   * state, and a later start could only guess. Waiting jobs stay queued on disk and run after
   * the next start. It runs after the HTTP server has closed, so no request sees it half-way.
   */
  async onApplicationShutdown(): Promise<void> {
    const ended = await this.dispatcher.close(SHUT_DOWN);
    await this.store.flush();
    if (ended > 0) this.logger.log(`jobs ended by shutdown count=${ended}`);
  }

  readiness(): GatewayReadiness {
    return this.loaded ? { ready: true } : { ready: false, reason: `job records not loaded from ${this.store.root} yet` };
  }

  /** A local create is one atomic write of the job's folder: nothing is ever left half-made. */
  async removeAbandoned(): Promise<string[]> {
    return [];
  }

  onChange(listener: (change: JobChange) => void): void {
    this.announcer.onChange(listener);
  }

  /**
   * Stores the jobs and queues them, all or nothing (one folder, renamed into place when
   * whole); they usually come back Waiting and run as soon as slots are free.
   */
  async create(specs: JobSpec[]): Promise<JobRecord[]> {
    if (!this.loaded) throw new RuntimeUnavailableError('job records are not loaded yet');
    const names = specs.map((spec) => spec.name);
    const taken = names.find((name) => this.jobs.has(name) || this.reserved.has(name));
    if (taken) throw new JobConflictError(`job ${taken} already exists`);
    if (specs.some((spec) => !spec.command?.length)) throw new InvalidRequestError('command: the local runtime needs a program to run');
    this.checkSecrets(specs);
    this.checkRoom(specs.length);
    const now = this.clock.now();
    const documents = specs.map((spec) => newJobDocument(spec, now));
    names.forEach((name) => this.reserved.add(name));
    try {
      await this.store.create(documents.map((document, i) => ({ document, payload: specs[i].payload })));
    } finally {
      names.forEach((name) => this.reserved.delete(name));
    }
    for (const document of documents) {
      const job = this.track(new LocalJob(document));
      this.announcer.changed(document.record);
      if (!document.record.queued) this.dispatcher.enqueue(job);
    }
    return documents.map((document) => structuredClone(document.record));
  }

  /** Every job's record as last announced (each job has one from its create or load on). */
  async list(): Promise<readonly JobRecord[]> {
    if (!this.loaded) throw new RuntimeUnavailableError(`job records not loaded from ${this.store.root} yet`);
    const records = this.announcer.records();
    return this.deleting === 0 ? records : records.filter((record) => !this.jobs.get(record.name)?.deleted);
  }

  async get(name: string): Promise<JobRecord | undefined> {
    const job = this.jobs.get(name);
    return job && !job.deleted ? structuredClone(job.record) : undefined;
  }

  /** A settled job's request is read from its job.json: the memory holds only its record. */
  async describe(name: string): Promise<StoredJob> {
    const job = this.find(name);
    const { description } = job.live ? job.document : await this.store.read(job.record);
    const { jobId } = job.record;
    return { description: description ?? (jobId ? { jobId } : {}), payload: await this.store.readPayload(job.record) };
  }

  /** stdout then stderr, kept for all attempts together (the local runtime keeps one output per job). */
  async logs(name: string, options: LogOptions): Promise<Readable> {
    const job = this.find(name);
    const paths = [this.store.outputPath(job.record, 'stdout'), this.store.outputPath(job.record, 'stderr')];
    // Still running, or ended with its processes not yet gone (their last output not yet written).
    const running = () => !job.deleted && (!isFinished(job.record.status) || job.run !== undefined);
    return readLog({ paths, tail: options.tail, running: options.follow ? running : undefined, signal: options.signal });
  }

  async markDelivered(name: string, signature: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job || job.deleted) return;
    if (job.live) {
      // A live record its run still changes in place.
      job.record.delivered = signature;
      this.announcer.know(job.record);
      return this.store.save(job.document);
    }
    // A settled record is shared and frozen: it is replaced, and only it is written.
    job.settle(frozenCopy(job.record, { delivered: signature }));
    this.announcer.know(job.record);
    await this.store.saveRecord(job.record);
  }

  /** A waiting job leaves the queue; a running one's process group gets SIGTERM, then SIGKILL after the grace period. */
  async stop(name: string): Promise<JobRecord> {
    const job = this.find(name);
    if (isFinished(job.record.status)) throw new JobNotActiveError(name, job.record.status);
    const { document } = job;
    void this.dispatcher.end(job, STOPPED, this.clock.now().getTime());
    await this.store.save(document);
    return structuredClone(document.record);
  }

  /** Starts a queued job's process; one no longer queued is left as it is. */
  async admit(name: string): Promise<void> {
    const job = this.jobs.get(name);
    const record = job?.record;
    if (!job || job.deleted || !record?.queued || isFinished(record.status)) return;
    record.queued = false;
    this.announcer.changed(record);
    await this.store.save(job.document);
    // A stop or delete may have come while the record was written: the job ended without running.
    if (!job.deleted && !isFinished(job.record.status)) this.dispatcher.enqueue(job);
  }

  /** A job not running by its start deadline: Failed, its process (if it began) ended as a stop ends it. */
  async expire(name: string): Promise<JobRecord> {
    const job = this.find(name);
    if (isFinished(job.record.status)) throw new JobNotActiveError(name, job.record.status);
    const { document } = job;
    void this.dispatcher.end(job, startDeadlineExceeded(document.record.startDeadlineSeconds), this.clock.now().getTime());
    await this.store.save(document);
    return structuredClone(document.record);
  }

  /** Kills the jobs that run, then removes their folders with every file in them; not found only when none exists. */
  async delete(names: string[]): Promise<void> {
    const found = names.flatMap((name) => {
      const job = this.jobs.get(name);
      return job && !job.deleted ? [job] : [];
    });
    if (found.length === 0) throw new JobNotFoundError(names[0]);
    await Promise.all(found.map((job) => this.deleteOne(job)));
  }

  /** Runs finished jobs again under their names: a new record (history kept in `restarts`), fresh output, the same payload. */
  async restart(specs: JobSpec[]): Promise<JobRecord[]> {
    const jobs = specs.map((spec) => {
      const job = this.find(spec.name);
      if (!isFinished(job.record.status)) throw new JobNotFinishedError(spec.name, job.record.status);
      return job;
    });
    this.checkSecrets(specs);
    this.checkRoom(specs.length);
    const now = this.clock.now();
    for (const [i, job] of jobs.entries()) {
      await job.run?.done;
      job.renew(newJobDocument(specs[i], now));
      this.unsettled.add(job);
      await this.store.clearOutput(job.record);
      await this.store.save(job.document);
      this.announcer.changed(job.record);
      if (!job.record.queued) this.dispatcher.enqueue(job);
    }
    return jobs.map((job) => structuredClone(job.record));
  }

  private async deleteOne(job: LocalJob): Promise<void> {
    const { record } = job;
    // What to write back should the removal fail half-way; a settled job's is on disk only.
    const restore = job.live ? job.document : await this.store.read(record).catch(() => undefined);
    job.deleted = true;
    this.deleting++;
    try {
      // A job already stopped may still be ending: its processes must be gone before its files.
      if (isFinished(record.status)) await job.run?.done;
      else await this.dispatcher.end(job, DELETED, this.clock.now().getTime());
      try {
        await this.store.remove(record);
      } catch (error) {
        job.deleted = false;
        if (restore) void this.store.save(restore);
        throw error;
      }
      this.jobs.delete(record.name);
      this.unsettled.delete(job);
      this.announcer.gone(record.name);
    } finally {
      this.deleting--;
    }
  }

  /**
   * The bound on waiting jobs: a queue that only grows would hold every record in memory and
   * on disk. Refused whole (a batch too), as a 503: the runtime is full now, not the request wrong.
   */
  private checkRoom(count: number): void {
    const { maxWaitingJobs } = this.config.local;
    let waiting = count;
    for (const { record } of this.unsettled) if (record.queued && !isFinished(record.status)) waiting++;
    if (waiting <= maxWaitingJobs) return;
    throw new RuntimeUnavailableError(
      `cannot queue ${count} more jobs: ${waiting} would wait for a slot, and at most ${maxWaitingJobs} may (JOB_SCHEDULER_MAX_WAITING_JOBS); retry when jobs have finished`,
      10,
    );
  }

  /** A job's `secrets` come from the scheduler's environment; one missing refuses the job rather than running it without. */
  private checkSecrets(specs: JobSpec[]): void {
    const missing = [...new Set(specs.flatMap((spec) => spec.secrets))].filter((name) => this.config.local.secrets[name] === undefined);
    if (missing.length === 0) return;
    throw new RuntimeUnavailableError(
      `cannot start jobs: the secret ${missing.join(', ')} is not set in the scheduler's environment (radixconfig.yaml names it in the job's secrets)`,
      30,
    );
  }

  /**
   * The captured output of a job, for tests and debugging. On disk it is
   * `<dataDir>/<app>/<environment>/<job definition>/<job name>/stdout.log` and `stderr.log`:
   * the last `maxOutputBytes` of each, after a marker line when earlier output was dropped.
   */
  async output(name: string): Promise<{ stdout: string; stderr: string }> {
    const { record } = this.find(name);
    const [stdout, stderr] = await Promise.all([this.store.readOutput(record, 'stdout'), this.store.readOutput(record, 'stderr')]);
    return { stdout, stderr };
  }

  /**
   * A finished job's record changes no more (a restart makes a new one): it becomes the
   * announcer's frozen snapshot, so that each of thousands of finished jobs is held once, not
   * as a record and a copy of it, and the rest of its document is left on disk (LocalJob).
   */
  private settle(job: LocalJob): void {
    job.settle(this.announcer.snapshot(job.record.name) ?? job.record);
    this.unsettled.delete(job);
  }

  private track(job: LocalJob): LocalJob {
    this.jobs.set(job.record.name, job);
    this.unsettled.add(job);
    return job;
  }

  private find(name: string): LocalJob {
    const job = this.jobs.get(name);
    if (!job || job.deleted) throw new JobNotFoundError(name);
    return job;
  }
}
