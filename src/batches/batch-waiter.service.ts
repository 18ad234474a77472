import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { ENDINGS } from '../jobs/job-event.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { toBatchRecord } from './batch.model.js';

/**
 * `?wait=` on a batch: holds a read until every job of the batch has finished, or the wait
 * ends, or the scheduler shuts down; then the read answers with the state as it is.
 */
@Injectable()
export class BatchWaiter {
  constructor(
    private readonly gateway: JobGateway,
    private readonly events: JobEventHub,
    private readonly config: SchedulerConfig,
  ) {}

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
