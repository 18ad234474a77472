import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { JobGateway } from './job.gateway.js';
import { JobNotFoundError } from './jobs.errors.js';
import { selectExpired } from './retention.js';

export interface SweepResult {
  deleted: number;
  kept: number;
  failed: number;
}

/** After a job finishes, wait this long so that a burst of completions costs one sweep. */
const COMPLETION_DEBOUNCE_MS = 1000;

/**
 * Keeps the job history within its limits: a sweep on an interval, and one soon after jobs
 * finish. Sweeps never overlap; a sweep asked for while one runs follows it.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionService.name);
  private running?: Promise<SweepResult>;
  private rerun = false;

  constructor(
    private readonly gateway: JobGateway,
    private readonly config: SchedulerConfig,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.retention.intervalSeconds * 1000;
    this.registry.addInterval('retention', setInterval(() => void this.enforce(), every));
    this.gateway.onFinished(() => this.enforceSoon());
  }

  /** Deletes the finished jobs outside the history limits. Never throws. */
  enforce(): Promise<SweepResult> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.sweep().finally(() => {
      this.running = undefined;
      if (this.rerun) {
        this.rerun = false;
        void this.enforce();
      }
    });
    return this.running;
  }

  private enforceSoon(): void {
    if (this.registry.doesExist('timeout', 'retention-soon')) return;
    const timer = setTimeout(() => {
      this.registry.deleteTimeout('retention-soon');
      void this.enforce();
    }, COMPLETION_DEBOUNCE_MS);
    this.registry.addTimeout('retention-soon', timer);
  }

  private async sweep(): Promise<SweepResult> {
    let jobs;
    try {
      jobs = await this.gateway.list();
    } catch (error) {
      this.logger.warn(`retention sweep skipped: cannot list jobs: ${(error as Error).message}`);
      return { deleted: 0, kept: 0, failed: 0 };
    }
    const expired = selectExpired(jobs, this.config.retention);
    let deleted = 0;
    let failed = 0;
    for (const job of expired) {
      try {
        await this.gateway.delete(job.name);
        deleted++;
      } catch (error) {
        if (error instanceof JobNotFoundError) continue;
        failed++;
        this.logger.warn(`retention could not delete name=${job.name}: ${(error as Error).message}`);
      }
    }
    const result = { deleted, kept: jobs.length - expired.length, failed };
    if (expired.length > 0 || failed > 0) {
      this.logger.log(`retention sweep deleted=${deleted} kept=${result.kept} failed=${failed}`);
    }
    return result;
  }
}
