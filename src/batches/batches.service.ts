import { Injectable, Logger } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { type BatchRecord, batchesOf, toBatchRecord } from './batch.model.js';
import { mapLimit } from '../jobs/concurrency.js';
import { AdmissionGate } from '../jobs/admission-gate.js';
import { Clock } from '../jobs/clock.js';
import type { BatchScheduleDescription } from './dto/batch-schedule-description.dto.js';
import type { BatchListQuery } from './dto/batch-list-query.dto.js';
import { IdempotentSubmits, idempotencyStamp, madeElsewhere, madeWith } from '../jobs/idempotency.js';
import { newBatchJobName, newBatchName } from '../jobs/job-name.js';
import { JobPlanner } from '../jobs/job-planner.js';
import { mergeDefaults } from '../jobs/job-spec.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { isFinished, type JobRecord, type JobSpec } from '../jobs/job.model.js';
import {
  BatchNotActiveError,
  BatchNotFinishedError,
  BatchNotFoundError,
  JobConflictError,
  JobNotActiveError,
  JobNotFoundError,
  KeyClaimedError,
  PayloadTooLargeError,
} from '../jobs/jobs.errors.js';
import { restartSpec, stopEach } from '../jobs/jobs.service.js';
import { type Page, pageOf } from '../jobs/list-page.js';

const NAME_ATTEMPTS = 3;
/** Reads of stored requests at once when a whole batch restarts. */
const READ_CONCURRENCY = 16;

/** Batches: jobs that start together, all or nothing, and are kept and deleted as one. */
@Injectable()
export class BatchesService {
  private readonly logger = new Logger(BatchesService.name);
  private readonly submits = new IdempotentSubmits();

  constructor(
    private readonly gateway: JobGateway,
    private readonly planner: JobPlanner,
    private readonly config: SchedulerConfig,
    private readonly clock: Clock,
    private readonly admission: AdmissionGate,
  ) {}

  /**
   * Starts every job of the batch or none. Each job is the defaults with its own values on
   * top; a job that is wrong is a 422 naming it by index, before anything is made.
   */
  async create(request: BatchScheduleDescription, key?: string): Promise<BatchRecord> {
    const { maxJobs } = this.config.batches;
    const count = request.jobScheduleDescriptions.length;
    if (count > maxJobs)
      throw new PayloadTooLargeError(
        `jobScheduleDescriptions: ${count} jobs; a batch may have at most ${maxJobs} (JOB_SCHEDULER_MAX_BATCH_JOBS)`,
      );
    if (request.defaultRadixJobComponentConfig)
      this.planner.check(request.defaultRadixJobComponentConfig, 'defaultRadixJobComponentConfig.');
    const stamp = idempotencyStamp(key, request);
    const find = async () => {
      const made = (await this.batches()).find((batch) => stamp && batch.jobs.some((job) => madeWith(job, stamp, this.clock.now())));
      return made && { made, request: made.jobs[0].idempotency!.request };
    };
    return this.submits.submit(stamp, find, async () => {
      for (let attempt = 1; ; attempt++) {
        const name = newBatchName(this.planner.jobName, this.clock.now());
        const queued = this.admission.waits(count);
        const specs = request.jobScheduleDescriptions.map((job, index) =>
          this.planner.plan(
            mergeDefaults(request.defaultRadixJobComponentConfig, job),
            {
              name: newBatchJobName(name),
              batch: { name, id: request.batchId, index },
              idempotency: stamp,
              queued,
              // JSON null is no cap of the batch's own, as Radix reads it (not a cap of 0, which never admits).
              batchMaxConcurrentJobs: request.maxConcurrentJobs ?? undefined,
            },
            `jobScheduleDescriptions[${index}].`,
          ),
        );
        try {
          return await this.make(name, specs);
        } catch (error) {
          if (error instanceof KeyClaimedError) return madeElsewhere(error, stamp!, (holder) => this.findBatch(holder));
          if (!(error instanceof JobConflictError) || attempt === NAME_ATTEMPTS) throw error;
          this.logger.warn(`batch or job name taken, drawing other names batch=${name}`);
        }
      }
    });
  }

