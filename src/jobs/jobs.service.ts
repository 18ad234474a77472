import { Injectable, Logger } from '@nestjs/common';
import { AdmissionGate } from './admission-gate.js';
import { Clock } from './clock.js';
import { settleLimit } from './concurrency.js';
import type { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import type { JobListQuery } from './dto/list-query.dto.js';
import { IdempotentSubmits, idempotencyStamp, madeElsewhere, madeWith } from './idempotency.js';
import { couldBeJobOf, newJobName } from './job-name.js';
import { JobPlanner } from './job-planner.js';
import { JobGateway } from './job.gateway.js';
import { isFinished, type JobRecord, type JobSpec } from './job.model.js';
import {
  JobConflictError,
  JobInBatchError,
  KeyClaimedError,
  JobNotActiveError,
  JobNotFinishedError,
  JobNotFoundError,
} from './jobs.errors.js';
import { NewestFirst, type Page, pageOf } from './list-page.js';

export { MAX_PAYLOAD_BYTES } from './job-spec.js';
const NAME_ATTEMPTS = 3;
/** Stops in flight at once. */
export const STOP_CONCURRENCY = 16;

/** Single jobs: what `/api/v1/jobs` does. A job of a batch is read, stopped and copied here too, but deleted with its batch. */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);
  private readonly submits = new IdempotentSubmits();
  private readonly newestFirst = new NewestFirst<JobRecord>();

  constructor(
    private readonly gateway: JobGateway,
    private readonly planner: JobPlanner,
    private readonly clock: Clock,
    private readonly admission: AdmissionGate,
  ) {}

  /** Starts a job; with an Idempotency-Key, a repeat within 24 hours answers with the job the key made. */
  async create(request: JobScheduleDescription, key?: string): Promise<JobRecord> {
    const stamp = idempotencyStamp(key, request);
    const find = async () => {
      const made = (await this.gateway.list()).find((job) => !job.batchName && stamp && madeWith(job, stamp, this.clock.now()));
      return made && { made, request: made.idempotency!.request };
    };
    return this.submits.submit(stamp, find, async () => {
      for (let attempt = 1; ; attempt++) {
        const name = newJobName(this.planner.jobName, this.clock.now());
        const spec = this.planner.plan(request, { name, idempotency: stamp, queued: this.admission.waits(1) });
        try {
          const [job] = await this.gateway.create([spec]);
          this.logger.log(`job created name=${spec.name} payloadBytes=${spec.payload?.length ?? 0}${spec.queued ? ' queued' : ''}`);
          return this.admission.viewOne(job);
        } catch (error) {
          if (error instanceof KeyClaimedError) return madeElsewhere(error, stamp!, (holder) => this.gateway.get(holder));
          if (!(error instanceof JobConflictError) || attempt === NAME_ATTEMPTS) throw error;
          this.logger.warn(`job name taken, drawing another name=${spec.name}`);
        }
      }
    });
  }

  /** Every job, batch jobs included, newest first; filtered and paged when the query says so. */
  /** The page the query asks for, and the whole list it comes from (newest first; the same array while no job changes). */
  async list(query: JobListQuery = {}): Promise<Page<JobRecord> & { all: readonly JobRecord[] }> {
    const all = this.newestFirst.of(this.admission.view(await this.gateway.list()));
    const { status, jobId } = query;
    const jobs =
      status === undefined && jobId === undefined
        ? all
        : all.filter((job) => (status === undefined || job.status === status) && (jobId === undefined || job.jobId === jobId));
    return { ...pageOf(jobs, query), all };
  }

  async get(name: string): Promise<JobRecord> {
    this.checkName(name);
    const job = await this.gateway.get(name);
    if (!job) throw new JobNotFoundError(name);
    return this.admission.viewOne(job);
  }

  /** Deletes a single job; a job of a batch goes with its batch. */
  async delete(name: string): Promise<void> {
    const job = await this.get(name);
    if (job.batchName) throw new JobInBatchError(name, job.batchName);
    await this.gateway.delete([name]);
    this.logger.log(`job deleted name=${name}`);
  }

  /** Only a job that has not finished can be stopped. */
  async stop(name: string): Promise<JobRecord> {
    const job = await this.get(name);
    if (isFinished(job.status)) throw new JobNotActiveError(name, job.status);
    const stopped = await this.gateway.stop(name);
    this.logger.log(`job stopped name=${name}`);
    return stopped;
  }

  /**
   * Stops every single job that has not finished; returns how many were stopped. Jobs that
   * finish or vanish meanwhile are no failure; any other failed stop is thrown once all were tried.
   */
  async stopAll(): Promise<number> {
    const active = (await this.gateway.listCurrent()).filter((job) => !job.batchName && !isFinished(job.status));
    return stopEach(this.gateway, active, this.logger);
  }

  /** Runs a finished job again under its name, from its stored request and payload. */
  async restart(name: string): Promise<JobRecord> {
    const job = await this.get(name);
    if (!isFinished(job.status)) throw new JobNotFinishedError(name, job.status);
    const spec = await restartSpec(this.gateway, this.planner, job, this.clock.now(), this.admission.waits(1));
    const [restarted] = await this.gateway.restart([spec]);
    this.logger.log(`job restarted name=${name} restarts=${restarted.restarts}`);
    return restarted;
  }

  /** Starts a new single job, with a new name, from the request and payload of an existing one. */
  async copy(name: string): Promise<JobRecord> {
    this.checkName(name);
    const { description, payload } = await this.gateway.describe(name);
    const copy = await this.create({ ...description, payload: payload?.toString('utf8') });
    this.logger.log(`job copied from=${name} name=${copy.name}`);
    return copy;
  }

  /** The payload bytes as stored; empty when the job has none. */
  async payload(name: string): Promise<Buffer> {
    this.checkName(name);
    return (await this.gateway.describe(name)).payload ?? Buffer.alloc(0);
  }

  /** A name this job definition cannot have made is not found, without asking the runtime. */
  private checkName(name: string): void {
    if (!couldBeJobOf(this.planner.jobName, name)) throw new JobNotFoundError(name);
  }
}

