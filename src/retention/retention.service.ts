import { Injectable, Logger } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from '../jobs/clock.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { JobNotFoundError } from '../jobs/jobs.errors.js';
import { JobHolds } from '../jobs/job-holds.js';
import { type Held, selectExpired, selectExpiredBatches } from './retention.js';

export interface SweepResult {
  deleted: number;
  kept: number;
  failed: number;
  /** Jobs whose creation never completed, removed. */
  abandoned: number;
  /** Batches deleted (their jobs count in `deleted`). */
  batches: number;
}

/**
 * Keeps the job history within its limits (RetentionSchedule says when). Sweeps never
 * overlap; a sweep asked for while one runs follows it.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);
  private running?: Promise<SweepResult>;
  private rerun = false;

  constructor(
    private readonly gateway: JobGateway,
    private readonly config: SchedulerConfig,
    private readonly clock: Clock,
    private readonly holds: JobHolds,
  ) {}

  get intervalSeconds(): number {
    return this.config.retention.intervalSeconds;
  }

  /** A sweep as of the clock's now. */
  enforceNow(): Promise<SweepResult> {
    return this.enforce(this.clock.now());
  }

  /**
   * Deletes the finished jobs outside the history limits, and jobs whose creation was
   * abandoned before `now` minus `abandonedAfterSeconds` (five minutes by default). Never throws.
   */
  enforce(now: Date): Promise<SweepResult> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.sweep(now).finally(() => {
      this.running = undefined;
      if (this.rerun) {
        this.rerun = false;
        void this.enforce(this.clock.now());
      }
    });
    return this.running;
  }

  private async sweep(now: Date): Promise<SweepResult> {
    try {
      const abandoned = await this.gateway.removeAbandoned(new Date(now.getTime() - this.config.retention.abandonedAfterSeconds * 1000));
      const jobs = await this.gateway.list();
      const held: Held = (job) => this.holds.keeps(job, now);
      const units = [
        ...selectExpired(jobs, this.config.retention, held).map((job) => [job]),
        ...selectExpiredBatches(jobs, this.config.retention, held).map((batch) => batch.jobs),
      ];
      const expired = units.map((unit) => unit.map((job) => job.name));
      const batches = units.filter((unit) => unit[0].batchName);
      const { deleted, failed } = await this.deleteEach(expired);
      const result = { deleted, kept: jobs.length - expired.flat().length, failed, abandoned: abandoned.length, batches: batches.length };
      const summary = `retention sweep deleted=${deleted} batches=${batches.length} kept=${result.kept} failed=${failed} abandoned=${abandoned.length}`;
      if (expired.length > 0 || abandoned.length > 0) this.logger.log(summary);
      else this.logger.debug(summary);
      return result;
    } catch (error) {
      this.logger.warn(`retention sweep skipped: ${(error as Error).message}`);
      return { deleted: 0, kept: 0, failed: 0, abandoned: 0, batches: 0 };
    }
  }

  /**
   * Deletes unit by unit (a single job, or a batch's jobs together); a job already gone is
   * no failure, and one failure stops nothing. Counts jobs.
   */
  private async deleteEach(units: string[][]): Promise<{ deleted: number; failed: number }> {
    let deleted = 0;
    let failed = 0;
    for (const names of units) {
      try {
        await this.gateway.delete(names);
        deleted += names.length;
      } catch (error) {
        if (error instanceof JobNotFoundError) continue;
        failed += names.length;
        this.logger.warn(
          `retention could not delete name=${names[0]}${names.length > 1 ? ` and ${names.length - 1} more of its batch` : ''}: ${(error as Error).message}`,
        );
      }
    }
    return { deleted, failed };
  }
}