  async list(query: BatchListQuery = {}): Promise<Page<BatchRecord>> {
    const batches = (await this.batches()).filter(
      (batch) =>
        (query.status === undefined || batch.status === query.status) && (query.batchId === undefined || batch.batchId === query.batchId),
    );
    return pageOf(batches, query);
  }

  async get(name: string): Promise<BatchRecord> {
    const jobs = this.admission.view(await this.gateway.list()).filter((job) => job.batchName === name);
    if (jobs.length === 0) throw new BatchNotFoundError(name);
    return toBatchRecord(name, jobs, this.config.job.batchStatusRules);
  }

  /** A job of the batch, named by its full name or by the part after the batch's name. */
  async getJob(batchName: string, jobName: string): Promise<JobRecord> {
    const batch = await this.get(batchName);
    const job = batch.jobs.find((candidate) => candidate.name === jobName || candidate.name === `${batchName}-${jobName}`);
    if (!job) throw new JobNotFoundError(jobName);
    return job;
  }

  async delete(name: string): Promise<void> {
    const batch = await this.get(name);
    await this.gateway.delete(batch.jobs.map((job) => job.name));
    this.logger.log(`batch deleted name=${name} jobs=${batch.jobs.length}`);
  }

  /** Stops every unfinished job of the batch; a batch with none is a 400, as a finished job is. */
  async stop(name: string): Promise<void> {
    const active = (await this.get(name)).jobs.filter((job) => !isFinished(job.status));
    if (active.length === 0) throw new BatchNotActiveError(name);
    await stopEach(this.gateway, active, this.logger);
  }

  /** Stops every unfinished job of every batch; returns how many. */
  async stopAll(): Promise<number> {
    return stopEach(
      this.gateway,
      (await this.gateway.listCurrent()).filter((job) => job.batchName && !isFinished(job.status)),
      this.logger,
    );
  }

  async stopJob(batchName: string, jobName: string): Promise<JobRecord> {
    const job = await this.getJob(batchName, jobName);
    if (isFinished(job.status)) throw new JobNotActiveError(job.name, job.status);
    return this.gateway.stop(job.name);
  }

  /** Runs every job of a finished batch again, each under its own name. */
  async restart(name: string): Promise<BatchRecord> {
    const batch = await this.get(name);
    const unfinished = batch.jobs.filter((job) => !isFinished(job.status)).length;
    if (unfinished > 0) throw new BatchNotFinishedError(name, unfinished);
    const now = this.clock.now();
    const queued = this.admission.waits(batch.jobs.length);
    const specs = await mapLimit(batch.jobs, READ_CONCURRENCY, (job) => restartSpec(this.gateway, this.planner, job, now, queued));
    const jobs = await this.gateway.restart(specs);
    this.logger.log(`batch restarted name=${name} jobs=${jobs.length}`);
    return toBatchRecord(name, jobs, this.config.job.batchStatusRules);
  }

  private async make(name: string, specs: JobSpec[]): Promise<BatchRecord> {
    const jobs = await this.gateway.create(specs);
    const bytes = specs.reduce((sum, spec) => sum + (spec.payload?.length ?? 0), 0);
    this.logger.log(`batch created name=${name} jobs=${jobs.length} payloadBytes=${bytes}`);
    return toBatchRecord(name, jobs, this.config.job.batchStatusRules);
  }

  /** A batch, or undefined when it does not exist (yet). */
  private async findBatch(name: string): Promise<BatchRecord | undefined> {
    const jobs = this.admission.view(await this.gateway.list()).filter((job) => job.batchName === name);
    return jobs.length > 0 ? toBatchRecord(name, jobs, this.config.job.batchStatusRules) : undefined;
  }

  private async batches(): Promise<BatchRecord[]> {
    return batchesOf(this.admission.view(await this.gateway.list()), this.config.job.batchStatusRules);
  }
}
