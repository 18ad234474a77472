import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { ENDINGS } from './job-event.js';
import { JobEventHub } from './job-event-hub.js';
import { JobGateway } from './job.gateway.js';
import { couldBeJobOf } from './job-name.js';
import { isFinished } from './job.model.js';

/**
 * `?wait=` on a job: holds a read until the job has finished, or the wait ends, or the
 * scheduler shuts down; then the read answers with the state as it is.
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
}