/**
 * Stops each job, STOP_CONCURRENCY at a time (a batch of a thousand must not be a thousand
 * API calls at once); finished or vanished ones are skipped, other failures thrown once all
 * were tried.
 */
export async function stopEach(gateway: JobGateway, jobs: JobRecord[], logger: Logger): Promise<number> {
  const results = await settleLimit(jobs, STOP_CONCURRENCY, (job) => gateway.stop(job.name));
  const failed = results.flatMap((result, i) =>
    result.status === 'rejected' && !(result.reason instanceof JobNotActiveError || result.reason instanceof JobNotFoundError)
      ? [{ name: jobs[i].name, error: result.reason as Error }]
      : [],
  );
  const stopped = results.filter((result) => result.status === 'fulfilled').length;
  logger.log(`jobs stopped count=${stopped} of=${jobs.length} failed=${failed.length}`);
  if (failed.length > 0) {
    logger.warn(`could not stop ${failed.map((f) => f.name).join(', ')}: ${failed[0].error.message}`);
    throw failed[0].error;
  }
  return stopped;
}

/** What a finished job runs as when restarted: its stored request and payload, under its name, its restart counted. */
export async function restartSpec(gateway: JobGateway, planner: JobPlanner, job: JobRecord, now: Date, queued: boolean): Promise<JobSpec> {
  const { description, payload } = await gateway.describe(job.name);
  const batch = job.batchName ? { name: job.batchName, id: job.batchId, index: job.batchIndex ?? 0 } : undefined;
  const restart = { count: (job.restarts ?? 0) + 1, at: now, created: job.created };
  return planner.plan(
    { ...description, payload: payload?.toString('utf8') },
    { name: job.name, batch, idempotency: job.idempotency, restart, queued, batchMaxConcurrentJobs: job.batchMaxConcurrentJobs },
  );
}
