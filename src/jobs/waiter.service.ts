import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { toBatchRecord } from './batch.model.js';
import type { JobEventType } from './job-event.js';
import { JobEventHub } from './job-event-hub.js';
import { JobGateway } from './job.gateway.js';
import { couldBeJobOf } from './job-name.js';
import { isFinished } from './job.model.js';

/** The events after which a job is done with: it finished, was stopped or went. */
const ENDINGS: ReadonlySet<JobEventType> = new Set(['finished', 'stopped', 'deleted']);

/**
 * `?wait=`: holds a read until the job (or every job of the batch) has finished, or the wait
 * ends, or the scheduler shuts down; then the read answers with the state as it is.
 */
@Injectable()
export class Waiter {
  constructor(
    private readonly gateway: JobGateway,
    private readonly events: JobEventHub,
    private readonly config: SchedulerConfig,
  ) {}

  async untilJobEnds(name: string, seconds: number): Promise<void> {
    if (seconds <= 0 || !couldBeJobOf(this.config.job.name, name)) return;
    const ended = async () => {
      const job = await this.gateway.get(name);
      return !job || isFinished(job.status);
    };
    await this.events.waitFor((event) => event.job.name === name && ENDINGS.has(event.type), seconds * 1000, ended);
  }

  /** Each ending of one of its jobs is a moment to look whether the whole batch has ended. */
  async untilBatchEnds(name: string, seconds: number): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    const ended = async () => {
      const jobs = (await this.gateway.list()).filter((job) => job.batchName === name);
      return jobs.length === 0 || toBatchRecord(name, jobs, this.config.job.batchStatusRules).finished;
    };
    while (Date.now() < deadline && !this.events.isClosed && !(await ended())) {
      await this.events.waitFor((event) => event.job.batchName === name && ENDINGS.has(event.type), deadline - Date.now(), ended);
    }
  }
}
